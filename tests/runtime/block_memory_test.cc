// BlockMemory's child entries (docs/spec/design.md §2): a block allocates
// children only under its own entries, lists the children of readable
// entries by tag, releases only child subtrees of its own entries, and its
// children go with the key when the stack releases it.
#include "runtime/block_memory.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "runtime/block_state.h"
#include "runtime/memory_tag.h"
#include "runtime/runtime_error.h"

namespace wod::runtime {
namespace {

class CountingSink : public RuntimeErrorSink {
 public:
  void RecordError(RuntimeErrorCode code) override { codes.push_back(code); }
  std::vector<RuntimeErrorCode> codes;
};

class BlockMemoryChildren : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<MemoryTypes> types = MemoryTypes::Register(memory_);
    ASSERT_TRUE(types.ok()) << types.status();
    types_ = *types;
    mine_ = BlockMemory::CreateOwner(memory_, "Mine", "mine", 1, 1, 0);
    other_ = BlockMemory::CreateOwner(memory_, "Other", "other", 2, 2, 0);
  }
  BlockMemory View(memory::OwnerId owner) {
    return BlockMemory(memory_, types_, owner, /*stack=*/nullptr,
                       /*log=*/nullptr, /*now_ms=*/0, &errors_);
  }

  memory::RuntimeMemory memory_;
  MemoryTypes types_;
  memory::OwnerId mine_;
  memory::OwnerId other_;
  CountingSink errors_;
};

TEST_F(BlockMemoryChildren, ChildIsOwnedByTheBlockAndLinkedToItsParent) {
  BlockMemory view = View(mine_);
  StateRef<TimerState> timer = view.Allocate<MemoryTag::kTime>(TimerState{});
  StateRef<TimeSpan> span =
      view.AllocateChild<MemoryTag::kTimeSpan>(timer, TimeSpan{5, 7});
  ASSERT_TRUE(span.valid());
  EXPECT_EQ(span.owner(), mine_);
  EXPECT_EQ(span.tag(), MemoryTag::kTimeSpan);
  absl::StatusOr<memory::RefInfo> info = memory_.Describe(span.id());
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->parent, timer.id());
  EXPECT_EQ(info->owner, mine_);
  EXPECT_EQ(view.Get(span), (TimeSpan{5, 7}));
  EXPECT_TRUE(view.Set(span, TimeSpan{5, 9}));
  EXPECT_TRUE(errors_.codes.empty());
  EXPECT_TRUE(memory_.CheckInvariants().ok());
}

TEST_F(BlockMemoryChildren, ChildrenListsOnlyTheRequestedTag) {
  BlockMemory view = View(mine_);
  StateRef<RoundState> round = view.Allocate<MemoryTag::kRound>(RoundState{});
  StateRef<RoundResult> a =
      view.AllocateChild<MemoryTag::kRoundResult>(round, RoundResult{"a", {}});
  StateRef<RoundResult> b =
      view.AllocateChild<MemoryTag::kRoundResult>(round, RoundResult{"b", {}});
  // Another tag under the same parent is not a round result.
  ASSERT_TRUE(
      view.AllocateChild<MemoryTag::kTimeSpan>(round, TimeSpan{}).valid());
  std::vector<StateRef<RoundResult>> results =
      view.Children<MemoryTag::kRoundResult>(round);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].id(), a.id());
  EXPECT_EQ(results[1].id(), b.id());
  EXPECT_EQ(view.Get(results[1]).label, "b");
  EXPECT_EQ(view.Children<MemoryTag::kTimeSpan>(round).size(), 1u);
  EXPECT_TRUE(view.Children<MemoryTag::kTimeSpan>(a).empty());
}

TEST_F(BlockMemoryChildren, AnotherBlocksEntryCannotTakeChildrenOrBeListed) {
  StateRef<TimerState> theirs =
      View(other_).Allocate<MemoryTag::kTime>(TimerState{});
  ASSERT_TRUE(View(other_)
                  .AllocateChild<MemoryTag::kTimeSpan>(theirs, TimeSpan{})
                  .valid());
  BlockMemory view = View(mine_);
  const size_t before = memory_.size();
  EXPECT_FALSE(
      view.AllocateChild<MemoryTag::kTimeSpan>(theirs, TimeSpan{}).valid());
  EXPECT_EQ(memory_.size(), before);
  ASSERT_EQ(errors_.codes.size(), 1u);
  EXPECT_EQ(errors_.codes[0], RuntimeErrorCode::kBlockWriteRefused);
  // Not an ancestor (no stack): not readable, so no children either.
  EXPECT_TRUE(view.Children<MemoryTag::kTimeSpan>(theirs).empty());
  // Nor may its children be released.
  EXPECT_FALSE(view.ReleaseChildren(theirs).has_value());
  EXPECT_EQ(memory_.size(), before);
  EXPECT_EQ(errors_.codes.size(), 2u);
}

TEST_F(BlockMemoryChildren, ReleaseChildTakesItsSubtreeButNeverARoot) {
  BlockMemory view = View(mine_);
  StateRef<RoundState> round = view.Allocate<MemoryTag::kRound>(RoundState{});
  StateRef<RoundResult> result =
      view.AllocateChild<MemoryTag::kRoundResult>(round, RoundResult{"a", {}});
  StateRef<TimeSpan> grandchild =
      view.AllocateChild<MemoryTag::kTimeSpan>(result, TimeSpan{});
  // A root entry lives as long as the block.
  EXPECT_FALSE(view.ReleaseChild(round));
  EXPECT_EQ(errors_.codes.size(), 1u);
  EXPECT_TRUE(memory_.IsValid(round.id()));

  EXPECT_TRUE(view.ReleaseChild(result));
  EXPECT_FALSE(memory_.IsValid(result.id()));
  EXPECT_FALSE(memory_.IsValid(grandchild.id()));
  EXPECT_TRUE(memory_.IsValid(round.id()));
  // Idempotent, like Release.
  EXPECT_TRUE(view.ReleaseChild(result));
  EXPECT_EQ(errors_.codes.size(), 1u);
  EXPECT_TRUE(memory_.CheckInvariants().ok());
}

TEST_F(BlockMemoryChildren, ReleaseChildrenEmptiesTheParentAndKeepsIt) {
  BlockMemory view = View(mine_);
  StateRef<TimerState> timer = view.Allocate<MemoryTag::kTime>(TimerState{});
  for (int i = 0; i < 3; ++i) {
    StateRef<TimeSpan> span =
        view.AllocateChild<MemoryTag::kTimeSpan>(timer, TimeSpan{i, i + 1});
    ASSERT_TRUE(
        view.AllocateChild<MemoryTag::kTimeSpan>(span, TimeSpan{}).valid());
  }
  EXPECT_EQ(memory_.size(), 7u);
  EXPECT_EQ(view.ReleaseChildren(timer), std::optional<size_t>(6));
  EXPECT_EQ(memory_.size(), 1u);
  EXPECT_TRUE(memory_.IsValid(timer.id()));
  EXPECT_EQ(view.ReleaseChildren(timer), std::optional<size_t>(0));
  EXPECT_TRUE(errors_.codes.empty());
}

TEST_F(BlockMemoryChildren, ReleasingTheKeyReleasesEveryChild) {
  BlockMemory view = View(mine_);
  StateRef<TimerState> timer = view.Allocate<MemoryTag::kTime>(TimerState{});
  StateRef<TimeSpan> span =
      view.AllocateChild<MemoryTag::kTimeSpan>(timer, TimeSpan{});
  StateRef<RoundState> round = view.Allocate<MemoryTag::kRound>(RoundState{});
  StateRef<RoundResult> result =
      view.AllocateChild<MemoryTag::kRoundResult>(round, RoundResult{});
  // What the stack does on pop.
  ASSERT_TRUE(memory_.ReleaseOwner(mine_).ok());
  EXPECT_FALSE(memory_.IsValid(span.id()));
  EXPECT_FALSE(memory_.IsValid(result.id()));
  EXPECT_EQ(memory_.size(), 0u);
  // A released parent takes no children.
  EXPECT_FALSE(
      view.AllocateChild<MemoryTag::kTimeSpan>(timer, TimeSpan{}).valid());
  EXPECT_TRUE(view.Children<MemoryTag::kTimeSpan>(timer).empty());
}

TEST_F(BlockMemoryChildren, TypesMapBackToTheirTags) {
  for (const MemoryTagInfo& info : kMemoryTagTable) {
    SCOPED_TRACE(info.name);
    absl::StatusOr<memory::TypeId> id = memory_.types().FindId(info.name);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(types_.TagOf(*id), info.tag);
  }
  EXPECT_EQ(types_.TagOf(memory::kInvalidTypeId), std::nullopt);
}

TEST(TimerReading, ElapsedAndTotalOverSpans) {
  TimerReading timer;
  timer.state.direction = TimerDirection::kDown;
  timer.state.duration_ms = 60'000;
  timer.spans = {TimeSpan{0, 1000}, TimeSpan{1500, std::nullopt}};
  EXPECT_EQ(timer.Elapsed(2500), 2000);
  EXPECT_EQ(timer.Total(2500), 2500);
  EXPECT_TRUE(timer.running());
  timer.spans.back().end_ms = 2000;
  EXPECT_EQ(timer.Elapsed(9999), 1500);
  EXPECT_EQ(timer.Total(9999), 2000);
  EXPECT_FALSE(timer.running());
  EXPECT_EQ(TimerReading{}.Elapsed(5), 0);
  EXPECT_EQ(TimerReading{}.Total(5), 0);
}

}  // namespace
}  // namespace wod::runtime
