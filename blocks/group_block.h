// GroupBlock: children run once, in order (docs/spec/runtime.md §7, §8
// `Group`).
//
// A statement with children and no duration or rounds (`Warm-up` over its
// lines) pushes each child group once and completes with
// `children-complete` after the last; its resistance / distance is copied
// into every child.
//
//   if (MatchesGroup(traits)) block = BuildGroup(input, ctx);
#ifndef WOD_BLOCKS_GROUP_BLOCK_H_
#define WOD_BLOCKS_GROUP_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/container_block.h"

namespace wod::blocks {

class GroupBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  // A single pass.
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
  [[nodiscard]] runtime::CompletionReason DoneReason() const override;
};

// Children, and neither a duration nor rounds.
[[nodiscard]] bool MatchesGroup(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildGroup(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_GROUP_BLOCK_H_
