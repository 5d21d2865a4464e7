// ScriptBlock: what every compiled block kind shares (docs/spec/runtime.md §8,
// docs/spec/runtime.md §9 behaviours, §10 segments).
//
// A ScriptBlock keeps all of its state in RuntimeMemory under its own key:
// label (`metric:label`), display metric groups (`metric:display`), an
// optional timer (`time`, its spans as `time:span` children), an optional
// round counter (`round`, the current round's child results as
// `round:result` children), the countdown-cue cursor, and on unmount its
// results (`metric:result`). The block object itself holds only immutable
// configuration and handles (plus, for containers, the results of a child
// that popped, until the container's next `Next` stores them).
//
// Shared behaviour implemented here:
// - segments on pop (docs/spec/runtime.md §10): one per display group; a
// multi-group block splits
//   elapsed/total in proportion to each group's reps and lists each group's
//   metrics twice, as the reference does (amrap.md A7, metric-inheritance.md
//   MI5);
// - countdown cues: `countdown-beep` at 3, 2, 1 s remaining, each second at
//   most once, remaining rounded up (timer.md family rules);
// - pause / resume of the block's timer when it is the current block
//   (state-transitions.md: active scope only);
// - the trace cell tokens (round, primary timer, paused).
//
//   class MyBlock : public ScriptBlock { ... };  // see effort_block.h
#ifndef WOD_BLOCKS_SCRIPT_BLOCK_H_
#define WOD_BLOCKS_SCRIPT_BLOCK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/block_memory.h"
#include "runtime/block_state.h"
#include "runtime/runtime_block.h"

namespace wod::blocks {

// Immutable description of a compiled block.
struct BlockSpec {
  std::string type;  // "effort", "Timer", "Rounds", "AMRAP", "EMOM", ...
  std::string label;
  runtime::LineSpan lines;
  std::vector<runtime::MetricGroup> display;  // one group per statement
  std::string segment_kind;                   // "[Kind]" tag; "" = none
};

// Timer configuration of a block (docs/spec/runtime.md §4 timer state).
struct TimerSpec {
  runtime::TimerDirection direction = runtime::TimerDirection::kUp;
  runtime::TimerRole role = runtime::TimerRole::kPrimary;
  std::optional<int64_t> duration_ms;  // countdowns only
  bool countdown_cues = false;         // 3-2-1 beeps while ticking
};

// Receives the segments of a block it pushed when that block pops, so the
// pusher can keep the round's results as children of its round counter. The
// pusher is below the child on the stack, so it outlives the child's unmount.
class ChildResultSink {
 public:
  virtual void ChildFinished(std::vector<runtime::RoundResult> results) = 0;

 protected:
  ~ChildResultSink() = default;
};

class ScriptBlock : public runtime::RuntimeBlockBase {
 public:
  ScriptBlock(memory::OwnerId key, BlockSpec spec);

  // Where FinishResults also reports the block's segments (null = nowhere).
  void ReportResultsTo(ChildResultSink* sink) { result_sink_ = sink; }

  void Describe(const runtime::BlockMemory& memory, int64_t now_ms,
                runtime::TraceBlock& out) const override;

 protected:
  // Allocates label and display metrics (call first in Mount).
  void MountCommon(runtime::BlockContext& ctx);
  void StartTimer(runtime::BlockContext& ctx, const TimerSpec& timer);
  void StartRounds(runtime::BlockContext& ctx, runtime::RoundState rounds);

  [[nodiscard]] bool has_timer() const { return timer_.valid(); }
  [[nodiscard]] bool has_rounds() const { return round_.valid(); }
  // The timer with its spans (the `time:span` children), in start order.
  [[nodiscard]] runtime::TimerReading Timer(
      const runtime::BlockMemory& memory) const;
  // The writers return false when a write was refused (already recorded
  // as a runtime error by the memory view).
  // Closes the open span (pause, unmount); true when none is open.
  [[nodiscard]] bool StopTimer(runtime::BlockMemory& memory, int64_t now) const;
  // Opens a new span (resume); true when one is already open.
  [[nodiscard]] bool ResumeTimer(runtime::BlockMemory& memory,
                                 int64_t now) const;
  // Releases every span and opens one at `now` (EMOM reset-interval,
  // docs/spec/runtime.md §4: overshoot is dropped).
  [[nodiscard]] bool RestartTimer(runtime::BlockMemory& memory,
                                  int64_t now) const;
  [[nodiscard]] runtime::RoundState Rounds(
      const runtime::BlockMemory& memory) const;
  [[nodiscard]] bool SetRounds(runtime::BlockMemory& memory,
                               runtime::RoundState r) const;
  // Keeps the segments of a popped child as `round:result` children of the
  // round counter; ReleaseRoundResults drops them when the next round
  // starts (the segment records keep the values).
  [[nodiscard]] bool KeepRoundResults(
      runtime::BlockMemory& memory,
      std::vector<runtime::RoundResult> results) const;
  [[nodiscard]] bool ReleaseRoundResults(runtime::BlockMemory& memory) const;
  // Remaining ms of a countdown at `now` (0 when none).
  [[nodiscard]] int64_t Remaining(const runtime::BlockMemory& memory,
                                  int64_t now) const;
  [[nodiscard]] bool CountdownExpired(const runtime::BlockMemory& memory,
                                      int64_t now) const;

  // Emits the 3-2-1 countdown beeps due at `ctx.now()`.
  void CountdownCues(runtime::BlockContext& ctx);
  // Forgets the beeps already given (a new EMOM interval). False when the
  // write was refused.
  [[nodiscard]] bool ResetCues(runtime::BlockContext& ctx);
  // timer:pause / timer:resume for the current block. Returns true when the
  // event was one of them.
  bool HandlePauseResume(runtime::BlockContext& ctx,
                         const runtime::RuntimeEvent& event);
  // Milestone for the current round (when the round total is unbounded or
  // > 1, docs/spec/runtime.md §9.6 ReportOutput), with `elapsed=` when the
  // block has a timer.
  void Milestone(runtime::BlockContext& ctx);
  // Stops the timer and writes + emits the segment results
  // (docs/spec/runtime.md §10).
  void FinishResults(runtime::BlockContext& ctx);

  [[nodiscard]] const BlockSpec& spec() const { return spec_; }

 private:
  BlockSpec spec_;
  bool timer_visible_ = false;  // primary timers show in the trace
  bool countdown_cues_ = false;
  runtime::StateRef<std::string> label_;
  runtime::StateRef<runtime::DisplayMetrics> display_;
  runtime::StateRef<runtime::TimerState> timer_;
  runtime::StateRef<runtime::RoundState> round_;
  runtime::StateRef<int64_t> last_cue_;
  runtime::StateRef<runtime::ResultState> result_;
  ChildResultSink* result_sink_ = nullptr;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_SCRIPT_BLOCK_H_
