#include "blocks/timer_container_block.h"

#include <utility>

#include "blocks/timer_block.h"

namespace wod::blocks {

bool TimerContainerBlock::countdown() const {
  const std::optional<TimerSpec>& timer = container_spec().timer;
  return timer.has_value() &&
         timer->direction == runtime::TimerDirection::kDown;
}

bool TimerContainerBlock::LoopsAgain(runtime::BlockContext& ctx) const {
  // docs/spec/runtime.md §9 loop condition `timer-active`: countdown remaining
  // > 0.
  return countdown() && Remaining(ctx.memory(), ctx.now()) > 0;
}

runtime::CompletionReason TimerContainerBlock::DoneReason() const {
  return countdown() ? runtime::CompletionReason::kRoundsExhausted
                     : runtime::CompletionReason::kChildrenComplete;
}

bool MatchesTimerContainer(const GroupTraits& traits) {
  return traits.duration != nullptr && traits.has_children &&
         !traits.capped_scheme;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildTimerContainer(
    const KindInput& input, runtime::BlockContext& ctx) {
  const TimerSpec timer = TimerSpecOf(*input.traits.duration);
  const bool countdown = timer.direction == runtime::TimerDirection::kDown;
  ContainerSpec spec;
  spec.block = input.BaseSpec(BlockKind::kTimerContainer);
  spec.block.display = DisplayGroups(input.group, true);
  spec.groups = input.child_groups;
  // `20:00` + children: a countdown that loops its children while time
  // remains (docs/spec/runtime.md §7 table); a count-up with children runs
  // them once.
  spec.timer = timer;
  if (countdown) {
    spec.total_rounds = std::nullopt;
    spec.unmount_sound = "timer-complete";
  } else {
    spec.total_rounds = 1;
    spec.mount_sound = "start-beep";
  }
  return MakeContainer<TimerContainerBlock>(ctx, std::move(spec),
                                            input.compiler);
}

}  // namespace wod::blocks
