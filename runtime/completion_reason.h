// Completion reasons: why a block left the stack (scenarios/README.md
// "Completion reasons").
//
// One enum and one constexpr string table; a static_assert in the .cc keeps
// the table complete, so a reason can never be printed without its exact
// corpus string (docs/spec/runtime.md §14.7).
//
//   CompletionReason r = CompletionReason::kUserAdvance;
//   std::string_view s = CompletionReasonName(r);  // "user-advance"
#ifndef WOD_RUNTIME_COMPLETION_REASON_H_
#define WOD_RUNTIME_COMPLETION_REASON_H_

#include <array>
#include <cstddef>
#include <string_view>

#include "base/enum_table.h"

namespace wod::runtime {

enum class CompletionReason {
  kNone = 0,            // not complete
  kUserAdvance,         // a leaf popped by a user `next`
  kTimerExpired,        // a countdown reached its duration
  kEventTimerComplete,  // a block whose exit listens to timer:complete
  kForcedPop,           // popped by someone else while not complete
  kChildrenComplete,    // a single-pass container ran out of children
  kRoundsExhausted,     // a looping container finished its last round
  kUserAbort,           // the abort event drained the stack
  kCount,               // number of enumerators; not a reason
};

inline constexpr base::EnumTable<CompletionReason> kCompletionReasonNames = {
    "",
    "user-advance",
    "timer-expired",
    "event:timer:complete",
    "forced-pop",
    "children-complete",
    "rounds-exhausted",
    "user-abort",
};

static_assert(base::NoneEmpty(kCompletionReasonNames, /*first=*/1),
              "every CompletionReason needs its corpus string");

// The exact corpus string of `reason` ("" for kNone).
[[nodiscard]] constexpr std::string_view CompletionReasonName(
    CompletionReason reason) {
  return base::EnumTableAt(kCompletionReasonNames, reason);
}

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_COMPLETION_REASON_H_
