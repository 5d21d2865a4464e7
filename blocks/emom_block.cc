#include "blocks/emom_block.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "blocks/rest_block.h"

namespace wod::blocks {
namespace {

using runtime::BlockContext;
using runtime::ChildCursor;
using runtime::CompletionReason;

// The default EMOM round count and interval (docs/spec/runtime.md §7).
constexpr int64_t kDefaultEmomRounds = 10;
constexpr int64_t kDefaultIntervalMs = 60'000;

// emom.md: a rest is injected only when at least this much of the interval
// remains (docs/spec/runtime.md §9).
constexpr int64_t kMinRestMs = 1000;

}  // namespace

bool EmomBlock::LoopsAgain(BlockContext& ctx) const {
  return RoundsRemain(ctx.memory());
}

void EmomBlock::RoundDone(BlockContext& ctx) {
  ChildCursor cursor = Cursor(ctx.memory());
  if (cursor.rest_active) {
    // docs/spec/runtime.md §9: the injected rest is over → the interval's round
    // is done.
    cursor.rest_active = false;
    // Refused (recorded as an error): the rest would seem active forever and
    // each next would skip a round, so nothing advances.
    if (!SetCursor(ctx.memory(), cursor)) return;
    AdvanceRound(ctx);
    return;
  }
  // emom.md: finished early with ≥ 1 s and less than a full interval left
  // → an injected Rest; the round advances when it pops.
  const int64_t remaining = Remaining(ctx.memory(), ctx.now());
  const std::optional<TimerSpec>& timer = container_spec().timer;
  const int64_t interval =
      timer.has_value() ? timer->duration_ms.value_or(0) : 0;
  if (remaining >= kMinRestMs && remaining < interval && LoopsAgain(ctx)) {
    cursor.rest_active = true;
    // Refused (recorded as an error): no rest, the round advances at once.
    if (SetCursor(ctx.memory(), cursor)) {
      const std::string_view rest = BlockKindType(BlockKind::kRest);
      PushReporting(
          ctx, std::make_unique<RestBlock>(ctx.NewBlockKey(rest, rest, lines()),
                                           remaining, lines()));
      return;
    }
  }
  AdvanceRound(ctx);
}

void EmomBlock::Expire(BlockContext& ctx) {
  // emom.md M5: the next interval starts at the tick (overshoot dropped).
  if (!RestartTimer(ctx.memory(), ctx.now()) || !ResetCues(ctx)) {
    // Refused (recorded as an error): the interval would expire again on
    // every tick, so the EMOM ends like an expired container.
    ctx.MarkComplete(CompletionReason::kTimerExpired);
    return;
  }
  if (Cursor(ctx.memory()).rest_active) {
    // emom.md M7: the interval's timer:complete reaches the injected rest,
    // which pops with `event:timer:complete` (the table shows the
    // reference's event routing here, so we reproduce it for our own
    // rest only).
    ctx.MarkTopComplete(CompletionReason::kEventTimerComplete);
  }
}

bool MatchesEmom(const GroupTraits& traits) { return traits.emom; }

std::unique_ptr<runtime::IRuntimeBlock> BuildEmom(const KindInput& input,
                                                  BlockContext& ctx) {
  // docs/spec/runtime.md §7 (IntervalLogic).
  const Metric& duration = *input.traits.duration;
  const Metric* rounds = input.traits.rounds;
  ContainerSpec spec;
  spec.block = input.BaseSpec(BlockKind::kEmom);
  spec.groups = input.child_groups;
  spec.block.display = DisplayGroups(input.group, true);
  TimerSpec timer;
  timer.direction = runtime::TimerDirection::kDown;
  timer.duration_ms = duration.value.has_value()
                          ? static_cast<int64_t>(*duration.value)
                          : kDefaultIntervalMs;
  timer.countdown_cues = true;
  spec.timer = timer;
  spec.total_rounds = rounds != nullptr && rounds->value.has_value()
                          ? static_cast<int64_t>(*rounds->value)
                          : kDefaultEmomRounds;
  spec.mount_sound = "interval-start";
  spec.unmount_sound = "interval-complete";
  spec.carried = CarriedMetrics(input.group);
  return MakeContainer<EmomBlock>(ctx, std::move(spec), input.compiler);
}

}  // namespace wod::blocks
