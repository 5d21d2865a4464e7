// AmrapBlock: as many rounds as possible while a countdown runs
// (docs/spec/runtime.md §7, §8 `AMRAP`; amrap.md family rules).
//
// `20:00 AMRAP` (or `(AMRAP) 20:00`, or a duration with rounds) loops its
// children while the countdown has time left: a round that ends with time
// left starts the next one, the expiry force-pops the children and
// completes the block with `timer-expired`. Rounds are unbounded; the block
// beeps 3-2-1 and sounds `start-beep` on mount, `timer-complete` on
// unmount.
//
//   if (MatchesAmrap(traits)) block = BuildAmrap(input, ctx);
#ifndef WOD_BLOCKS_AMRAP_BLOCK_H_
#define WOD_BLOCKS_AMRAP_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/container_block.h"

namespace wod::blocks {

class AmrapBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  // docs/spec/runtime.md §9 loop condition `timer-active`: countdown remaining
  // > 0.
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
};

// A duration with the AMRAP word, or with rounds / the word `rounds` when no
// interval kind applies: `20:00 (AMRAP)` is an AMRAP, not an EMOM (⚠ P2).
[[nodiscard]] bool MatchesAmrap(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildAmrap(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_AMRAP_BLOCK_H_
