// Commands that drive a runtime one step at a time
// (docs/spec/step-trace.md §1).
//
// `ParseStepCommands` reads the `--steps` language: items separated by `;` or
// newlines, `next`, `tick N`, `advance N`, `event NAME`, `pause`, `resume`,
// `abort`, `choose N`. Any error names its position (`steps:1:7: unknown
// command 'nxt'`) and nothing is returned, so nothing runs.
//
//   WOD_ASSIGN_OR_RETURN(auto commands, ParseStepCommands("next; tick 1000"));
#ifndef WOD_RUNTIME_STEP_COMMAND_H_
#define WOD_RUNTIME_STEP_COMMAND_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::runtime {

// kChoose picks the alternative of the pending choice
// (docs/spec/step-trace.md §1, docs/spec/runtime.md §15).
enum class CommandKind { kNext, kTick, kAdvance, kEvent, kChoose };

struct StepCommand {
  CommandKind kind = CommandKind::kNext;
  int64_t ms = 0;       // kTick, kAdvance
  std::string event;    // kEvent: "abort", "timer:pause", ...
  int alternative = 0;  // kChoose: 1-based alternative number
  int line = 0;         // 1-based position of the item in the --steps text
  int column = 0;

  // The printed Action cell: "userNext", "tick 1000 ms", "advance 5 ms",
  // "event `abort`", "choose 2".
  [[nodiscard]] std::string ActionText() const;
};

// A command made in code rather than parsed (no position).
[[nodiscard]] StepCommand MakeStepCommand(CommandKind kind, int64_t ms = 0,
                                          std::string event = {});

// Parses the whole text or fails with InvalidArgument naming
// "steps:LINE:COLUMN: message" for the first error (1-based; a column counts
// UTF-8 code points). Errors: an unknown command (at the command), a missing
// argument (at the command), a number that is not whole or exceeds 2^53 (at
// the number), an event name outside [A-Za-z0-9:_.-]+ (at the first bad
// character), an extra word (at that word). A token in a message is quoted
// and cut at 40 bytes, control bytes shown as \xNN.
absl::StatusOr<std::vector<StepCommand>> ParseStepCommands(
    std::string_view text);

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_STEP_COMMAND_H_
