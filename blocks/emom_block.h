// EmomBlock: one child group per interval, for a number of rounds
// (docs/spec/runtime.md §7, §8 `EMOM`; emom.md family rules).
//
// `(3) :60 EMOM`, `EMOM 10:00`, a repeating-interval hint: a countdown of
// one interval (default 1:00) over a number of rounds (default 10). A round
// whose work ends early pushes an injected Rest for the remaining time when
// ≥ 1 s and less than a full interval remain, otherwise the next round
// starts at once. Interval expiry restarts the interval (overshoot dropped)
// and force-pops the children. Sounds `interval-start` on mount,
// `interval-complete` on unmount.
//
//   if (MatchesEmom(traits)) block = BuildEmom(input, ctx);
#ifndef WOD_BLOCKS_EMOM_BLOCK_H_
#define WOD_BLOCKS_EMOM_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/container_block.h"

namespace wod::blocks {

class EmomBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
  // The injected rest, or the next round.
  void RoundDone(runtime::BlockContext& ctx) override;
  // The next interval starts at the tick.
  void Expire(runtime::BlockContext& ctx) override;
};

// A duration with a repeating-interval hint or the word EMOM, unless a
// TABATA keyword alone says so.
[[nodiscard]] bool MatchesEmom(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildEmom(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_EMOM_BLOCK_H_
