// Forwarding header: the status macros live in base/status_macros.h (the
// bottom layer). Kept so that embedders that include the memory headers
// keep compiling; new code includes base/status_macros.h.
#ifndef WOD_MEMORY_STATUS_MACROS_H_
#define WOD_MEMORY_STATUS_MACROS_H_

#include "base/status_macros.h"  // IWYU pragma: export

#endif  // WOD_MEMORY_STATUS_MACROS_H_
