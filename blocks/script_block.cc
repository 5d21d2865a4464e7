#include "blocks/script_block.h"

#include <cmath>
#include <utility>

namespace wod::blocks {

using runtime::BlockContext;
using runtime::BlockMemory;
using runtime::MemoryTag;
using runtime::RoundState;
using runtime::TimerState;

ScriptBlock::ScriptBlock(memory::OwnerId key, BlockSpec spec)
    : RuntimeBlockBase(key, spec.type, spec.label, spec.lines),
      spec_(std::move(spec)) {}

void ScriptBlock::MountCommon(BlockContext& ctx) {
  label_ = ctx.memory().Allocate<MemoryTag::kMetricLabel>(spec_.label);
  runtime::DisplayMetrics display;
  display.groups = spec_.display;
  display_ =
      ctx.memory().Allocate<MemoryTag::kMetricDisplay>(std::move(display));
}

void ScriptBlock::StartTimer(BlockContext& ctx, const TimerSpec& timer) {
  timer_ = ctx.memory().Allocate<MemoryTag::kTime>(TimerState::Start(
      timer.direction, timer.role, timer.duration_ms, ctx.now()));
  timer_visible_ = timer.role == runtime::TimerRole::kPrimary;
  countdown_cues_ = timer.countdown_cues;
  if (countdown_cues_) {
    last_cue_ = ctx.memory().Allocate<MemoryTag::kOwnerState>(0);
  }
}

void ScriptBlock::StartRounds(BlockContext& ctx, RoundState rounds) {
  round_ = ctx.memory().Allocate<MemoryTag::kRound>(rounds);
}

TimerState ScriptBlock::Timer(const BlockMemory& memory) const {
  return memory.Get(timer_);
}

bool ScriptBlock::SetTimer(BlockMemory& memory, TimerState state) const {
  return memory.Set(timer_, std::move(state));
}

RoundState ScriptBlock::Rounds(const BlockMemory& memory) const {
  return memory.Get(round_);
}

bool ScriptBlock::SetRounds(BlockMemory& memory, RoundState r) const {
  return memory.Set(round_, r);
}

int64_t ScriptBlock::Remaining(const BlockMemory& memory, int64_t now) const {
  if (!timer_.valid()) return 0;
  const TimerState timer = memory.Get(timer_);
  if (timer.direction != runtime::TimerDirection::kDown ||
      !timer.duration_ms.has_value()) {
    return 0;
  }
  const int64_t remaining = *timer.duration_ms - timer.Elapsed(now);
  return remaining > 0 ? remaining : 0;
}

bool ScriptBlock::CountdownExpired(const BlockMemory& memory,
                                   int64_t now) const {
  if (!timer_.valid()) return false;
  const TimerState timer = memory.Get(timer_);
  // docs/spec/runtime.md §4, §14.4: expiry is `elapsed ≥ duration`, checked on
  // tick only.
  return timer.direction == runtime::TimerDirection::kDown &&
         timer.duration_ms.has_value() &&
         timer.Elapsed(now) >= *timer.duration_ms;
}

void ScriptBlock::CountdownCues(BlockContext& ctx) {
  if (!countdown_cues_ || !timer_.valid()) return;
  const int64_t remaining = Remaining(ctx.memory(), ctx.now());
  if (remaining <= 0) return;
  // timer.md: remaining rounded up to whole seconds; 3, 2, 1 each once.
  const int64_t second = (remaining + 999) / 1000;
  if (second > 3) return;
  if (ctx.memory().Get(last_cue_) == second) return;
  // Without the cue cursor stored the beep would repeat on every tick, so a
  // refused write (recorded as an error) skips it.
  if (!ctx.memory().Set(last_cue_, second)) return;
  ctx.EmitSound("countdown-beep", second);
}

bool ScriptBlock::ResetCues(BlockContext& ctx) {
  return !last_cue_.valid() || ctx.memory().Set<int64_t>(last_cue_, 0);
}

bool ScriptBlock::HandlePauseResume(BlockContext& ctx,
                                    const runtime::RuntimeEvent& event) {
  const bool pause = event.Is(runtime::kEventTimerPause);
  const bool resume = event.Is(runtime::kEventTimerResume);
  if (!pause && !resume) return false;
  // state-transitions.md ⚠: delivered to the current block only (the
  // reference's active scope); double pause/resume are no-ops
  // (docs/spec/runtime.md §4).
  if (!ctx.is_top() || !timer_.valid()) return true;
  TimerState timer = ctx.memory().Get(timer_);
  if (pause) {
    timer.Stop(ctx.now());
  } else {
    timer.Resume(ctx.now());
  }
  if (!ctx.memory().Set(timer_, std::move(timer))) {
    // Recorded as an error by the view; the timer stays as it was and the
    // event is still consumed, so it reaches no other handler.
  }
  return true;
}

void ScriptBlock::Milestone(BlockContext& ctx) {
  if (!round_.valid()) return;
  const RoundState round = ctx.memory().Get(round_);
  // docs/spec/runtime.md §9.6 ReportOutput: milestones only for unbounded or >
  // 1 round loops.
  if (round.total.has_value() && *round.total <= 1) return;
  std::optional<int64_t> elapsed;
  if (timer_.valid()) elapsed = ctx.memory().Get(timer_).Elapsed(ctx.now());
  ctx.EmitMilestone(label(), runtime::RoundValue{round.current, round.total},
                    elapsed);
}

void ScriptBlock::FinishResults(BlockContext& ctx) {
  int64_t elapsed = 0;
  int64_t total = 0;
  if (timer_.valid()) {
    TimerState timer = ctx.memory().Get(timer_);
    timer.Stop(ctx.now());
    elapsed = timer.Elapsed(ctx.now());
    total = timer.Total(ctx.now());
    if (!ctx.memory().Set(timer_, std::move(timer))) {
      // Recorded as an error by the view; the segments below use the local
      // values, so they are right either way.
    }
  }
  std::optional<runtime::RoundValue> round;
  if (round_.valid()) {
    const RoundState r = ctx.memory().Get(round_);
    round = runtime::RoundValue{r.current, r.total};
  }
  runtime::ResultState result;
  const std::vector<runtime::MetricGroup>& groups = spec_.display;
  if (groups.size() <= 1) {
    runtime::ResultEntry entry;
    entry.elapsed_ms = elapsed;
    entry.total_ms = total;
    if (!groups.empty()) entry.metrics = groups.front().metrics;
    entry.round = round;
    result.entries.push_back(std::move(entry));
  } else {
    // docs/spec/runtime.md §10.4 split segments: weights = Σ reps of each group
    // (1 if none), rounded to the nearest ms. ⚠ amrap.md A7 / MI5: the
    // reference lists each group's metrics twice (display group + result
    // group); the tables show it, so we reproduce it.
    double weight_sum = 0;
    for (const runtime::MetricGroup& g : groups) weight_sum += g.weight;
    for (const runtime::MetricGroup& g : groups) {
      runtime::ResultEntry entry;
      const double share = weight_sum > 0 ? g.weight / weight_sum : 0;
      entry.elapsed_ms = static_cast<int64_t>(
          std::llround(static_cast<double>(elapsed) * share));
      entry.total_ms = static_cast<int64_t>(
          std::llround(static_cast<double>(total) * share));
      entry.metrics = g.metrics;
      entry.metrics.Append(g.metrics);
      entry.round = round;
      result.entries.push_back(std::move(entry));
    }
  }
  for (const runtime::ResultEntry& entry : result.entries) {
    runtime::Record segment;
    segment.kind = runtime::RecordKind::kSegment;
    segment.label = spec_.label;
    segment.segment_kind = spec_.segment_kind;
    segment.elapsed_ms = entry.elapsed_ms;
    segment.total_ms = entry.total_ms;
    segment.metrics = entry.metrics;
    segment.round = entry.round;
    ctx.EmitResult(std::move(segment));
  }
  result_ = ctx.memory().Allocate<MemoryTag::kMetricResult>(std::move(result));
}

void ScriptBlock::Describe(const BlockMemory& memory, int64_t now_ms,
                           runtime::TraceBlock& out) const {
  if (round_.valid()) {
    const RoundState r = memory.Get(round_);
    out.has_round = true;
    out.round_current = r.current;
    out.round_total = r.total;
  }
  if (timer_.valid() && timer_visible_) {
    const TimerState t = memory.Get(timer_);
    out.has_timer = true;
    out.countdown = t.direction == runtime::TimerDirection::kDown;
    out.elapsed_ms = t.Elapsed(now_ms);
    out.duration_ms = t.duration_ms.value_or(0);
    out.paused = !t.running();
  }
}

}  // namespace wod::blocks
