#include "blocks/session_root_block.h"

#include <utility>

#include "blocks/block_kind.h"
#include "blocks/waiting_to_start_block.h"

namespace wod::blocks {

void SessionRootBlock::StartChildren(runtime::BlockContext& ctx) {
  PushReporting(ctx, std::make_unique<WaitingToStartBlock>(ctx.NewBlockKey(
                         BlockKindType(BlockKind::kWaitingToStart),
                         kWaitingToStartLabel, lines())));
}

bool SessionRootBlock::LoopsAgain(runtime::BlockContext& /*ctx*/) const {
  return false;
}

runtime::CompletionReason SessionRootBlock::DoneReason() const {
  return runtime::CompletionReason::kChildrenComplete;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildSessionRoot(
    std::vector<std::vector<int>> groups, const Compiler* compiler,
    runtime::ScriptRuntime& runtime) {
  ContainerSpec spec;
  spec.block.type = std::string(BlockKindType(BlockKind::kSessionRoot));
  spec.block.label = "Session";
  TimerSpec timer;
  timer.direction = runtime::TimerDirection::kUp;
  timer.role = runtime::TimerRole::kAuto;  // docs/spec/runtime.md §6 step 3:
                                           // count-up, role auto
  spec.timer = timer;
  spec.total_rounds = 1;
  spec.groups = std::move(groups);
  const memory::OwnerId key =
      runtime.NewBlockKey(spec.block.type, spec.block.label, {});
  return std::make_unique<SessionRootBlock>(key, std::move(spec), compiler);
}

}  // namespace wod::blocks
