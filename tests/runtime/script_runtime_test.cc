// ScriptRuntime contracts (docs/spec/design.md §3,
// docs/spec/runtime.md §5, §14): plain "legacy" blocks, release on pop, the
// pop order, misuse that must never crash, invariants, independence of two
// runtimes.
#include "runtime/script_runtime.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/block_memory.h"
#include "runtime/memory_tag.h"
#include "runtime/runtime_block.h"
#include "runtime/runtime_clock.h"

namespace wod::runtime {
namespace {

// A block that implements only the plain interface and never touches memory
// (the seed's FR6 "legacy" block). It completes on its first next.
class LegacyBlock : public IRuntimeBlock {
 public:
  LegacyBlock(memory::OwnerId key, std::string label)
      : key_(key), label_(std::move(label)) {}
  memory::OwnerId key() const override { return key_; }
  std::string_view type() const override { return "Legacy"; }
  std::string_view label() const override { return label_; }
  LineSpan lines() const override { return {}; }
  void Mount(BlockContext&) override { ++mounts; }
  void Next(BlockContext& ctx) override {
    ++nexts;
    ctx.MarkComplete(CompletionReason::kUserAdvance);
  }
  void OnEvent(BlockContext&, const RuntimeEvent& event) override {
    events.push_back(event.name);
  }
  void Unmount(BlockContext&) override { ++unmounts; }

  int mounts = 0;
  int nexts = 0;
  int unmounts = 0;
  std::vector<std::string> events;

 private:
  memory::OwnerId key_;
  std::string label_;
};

// A parent that pushes one child per next until `children` were run, and
// records the time and depth it saw in each next.
class ParentBlock : public RuntimeBlockBase {
 public:
  ParentBlock(memory::OwnerId key, int children)
      : RuntimeBlockBase(key, "Parent", "parent", {}), children_(children) {}
  void Mount(BlockContext& ctx) override {
    state_ = AllocateMemory<MemoryTag::kOwnerState>(ctx, 0);
    PushChild(ctx);
  }
  void Next(BlockContext& ctx) override {
    next_times.push_back(ctx.now());
    if (ctx.memory().Get(state_) >= children_) {
      ctx.MarkComplete(CompletionReason::kChildrenComplete);
      return;
    }
    PushChild(ctx);
  }
  StateRef<int64_t> state() const { return state_; }
  std::vector<int64_t> next_times;

 private:
  void PushChild(BlockContext& ctx) {
    // Literals convert: T comes from the ref alone (no deduction trap).
    EXPECT_TRUE(ctx.memory().Set(state_, ctx.memory().Get(state_, -1) + 1));
    ctx.PushChild(std::make_unique<ChildBlock>(
        ctx.NewBlockKey("Child", "child", {}), this));
  }

  class ChildBlock : public RuntimeBlockBase {
   public:
    ChildBlock(memory::OwnerId key, ParentBlock* parent)
        : RuntimeBlockBase(key, "Child", "child", {}), parent_(parent) {}
    void Mount(BlockContext& ctx) override {
      value_ = ctx.memory().Allocate<MemoryTag::kMetricLabel>("mine");
      // Reading an ancestor's entry is allowed...
      parent_->child_saw.push_back(ctx.memory().Get(parent_->state()));
      // ...writing it is not.
      parent_->child_wrote.push_back(
          ctx.memory().Set(parent_->state(), int64_t{99}));
      parent_->child_entries.push_back(value_.id());
    }
    void Next(BlockContext& ctx) override {
      ctx.MarkComplete(CompletionReason::kUserAdvance);
    }

   private:
    ParentBlock* parent_;
    StateRef<std::string> value_;
  };

 public:
  std::vector<memory::RefId> child_entries;
  std::vector<int64_t> child_saw;
  std::vector<bool> child_wrote;

 private:
  int children_;
  StateRef<int64_t> state_;
};

RuntimeEvent Next() { return RuntimeEvent::Named(kEventNext); }
RuntimeEvent Tick() { return RuntimeEvent::Named(kEventTick); }
RuntimeEvent Abort() { return RuntimeEvent::Named(kEventAbort); }

TEST(ScriptRuntime, LegacyBlockRunsUnchangedAndItsMemoryIsReleasedOnPop) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  const memory::OwnerId key = runtime.NewBlockKey("Legacy", "legacy", {});
  auto block = std::make_unique<LegacyBlock>(key, "legacy");
  LegacyBlock* legacy = block.get();
  runtime.Start(std::move(block));
  ASSERT_EQ(runtime.depth(), 1u);
  EXPECT_EQ(legacy->mounts, 1);
  // The stack allocated the completion flag on the block's behalf.
  EXPECT_GE(runtime.memory().OwnerUsage(key).live_refs, 1u);
  const std::vector<memory::RefId> owned = runtime.memory().ByOwner(key);
  ASSERT_FALSE(owned.empty());
  runtime.Handle(Next());
  EXPECT_EQ(runtime.depth(), 0u);
  EXPECT_TRUE(runtime.session_ended());
  for (memory::RefId id : owned) EXPECT_FALSE(runtime.memory().IsValid(id));
  EXPECT_EQ(runtime.memory().size(), 0u);
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, PopEmitsSegmentThenPopAndParentReactsInSameTurn) {
  VirtualClock clock(1000);
  ScriptRuntime runtime(clock);
  auto parent =
      std::make_unique<ParentBlock>(runtime.NewBlockKey("Parent", "p", {}), 2);
  ParentBlock* p = parent.get();
  runtime.Start(std::move(parent));
  ASSERT_EQ(runtime.depth(), 2u);
  clock.Advance(500);
  const size_t before = runtime.records().size();
  runtime.Handle(Next());  // child 1 pops, parent pushes child 2
  ASSERT_EQ(runtime.depth(), 2u);
  std::vector<std::string> kinds;
  for (size_t i = before; i < runtime.records().size(); ++i) {
    kinds.push_back(std::string(RecordKindName(runtime.records()[i].kind)));
    EXPECT_EQ(runtime.records()[i].t_ms, 1500);  // one frozen time per turn
  }
  // The new child's mount tries to write its parent's counter: that refused
  // write is recorded right after its push.
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"segment", "pop", "push", "error"}));
  ASSERT_EQ(p->next_times.size(), 1u);
  EXPECT_EQ(p->next_times[0], 1500);
  // The first child's entry was released by its pop.
  ASSERT_EQ(p->child_entries.size(), 2u);
  EXPECT_FALSE(runtime.memory().IsValid(p->child_entries[0]));
  EXPECT_TRUE(runtime.memory().IsValid(p->child_entries[1]));
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
  runtime.Handle(Next());
  EXPECT_EQ(runtime.depth(), 0u);
  EXPECT_EQ(runtime.memory().size(), 0u);
  EXPECT_EQ(runtime.push_count(), runtime.pop_count());
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, BlockReadsAncestorButCannotWriteIt) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  auto parent =
      std::make_unique<ParentBlock>(runtime.NewBlockKey("Parent", "p", {}), 1);
  ParentBlock* p = parent.get();
  runtime.Start(std::move(parent));
  ASSERT_EQ(runtime.depth(), 2u);
  EXPECT_EQ(runtime.DescribeStack(0).front().type, "Child");
  // The child saw the parent's counter (1) and its write was refused.
  EXPECT_EQ(p->child_saw, (std::vector<int64_t>{1}));
  EXPECT_EQ(p->child_wrote, (std::vector<bool>{false}));
}

// A block that pushes one child built with its own key: a misuse the
// runtime must survive. The child's pop retires the shared key, so the
// parent's completion flag is gone and its own pop cannot release the key.
class SharedKeyParent : public LegacyBlock {
 public:
  using LegacyBlock::LegacyBlock;
  void Mount(BlockContext& ctx) override {
    LegacyBlock::Mount(ctx);
    ctx.PushChild(std::make_unique<LegacyBlock>(key(), "child"));
  }
};

int CountErrors(const ScriptRuntime& runtime, RuntimeErrorCode code) {
  int n = 0;
  for (const RuntimeError& e : runtime.errors()) n += e.code == code ? 1 : 0;
  return n;
}

TEST(ScriptRuntime, RefusedWriteToAnotherBlocksEntryIsARecordedError) {
  VirtualClock clock(2000);
  ScriptRuntime runtime(clock);
  auto parent =
      std::make_unique<ParentBlock>(runtime.NewBlockKey("Parent", "p", {}), 1);
  ParentBlock* p = parent.get();
  runtime.Start(std::move(parent));
  ASSERT_EQ(p->child_wrote, (std::vector<bool>{false}));
  ASSERT_EQ(runtime.errors().size(), 1u);
  EXPECT_EQ(runtime.errors()[0].code, RuntimeErrorCode::kBlockWriteRefused);
  EXPECT_EQ(runtime.errors()[0].t_ms, 2000);
  // The refusal is a record too, in the order it happened: after the
  // child's push, before anything else the child does.
  ASSERT_GE(runtime.records().size(), 1u);
  EXPECT_EQ(runtime.records().back().ToTrace().text,
            "runtime error recorded: \"Block memory write refused\"");
  // The session still runs to its end.
  runtime.Handle(Next());
  EXPECT_EQ(runtime.depth(), 0u);
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, FailedReleaseOnPopIsARecordedErrorAndTheBlockStillPops) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  const memory::OwnerId key = runtime.NewBlockKey("Parent", "parent", {});
  runtime.Start(std::make_unique<SharedKeyParent>(key, "parent"));
  ASSERT_EQ(runtime.depth(), 2u);
  EXPECT_TRUE(runtime.errors().empty());
  // The child pops and retires the shared key; the parent then completes,
  // but its flag was released with the key: the write is refused, the
  // parent pops anyway, and retiring its key a second time fails.
  runtime.Handle(Next());
  EXPECT_EQ(runtime.depth(), 0u);
  EXPECT_TRUE(runtime.session_ended());
  EXPECT_EQ(CountErrors(runtime, RuntimeErrorCode::kBlockReleaseFailed), 1);
  EXPECT_GE(CountErrors(runtime, RuntimeErrorCode::kBlockWriteRefused), 1);
  ASSERT_FALSE(runtime.errors().empty());
  EXPECT_EQ(runtime.errors().back().code,
            RuntimeErrorCode::kBlockReleaseFailed);
  // The failure follows the parent's pop record.
  const auto& records = runtime.records();
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[records.size() - 2].kind, RecordKind::kPop);
  EXPECT_EQ(records.back().ToTrace().text,
            "runtime error recorded: \"Block memory could not be released on "
            "pop\"");
  EXPECT_EQ(runtime.push_count(), runtime.pop_count());
  EXPECT_EQ(runtime.memory().size(), 0u);
}

TEST(ScriptRuntime, NextOnEmptyStackRecordsOneErrorAndNeverCrashes) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  runtime.Start(nullptr);
  EXPECT_EQ(runtime.depth(), 0u);
  runtime.Handle(Next());
  runtime.Handle(Next());
  ASSERT_EQ(runtime.errors().size(), 2u);
  EXPECT_EQ(runtime.errors()[0].code, RuntimeErrorCode::kNextOnEmptyStack);
  EXPECT_EQ(runtime.records().back().ToTrace().text,
            "runtime error recorded: \"Invalid runtime state for next event\"");
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, TickAfterEndAbortTwiceAndUnknownEventsAreNoOps) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  const memory::OwnerId key = runtime.NewBlockKey("Legacy", "legacy", {});
  auto block = std::make_unique<LegacyBlock>(key, "legacy");
  LegacyBlock* legacy = block.get();
  runtime.Start(std::move(block));
  runtime.Handle(RuntimeEvent::Named("no-such-event"));
  EXPECT_EQ(runtime.depth(), 1u);
  ASSERT_EQ(legacy->events.size(), 1u);  // offered, ignored
  runtime.Handle(Abort());
  EXPECT_EQ(runtime.depth(), 0u);
  EXPECT_EQ(runtime.records().back().reason, CompletionReason::kUserAbort);
  const size_t records = runtime.records().size();
  runtime.Handle(Abort());
  clock.Advance(1000);
  runtime.Handle(Tick());
  runtime.Handle(RuntimeEvent::Named("timer:pause"));
  EXPECT_EQ(runtime.records().size(), records);
  EXPECT_TRUE(runtime.errors().empty());
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, AbortStillUnmountsAndEmitsSegmentForEveryBlock) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  runtime.Start(
      std::make_unique<ParentBlock>(runtime.NewBlockKey("Parent", "p", {}), 5));
  ASSERT_EQ(runtime.depth(), 2u);
  runtime.Handle(Abort());
  int segments = 0;
  int pops = 0;
  for (const Record& r : runtime.records()) {
    if (r.kind == RecordKind::kSegment) ++segments;
    if (r.kind == RecordKind::kPop) {
      ++pops;
      EXPECT_EQ(r.reason, CompletionReason::kUserAbort);
    }
  }
  EXPECT_EQ(segments, 2);
  EXPECT_EQ(pops, 2);
  EXPECT_EQ(runtime.memory().size(), 0u);
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
}

TEST(ScriptRuntime, TwoRuntimesInOneProcessAreIndependent) {
  VirtualClock clock_a;
  VirtualClock clock_b(5000);
  ScriptRuntime a(clock_a);
  ScriptRuntime b(clock_b);
  a.Start(std::make_unique<LegacyBlock>(a.NewBlockKey("L", "a", {}), "a"));
  b.Start(std::make_unique<ParentBlock>(b.NewBlockKey("P", "p", {}), 3));
  EXPECT_EQ(a.depth(), 1u);
  EXPECT_EQ(b.depth(), 2u);
  a.Handle(Next());
  EXPECT_EQ(a.depth(), 0u);
  EXPECT_EQ(b.depth(), 2u);
  EXPECT_EQ(b.records().front().t_ms, 5000);
  EXPECT_EQ(a.records().front().t_ms, 0);
  EXPECT_TRUE(a.CheckInvariants().ok()) << a.CheckInvariants();
  EXPECT_TRUE(b.CheckInvariants().ok()) << b.CheckInvariants();
}

TEST(ScriptRuntime, LifecycleLogKeepsOnlyTheNewestEntries) {
  VirtualClock clock;
  ScriptRuntimeOptions options;
  options.lifecycle_capacity = 4;
  ScriptRuntime runtime(clock, options);
  runtime.Start(
      std::make_unique<ParentBlock>(runtime.NewBlockKey("P", "p", {}), 10));
  for (int i = 0; i < 10; ++i) runtime.Handle(Next());
  EXPECT_EQ(runtime.lifecycle().size(), 4u);
  EXPECT_GT(runtime.lifecycle().dropped(), 0u);
  const std::vector<LifecycleEntry> entries = runtime.lifecycle().Entries();
  EXPECT_EQ(entries.back().kind, LifecycleKind::kRelease);
}

TEST(MemoryTag, EveryTagHasANameAKindAndMetricTagsATier) {
  for (const MemoryTagInfo& info : kMemoryTagTable) {
    SCOPED_TRACE(std::string(info.name));
    EXPECT_FALSE(info.name.empty());
    const bool metric = info.name.rfind("metric:", 0) == 0;
    EXPECT_EQ(metric, info.visibility != Visibility::kNone);
  }
  EXPECT_EQ(TagInfo(MemoryTag::kMetricResult).visibility, Visibility::kResult);
  EXPECT_EQ(TagInfo(MemoryTag::kMetricPromote).visibility,
            Visibility::kPromote);
  EXPECT_EQ(TagInfo(MemoryTag::kTime).kind, DisplayKind::kTimer);
  // Child entries have a display kind like their parents' data.
  EXPECT_EQ(TagInfo(MemoryTag::kTimeSpan).kind, DisplayKind::kTimer);
  EXPECT_EQ(TagInfo(MemoryTag::kRoundResult).kind, DisplayKind::kResult);
  EXPECT_EQ(TagFromName("time:span"), MemoryTag::kTimeSpan);
  EXPECT_EQ(TagFromName("round:result"), MemoryTag::kRoundResult);
  EXPECT_EQ(TagFromName("metric:display"), MemoryTag::kMetricDisplay);
  EXPECT_EQ(TagFromName("not-a-tag"), std::nullopt);
}

TEST(ScriptRuntime, EveryBlockIsAnOwnerWithItsMetadata) {
  VirtualClock clock;
  ScriptRuntime runtime(clock);
  const memory::OwnerId key = runtime.NewBlockKey("Legacy", "five", {3, 4});
  runtime.Start(std::make_unique<LegacyBlock>(key, "five"));
  auto record = runtime.memory().GetOwner(key);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->info.kind, "Legacy");
  EXPECT_EQ(record->info.label, "five");
  EXPECT_EQ(record->info.line_begin, 3);
  EXPECT_EQ(record->info.line_end, 4);
  runtime.Handle(Next());
  // Popped: retired, metadata kept for history.
  record = runtime.memory().GetOwner(key);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->state, memory::OwnerState::kRetired);
}

TEST(VirtualClock, NeverGoesBackwards) {
  VirtualClock clock(10);
  clock.Advance(5);
  clock.Advance(-100);
  EXPECT_EQ(clock.NowMs(), 15);
}

}  // namespace
}  // namespace wod::runtime
