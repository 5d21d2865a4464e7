// OwnerInfo: the metadata of one memory owner (normally a runtime block).
//
// The memory keeps it for every owner, including owners that are gone, so
// snapshots, journals and the debugger's history can name them
// (docs/spec/design.md §2, "Owners"). The runtime fills it when it pushes a
// block and sets `released_step` when it pops it.
//
//   OwnerInfo info;
//   info.kind = "Timer";
//   info.label = "20:00 AMRAP";
//   info.line_begin = info.line_end = 3;
//   info.created_step = step;
//   WOD_ASSIGN_OR_RETURN(OwnerId owner, memory.CreateOwner(std::move(info)));

#ifndef WOD_MEMORY_OWNER_INFO_H_
#define WOD_MEMORY_OWNER_INFO_H_

#include <cstdint>
#include <string>

#include "memory/ref_id.h"

namespace wod::memory {

struct OwnerInfo {
  std::string kind;        // block kind ("Timer", "Rounds", ...)
  std::string label;       // display label
  int32_t line_begin = 0;  // source line span, 1-based; 0 = unknown
  int32_t line_end = 0;
  int64_t created_step = -1;   // step at which the owner was created
  int64_t released_step = -1;  // step at which it was retired; -1 = live

  friend bool operator==(const OwnerInfo&, const OwnerInfo&) = default;
};

enum class OwnerState : uint8_t {
  kFree = 0,     // slot not in use (or forgotten)
  kLive = 1,     // can hold refs
  kRetired = 2,  // gone: holds no refs, metadata kept for history
};

// An owner as recorded in the owner table (and in snapshots).
struct OwnerRecord {
  OwnerId id;
  OwnerState state = OwnerState::kFree;
  OwnerInfo info;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_OWNER_INFO_H_
