#include "blocks/amrap_block.h"

#include <cstdint>
#include <utility>

#include "blocks/block_label.h"

namespace wod::blocks {

bool AmrapBlock::LoopsAgain(runtime::BlockContext& ctx) const {
  return Remaining(ctx.memory(), ctx.now()) > 0;
}

bool MatchesAmrap(const GroupTraits& traits) {
  return traits.duration != nullptr &&
         (traits.amrap_word || (traits.amrap && !traits.emom));
}

std::unique_ptr<runtime::IRuntimeBlock> BuildAmrap(const KindInput& input,
                                                   runtime::BlockContext& ctx) {
  // docs/spec/runtime.md §7; `20:00 (AMRAP)` is an AMRAP, not an EMOM (P2 ⚠).
  const Metric& duration = *input.traits.duration;
  ContainerSpec spec;
  spec.block = input.BaseSpec(BlockKind::kAmrap);
  const Metric* rounds = input.traits.rounds;
  if (input.traits.amrap_word && rounds != nullptr &&
      !rounds->value.has_value()) {
    spec.block.label = "AMRAP " + MetricImage(duration, input.source);
  }
  spec.groups = input.child_groups;
  spec.block.display = DisplayGroups(input.group, true);
  TimerSpec timer;
  timer.direction = runtime::TimerDirection::kDown;
  timer.duration_ms = static_cast<int64_t>(duration.value.value_or(0));
  timer.countdown_cues = true;
  spec.timer = timer;
  spec.total_rounds = std::nullopt;
  spec.mount_sound = "start-beep";
  spec.unmount_sound = "timer-complete";
  return MakeContainer<AmrapBlock>(ctx, std::move(spec), input.compiler);
}

}  // namespace wod::blocks
