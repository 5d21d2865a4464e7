#include "blocks/group_block.h"

#include <utility>

namespace wod::blocks {

bool GroupBlock::LoopsAgain(runtime::BlockContext& /*ctx*/) const {
  return false;
}

runtime::CompletionReason GroupBlock::DoneReason() const {
  return runtime::CompletionReason::kChildrenComplete;
}

bool MatchesGroup(const GroupTraits& traits) { return traits.has_children; }

std::unique_ptr<runtime::IRuntimeBlock> BuildGroup(const KindInput& input,
                                                   runtime::BlockContext& ctx) {
  // docs/spec/runtime.md §7 (GenericGroup + Children): single pass.
  ContainerSpec spec;
  spec.block = input.BaseSpec(BlockKind::kGroup);
  spec.block.display = DisplayGroups(input.group, true);
  spec.groups = input.child_groups;
  spec.total_rounds = 1;
  spec.carried = CarriedMetrics(input.group);
  return MakeContainer<GroupBlock>(ctx, std::move(spec), input.compiler);
}

}  // namespace wod::blocks
