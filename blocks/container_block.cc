#include "blocks/container_block.h"

#include <memory>
#include <utility>
#include <vector>

#include "blocks/block_label.h"
#include "blocks/compiler.h"

namespace wod::blocks {

using runtime::BlockContext;
using runtime::ChildCursor;
using runtime::CompletionReason;
using runtime::MemoryTag;
using runtime::RoundState;

namespace {

// Bounds on the rounds a loop may complete in one turn, when no time passes
// and no input arrives (docs/spec/runtime.md §13.21). A real round waits for a
// `next` or a tick, so these only cut loops over children that complete at
// once; the second bound keeps nested such loops from multiplying.
constexpr int64_t kMaxZeroTimeRounds = 100;
constexpr uint64_t kMaxLoopTransitionsPerTurn = 500;

}  // namespace

ContainerBlock::ContainerBlock(memory::OwnerId key, ContainerSpec spec,
                               const Compiler* compiler)
    : ScriptBlock(key, spec.block),
      cspec_(std::move(spec)),
      compiler_(compiler) {}

void ContainerBlock::Mount(BlockContext& ctx) {
  MountCommon(ctx);
  if (cspec_.timer.has_value()) StartTimer(ctx, *cspec_.timer);
  StartRounds(ctx, RoundState{1, cspec_.total_rounds});
  ChildCursor cursor;
  cursor.total_groups = static_cast<int>(cspec_.groups.size());
  cursor_ = ctx.memory().Allocate<MemoryTag::kChildrenStatus>(cursor);
  AllocatePromotions(ctx);
  // Order of the mount records (amrap.md A1 row 1): sound, milestone, child.
  if (!cspec_.mount_sound.empty()) ctx.EmitSound(cspec_.mount_sound);
  StartChildren(ctx);
}

void ContainerBlock::AllocatePromotions(BlockContext& ctx) {
  if (cspec_.carried.empty() && cspec_.rep_scheme.empty()) return;
  runtime::DisplayMetrics promote;
  runtime::MetricGroup group;
  for (const Metric& m : cspec_.rep_scheme) {
    group.metrics.rep.push_back(SegmentValue(m));
  }
  for (const Metric& m : cspec_.carried) {
    if (m.kind == MetricKind::kResistance) {
      group.metrics.resistance.push_back(SegmentValue(m));
    } else if (m.kind == MetricKind::kDistance) {
      group.metrics.distance.push_back(SegmentValue(m));
    }
  }
  promote.groups.push_back(std::move(group));
  const runtime::StateRef<runtime::DisplayMetrics> promoted =
      ctx.memory().Allocate<MemoryTag::kMetricPromote>(std::move(promote));
  if (cspec_.rep_scheme.empty()) return;
  // metric-inheritance.md MI2: the rep of the current round (round 1 now;
  // Dispatch keeps it current).
  runtime::DisplayMetrics target;
  target.groups.emplace_back();
  target.groups.back().metrics.rep.push_back(SegmentValue(RepFor(1)));
  rep_target_ = ctx.memory().AllocateChild<MemoryTag::kMetricRepTarget>(
      promoted, std::move(target));
}

const Metric& ContainerBlock::RepFor(int64_t round) const {
  const auto n = static_cast<int64_t>(cspec_.rep_scheme.size());
  const int64_t i = ((round - 1) % n + n) % n;
  return cspec_.rep_scheme[static_cast<size_t>(i)];
}

void ContainerBlock::ChildFinished(std::vector<runtime::RoundResult> results) {
  for (runtime::RoundResult& result : results) {
    arrived_.push_back(std::move(result));
  }
}

void ContainerBlock::StoreArrivedResults(BlockContext& ctx) {
  if (arrived_.empty()) return;
  std::vector<runtime::RoundResult> results = std::move(arrived_);
  arrived_.clear();
  // Refused (recorded as an error): the round's results are not shown; the
  // segment records have them either way.
  (void)KeepRoundResults(ctx.memory(), std::move(results));
}

void ContainerBlock::PushReporting(BlockContext& ctx,
                                   std::unique_ptr<ScriptBlock> child) {
  child->ReportResultsTo(this);
  ctx.PushChild(std::move(child));
}

void ContainerBlock::StartChildren(BlockContext& ctx) {
  if (cspec_.total_rounds.has_value() && *cspec_.total_rounds <= 0) {
    // `(0)`: nothing to run (docs/spec/runtime.md §9 safety: round > total
    // completes).
    ctx.MarkComplete(CompletionReason::kRoundsExhausted);
    ctx.PopSelf();
    return;
  }
  Milestone(ctx);
  Dispatch(ctx, 0);
}

ChildCursor ContainerBlock::Cursor(const runtime::BlockMemory& memory) const {
  return memory.Get(cursor_);
}

bool ContainerBlock::SetCursor(runtime::BlockMemory& memory,
                               ChildCursor cursor) const {
  return memory.Set(cursor_, cursor);
}

bool ContainerBlock::RoundsRemain(const runtime::BlockMemory& memory) const {
  const RoundState round = Rounds(memory);
  return !round.total.has_value() || round.current < *round.total;
}

void ContainerBlock::Dispatch(BlockContext& ctx, int index) {
  ChildCursor cursor = ctx.memory().Get(cursor_);
  if (index < 0 || index >= static_cast<int>(cspec_.groups.size())) return;
  cursor.next_group = index + 1;
  // Without the cursor stored the same group would run again on every next:
  // a refused write (recorded as an error) dispatches nothing.
  if (!ctx.memory().Set(cursor_, cursor)) return;
  std::vector<Metric> promoted;
  if (!cspec_.rep_scheme.empty()) {
    // metric-inheritance.md MI2: children get the current round's rep.
    const Metric& rep = RepFor(Rounds(ctx.memory()).current);
    runtime::DisplayMetrics target;
    target.groups.emplace_back();
    target.groups.back().metrics.rep.push_back(SegmentValue(rep));
    if (!(ctx.memory().Get(rep_target_) == target) &&
        !ctx.memory().Set(rep_target_, std::move(target))) {
      // Recorded as an error by the view; the child still gets its rep
      // below, only the promotion entry shows the previous one.
    }
    promoted.push_back(rep);
  }
  promoted.insert(promoted.end(), cspec_.carried.begin(), cspec_.carried.end());
  std::unique_ptr<runtime::IRuntimeBlock> child = compiler_->CompileGroup(
      cspec_.groups[static_cast<size_t>(index)], promoted, ctx);
  if (child == nullptr) {
    ctx.RecordError(runtime::RuntimeErrorCode::kChildCompileFailed);
    return;
  }
  // Every kind the compiler builds is a ScriptBlock; any other block still
  // runs, it only keeps its results out of this round's tree.
  if (auto* script = dynamic_cast<ScriptBlock*>(child.get())) {
    script->ReportResultsTo(this);
  }
  ctx.PushChild(std::move(child));
}

void ContainerBlock::AdvanceRound(BlockContext& ctx) {
  if (!LoopsAgain(ctx)) {
    // docs/spec/runtime.md §9: not looping → children-complete; looping ran out
    // → rounds-exhausted.
    ctx.MarkComplete(DoneReason());
    return;
  }
  ChildCursor cursor = ctx.memory().Get(cursor_);
  RoundState round = Rounds(ctx.memory());
  const bool same_turn = cursor.last_round_turn == ctx.turn();
  if (!round.total.has_value() && same_turn) {
    // docs/spec/runtime.md §13.21, structural loop limit: an unbounded loop
    // that completes a second round within one turn consumed no input and would
    // never end at the frozen time.
    ctx.RecordError(runtime::RuntimeErrorCode::kLoopWithoutProgress);
    ctx.MarkComplete(CompletionReason::kRoundsExhausted);
    return;
  }
  cursor.rounds_this_turn = same_turn ? cursor.rounds_this_turn + 1 : 1;
  if (cursor.rounds_this_turn > kMaxZeroTimeRounds ||
      ctx.transitions_this_turn() > kMaxLoopTransitionsPerTurn) {
    // docs/spec/runtime.md §13.21: a bounded loop whose rounds take no time
    // (`(999999999999999)` over `(0)`) would run every round inside one step.
    // It ends here, and the error says so; the session goes on.
    ctx.RecordError(runtime::RuntimeErrorCode::kZeroTimeLoop);
    ctx.MarkComplete(CompletionReason::kRoundsExhausted);
    return;
  }
  cursor.last_round_turn = ctx.turn();
  ++round.current;
  if (!ctx.memory().Set(cursor_, cursor) || !SetRounds(ctx.memory(), round)) {
    // Refused (recorded as an error): without the round counter or the
    // progress guard the loop could not end, so the block ends here.
    ctx.MarkComplete(CompletionReason::kRoundsExhausted);
    return;
  }
  // The finished round's results live on in the segment records; releasing
  // them here keeps memory flat however many rounds run. Refused (recorded
  // as an error): they stay until the block pops.
  (void)ReleaseRoundResults(ctx.memory());
  Milestone(ctx);
  Dispatch(ctx, 0);
}

void ContainerBlock::Next(BlockContext& ctx) {
  StoreArrivedResults(ctx);
  if (ctx.completion() != CompletionReason::kNone) return;  // auto-pops
  const ChildCursor cursor = ctx.memory().Get(cursor_);
  // An injected rest (EMOM) runs after the round's last group: its pop ends
  // the round like that group's would.
  if (!cursor.rest_active && cursor.next_group < cursor.total_groups) {
    Dispatch(ctx, cursor.next_group);
    return;
  }
  RoundDone(ctx);
}

void ContainerBlock::OnEvent(BlockContext& ctx,
                             const runtime::RuntimeEvent& event) {
  if (HandlePauseResume(ctx, event)) return;
  if (!event.Is(runtime::kEventTick) || !cspec_.timer.has_value() ||
      cspec_.timer->direction != runtime::TimerDirection::kDown) {
    return;
  }
  // Parent countdowns keep running under their children (bubble scope,
  // amrap.md A8: the AMRAP beeps while an effort is on top).
  CountdownCues(ctx);
  if (!CountdownExpired(ctx.memory(), ctx.now())) return;
  Expire(ctx);
  ctx.ClearAbove();
}

void ContainerBlock::Expire(BlockContext& ctx) {
  // docs/spec/runtime.md §14.4: expiry of a container force-pops all
  // descendants first.
  ctx.MarkComplete(CompletionReason::kTimerExpired);
}

void ContainerBlock::Unmount(BlockContext& ctx) {
  // Children aborted with this block (docs/spec/runtime.md §5.5) reported
  // without a `Next` to store them; the whole subtree goes with the pop.
  arrived_.clear();
  if (!cspec_.unmount_sound.empty()) ctx.EmitSound(cspec_.unmount_sound);
  FinishResults(ctx);
}

}  // namespace wod::blocks
