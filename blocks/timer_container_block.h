// TimerContainerBlock: a timer with children (docs/spec/runtime.md §7, §8
// `Timer` with children; timer.md family rules).
//
// `20:00` over children is a countdown that loops its children while time
// remains (unbounded rounds, force-popped on expiry, `timer-complete` on
// unmount); a count-up over children (`^20:00`, `:?`) runs them once with a
// `start-beep` on mount. The trace calls both `Timer`, like the leaf.
//
//   if (MatchesTimerContainer(traits)) block = BuildTimerContainer(input, ctx);
#ifndef WOD_BLOCKS_TIMER_CONTAINER_BLOCK_H_
#define WOD_BLOCKS_TIMER_CONTAINER_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/container_block.h"

namespace wod::blocks {

class TimerContainerBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  // A countdown loops while time remains; a count-up runs its children once.
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
  [[nodiscard]] runtime::CompletionReason DoneReason() const override;

 private:
  [[nodiscard]] bool countdown() const;
};

// A duration over children that no logic kind (AMRAP, EMOM) claimed.
[[nodiscard]] bool MatchesTimerContainer(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildTimerContainer(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_TIMER_CONTAINER_BLOCK_H_
