// MemorySnapshot capture, derived queries, text forms, pooling, Diff/Apply.

#include "memory/memory_snapshot.h"

#include <memory>
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
using ::wod::memory::testing::IsOkAndHolds;
using ::wod::memory::testing::StatusIs;

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tags_ = test::RegisterTags(memory_);
    OwnerInfo info;
    info.kind = "Timer";
    info.label = "20:00";
    owner_ = *memory_.CreateOwner(info);
  }
  RuntimeMemory memory_;
  test::Tags tags_;
  OwnerId owner_;
};

TEST_F(SnapshotTest, CapturesEveryLiveRefInIdOrderWithItsVersion) {
  auto timer =
      *memory_.Allocate(tags_.timer, test::TimerValue{1, 2, 3}, owner_);
  auto label = *timer.CreateChild(tags_.label, std::string(30, 'L'));
  auto metric = *memory_.Allocate(tags_.metric, int64_t{21}, owner_);
  auto snap = memory_.Snapshot();
  EXPECT_EQ(snap->version(), memory_.version());
  ASSERT_EQ(snap->size(), 3u);
  EXPECT_EQ(snap->entries()[0].id(), timer.id());
  EXPECT_EQ(snap->entries()[1].id(), label.id());
  EXPECT_EQ(snap->entries()[2].id(), metric.id());
  EXPECT_THAT(snap->Get<test::TimerValue>(timer.id()),
              IsOkAndHolds(test::TimerValue{1, 2, 3}));
  EXPECT_THAT(snap->Get<std::string>(label.id()),
              IsOkAndHolds(std::string(30, 'L')));
  EXPECT_THAT(snap->Get<int64_t>(label.id()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(snap->Get<int64_t>(RefId{500, 1}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(snap->ParentOf(*snap->Find(label.id())), timer.id());
  EXPECT_EQ(snap->OwnerOf(*snap->Find(metric.id())), owner_);
  EXPECT_THAT(snap->Children(timer.id()), ElementsAre(label.id()));
  EXPECT_THAT(snap->ByType(tags_.metric.id()), ElementsAre(metric.id()));
  EXPECT_THAT(snap->ByOwner(owner_),
              ElementsAre(timer.id(), label.id(), metric.id()));
  EXPECT_EQ(snap->Hierarchy(), memory_.Hierarchy());
  EXPECT_EQ(snap->CountByOwner(owner_), memory_.OwnerUsage(owner_));
  EXPECT_EQ(snap->CountByType(tags_.label.id()),
            memory_.TypeUsage(tags_.label.id()));
}

TEST_F(SnapshotTest, IsACopyUnaffectedByLaterMutations) {
  auto metric = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto label = *memory_.Allocate(tags_.label, std::string(40, 'a'), owner_);
  auto snap = memory_.Snapshot();
  const std::string before = snap->ToText();
  ASSERT_THAT(metric.Set(2), IsOk());
  ASSERT_THAT(label.Set(std::string(40, 'b')), IsOk());
  OwnerInfo renamed;
  renamed.label = "renamed";
  ASSERT_THAT(memory_.UpdateOwnerInfo(owner_, renamed), IsOk());
  ASSERT_THAT(memory_.RetireOwner(owner_, 5), IsOk());
  EXPECT_EQ(snap->ToText(), before);
  EXPECT_EQ(snap->Owner(owner_)->info.label, "20:00");
  EXPECT_EQ(snap->Owner(owner_)->state, OwnerState::kLive);
  // A later snapshot names the retired owner with its final metadata.
  auto after = memory_.Snapshot();
  ASSERT_TRUE(after->Owner(owner_).has_value());
  EXPECT_EQ(after->Owner(owner_)->state, OwnerState::kRetired);
  EXPECT_EQ(after->Owner(owner_)->info.label, "renamed");
  EXPECT_EQ(after->Owner(owner_)->info.released_step, 5);
  EXPECT_TRUE(after->empty());
}

TEST_F(SnapshotTest, OutlivesItsMemory) {
  std::shared_ptr<const MemorySnapshot> snap;
  std::string text;
  {
    RuntimeMemory memory;
    const test::Tags tags = test::RegisterTags(memory);
    const OwnerId owner = *memory.CreateOwner({"Rounds", "(3)"});
    ASSERT_THAT(memory.Allocate(tags.label, std::string(64, 'z'), owner),
                IsOk());
    snap = memory.Snapshot();
    text = snap->ToText();
  }
  EXPECT_EQ(snap->ToText(), text);
  EXPECT_EQ(snap->Owners().size(), 1u);
}

TEST_F(SnapshotTest, TextAndJsonAreDeterministicAndOrderedById) {
  auto timer =
      *memory_.Allocate(tags_.timer, test::TimerValue{1, 10, 500}, owner_);
  auto label = *timer.CreateChild(tags_.label, std::string("a\"b"));
  auto snap = memory_.Snapshot();
  const std::string expected_text = fmt::format(
      "snapshot version={} refs=2\n"
      "{} timer-state owner={}(Timer:20:00) parent=- = 1/10 500ms\n"
      "{} metadata owner={}(Timer:20:00) parent={} = \"a\\\"b\"\n",
      memory_.version(), ToString(timer.id()), ToString(owner_),
      ToString(label.id()), ToString(owner_), ToString(timer.id()));
  EXPECT_EQ(snap->ToText(), expected_text);
  const std::string expected_json = fmt::format(
      "{{\"version\":{},\"owners\":[{{\"id\":\"{}\",\"state\":\"live\","
      "\"kind\":\"Timer\",\"label\":\"20:00\",\"lines\":[0,0],"
      "\"created_step\":-1,\"released_step\":-1}}],\"refs\":["
      "{{\"id\":\"{}\",\"type\":\"timer-state\",\"owner\":\"{}\","
      "\"parent\":null,\"value\":\"1 10 500\"}},"
      "{{\"id\":\"{}\",\"type\":\"metadata\",\"owner\":\"{}\","
      "\"parent\":\"{}\",\"value\":\"\\\"a\\\\\\\"b\\\"\"}}]}}",
      memory_.version(), ToString(owner_), ToString(timer.id()),
      ToString(owner_), ToString(label.id()), ToString(owner_),
      ToString(timer.id()));
  EXPECT_EQ(snap->ToJson(), expected_json);
}

TEST_F(SnapshotTest, BuffersAreReusedOnceNoReaderHoldsThem) {
  for (int i = 0; i < 100; ++i) {
    ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{i}, owner_), IsOk());
  }
  const SnapshotEntry* first_buffer = nullptr;
  {
    auto snap = memory_.Snapshot();
    first_buffer = snap->entries().data();
    // While it is held, the next snapshot needs another buffer.
    auto second = memory_.Snapshot();
    EXPECT_NE(second->entries().data(), first_buffer);
  }
  auto again = memory_.Snapshot();
  auto again2 = memory_.Snapshot();
  const bool reused = again->entries().data() == first_buffer ||
                      again2->entries().data() == first_buffer;
  EXPECT_TRUE(reused);
  EXPECT_EQ(again->size(), 100u);
}

TEST_F(SnapshotTest, DiffReportsAddedRemovedAndChangedByEquality) {
  auto keep = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto change = *memory_.Allocate(tags_.label, std::string("x"), owner_);
  auto same = *memory_.Allocate(tags_.timer, test::TimerValue{}, owner_);
  auto gone = *memory_.Allocate(tags_.metric, int64_t{3}, owner_);
  auto a = memory_.Snapshot();
  ASSERT_THAT(change.Set(std::string("y")), IsOk());
  ASSERT_THAT(same.Set(test::TimerValue{}), IsOk());  // equal: not a change
  ASSERT_THAT(memory_.Release(gone.id()), IsOk());
  auto added = *memory_.Allocate(tags_.metric, int64_t{4}, owner_);
  auto b = memory_.Snapshot();
  const SnapshotDelta delta = Diff(*a, *b);
  EXPECT_EQ(delta.from_version, a->version());
  EXPECT_EQ(delta.to_version, b->version());
  EXPECT_THAT(delta.removed, ElementsAre(gone.id()));
  EXPECT_THAT(delta.added, ElementsAre(added.id()));
  EXPECT_THAT(delta.changed, ElementsAre(change.id()));
  (void)keep;
  EXPECT_TRUE(Diff(*b, *b).empty());
}

TEST_F(SnapshotTest, ApplyRebuildsTheNewerSnapshotEvenAfterBothAreGone) {
  auto r1 = *memory_.Allocate(tags_.label, std::string(50, 'p'), owner_);
  auto r2 = *r1.CreateChild(tags_.metric, int64_t{2});
  auto a = memory_.Snapshot();
  ASSERT_THAT(r1.Set(std::string(60, 'q')), IsOk());
  ASSERT_THAT(memory_.Release(r2.id()), IsOk());
  ASSERT_THAT(r1.CreateChild(tags_.timer, test::TimerValue{5, 6, 7}), IsOk());
  auto b = memory_.Snapshot();
  const std::string b_text = b->ToText();
  SnapshotDelta delta = Diff(*a, *b);
  b.reset();  // the delta holds its own value copies
  auto rebuilt = Apply(*a, delta);
  ASSERT_THAT(rebuilt, IsOk());
  EXPECT_EQ((*rebuilt)->ToText(), b_text);
  EXPECT_EQ((*rebuilt)->version(), delta.to_version);
}

TEST_F(SnapshotTest, ApplyRejectsAMismatchedBase) {
  auto r = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto a = memory_.Snapshot();
  ASSERT_THAT(memory_.Release(r.id()), IsOk());
  auto b = memory_.Snapshot();
  const SnapshotDelta delta = Diff(*a, *b);
  EXPECT_THAT(Apply(*b, delta),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  SnapshotDelta forged = delta;
  forged.from_version = b->version();
  EXPECT_THAT(Apply(*b, forged), StatusIs(absl::StatusCode::kInvalidArgument));
  SnapshotDelta broken = delta;
  broken.patch = nullptr;
  EXPECT_THAT(Apply(*a, broken), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(SnapshotTest, ReusedSlotDiffsAsRemovedPlusAdded) {
  auto r = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  auto a = memory_.Snapshot();
  ASSERT_THAT(memory_.Release(r.id()), IsOk());
  auto r2 = *memory_.Allocate(tags_.metric, int64_t{1}, owner_);
  ASSERT_EQ(r2.id().index, r.id().index);
  auto b = memory_.Snapshot();
  const SnapshotDelta delta = Diff(*a, *b);
  EXPECT_THAT(delta.removed, ElementsAre(r.id()));
  EXPECT_THAT(delta.added, ElementsAre(r2.id()));
  EXPECT_THAT(delta.changed, IsEmpty());
  auto rebuilt = Apply(*a, delta);
  ASSERT_THAT(rebuilt, IsOk());
  EXPECT_EQ((*rebuilt)->ToText(), b->ToText());
}

TEST_F(SnapshotTest, OwnerMetadataIsCopiedOnWriteAcrossManyOwners) {
  std::vector<OwnerId> owners;
  for (int i = 0; i < 200; ++i) {
    OwnerInfo info;
    info.label = fmt::format("block {}", i);
    owners.push_back(*memory_.CreateOwner(info));
  }
  auto before = memory_.Snapshot();
  OwnerInfo renamed;
  renamed.label = "renamed";
  ASSERT_THAT(memory_.UpdateOwnerInfo(owners[150], renamed), IsOk());
  ASSERT_THAT(memory_.RetireOwner(owners[3], 7), IsOk());
  auto after = memory_.Snapshot();
  EXPECT_EQ(before->Owner(owners[150])->info.label, "block 150");
  EXPECT_EQ(after->Owner(owners[150])->info.label, "renamed");
  EXPECT_EQ(before->Owner(owners[3])->state, OwnerState::kLive);
  EXPECT_EQ(after->Owner(owners[3])->state, OwnerState::kRetired);
  EXPECT_EQ(after->Owner(owners[199])->info.label, "block 199");
  EXPECT_EQ(after->Owners().size(), 201u);  // + the fixture's owner
}

}  // namespace
}  // namespace wod::memory
