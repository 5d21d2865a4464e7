// Watches and batches (docs/spec/design.md §2, "Subscriptions").

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::StatusIs;

// Records every callback as "name:<id>:<kinds>".
struct Recorder {
  std::vector<std::string> calls;
  WatchCallback Named(std::string name) {
    return [this, name](const RuntimeMemory&,
                        absl::Span<const MemoryChange> changes) {
      for (const MemoryChange& c : changes) {
        calls.push_back(fmt::format("{}:{}:{}", name, ToString(c.id),
                                    static_cast<int>(c.kinds)));
      }
    };
  }
};

class SubscriptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tags_ = test::RegisterTags(memory_);
    owner_ = *memory_.CreateOwner({"Test", "owner"});
  }
  RuntimeMemory memory_;
  test::Tags tags_;
  OwnerId owner_;
  Recorder rec_;
};

constexpr int kAllocated = 1;
constexpr int kChanged = 2;
constexpr int kReleased = 4;

TEST_F(SubscriptionsTest, RefWatchSeesSetAndReleaseOfThatRefOnly) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto b = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  memory_.WatchRef(a.id(), rec_.Named("w"));
  ASSERT_THAT(a.Set(2), IsOk());
  ASSERT_THAT(b.Set(2), IsOk());
  ASSERT_THAT(memory_.Release(a.id()), IsOk());
  EXPECT_THAT(rec_.calls,
              ElementsAre(fmt::format("w:{}:{}", ToString(a.id()), kChanged),
                          fmt::format("w:{}:{}", ToString(a.id()), kReleased)));
}

TEST_F(SubscriptionsTest, SetWithAnEqualValueNotifiesNobody) {
  auto a = *memory_.Allocate(tags_.label, std::string("same"), owner_);
  memory_.WatchRef(a.id(), rec_.Named("w"));
  memory_.WatchType(tags_.label.id(), rec_.Named("t"));
  const uint64_t version = memory_.version();
  ASSERT_THAT(a.Set("same"), IsOk());
  EXPECT_THAT(rec_.calls, IsEmpty());
  EXPECT_EQ(memory_.version(), version);
  ASSERT_THAT(memory_.SetFromText(a.id(), "\"same\""), IsOk());
  EXPECT_THAT(rec_.calls, IsEmpty());
}

TEST_F(SubscriptionsTest, TypeAndOwnerWatchesSeeAllocationsAndReleaseOwner) {
  const OwnerId other = *memory_.CreateOwner({});
  memory_.WatchType(tags_.timer.id(), rec_.Named("type"));
  memory_.WatchOwner(other, rec_.Named("owner"));
  auto t = *memory_.Allocate(tags_.timer, test::TimerValue{}, owner_);
  auto m = *memory_.Allocate(tags_.metric, int64_t{0}, other);
  ASSERT_THAT(memory_.ReleaseOwner(other), IsOk());
  EXPECT_THAT(
      rec_.calls,
      ElementsAre(fmt::format("type:{}:{}", ToString(t.id()), kAllocated),
                  fmt::format("owner:{}:{}", ToString(m.id()), kAllocated),
                  fmt::format("owner:{}:{}", ToString(m.id()), kReleased)));
}

TEST_F(SubscriptionsTest, CallbacksRunInRegistrationOrderAfterTheMutation) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  std::vector<std::string> order;
  for (const char* name : {"first", "second", "third"}) {
    memory_.WatchRef(
        a.id(), [&order, name, &a](const RuntimeMemory& m,
                                   absl::Span<const MemoryChange>) {
          // The mutation is complete: the new value is visible to callbacks.
          auto v = m.Get<int64_t>(a.id());
          order.push_back(fmt::format("{}={}", name, v.ok() ? *v : -1));
        });
  }
  ASSERT_THAT(a.Set(7), IsOk());
  EXPECT_THAT(order, ElementsAre("first=7", "second=7", "third=7"));
}

TEST_F(SubscriptionsTest, MutationInsideACallbackIsRefused) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto b = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  std::vector<absl::StatusCode> codes;
  memory_.WatchRef(
      a.id(), [&](const RuntimeMemory&, absl::Span<const MemoryChange>) {
        codes.push_back(b.Set(5).code());
        codes.push_back(
            memory_.Allocate(tags_.metric, int64_t{1}, owner_).status().code());
        codes.push_back(memory_.Release(b.id()).status().code());
        codes.push_back(memory_.ReleaseOwner(owner_).status().code());
        codes.push_back(memory_.CreateOwner({}).status().code());
        codes.push_back(memory_.BeginBatch().code());
        codes.push_back(memory_.EndBatch().code());
        EXPECT_TRUE(memory_.in_callback());
      });
  ASSERT_THAT(a.Set(2), IsOk());
  EXPECT_THAT(codes, ::testing::Each(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(codes.size(), 7u);
  EXPECT_THAT(b.Get(), ::wod::memory::testing::IsOkAndHolds(1));
  EXPECT_FALSE(memory_.in_callback());
  EXPECT_THAT(memory_.CheckInvariants(), IsOk());
}

TEST_F(SubscriptionsTest,
       WatchesAddedOrRemovedInACallbackTakeEffectAfterwards) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  WatchId second{};
  bool added = false;
  memory_.WatchRef(a.id(),
                   [&](const RuntimeMemory&, absl::Span<const MemoryChange>) {
                     rec_.calls.push_back("first");
                     if (!added) {
                       added = true;
                       memory_.WatchRef(a.id(), rec_.Named("late"));
                       EXPECT_THAT(memory_.Unwatch(second), IsOk());
                     }
                   });
  second = memory_.WatchRef(
      a.id(), [&](const RuntimeMemory&, absl::Span<const MemoryChange>) {
        rec_.calls.push_back("second");
      });
  ASSERT_THAT(a.Set(2), IsOk());
  // Round 1: the removed watch still runs, the added one does not yet.
  EXPECT_THAT(rec_.calls, ElementsAre("first", "second"));
  rec_.calls.clear();
  ASSERT_THAT(a.Set(3), IsOk());
  EXPECT_THAT(rec_.calls,
              ElementsAre("first", fmt::format("late:{}:{}", ToString(a.id()),
                                               kChanged)));
  EXPECT_THAT(memory_.Unwatch(second), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(SubscriptionsTest, BatchDeliversOneMergedChangePerRefAtEndBatch) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  memory_.WatchOwner(owner_, rec_.Named("o"));
  ASSERT_THAT(memory_.BeginBatch(), IsOk());
  ASSERT_THAT(a.Set(2), IsOk());
  ASSERT_THAT(a.Set(3), IsOk());
  auto b = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  ASSERT_THAT(b.Set(9), IsOk());
  ASSERT_THAT(memory_.BeginBatch(), IsOk());  // nested
  ASSERT_THAT(memory_.Release(a.id()), IsOk());
  ASSERT_THAT(memory_.EndBatch(), IsOk());
  EXPECT_THAT(rec_.calls, IsEmpty());
  ASSERT_THAT(memory_.EndBatch(), IsOk());
  EXPECT_THAT(
      rec_.calls,
      ElementsAre(
          fmt::format("o:{}:{}", ToString(a.id()), kChanged | kReleased),
          fmt::format("o:{}:{}", ToString(b.id()), kAllocated | kChanged)));
  EXPECT_THAT(memory_.EndBatch(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(SubscriptionsTest, UnwatchStopsDelivery) {
  auto a = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  const WatchId id = memory_.WatchRef(a.id(), rec_.Named("w"));
  ASSERT_THAT(memory_.Unwatch(id), IsOk());
  ASSERT_THAT(a.Set(5), IsOk());
  EXPECT_THAT(rec_.calls, IsEmpty());
  EXPECT_THAT(memory_.Unwatch(id), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(SubscriptionsTest, SubtreeReleaseNotifiesEveryReleasedRef) {
  auto root = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto child = *root.CreateChild(tags_.metric, int64_t{2});
  memory_.WatchType(tags_.metric.id(), rec_.Named("t"));
  ASSERT_THAT(memory_.Release(root.id()), IsOk());
  EXPECT_THAT(
      rec_.calls,
      ElementsAre(fmt::format("t:{}:{}", ToString(root.id()), kReleased),
                  fmt::format("t:{}:{}", ToString(child.id()), kReleased)));
}

}  // namespace
}  // namespace wod::memory
