// The step trace: what one action did, as data (docs/spec/step-trace.md).
//
// A `TraceStep` is the observable result of one command given to a runtime:
// the stack after it (top → bottom) and the records emitted during it. The
// text forms (`StackCell()`, `EmittedCell()`, `Row()`) are exactly the cells
// of the step tables in docs/spec/step-trace.md, so the scenario corpus,
// `wod-run
// --steps`, `--verify`, golden tests and the JSON lines output all share one
// source of truth.
//
//   TraceStep step = session->Apply(command);
//   std::cout << step.Row() << "\n";  // "| 1 | userNext | 0 | 3 | ... |"
#ifndef WOD_RUNTIME_STEP_TRACE_H_
#define WOD_RUNTIME_STEP_TRACE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wod::runtime {

// One block on the stack as the trace shows it.
struct TraceBlock {
  std::string type;   // "SessionRoot", "effort", "Timer", "AMRAP", ...
  std::string label;  // shown except for SessionRoot / WaitingToStart
  std::string key;    // the block's owner key, e.g. "b3.1" (JSON only)
  // Round counter `R{cur}/{total}`; absent when the block has none.
  bool has_round = false;
  int64_t round_current = 0;
  std::optional<int64_t> round_total;  // nullopt = unbounded (∞)
  // Primary timer; absent when the block has none.
  bool has_timer = false;
  bool countdown = false;  // ↓ when true, ↑ otherwise
  int64_t elapsed_ms = 0;
  int64_t duration_ms = 0;  // countdown only
  bool paused = false;
  std::string complete_reason;  // empty = not complete
};

// One emitted record. `text` is its exact trace form
// (`push "5 Pullups"`, `segment "..." (user-advance, L2, elapsed=0, rep=5)`);
// `kind` and `fields` carry the same information for JSON.
struct TraceRecord {
  std::string kind;  // push, pop, segment, milestone, sound, error
  std::vector<std::pair<std::string, std::string>> fields;
  std::string text;
};

struct TraceStep {
  int64_t index = 0;   // row number; 0 = startSession
  std::string action;  // "startSession", "userNext", "tick 1000 ms", ...
  int64_t t_ms = 0;    // virtual time since start
  std::vector<TraceBlock> stack;  // top → bottom
  bool session_ended = false;     // the stack became empty during this step
  std::vector<TraceRecord> emitted;

  [[nodiscard]] int64_t depth() const {
    return static_cast<int64_t>(stack.size());
  }
  // The cells and the whole row, exactly as docs/spec/step-trace.md prints them
  // (`|` inside a cell escaped as `\|`).
  [[nodiscard]] std::string StackCell() const;
  [[nodiscard]] std::string EmittedCell() const;
  [[nodiscard]] std::string Row() const;
};

// The two header lines of a step table.
[[nodiscard]] std::string TraceTableHeader();

// The longest label a row or a record shows, in code points
// (docs/spec/step-trace.md §2): a longer one is cut there and ends in `…`.
// Only the push record carries the whole label, once; without the cut a row
// repeats every label on the stack, and output grows with the square of the
// script.
inline constexpr size_t kMaxShownLabelCodePoints = 80;

// `label` itself if it has at most kMaxShownLabelCodePoints code points, else
// its first kMaxShownLabelCodePoints code points followed by `…`. Counts
// UTF-8 lead bytes, so a cut never splits a character.
[[nodiscard]] std::string ShortLabel(std::string_view label);

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_STEP_TRACE_H_
