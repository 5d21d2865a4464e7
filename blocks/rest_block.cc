#include "blocks/rest_block.h"

#include <string>

#include "blocks/block_kind.h"

namespace wod::blocks {
namespace {

BlockSpec RestSpec(runtime::LineSpan lines) {
  BlockSpec spec;
  spec.type = std::string(BlockKindType(BlockKind::kRest));
  spec.label = spec.type;
  spec.lines = lines;
  return spec;
}

}  // namespace

RestBlock::RestBlock(memory::OwnerId key, int64_t duration_ms,
                     runtime::LineSpan lines)
    : ScriptBlock(key, RestSpec(lines)), duration_ms_(duration_ms) {}

void RestBlock::Mount(runtime::BlockContext& ctx) {
  MountCommon(ctx);
  TimerSpec timer;
  timer.direction = runtime::TimerDirection::kDown;
  timer.duration_ms = duration_ms_;
  StartTimer(ctx, timer);
}

void RestBlock::Next(runtime::BlockContext& ctx) {
  (void)ctx;  // docs/spec/runtime.md §8: an injected rest ignores next (emom.md
              // M7 second table)
}

void RestBlock::OnEvent(runtime::BlockContext& ctx,
                        const runtime::RuntimeEvent& event) {
  if (HandlePauseResume(ctx, event)) return;
  if (!event.Is(runtime::kEventTick)) return;
  if (CountdownExpired(ctx.memory(), ctx.now())) {
    // docs/spec/runtime.md §8: the rest's exit listens to its own
    // timer:complete.
    ctx.MarkComplete(runtime::CompletionReason::kEventTimerComplete);
    ctx.PopSelf();
  }
}

void RestBlock::Unmount(runtime::BlockContext& ctx) {
  ctx.EmitSound("rest-over");
  FinishResults(ctx);
}

}  // namespace wod::blocks
