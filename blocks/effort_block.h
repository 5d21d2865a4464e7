// EffortBlock: a leaf the athlete completes with one `next`
// (docs/spec/runtime.md §8 `effort`; effort.md family rules).
//
// `10 Pullups`, `400 m Run`, `? Pushups`, a heading or a childless comment,
// and an inline ladder such as `(21-15-9) Thruster` (a leaf `Rounds`,
// misc-integration.md X4) all compile to this block. It carries a hidden
// secondary count-up timer (so its segment has the real elapsed time) and
// exits on `next` with `user-advance`; there is no minimum hold time.
//
//   auto block = std::make_unique<EffortBlock>(key, spec, /*timed=*/true);
//   if (MatchesEffort(traits)) block = BuildEffort(input, ctx);
#ifndef WOD_BLOCKS_EFFORT_BLOCK_H_
#define WOD_BLOCKS_EFFORT_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/leaf_block.h"

namespace wod::blocks {

class EffortBlock : public LeafBlock {
 public:
  // `timed`: whether the block keeps the hidden count-up timer (efforts do;
  // a leaf Rounds block has no timer, X4).
  EffortBlock(memory::OwnerId key, BlockSpec spec, bool timed);
};

// Every group: effort is the fallback, the last row that matches
// (docs/spec/runtime.md §7).
[[nodiscard]] bool MatchesEffort(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildEffort(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_EFFORT_BLOCK_H_
