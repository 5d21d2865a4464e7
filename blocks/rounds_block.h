// RoundsBlock: a fixed number of rounds over children, and the leaf Rounds
// (docs/spec/runtime.md §7, §8 `Rounds`; rounds.md, metric-inheritance.md).
//
// `(3)` over children runs them round after round and completes with
// `rounds-exhausted` after the last; a rep scheme `(21-15-9)` gives one
// round per rep and promotes the current rep to every child. A Rounds
// without children (`(21-15-9) Thruster`, misc-integration.md X4) is a leaf
// that completes on one next: an untimed EffortBlock typed `Rounds`.
//
//   if (MatchesRounds(traits)) block = BuildRounds(input, ctx);
#ifndef WOD_BLOCKS_ROUNDS_BLOCK_H_
#define WOD_BLOCKS_ROUNDS_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/container_block.h"

namespace wod::blocks {

class RoundsBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
};

// Rounds over children.
[[nodiscard]] bool MatchesRounds(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildRounds(
    const KindInput& input, runtime::BlockContext& ctx);

// Rounds without children.
[[nodiscard]] bool MatchesRoundsLeaf(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildRoundsLeaf(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_ROUNDS_BLOCK_H_
