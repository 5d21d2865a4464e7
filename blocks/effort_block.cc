#include "blocks/effort_block.h"

#include <utility>

namespace wod::blocks {

EffortBlock::EffortBlock(memory::OwnerId key, BlockSpec spec, bool timed)
    : ScriptBlock(key, std::move(spec)), timed_(timed) {}

void EffortBlock::Mount(runtime::BlockContext& ctx) {
  MountCommon(ctx);
  if (timed_) {
    // docs/spec/runtime.md §8: every effort leaf carries a hidden secondary
    // count-up.
    TimerSpec timer;
    timer.direction = runtime::TimerDirection::kUp;
    timer.role = runtime::TimerRole::kSecondary;
    StartTimer(ctx, timer);
  }
}

void EffortBlock::Next(runtime::BlockContext& ctx) {
  // effort.md: exits immediately on next with `user-advance`.
  ctx.MarkComplete(runtime::CompletionReason::kUserAdvance);
}

void EffortBlock::OnEvent(runtime::BlockContext& ctx,
                          const runtime::RuntimeEvent& event) {
  HandlePauseResume(ctx, event);
}

void EffortBlock::Unmount(runtime::BlockContext& ctx) { FinishResults(ctx); }

bool MatchesEffort(const GroupTraits& /*traits*/) { return true; }

std::unique_ptr<runtime::IRuntimeBlock> BuildEffort(
    const KindInput& input, runtime::BlockContext& ctx) {
  // docs/spec/runtime.md §7 (EffortFallback).
  BlockSpec block = input.BaseSpec(BlockKind::kEffort);
  block.display = DisplayGroups(input.group, true);
  const memory::OwnerId key = KeyFor(ctx, block);
  return std::make_unique<EffortBlock>(key, std::move(block), /*timed=*/true);
}

}  // namespace wod::blocks
