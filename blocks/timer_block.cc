#include "blocks/timer_block.h"

#include <utility>

namespace wod::blocks {

namespace {

LeafRules TimerRules(TimerSpec timer, bool required) {
  const bool countdown = timer.direction == runtime::TimerDirection::kDown;
  LeafRules rules;
  rules.timer = timer;
  // timer.md: count-up timers announce their start.
  if (!countdown) rules.start_sound = "start-beep";
  // docs/spec/runtime.md §14.5: a required (`*`) countdown ignores next
  // completely (timer.md T7, rest.md R4: no pop, no segment).
  rules.ignores_next = required && countdown;
  rules.expiry = runtime::CompletionReason::kTimerExpired;
  // timer.md: the completion cue sounds on unmount, even when skipped.
  if (countdown) rules.end_sound = "timer-complete";
  return rules;
}

}  // namespace

TimerBlock::TimerBlock(memory::OwnerId key, BlockSpec spec, TimerSpec timer,
                       bool required)
    : LeafBlock(key, std::move(spec), TimerRules(timer, required)) {}

TimerSpec TimerSpecOf(const Metric& duration) {
  // docs/spec/runtime.md §7 GenericTimer: countdown if > 0 and not `^`,
  // else count-up.
  const bool countdown =
      duration.value.has_value() && *duration.value > 0 && !duration.count_up;
  TimerSpec timer;
  timer.direction =
      countdown ? runtime::TimerDirection::kDown : runtime::TimerDirection::kUp;
  if (countdown) {
    timer.duration_ms = static_cast<int64_t>(*duration.value);
    timer.countdown_cues = true;
  }
  return timer;
}

bool MatchesTimer(const GroupTraits& traits) {
  return traits.duration != nullptr && !traits.has_children;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildTimer(const KindInput& input,
                                                   runtime::BlockContext& ctx) {
  const Metric& duration = *input.traits.duration;
  BlockSpec block = input.BaseSpec(BlockKind::kTimer);
  block.display = DisplayGroups(input.group, true);
  const bool required =
      duration.required || HintIn(input.group, kHintRequiredTimer);
  const memory::OwnerId key = KeyFor(ctx, block);
  return std::make_unique<TimerBlock>(key, std::move(block),
                                      TimerSpecOf(duration), required);
}

}  // namespace wod::blocks
