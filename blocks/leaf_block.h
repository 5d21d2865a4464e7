// LeafBlock: what the leaf kinds without children (effort, Timer, the
// injected Rest) share: one lifecycle, told apart by a few rules each kind
// sets in its constructor (docs/spec/runtime.md §8).
//
// - Mount: the common state, then the kind's timer if it has one, then its
//   start sound.
// - Next: completes with `user-advance`, unless the kind ignores `next`.
// - Events: timer:pause / timer:resume; a countdown also gives its 3-2-1
//   cues (when the timer asks for them) and, on the first tick at which it
//   has expired, completes with the kind's expiry reason and pops.
// - Unmount: the kind's end sound, then the segment results.
//
//   class RestBlock : public LeafBlock { ... };  // rules in its constructor
#ifndef WOD_BLOCKS_LEAF_BLOCK_H_
#define WOD_BLOCKS_LEAF_BLOCK_H_

#include <optional>

#include "blocks/script_block.h"
#include "runtime/completion_reason.h"

namespace wod::blocks {

// How one leaf kind differs from the others.
struct LeafRules {
  std::optional<TimerSpec> timer;     // started on mount; none = untimed
  const char* start_sound = nullptr;  // emitted on mount (null = none)
  bool ignores_next = false;          // else `next` ends it (user-advance)
  // Why a countdown that expired completes.
  runtime::CompletionReason expiry = runtime::CompletionReason::kTimerExpired;
  const char* end_sound = nullptr;  // emitted on unmount (null = none)
};

class LeafBlock : public ScriptBlock {
 public:
  LeafBlock(memory::OwnerId key, BlockSpec spec, LeafRules rules);

  void Mount(runtime::BlockContext& ctx) final;
  void Next(runtime::BlockContext& ctx) final;
  void OnEvent(runtime::BlockContext& ctx,
               const runtime::RuntimeEvent& event) final;
  void Unmount(runtime::BlockContext& ctx) final;

 private:
  [[nodiscard]] bool countdown() const {
    return rules_.timer.has_value() &&
           rules_.timer->direction == runtime::TimerDirection::kDown;
  }

  LeafRules rules_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_LEAF_BLOCK_H_
