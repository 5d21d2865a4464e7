#include "blocks/rounds_block.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "blocks/effort_block.h"
#include "blocks/timer_block.h"

namespace wod::blocks {
namespace {

// The group's rep scheme: every rep metric with a value, in order.
std::vector<Metric> RepScheme(const std::vector<const Statement*>& group) {
  std::vector<Metric> scheme;
  for (const Statement* s : group) {
    for (const Metric& m : s->metrics) {
      if (m.kind == MetricKind::kRep && m.value.has_value()) {
        scheme.push_back(m);
      }
    }
  }
  return scheme;
}

}  // namespace

bool RoundsBlock::LoopsAgain(runtime::BlockContext& ctx) const {
  // A time cap (docs/spec/language.md §10.5) also ends the loop; its expiry
  // pops the block like any container countdown.
  const std::optional<TimerSpec>& cap = container_spec().timer;
  if (cap.has_value() && cap->direction == runtime::TimerDirection::kDown &&
      Remaining(ctx.memory(), ctx.now()) <= 0) {
    return false;
  }
  return RoundsRemain(ctx.memory());
}

bool MatchesRounds(const GroupTraits& traits) {
  return traits.rounds != nullptr && traits.has_children;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildRounds(
    const KindInput& input, runtime::BlockContext& ctx) {
  // docs/spec/runtime.md §7 (GenericLoop): rep metrics are not part of the
  // Rounds display.
  const Metric& rounds = *input.traits.rounds;
  std::vector<Metric> scheme = RepScheme(input.group);
  ContainerSpec spec;
  spec.block = input.BaseSpec(BlockKind::kRounds);
  spec.block.display = DisplayGroups(input.group, false);
  spec.groups = input.child_groups;
  int64_t total =
      rounds.value.has_value() ? static_cast<int64_t>(*rounds.value) : 1;
  if (total <= 1 && !scheme.empty() && !rounds.value.has_value()) {
    total = static_cast<int64_t>(scheme.size());
  }
  spec.total_rounds = total;
  spec.rep_scheme = std::move(scheme);
  spec.carried = CarriedMetrics(input.group);
  if (input.traits.capped_scheme) {
    // `(21-15-9) 11:00`: the rounds run under an 11:00 cap
    // (docs/spec/language.md §10.5).
    spec.timer = TimerSpecOf(*input.traits.duration);
    spec.unmount_sound = "timer-complete";
  }
  return MakeContainer<RoundsBlock>(ctx, std::move(spec), input.compiler);
}

bool MatchesRoundsLeaf(const GroupTraits& traits) {
  return traits.rounds != nullptr && !traits.has_children;
}

std::unique_ptr<runtime::IRuntimeBlock> BuildRoundsLeaf(
    const KindInput& input, runtime::BlockContext& ctx) {
  // misc-integration.md X4: a leaf Rounds completes on one next.
  BlockSpec block = input.BaseSpec(BlockKind::kRoundsLeaf);
  block.display = DisplayGroups(input.group, false);
  const memory::OwnerId key = KeyFor(ctx, block);
  return std::make_unique<EffortBlock>(key, std::move(block),
                                       /*timed=*/false);
}

}  // namespace wod::blocks
