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
#ifndef WOD_BLOCKS_TIMER_BLOCK_H_
#define WOD_BLOCKS_TIMER_BLOCK_H_

#include "blocks/script_block.h"

namespace wod::blocks {

class TimerBlock : public ScriptBlock {
 public:
  TimerBlock(memory::OwnerId key, BlockSpec spec, TimerSpec timer,
             bool required);

  void Mount(runtime::BlockContext& ctx) override;
  void Next(runtime::BlockContext& ctx) override;
  void OnEvent(runtime::BlockContext& ctx,
               const runtime::RuntimeEvent& event) override;
  void Unmount(runtime::BlockContext& ctx) override;

 private:
  [[nodiscard]] bool countdown() const {
    return timer_.direction == runtime::TimerDirection::kDown;
  }

  TimerSpec timer_;
  bool required_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_TIMER_BLOCK_H_
