#include "blocks/timer_block.h"

#include <utility>

namespace wod::blocks {

TimerBlock::TimerBlock(memory::OwnerId key, BlockSpec spec, TimerSpec timer,
                       bool required)
    : ScriptBlock(key, std::move(spec)), timer_(timer), required_(required) {}

void TimerBlock::Mount(runtime::BlockContext& ctx) {
  MountCommon(ctx);
  StartTimer(ctx, timer_);
  // timer.md: count-up timers announce their start.
  if (!countdown()) ctx.EmitSound("start-beep");
}

void TimerBlock::Next(runtime::BlockContext& ctx) {
  // docs/spec/runtime.md §14.5: a required (`*`) countdown ignores next
  // completely (timer.md T7, rest.md R4: no pop, no segment).
  if (required_ && countdown()) return;
  ctx.MarkComplete(runtime::CompletionReason::kUserAdvance);
}

void TimerBlock::OnEvent(runtime::BlockContext& ctx,
                         const runtime::RuntimeEvent& event) {
  if (HandlePauseResume(ctx, event)) return;
  if (!event.Is(runtime::kEventTick) || !countdown()) return;
  // Ticks reach every block on the stack (bubble scope,
  // docs/spec/runtime.md §3).
  CountdownCues(ctx);
  if (CountdownExpired(ctx.memory(), ctx.now())) {
    ctx.MarkComplete(runtime::CompletionReason::kTimerExpired);
    ctx.PopSelf();
  }
}

void TimerBlock::Unmount(runtime::BlockContext& ctx) {
  // timer.md: the completion cue sounds on unmount, even when skipped.
  if (countdown()) ctx.EmitSound("timer-complete");
  FinishResults(ctx);
}

TimerSpec TimerSpecOf(const Metric& duration) {
  // docs/spec/runtime.md §7 GenericTimer: countdown if > 0 and not `^`,
  // else count-up.
  const bool countdown =
      duration.value.has_value() && *duration.value > 0 && !duration.count_up;
  TimerSpec timer;
  timer.direction =
      countdown ? runtime::TimerDirection::kDown : runtime::TimerDirection::kUp;
  if (countdown) {
    timer.duration_ms = static_cast<int64_t>(*duration.value);
    timer.countdown_cues = true;
  }
  return timer;
}

bool MatchesTimer(const GroupTraits& traits) {
  return traits.duration != nullptr && !traits.has_children;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildTimer(const KindInput& input,
                                                   runtime::BlockContext& ctx) {
  const Metric& duration = *input.traits.duration;
  BlockSpec block = input.BaseSpec(BlockKind::kTimer);
  block.display = DisplayGroups(input.group, true);
  const bool required =
      duration.required || HintIn(input.group, kHintRequiredTimer);
  const memory::OwnerId key = KeyFor(ctx, block);
  return std::make_unique<TimerBlock>(key, std::move(block),
                                      TimerSpecOf(duration), required);
}

}  // namespace wod::blocks
