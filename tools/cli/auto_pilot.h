// The unattended driver behind `wod-run --auto`.
//
// When there is no terminal and no display (CI, pipes), `tools/wod run` still
// runs a script to its end on the virtual clock. AutoPilot decides each next
// command from the step just taken, using only what the trace shows:
//   - `WaitingToStart` on top → `next` at once;
//   - a running countdown on top (↓, not paused, not yet at its duration) →
//     `tick 1000`, so timers expire the way they do in real time;
//   - anything else waits for the user (an effort, a count-up, a finished
//     timer): first `tick 1000` (one second of "work", so enclosing AMRAP or
//     EMOM timers move on and cannot loop forever in zero time), then `next`;
//   - a paused timer on top → `resume`.
// The session ends when a step leaves the stack empty. The bound (steps,
// virtual time and output bytes) guarantees termination for scripts that never
// end (e.g. an unbounded open EMOM).
//
//   AutoPilot pilot;
//   TraceStep step = session->Start();
//   while (std::optional<StepCommand> c = pilot.Next(step)) {
//     step = session->Apply(*c);
//   }
#ifndef WOD_TOOLS_CLI_AUTO_PILOT_H_
#define WOD_TOOLS_CLI_AUTO_PILOT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::cli {

struct AutoLimits {
  int64_t max_steps = 100'000;
  int64_t max_virtual_ms = int64_t{24} * 60 * 60 * 1000;  // 24 h
  // Bytes of table or JSON lines: rows are bounded (labels are cut at
  // runtime::kMaxShownLabelCodePoints), yet a long session of deep stacks
  // could still print gigabytes before the step bound.
  int64_t max_output_bytes = int64_t{64} * 1024 * 1024;  // 64 MiB
};

class AutoPilot {
 public:
  // The command to apply after `last`, or nullopt when the session is over.
  std::optional<runtime::StepCommand> Next(const runtime::TraceStep& last);

 private:
  // True right after the "second of work" tick given to a waiting block, so
  // the next decision on a waiting block is `next`.
  bool worked_ = false;
};

// What a run produced, accumulated step by step.
struct RunSummary {
  int64_t steps = 0;  // rows after row 0
  int64_t duration_ms = 0;
  int64_t rounds = 0;         // milestone records (round changes)
  int64_t segments = 0;       // segment (result) records
  int64_t errors = 0;         // runtime errors recorded
  int64_t script_errors = 0;  // error diagnostics of the parse (set once)
  bool ended = false;         // the stack is empty

  void Add(const runtime::TraceStep& step);
  // "duration 20:00 (1200000 ms), 12 rounds, 40 segments, 38 steps", then
  // ", N runtime errors" and ", N script errors" when there are any.
  [[nodiscard]] std::string Text() const;
};

// "1:05:03", "20:00", "0:07", "0:01.5" — a human duration for summaries.
[[nodiscard]] std::string FormatDuration(int64_t ms);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_AUTO_PILOT_H_
