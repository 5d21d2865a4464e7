#include "blocks/waiting_to_start_block.h"

#include <string>

#include "blocks/block_kind.h"

namespace wod::blocks {
namespace {

BlockSpec GateSpec() {
  BlockSpec spec;
  spec.type = std::string(BlockKindType(BlockKind::kWaitingToStart));
  spec.label = kWaitingToStartLabel;
  return spec;
}

}  // namespace

WaitingToStartBlock::WaitingToStartBlock(memory::OwnerId key)
    : ScriptBlock(key, GateSpec()) {}

void WaitingToStartBlock::Mount(runtime::BlockContext& ctx) {
  MountCommon(ctx);
}

void WaitingToStartBlock::Next(runtime::BlockContext& ctx) {
  ctx.MarkComplete(runtime::CompletionReason::kUserAdvance);
}

void WaitingToStartBlock::Unmount(runtime::BlockContext& ctx) {
  FinishResults(ctx);
}

}  // namespace wod::blocks
