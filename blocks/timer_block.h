// TimerBlock: a leaf with a primary timer (docs/spec/runtime.md §8 `Timer`;
// timer.md, countup.md, rest.md family rules).
//
// - Countdown (`5:00 Run`, `:30 Rest`): expires on the first tick at which
//   elapsed ≥ duration (`timer-expired`); a plain countdown also exits on
//   `next` (`user-advance`), a required one (`*:30`) ignores `next`
//   completely (docs/spec/runtime.md §14.5). Beeps at 3/2/1 s remaining and
//   emits `timer-complete` when it unmounts — also when skipped or aborted, as
//   the corpus shows (timer.md, ⚠ docs/spec/runtime.md §13.25).
// - Count-up (`^5:00`, `:?`, `0:00`): never expires; `start-beep` on mount;
//   only `next` ends it.
//
//   TimerSpec t{TimerDirection::kDown, TimerRole::kPrimary, 300000, true};
//   auto block = std::make_unique<TimerBlock>(key, spec, t,
//   /*required=*/false);
//   if (MatchesTimer(traits)) block = BuildTimer(input, ctx);
#ifndef WOD_BLOCKS_TIMER_BLOCK_H_
#define WOD_BLOCKS_TIMER_BLOCK_H_

#include <memory>

#include "blocks/block_kind.h"
#include "blocks/leaf_block.h"

namespace wod::blocks {

class TimerBlock : public LeafBlock {
 public:
  TimerBlock(memory::OwnerId key, BlockSpec spec, TimerSpec timer,
             bool required);
};

// The timer of a duration metric, for the leaf and the timer container
// (docs/spec/runtime.md §7 GenericTimer): a countdown with 3-2-1 cues if
// the duration is > 0 and not `^`, else a count-up.
[[nodiscard]] TimerSpec TimerSpecOf(const Metric& duration);

// A duration without children that no logic kind (AMRAP, EMOM) claimed.
[[nodiscard]] bool MatchesTimer(const GroupTraits& traits);
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildTimer(
    const KindInput& input, runtime::BlockContext& ctx);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_TIMER_BLOCK_H_
