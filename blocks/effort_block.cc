#include "blocks/effort_block.h"

#include <utility>

namespace wod::blocks {

namespace {

LeafRules EffortRules(bool timed) {
  LeafRules rules;  // effort.md: exits immediately on next with `user-advance`
  if (timed) {
    // docs/spec/runtime.md §8: every effort leaf carries a hidden secondary
    // count-up.
    TimerSpec timer;
    timer.direction = runtime::TimerDirection::kUp;
    timer.role = runtime::TimerRole::kSecondary;
    rules.timer = timer;
  }
  return rules;
}

}  // namespace

EffortBlock::EffortBlock(memory::OwnerId key, BlockSpec spec, bool timed)
    : LeafBlock(key, std::move(spec), EffortRules(timed)) {}

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
