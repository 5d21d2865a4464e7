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

}  // namespace wod::blocks
