// MakeDriver: the Driver wod-debug starts with, from its command line.
//
// `--demo N` gives synthetic frames; otherwise the script (or the built-in
// example) runs in a SessionDriver, started, with `--steps` applied.
//
//   WOD_ASSIGN_OR_RETURN(std::unique_ptr<Driver> d, MakeDriver(options));
#ifndef WOD_DEBUGGER_APP_SESSION_FACTORY_H_
#define WOD_DEBUGGER_APP_SESSION_FACTORY_H_

#include <memory>

#include "absl/status/statusor.h"
#include "debugger/app/app_options.h"
#include "debugger/model/driver.h"

namespace wod::debugger {

[[nodiscard]] absl::StatusOr<std::unique_ptr<Driver>> MakeDriver(
    const AppOptions& options);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_APP_SESSION_FACTORY_H_
