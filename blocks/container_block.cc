#include "blocks/container_block.h"

#include <utility>

#include "blocks/block_label.h"
#include "blocks/compiler.h"
#include "blocks/rest_block.h"
#include "blocks/waiting_to_start_block.h"

namespace wod::blocks {

using runtime::BlockContext;
using runtime::ChildCursor;
using runtime::CompletionReason;
using runtime::MemoryTag;
using runtime::RoundState;

namespace {

// emom.md: a rest is injected only when at least this much of the interval
// remains (docs/spec/runtime.md §9.1: rest is allowed only if ≥ 1000 ms).
constexpr int64_t kMinRestMs = 1000;

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
  if (!cspec_.carried.empty()) {
    runtime::DisplayMetrics promote;
    runtime::MetricGroup group;
    for (const Metric& m : cspec_.carried) {
      if (m.kind == MetricKind::kResistance) {
        group.metrics.resistance.push_back(SegmentValue(m));
      } else if (m.kind == MetricKind::kDistance) {
        group.metrics.distance.push_back(SegmentValue(m));
      }
    }
    promote.groups.push_back(std::move(group));
    ctx.memory().Allocate<MemoryTag::kMetricPromote>(std::move(promote));
  }
  // Order of the mount records (amrap.md A1 row 1): sound, milestone, child.
  if (!cspec_.mount_sound.empty()) ctx.EmitSound(cspec_.mount_sound);
  if (cspec_.push_gate) {
    // docs/spec/runtime.md §6.4: SessionRoot's mount pushes the WaitingToStart
    // gate and dispatches nothing yet (skipOnMount).
    ctx.PushChild(std::make_unique<WaitingToStartBlock>(
        ctx.NewBlockKey("WaitingToStart", kWaitingToStartLabel, lines())));
    return;
  }
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
    const RoundState round = Rounds(ctx.memory());
    const auto n = static_cast<int64_t>(cspec_.rep_scheme.size());
    const int64_t i = ((round.current - 1) % n + n) % n;
    promoted.push_back(cspec_.rep_scheme[static_cast<size_t>(i)]);
  }
  promoted.insert(promoted.end(), cspec_.carried.begin(), cspec_.carried.end());
  std::unique_ptr<runtime::IRuntimeBlock> child = compiler_->CompileGroup(
      cspec_.groups[static_cast<size_t>(index)], promoted, ctx);
  if (child == nullptr) {
    ctx.RecordError(runtime::RuntimeErrorCode::kChildCompileFailed);
    return;
  }
  ctx.PushChild(std::move(child));
}

bool ContainerBlock::LoopsAgain(BlockContext& ctx) const {
  const RoundState round = Rounds(ctx.memory());
  switch (cspec_.loop) {
    case LoopMode::kSinglePass:
      return false;
    case LoopMode::kRounds:
    case LoopMode::kInterval:
      return !round.total.has_value() || round.current < *round.total;
    case LoopMode::kWhileTime:
      // docs/spec/runtime.md §9.2 loop condition `timer-active`: countdown
      // remaining > 0.
      return Remaining(ctx.memory(), ctx.now()) > 0;
  }
  return false;
}

void ContainerBlock::AdvanceRound(BlockContext& ctx) {
  if (!LoopsAgain(ctx)) {
    // docs/spec/runtime.md §9: not looping → children-complete; looping ran out
    // → rounds-exhausted.
    ctx.MarkComplete(cspec_.loop == LoopMode::kSinglePass
                         ? CompletionReason::kChildrenComplete
                         : CompletionReason::kRoundsExhausted);
    return;
  }
  ChildCursor cursor = ctx.memory().Get(cursor_);
  RoundState round = Rounds(ctx.memory());
  if (!round.total.has_value()) {
    // docs/spec/runtime.md §13.21, structural loop limit: an unbounded loop
    // that completes a second round within one turn consumed no input and would
    // never end at the frozen time.
    if (cursor.last_round_turn == ctx.turn()) {
      ctx.RecordError(runtime::RuntimeErrorCode::kLoopWithoutProgress);
      ctx.MarkComplete(CompletionReason::kRoundsExhausted);
      return;
    }
  }
  cursor.last_round_turn = ctx.turn();
  ++round.current;
  if (!ctx.memory().Set(cursor_, cursor) || !SetRounds(ctx.memory(), round)) {
    // Refused (recorded as an error): without the round counter or the
    // progress guard the loop could not end, so the block ends here.
    ctx.MarkComplete(CompletionReason::kRoundsExhausted);
    return;
  }
  Milestone(ctx);
  Dispatch(ctx, 0);
}

void ContainerBlock::Next(BlockContext& ctx) {
  if (ctx.completion() != CompletionReason::kNone) return;  // auto-pops
  ChildCursor cursor = ctx.memory().Get(cursor_);
  if (cursor.rest_active) {
    // docs/spec/runtime.md §9: the injected rest is over → the interval's round
    // is done.
    cursor.rest_active = false;
    // Refused (recorded as an error): the rest would seem active forever and
    // each next would skip a round, so nothing advances.
    if (!ctx.memory().Set(cursor_, cursor)) return;
    AdvanceRound(ctx);
    return;
  }
  if (cursor.next_group < cursor.total_groups) {
    Dispatch(ctx, cursor.next_group);
    return;
  }
  if (cspec_.loop == LoopMode::kInterval) {
    // emom.md: finished early with ≥ 1 s and less than a full interval left
    // → an injected Rest; the round advances when it pops.
    const int64_t remaining = Remaining(ctx.memory(), ctx.now());
    const int64_t interval =
        cspec_.timer.has_value() ? cspec_.timer->duration_ms.value_or(0) : 0;
    if (remaining >= kMinRestMs && remaining < interval && LoopsAgain(ctx)) {
      cursor.rest_active = true;
      // Refused (recorded as an error): no rest, the round advances at once.
      if (ctx.memory().Set(cursor_, cursor)) {
        ctx.PushChild(std::make_unique<RestBlock>(
            ctx.NewBlockKey("Rest", "Rest", lines()), remaining, lines()));
        return;
      }
    }
  }
  AdvanceRound(ctx);
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
  if (cspec_.loop == LoopMode::kInterval) {
    // emom.md M5: the next interval starts at the tick (overshoot dropped).
    runtime::TimerState timer = Timer(ctx.memory());
    timer.Restart(ctx.now());
    if (!SetTimer(ctx.memory(), std::move(timer)) || !ResetCues(ctx)) {
      // Refused (recorded as an error): the interval would expire again on
      // every tick, so the EMOM ends like an expired container.
      ctx.MarkComplete(CompletionReason::kTimerExpired);
      ctx.ClearAbove();
      return;
    }
    if (ctx.memory().Get(cursor_).rest_active) {
      // emom.md M7: the interval's timer:complete reaches the injected rest,
      // which pops with `event:timer:complete` (the table shows the
      // reference's event routing here, so we reproduce it for our own
      // rest only).
      ctx.MarkTopComplete(CompletionReason::kEventTimerComplete);
    }
  } else {
    // docs/spec/runtime.md §14.4: expiry of a container force-pops all
    // descendants first.
    ctx.MarkComplete(CompletionReason::kTimerExpired);
  }
  ctx.ClearAbove();
}

void ContainerBlock::Unmount(BlockContext& ctx) {
  if (!cspec_.unmount_sound.empty()) ctx.EmitSound(cspec_.unmount_sound);
  FinishResults(ctx);
}

}  // namespace wod::blocks
