// Watches (data breakpoints) and ownership checks over consecutive Frames.
//
// A watch names a ref, a type or an owner; it fires on the step where a
// matching ref is added, removed or changes value (docs/spec/debugger.md §2.8).
// The driver evaluates watches after every step and stops feeding commands when
// one fires; the runtime itself is never told (docs/spec/design.md §5).
//
// CheckOwnership runs after every step that popped a block
// (docs/spec/debugger.md §2.9): a popped block must own nothing afterwards and
// no live ref may belong to a block that is no longer on the stack (an orphan).
//
//   std::vector<Watch> watches = {Watch::OnType("timer")};
//   auto hits = EvaluateWatches(watches, before, after);
//   auto violations = CheckOwnership(after);
#ifndef WOD_DEBUGGER_MODEL_WATCH_H_
#define WOD_DEBUGGER_MODEL_WATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "debugger/model/frame.h"

namespace wod::debugger {

// Names one watch in the model's list for as long as it exists (the list
// hands them out in order; kNone = not in a list yet).
enum class WatchKey : uint32_t { kNone = 0 };

struct Watch {
  enum class Kind : uint8_t { kRef, kType, kOwner };
  Kind kind = Kind::kRef;
  WatchKey key = WatchKey::kNone;
  RefKey ref = RefKey::kNone;        // kRef
  std::string type;                  // kType: type display name
  OwnerKey owner = OwnerKey::kNone;  // kOwner
  std::string label;  // what the window shows: "ref 3.1", "type timer", ...
  bool enabled = true;

  static Watch OnRef(RefKey id);
  static Watch OnType(std::string type_name);
  static Watch OnOwner(OwnerKey owner, std::string owner_label);
};

struct WatchHit {
  size_t watch = 0;                // index into the watch list
  WatchKey key = WatchKey::kNone;  // the key of that watch
  int64_t step = 0;
  RefKey ref = RefKey::kNone;  // the first matching ref
  std::string what;            // "added" / "removed" / "changed"
  std::string message;  // "watch 'type timer' fired at step 3: 2.1 changed"
};

// Hits of every enabled watch between `before` and `after`, in watch order.
[[nodiscard]] std::vector<WatchHit> EvaluateWatches(
    const std::vector<Watch>& watches, const Frame& before, const Frame& after);

struct OwnershipViolation {
  int64_t step = 0;
  RefKey ref = RefKey::kNone;
  std::string message;
  // What the violations view shows: the ref's type, its owner
  // ("label · o3.1") and the step the owner was popped at (-1: unknown or
  // never); a released parent leaves owner_released at -1.
  std::string type;
  std::string owner;
  int64_t owner_released = -1;
  bool released_parent = false;
};

// Orphans in `frame`: live refs owned by a block not on the stack, and refs
// whose parent is not live. Ordered by ref id.
[[nodiscard]] std::vector<OwnershipViolation> CheckOwnership(
    const Frame& frame);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_WATCH_H_
