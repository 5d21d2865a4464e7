// Watches (data breakpoints) and ownership checks over consecutive Frames.
//
// A watch names a ref, a type or an owner; it fires on the step where a
// matching ref is added, removed or changes value (docs/spec/debugger.md §2.8).
// A watch with a condition (`round.current >= 3`, `value == "R2/3"`) fires
// instead on the step where the condition on a typed field of a matching ref
// turns true (docs/spec/debugger.md §2.8.1). Each hit says old → new.
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
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "debugger/model/frame.h"

namespace wod::debugger {

// Names one watch in the model's list for as long as it exists (the list
// hands them out in order; kNone = not in a list yet).
enum class WatchKey : uint32_t { kNone = 0 };

// A condition on one field of a watched ref: `field op literal`. The field
// is a typed field of the ref (TypeInfo field visitor, plus the fields the
// debugger derives, such as a timer's `elapsed`: derived_fields.h) or
// `value`, the formatted value. Numbers compare as numbers, anything else
// as text (a quoted string value by its content).
struct WatchCondition {
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
  std::string field;  // empty = no condition
  Op op = Op::kEq;
  std::string literal;  // unquoted
  [[nodiscard]] bool empty() const { return field.empty(); }
  // "current >= 3", "value == \"x\"".
  [[nodiscard]] std::string Text() const;
  // True when `field_value op literal` holds.
  [[nodiscard]] bool Holds(std::string_view field_value) const;
};

struct Watch {
  enum class Kind : uint8_t { kRef, kType, kOwner };
  Kind kind = Kind::kRef;
  WatchKey key = WatchKey::kNone;
  RefKey ref = RefKey::kNone;        // kRef
  std::string type;                  // kType: type display name
  OwnerKey owner = OwnerKey::kNone;  // kOwner
  std::string label;  // what the window shows: "ref 3.1", "type timer", ...
  bool enabled = true;
  WatchCondition condition;  // empty = any change fires

  static Watch OnRef(RefKey id);
  static Watch OnType(std::string type_name);
  static Watch OnOwner(OwnerKey owner, std::string owner_label);
  // `text` is `TYPE.FIELD OP LITERAL` (a type watch with a condition:
  // `round.current >= 3`, `time.elapsed > 60000`) or `FIELD OP LITERAL`
  // applied to `base`, which must then be given (`value == "R2/3"` on a
  // ref). OP is one of == != < <= > >=; LITERAL is a number, a word or a
  // "quoted string". InvalidArgument names what is wrong.
  static absl::StatusOr<Watch> Parse(std::string_view text,
                                     const Watch* base = nullptr);
};

struct WatchHit {
  size_t watch = 0;                // index into the watch list
  WatchKey key = WatchKey::kNone;  // the key of that watch
  int64_t step = 0;
  RefKey ref = RefKey::kNone;  // the first matching ref
  std::string what;            // "added" / "removed" / "changed"
  std::string old_value;       // the watched field before ("" when added)
  std::string new_value;       // and after ("" when removed)
  // "watch 'type timer' fired at step 3: 2.1 changed: 10s → 9s"
  std::string message;
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
