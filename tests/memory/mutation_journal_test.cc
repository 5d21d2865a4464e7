// MutationJournal events and Replay.

#include "memory/mutation_journal.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::StatusIs;

TEST(MutationJournal, RecordsEveryMutationWithStepTimeAndSerializedValue) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  MutationJournal journal;
  memory.AttachObserver(&journal);
  journal.set_step(1);
  journal.set_virtual_time_ms(500);
  const OwnerId owner = *memory.CreateOwner({"Timer", "t", 3, 3, 1, -1});
  auto timer = *memory.Allocate(tags.timer, test::TimerValue{0, 10, 0}, owner);
  journal.set_step(2);
  journal.set_virtual_time_ms(1500);
  ASSERT_THAT(timer.Set(test::TimerValue{1, 10, 1000}), IsOk());
  ASSERT_THAT(timer.Set(test::TimerValue{1, 10, 1000}), IsOk());  // no-op
  auto child = *timer.CreateChild(tags.metric, int64_t{7});
  ASSERT_THAT(memory.Release(child.id()), IsOk());
  ASSERT_THAT(memory.RetireOwner(owner, 2), IsOk());
  const auto& e = journal.entries();
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].kind, MutationKind::kCreateOwner);
  EXPECT_EQ(e[0].owner_info.label, "t");
  EXPECT_EQ(e[1].kind, MutationKind::kAllocate);
  EXPECT_EQ(e[1].type, "timer-state");
  EXPECT_EQ(e[1].value, "0 10 0");
  EXPECT_EQ(e[1].step, 1);
  EXPECT_EQ(e[1].virtual_time_ms, 500);
  EXPECT_EQ(e[2].kind, MutationKind::kSet);
  EXPECT_EQ(e[2].value, "1 10 1000");
  EXPECT_EQ(e[2].step, 2);
  EXPECT_EQ(e[2].virtual_time_ms, 1500);
  EXPECT_EQ(e[3].kind, MutationKind::kAllocate);
  EXPECT_EQ(e[3].parent, timer.id());
  EXPECT_EQ(e[4].kind, MutationKind::kRelease);
  EXPECT_EQ(e[4].count, 1u);
  EXPECT_EQ(e[5].kind, MutationKind::kRetireOwner);
  EXPECT_EQ(e[5].count, 1u);
  for (size_t i = 0; i < e.size(); ++i) EXPECT_EQ(e[i].sequence, i);
  EXPECT_EQ(e.back().version, memory.version());
}

TEST(MutationJournal, DetachedJournalSeesNothing) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  MutationJournal journal;
  memory.AttachObserver(&journal);
  const OwnerId owner = *memory.CreateOwner({});
  memory.AttachObserver(nullptr);
  auto ref = *memory.Allocate(tags.metric, int64_t{1}, owner);
  ASSERT_THAT(ref.Set(2), IsOk());
  ASSERT_THAT(memory.ReleaseOwner(owner), IsOk());
  EXPECT_EQ(journal.size(), 1u);
}

TEST(MutationJournal, ObserverCannotMutateTheMemory) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  struct Meddler : MutationObserver {
    RuntimeMemory* memory;
    OwnerId owner;
    TypeTag<int64_t> tag;
    std::vector<absl::StatusCode> codes;
    void OnMutation(const MutationEvent& event) override {
      if (event.kind == MutationKind::kAllocate) {
        codes.push_back(
            memory->Allocate(tag, int64_t{0}, owner).status().code());
      }
    }
  } meddler;
  meddler.memory = &memory;
  meddler.tag = tags.metric;
  meddler.owner = *memory.CreateOwner({});
  memory.AttachObserver(&meddler);
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{1}, meddler.owner), IsOk());
  EXPECT_THAT(meddler.codes,
              ::testing::ElementsAre(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(memory.size(), 1u);
}

TEST(MutationJournal, ReplayReproducesIdsValuesAndOwners) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  MutationJournal journal;
  memory.AttachObserver(&journal);
  const OwnerId a = *memory.CreateOwner({"Rounds", "(3)", 1, 4, 0, -1});
  auto root = *memory.Allocate(tags.timer, test::TimerValue{0, 3, 0}, a);
  auto label = *root.CreateChild(tags.label, std::string("round\t1"));
  ASSERT_THAT(label.Set(std::string(80, 'r')), IsOk());
  const OwnerId b =
      *memory.CreateOwner({"Effort", "21 Thrusters", 2, 2, 1, -1});
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{21}, b), IsOk());
  ASSERT_THAT(memory.Allocate(tags.exercise, int32_t{-4}, b), IsOk());
  ASSERT_THAT(memory.ReleaseOwner(b), IsOk());
  ASSERT_THAT(memory.RetireOwner(b, 3), IsOk());
  ASSERT_THAT(memory.ForgetOwner(b), IsOk());
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{15}, a), IsOk());
  OwnerInfo renamed{"Rounds", "(3) x", 1, 4, 0, -1};
  ASSERT_THAT(memory.UpdateOwnerInfo(a, renamed), IsOk());

  RuntimeMemory copy;
  test::RegisterTags(copy);
  ASSERT_THAT(Replay(journal, copy), IsOk());
  EXPECT_EQ(copy.Snapshot()->ToText(), memory.Snapshot()->ToText());
  EXPECT_EQ(copy.Snapshot()->ToJson(), memory.Snapshot()->ToJson());
  EXPECT_THAT(copy.CheckInvariants(), IsOk());
  EXPECT_FALSE(journal.ToText().empty());
}

TEST(MutationJournal, ReplayIntoAMemoryWithDifferentHistoryFails) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  MutationJournal journal;
  memory.AttachObserver(&journal);
  const OwnerId owner = *memory.CreateOwner({});
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{1}, owner), IsOk());
  RuntimeMemory other;
  test::RegisterTags(other);
  ASSERT_THAT(other.CreateOwner({}), IsOk());  // shifts every owner id
  EXPECT_THAT(Replay(journal, other),
              StatusIs(absl::StatusCode::kInvalidArgument));
  RuntimeMemory untyped;  // no types registered
  EXPECT_THAT(Replay(journal, untyped),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace wod::memory
