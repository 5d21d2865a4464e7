#include "blocks/leaf_block.h"

#include <utility>

namespace wod::blocks {

LeafBlock::LeafBlock(memory::OwnerId key, BlockSpec spec, LeafRules rules)
    : ScriptBlock(key, std::move(spec)), rules_(std::move(rules)) {}

void LeafBlock::Mount(runtime::BlockContext& ctx) {
  MountCommon(ctx);
  if (rules_.timer.has_value()) StartTimer(ctx, *rules_.timer);
  if (rules_.start_sound != nullptr) ctx.EmitSound(rules_.start_sound);
}

void LeafBlock::Next(runtime::BlockContext& ctx) {
  if (rules_.ignores_next) return;
  ctx.MarkComplete(runtime::CompletionReason::kUserAdvance);
}

void LeafBlock::OnEvent(runtime::BlockContext& ctx,
                        const runtime::RuntimeEvent& event) {
  if (HandlePauseResume(ctx, event)) return;
  if (!event.Is(runtime::kEventTick) || !countdown()) return;
  // Ticks reach every block on the stack (bubble scope,
  // docs/spec/runtime.md §3).
  CountdownCues(ctx);
  if (CountdownExpired(ctx.memory(), ctx.now())) {
    ctx.MarkComplete(rules_.expiry);
    ctx.PopSelf();
  }
}

void LeafBlock::Unmount(runtime::BlockContext& ctx) {
  if (rules_.end_sound != nullptr) ctx.EmitSound(rules_.end_sound);
  FinishResults(ctx);
}

}  // namespace wod::blocks
