// Non-fatal runtime errors: misuse that the scenarios say must be recorded,
// never thrown (docs/spec/runtime.md §14.8, docs/spec/design.md §8.1:
// workout-level problems are data).
//
// One enum, one constexpr message table (docs/spec/design.md §8.14).
//
//   runtime.RecordError(RuntimeErrorCode::kNextOnEmptyStack);
//   // trace: runtime error recorded: "Invalid runtime state for next event"
#ifndef WOD_RUNTIME_RUNTIME_ERROR_H_
#define WOD_RUNTIME_RUNTIME_ERROR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/enum_table.h"

namespace wod::runtime {

enum class RuntimeErrorCode {
  // `next` with an empty stack (negative-scenarios.md N1, ST7).
  kNextOnEmptyStack = 0,
  // An unbounded loop tried to run a second round in one turn without any
  // input: it would never end at frozen time (docs/spec/runtime.md §13.21,
  // structural limit).
  kLoopWithoutProgress,
  // A turn exceeded the hard action budget (defence in depth).
  kTurnActionBudgetExceeded,
  // A child group compiled to nothing; it is skipped.
  kChildCompileFailed,
  // A block wrote an entry it does not own, or one already released
  // (docs/spec/runtime.md §11.1: a block writes only its own state).
  kBlockWriteRefused,
  // Popping a block could not retire its key (docs/spec/runtime.md §5.3
  // step 4); the block left the stack, its memory may not have.
  kBlockReleaseFailed,
  // A bounded loop completed too many rounds in one turn, no time passing
  // and no input (`(999999999999999)` over `(0)`): it is cut, so every step
  // does bounded work (docs/spec/runtime.md §13.21, structural limit).
  kZeroTimeLoop,
  // `choose N` with no choice pending: every choice of the script has
  // started, or the script has none (docs/spec/runtime.md §15).
  kChooseWithoutPendingChoice,
  // `choose N` with N above the pending choice's alternative count; the
  // selection is unchanged (docs/spec/runtime.md §15).
  kChooseOutOfRange,
  kCount,
};

inline constexpr base::EnumTable<RuntimeErrorCode> kRuntimeErrorMessages = {
    "Invalid runtime state for next event",
    "Loop made no progress within one turn",
    "Turn exceeded its action budget",
    "Child group could not be compiled",
    "Block memory write refused",
    "Block memory could not be released on pop",
    "Loop completed too many rounds without time passing; cut",
    "choose: no choice is pending",
    "choose: the pending choice has no such alternative",
};

static_assert(base::NoneEmpty(kRuntimeErrorMessages),
              "every RuntimeErrorCode needs its message");

[[nodiscard]] constexpr std::string_view RuntimeErrorMessage(
    RuntimeErrorCode code) {
  return base::EnumTableAt(kRuntimeErrorMessages, code);
}

// Where the non-fatal errors of one runtime go: its error table and an
// error record each (ScriptRuntime is the implementation). BlockMemory
// reports refused writes through it, so no refusal goes unrecorded.
class RuntimeErrorSink {
 public:
  virtual void RecordError(RuntimeErrorCode code) = 0;

 protected:
  ~RuntimeErrorSink() = default;
};

// One recorded error: the code, and the virtual time at which it happened.
struct RuntimeError {
  RuntimeErrorCode code = RuntimeErrorCode::kNextOnEmptyStack;
  int64_t t_ms = 0;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RUNTIME_ERROR_H_
