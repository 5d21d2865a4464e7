#include "blocks/script_block.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace wod::blocks {

using runtime::BlockContext;
using runtime::BlockMemory;
using runtime::MemoryTag;
using runtime::RoundState;
using runtime::TimerReading;
using runtime::TimerState;
using runtime::TimeSpan;

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
  TimerState state;
  state.duration_ms = timer.duration_ms;
  state.direction = timer.direction;
  state.role = timer.role;
  timer_ = ctx.memory().Allocate<MemoryTag::kTime>(state);
  // A refused span (recorded as an error) leaves the timer stopped at 0.
  (void)ResumeTimer(ctx.memory(), ctx.now());
  timer_visible_ = timer.role == runtime::TimerRole::kPrimary;
  countdown_cues_ = timer.countdown_cues;
  if (countdown_cues_) {
    last_cue_ = ctx.memory().Allocate<MemoryTag::kOwnerState>(0);
  }
}

void ScriptBlock::StartRounds(BlockContext& ctx, RoundState rounds) {
  round_ = ctx.memory().Allocate<MemoryTag::kRound>(rounds);
}

TimerReading ScriptBlock::Timer(const BlockMemory& memory) const {
  TimerReading reading;
  if (!timer_.valid()) return reading;
  reading.state = memory.Get(timer_);
  for (const auto& span : memory.Children<MemoryTag::kTimeSpan>(timer_)) {
    reading.spans.push_back(memory.Get(span));
  }
  // Children come by id, and ids reuse free slots, so order by time: spans
  // never overlap and the open one (at most one) started last.
  std::sort(reading.spans.begin(), reading.spans.end(),
            [](const TimeSpan& a, const TimeSpan& b) {
              if (a.start_ms != b.start_ms) return a.start_ms < b.start_ms;
              if (a.end_ms.has_value() != b.end_ms.has_value()) {
                return a.end_ms.has_value();
              }
              return a.end_ms.value_or(0) < b.end_ms.value_or(0);
            });
  return reading;
}

bool ScriptBlock::StopTimer(BlockMemory& memory, int64_t now) const {
  for (const auto& span : memory.Children<MemoryTag::kTimeSpan>(timer_)) {
    TimeSpan value = memory.Get(span);
    if (value.end_ms.has_value()) continue;
    value.end_ms = now;
    return memory.Set(span, value);
  }
  return true;
}

bool ScriptBlock::ResumeTimer(BlockMemory& memory, int64_t now) const {
  for (const auto& span : memory.Children<MemoryTag::kTimeSpan>(timer_)) {
    if (!memory.Get(span).end_ms.has_value()) return true;
  }
  return memory
      .AllocateChild<MemoryTag::kTimeSpan>(timer_, TimeSpan{now, std::nullopt})
      .valid();
}

bool ScriptBlock::RestartTimer(BlockMemory& memory, int64_t now) const {
  if (!memory.ReleaseChildren(timer_).has_value()) return false;
  return ResumeTimer(memory, now);
}

RoundState ScriptBlock::Rounds(const BlockMemory& memory) const {
  return memory.Get(round_);
}

bool ScriptBlock::SetRounds(BlockMemory& memory, RoundState r) const {
  return memory.Set(round_, r);
}

bool ScriptBlock::KeepRoundResults(
    BlockMemory& memory, std::vector<runtime::RoundResult> results) const {
  if (!round_.valid()) return true;
  bool kept = true;
  for (runtime::RoundResult& result : results) {
    kept =
        memory.AllocateChild<MemoryTag::kRoundResult>(round_, std::move(result))
            .valid() &&
        kept;
  }
  return kept;
}

bool ScriptBlock::ReleaseRoundResults(BlockMemory& memory) const {
  return !round_.valid() || memory.ReleaseChildren(round_).has_value();
}

int64_t ScriptBlock::Remaining(const BlockMemory& memory, int64_t now) const {
  if (!timer_.valid()) return 0;
  const TimerReading timer = Timer(memory);
  if (timer.state.direction != runtime::TimerDirection::kDown ||
      !timer.state.duration_ms.has_value()) {
    return 0;
  }
  const int64_t remaining = *timer.state.duration_ms - timer.Elapsed(now);
  return remaining > 0 ? remaining : 0;
}

bool ScriptBlock::CountdownExpired(const BlockMemory& memory,
                                   int64_t now) const {
  if (!timer_.valid()) return false;
  const TimerReading timer = Timer(memory);
  // docs/spec/runtime.md §4, §14.4: expiry is `elapsed ≥ duration`, checked on
  // tick only.
  return timer.state.direction == runtime::TimerDirection::kDown &&
         timer.state.duration_ms.has_value() &&
         timer.Elapsed(now) >= *timer.state.duration_ms;
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
  const bool written = pause ? StopTimer(ctx.memory(), ctx.now())
                             : ResumeTimer(ctx.memory(), ctx.now());
  if (!written) {
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
  if (timer_.valid()) elapsed = Timer(ctx.memory()).Elapsed(ctx.now());
  ctx.EmitMilestone(label(), runtime::RoundValue{round.current, round.total},
                    elapsed);
}

void ScriptBlock::FinishResults(BlockContext& ctx) {
  int64_t elapsed = 0;
  int64_t total = 0;
  if (timer_.valid()) {
    // Stopped at `now`, an open span measures to `now`: the same values
    // before and after the stop below.
    const TimerReading timer = Timer(ctx.memory());
    elapsed = timer.Elapsed(ctx.now());
    total = timer.Total(ctx.now());
    if (!StopTimer(ctx.memory(), ctx.now())) {
      // Recorded as an error by the view; the segments below use the values
      // read above, so they are right either way.
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
  if (result_sink_ != nullptr) {
    std::vector<runtime::RoundResult> reported;
    reported.reserve(result.entries.size());
    for (const runtime::ResultEntry& entry : result.entries) {
      reported.push_back(runtime::RoundResult{spec_.label, entry});
    }
    result_sink_->ChildFinished(std::move(reported));
  }
  for (const runtime::ResultEntry& entry : result.entries) {
    ctx.EmitResult(runtime::Record{.kind = runtime::RecordKind::kSegment,
                                   .label = spec_.label,
                                   .segment_kind = spec_.segment_kind,
                                   .elapsed_ms = entry.elapsed_ms,
                                   .total_ms = entry.total_ms,
                                   .metrics = entry.metrics,
                                   .round = entry.round});
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
    const TimerReading t = Timer(memory);
    out.has_timer = true;
    out.countdown = t.state.direction == runtime::TimerDirection::kDown;
    out.elapsed_ms = t.Elapsed(now_ms);
    out.duration_ms = t.state.duration_ms.value_or(0);
    out.paused = !t.running();
  }
}

}  // namespace wod::blocks
