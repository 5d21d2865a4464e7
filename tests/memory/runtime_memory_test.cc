#include "memory/runtime_memory.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::wod::memory::test::RegisterTags;
using ::wod::memory::test::Tags;
using ::wod::memory::test::TimerValue;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::IsOkAndHolds;
using ::wod::memory::testing::StatusIs;

class RuntimeMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override { tags_ = RegisterTags(memory_); }
  OwnerId NewOwner(std::string label = "block") {
    OwnerInfo info;
    info.kind = "Test";
    info.label = std::move(label);
    auto owner = memory_.CreateOwner(std::move(info));
    EXPECT_THAT(owner, IsOk());
    return *owner;
  }
  void ExpectInvariants() { EXPECT_THAT(memory_.CheckInvariants(), IsOk()); }

  RuntimeMemory memory_;
  Tags tags_;
};

TEST_F(RuntimeMemoryTest, AllocateGetSetRoundTrip) {
  const OwnerId owner = NewOwner();
  auto ref = memory_.Allocate(tags_.timer, TimerValue{1, 10, 100}, owner);
  ASSERT_THAT(ref, IsOk());
  EXPECT_TRUE(ref->IsValid());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(TimerValue{1, 10, 100}));
  EXPECT_THAT(ref->Set(TimerValue{2, 10, 200}), IsOk());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(TimerValue{2, 10, 200}));
  ASSERT_NE(ref->Peek(), nullptr);
  EXPECT_EQ(ref->Peek()->elapsed_ms, 200);
  EXPECT_EQ(memory_.size(), 1u);
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, OutOfLineStringValuesRoundTrip) {
  const OwnerId owner = NewOwner();
  const std::string long_text(100, 'x');
  auto ref = memory_.Allocate(tags_.label, long_text, owner);
  ASSERT_THAT(ref, IsOk());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(long_text));
  EXPECT_THAT(ref->Set("short"), IsOk());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(std::string("short")));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, ReleasedHandleIsInvalidAndAccessFails) {
  const OwnerId owner = NewOwner();
  auto ref = *memory_.Allocate(tags_.metric, int64_t{5}, owner);
  const RefId id = ref.id();
  EXPECT_THAT(memory_.Release(id), IsOkAndHolds(1u));
  EXPECT_FALSE(ref.IsValid());
  EXPECT_FALSE(memory_.IsValid(id));
  EXPECT_EQ(ref.Peek(), nullptr);
  EXPECT_THAT(ref.Get(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ref.Set(6), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(memory_.Get<int64_t>(id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.Set<int64_t>(id, 7),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ref.CreateChild(tags_.metric, int64_t{1}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // Release is idempotent.
  EXPECT_THAT(memory_.Release(id), IsOkAndHolds(0u));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, TextFormsOfAReleasedRefFailLikeTheTypedForms) {
  const OwnerId owner = NewOwner();
  auto ref = *memory_.Allocate(tags_.metric, int64_t{5}, owner);
  ASSERT_THAT(memory_.Release(ref.id()), IsOk());
  // Reads: NotFound, as Get. The write: FailedPrecondition, as Set.
  EXPECT_THAT(memory_.Describe(ref.id()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.FormatValue(ref.id()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.SerializeValue(ref.id()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.SetFromText(ref.id(), "7"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RuntimeMemoryTest, StaleHandleStaysInvalidAfterSlotReuse) {
  const OwnerId owner = NewOwner();
  auto first = *memory_.Allocate(tags_.metric, int64_t{1}, owner);
  ASSERT_THAT(memory_.Release(first.id()), IsOk());
  auto second = *memory_.Allocate(tags_.metric, int64_t{2}, owner);
  // Same slot, new generation: the old handle must not see the new value.
  EXPECT_EQ(second.id().index, first.id().index);
  EXPECT_NE(second.id().generation, first.id().generation);
  EXPECT_FALSE(first.IsValid());
  EXPECT_THAT(first.Get(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(second.Get(), IsOkAndHolds(2));
}

TEST_F(RuntimeMemoryTest, NullHandlesNeverResolve) {
  MemoryRef<int64_t> null_ref;
  EXPECT_FALSE(null_ref.IsValid());
  EXPECT_THAT(null_ref.Get(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(null_ref.Set(1), StatusIs(absl::StatusCode::kFailedPrecondition));
  const OwnerId owner = NewOwner();
  ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, owner), IsOk());
  ASSERT_THAT(memory_.Release(memory_.All()[0]), IsOk());
  // Slot 0 is free now; neither the null id nor forged ids resolve.
  EXPECT_FALSE(memory_.IsValid(RefId{}));
  EXPECT_FALSE(memory_.IsValid(RefId{0, 0}));
  EXPECT_FALSE(memory_.IsValid(RefId{0, 2}));
  EXPECT_FALSE(memory_.IsValid(RefId{123456, 1}));
  EXPECT_FALSE(memory_.IsValid(RefId{0xFFFFFFFFu, 1}));
  EXPECT_THAT(memory_.Describe(RefId{99, 1}),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RuntimeMemoryTest, WrongTypeAccessThroughUntypedIdIsAnError) {
  const OwnerId owner = NewOwner();
  auto ref = *memory_.Allocate(tags_.metric, int64_t{5}, owner);
  EXPECT_THAT(memory_.Get<int32_t>(ref.id()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(memory_.Set<std::string>(ref.id(), "x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(memory_.Typed<TimerValue>(ref.id()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // The message names the type held (display and C++ name) and the one
  // asked for, so a wrong read can be fixed from the message alone.
  const std::string held(wod::memory::CppTypeName<int64_t>());
  EXPECT_EQ(std::string(memory_.Typed<TimerValue>(ref.id()).status().message()),
            absl::StrCat("ref ", ToString(ref.id()), " holds a 'metric' (",
                         held, "), not the requested ",
                         std::string(wod::memory::CppTypeName<TimerValue>())));
  EXPECT_THAT(
      std::string(
          memory_.Snapshot()->Get<TimerValue>(ref.id()).status().message()),
      ::testing::HasSubstr("TimerValue"));
  EXPECT_THAT(memory_.Get<int64_t>(ref.id()), IsOkAndHolds(5));
  auto typed = memory_.Typed<int64_t>(ref.id());
  ASSERT_THAT(typed, IsOk());
  EXPECT_THAT(typed->Set(9), IsOk());
  EXPECT_THAT(ref.Get(), IsOkAndHolds(9));
}

TEST_F(RuntimeMemoryTest, ChildrenAreOwnedByTheParentsOwner) {
  const OwnerId owner = NewOwner();
  auto root = *memory_.Allocate(tags_.timer, TimerValue{}, owner);
  auto child = root.CreateChild(tags_.metric, int64_t{3});
  ASSERT_THAT(child, IsOk());
  auto grandchild = child->CreateChild(tags_.label, std::string("g"));
  ASSERT_THAT(grandchild, IsOk());
  auto info = memory_.Describe(grandchild->id());
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->owner, owner);
  EXPECT_EQ(info->parent, child->id());
  EXPECT_THAT(memory_.Children(root.id()), ElementsAre(child->id()));
  EXPECT_THAT(memory_.ByOwner(owner),
              ElementsAre(root.id(), child->id(), grandchild->id()));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, ReleaseTakesTheWholeSubtreeOnly) {
  const OwnerId owner = NewOwner();
  auto root = *memory_.Allocate(tags_.timer, TimerValue{}, owner);
  auto a = *root.CreateChild(tags_.metric, int64_t{1});
  auto b = *root.CreateChild(tags_.metric, int64_t{2});
  auto a1 = *a.CreateChild(tags_.metric, int64_t{11});
  auto a2 = *a.CreateChild(tags_.label, std::string(40, 'a'));
  auto other = *memory_.Allocate(tags_.metric, int64_t{9}, owner);
  EXPECT_THAT(memory_.Release(a.id()), IsOkAndHolds(3u));
  EXPECT_FALSE(a.IsValid());
  EXPECT_FALSE(a1.IsValid());
  EXPECT_FALSE(a2.IsValid());
  EXPECT_TRUE(root.IsValid());
  EXPECT_TRUE(b.IsValid());
  EXPECT_TRUE(other.IsValid());
  EXPECT_THAT(memory_.Children(root.id()), ElementsAre(b.id()));
  ExpectInvariants();
  EXPECT_THAT(memory_.Release(root.id()), IsOkAndHolds(2u));
  EXPECT_THAT(memory_.ByOwner(owner), ElementsAre(other.id()));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, ReleaseOwnerReleasesExactlyThatOwnersRefs) {
  const OwnerId a = NewOwner("a");
  const OwnerId b = NewOwner("b");
  std::vector<MemoryRef<int64_t>> a_refs;
  std::vector<MemoryRef<int64_t>> b_refs;
  for (int i = 0; i < 20; ++i) {
    a_refs.push_back(*memory_.Allocate(tags_.metric, int64_t{i}, a));
    b_refs.push_back(*memory_.Allocate(tags_.metric, int64_t{100 + i}, b));
  }
  auto child = *a_refs[3].CreateChild(tags_.label, std::string(50, 'c'));
  EXPECT_THAT(memory_.ReleaseOwner(a), IsOkAndHolds(21u));
  for (const auto& r : a_refs) EXPECT_FALSE(r.IsValid());
  EXPECT_FALSE(child.IsValid());
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(b_refs[static_cast<size_t>(i)].Get(), IsOkAndHolds(100 + i));
  }
  EXPECT_THAT(memory_.ByOwner(a), IsEmpty());
  EXPECT_THAT(memory_.ByOwner(b), SizeIs(20));
  EXPECT_TRUE(memory_.IsOwnerLive(a));  // the owner may allocate again
  EXPECT_THAT(memory_.ReleaseOwner(a), IsOkAndHolds(0u));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, ReusedBlocksKeepIdsDeterministic) {
  // Two memories driven by the same calls hand out the same ids.
  RuntimeMemory other;
  const Tags other_tags = RegisterTags(other);
  std::vector<RefId> ids_a;
  std::vector<RefId> ids_b;
  for (int round = 0; round < 3; ++round) {
    const OwnerId oa = *memory_.CreateOwner({});
    const OwnerId ob = *other.CreateOwner({});
    for (int i = 0; i < 13; ++i) {
      ids_a.push_back(memory_.Allocate(tags_.metric, int64_t{i}, oa)->id());
      ids_b.push_back(other.Allocate(other_tags.metric, int64_t{i}, ob)->id());
    }
    ASSERT_THAT(memory_.RetireOwner(oa, round), IsOk());
    ASSERT_THAT(other.RetireOwner(ob, round), IsOk());
  }
  EXPECT_EQ(ids_a, ids_b);
}

TEST_F(RuntimeMemoryTest, AllocateIntoDeadOwnerOrForeignTagFails) {
  const OwnerId owner = NewOwner();
  ASSERT_THAT(memory_.RetireOwner(owner, 4), IsOk());
  EXPECT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, owner),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, OwnerId{}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, OwnerId{77, 1}),
              StatusIs(absl::StatusCode::kNotFound));
  RuntimeMemory other;
  const Tags other_tags = RegisterTags(other);
  const OwnerId live = NewOwner();
  EXPECT_THAT(memory_.Allocate(other_tags.metric, int64_t{1}, live),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(memory_.Allocate(TypeTag<int64_t>(), int64_t{1}, live),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ExpectInvariants();
}

TEST(RuntimeMemoryLimits, AllocationFailsOnlyWhenIdSpaceIsExhausted) {
  MemoryOptions options;
  options.max_slots = 16;  // two blocks of 8
  RuntimeMemory memory(options);
  auto tag = *memory.RegisterType<int>("n");
  const OwnerId owner = *memory.CreateOwner({});
  std::vector<MemoryRef<int>> refs;
  for (int i = 0; i < 16; ++i) {
    auto ref = memory.Allocate(tag, i, owner);
    ASSERT_THAT(ref, IsOk()) << i;
    refs.push_back(*ref);
  }
  EXPECT_THAT(memory.Allocate(tag, 99, owner),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
  // Space comes back with release.
  ASSERT_THAT(memory.Release(refs[5].id()), IsOk());
  EXPECT_THAT(memory.Allocate(tag, 5, owner), IsOk());
  ASSERT_THAT(memory.ReleaseOwner(owner), IsOkAndHolds(16u));
  const OwnerId next = *memory.CreateOwner({});
  EXPECT_THAT(memory.Allocate(tag, 1, next), IsOk());
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

TEST(RuntimeMemoryLimits, SlotAtMaxGenerationIsRetiredNotReused) {
  MemoryOptions options;
  options.max_generation = 3;
  RuntimeMemory memory(options);
  auto tag = *memory.RegisterType<int>("n");
  const OwnerId owner = *memory.CreateOwner({});
  std::vector<RefId> seen;
  for (int i = 0; i < 3; ++i) {
    auto ref = *memory.Allocate(tag, i, owner);
    EXPECT_EQ(ref.id().index, 0u);
    EXPECT_EQ(ref.id().generation, static_cast<uint32_t>(i + 1));
    seen.push_back(ref.id());
    ASSERT_THAT(memory.Release(ref.id()), IsOk());
  }
  // Generation 3 was the last: slot 0 is retired, the next ref uses slot 1.
  auto next = *memory.Allocate(tag, 7, owner);
  EXPECT_NE(next.id().index, 0u);
  for (const RefId id : seen) EXPECT_FALSE(memory.IsValid(id));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

TEST(RuntimeMemoryLimits, FullyRetiredBlockLeavesServiceWithoutLeaking) {
  MemoryOptions options;
  options.max_generation = 1;
  options.max_slots = 16;
  RuntimeMemory memory(options);
  auto tag = *memory.RegisterType<int>("n");
  const OwnerId owner = *memory.CreateOwner({});
  for (int i = 0; i < 8; ++i)
    ASSERT_THAT(memory.Allocate(tag, i, owner), IsOk());
  EXPECT_THAT(memory.ReleaseOwner(owner), IsOkAndHolds(8u));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
  for (int i = 0; i < 8; ++i)
    ASSERT_THAT(memory.Allocate(tag, i, owner), IsOk());
  EXPECT_THAT(memory.Allocate(tag, 9, owner),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

TEST(RuntimeMemoryLimits, OwnerTableExhaustionIsResourceExhausted) {
  MemoryOptions options;
  options.max_owners = 2;
  RuntimeMemory memory(options);
  const OwnerId a = *memory.CreateOwner({});
  ASSERT_THAT(memory.CreateOwner({}), IsOk());
  EXPECT_THAT(memory.CreateOwner({}),
              StatusIs(absl::StatusCode::kResourceExhausted));
  ASSERT_THAT(memory.RetireOwner(a, 1), IsOk());
  ASSERT_THAT(memory.ForgetOwner(a), IsOk());
  auto c = memory.CreateOwner({});
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->index, a.index);
  EXPECT_NE(c->generation, a.generation);  // never the same OwnerId again
  EXPECT_FALSE(memory.IsOwnerLive(a));
}

TEST_F(RuntimeMemoryTest, RetiredOwnersKeepTheirMetadata) {
  OwnerInfo info;
  info.kind = "Timer";
  info.label = "20:00 AMRAP";
  info.line_begin = 2;
  info.line_end = 4;
  info.created_step = 1;
  const OwnerId owner = *memory_.CreateOwner(info);
  ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, owner), IsOk());
  EXPECT_THAT(memory_.RetireOwner(owner, 9), IsOkAndHolds(1u));
  auto record = memory_.GetOwner(owner);
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->state, OwnerState::kRetired);
  EXPECT_EQ(record->info.label, "20:00 AMRAP");
  EXPECT_EQ(record->info.line_begin, 2);
  EXPECT_EQ(record->info.released_step, 9);
  EXPECT_THAT(memory_.ReleaseOwner(owner),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(memory_.ForgetOwner(NewOwner()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(memory_.ForgetOwner(owner), IsOk());
  EXPECT_THAT(memory_.GetOwner(owner), StatusIs(absl::StatusCode::kNotFound));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, QueriesAreOrderedById) {
  const OwnerId a = NewOwner("a");
  const OwnerId b = NewOwner("b");
  std::vector<RefId> metrics;
  for (int i = 0; i < 10; ++i) {
    metrics.push_back(
        memory_.Allocate(tags_.metric, int64_t{i}, i % 2 ? a : b)->id());
    ASSERT_THAT(memory_.Allocate(tags_.exercise, i, i % 2 ? b : a), IsOk());
  }
  // Free holes, then refill: ids come from recycled slots.
  ASSERT_THAT(memory_.Release(metrics[2]), IsOk());
  ASSERT_THAT(memory_.Release(metrics[5]), IsOk());
  metrics.erase(metrics.begin() + 5);
  metrics.erase(metrics.begin() + 2);
  metrics.push_back(memory_.Allocate(tags_.metric, int64_t{50}, a)->id());
  std::sort(metrics.begin(), metrics.end());
  EXPECT_EQ(memory_.ByType(tags_.metric.id()), metrics);
  const std::vector<RefId> all = memory_.All();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_THAT(all, SizeIs(19));
  const std::vector<RefId> by_a = memory_.ByOwner(a);
  EXPECT_TRUE(std::is_sorted(by_a.begin(), by_a.end()));
  EXPECT_THAT(by_a, SizeIs(10));
  EXPECT_THAT(memory_.ByType(999), IsEmpty());
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, HierarchyIsPreOrderByOwnerThenId) {
  const OwnerId a = NewOwner("a");
  const OwnerId b = NewOwner("b");
  auto rb = *memory_.Allocate(tags_.metric, int64_t{0}, b);
  auto ra = *memory_.Allocate(tags_.timer, TimerValue{}, a);
  auto c1 = *ra.CreateChild(tags_.metric, int64_t{1});
  auto c2 = *ra.CreateChild(tags_.metric, int64_t{2});
  auto g = *c1.CreateChild(tags_.metric, int64_t{3});
  const std::vector<HierarchyRow> rows = memory_.Hierarchy();
  EXPECT_THAT(rows, ElementsAre(HierarchyRow{a, ra.id(), RefId{}, 0},
                                HierarchyRow{a, c1.id(), ra.id(), 1},
                                HierarchyRow{a, g.id(), c1.id(), 2},
                                HierarchyRow{a, c2.id(), ra.id(), 1},
                                HierarchyRow{b, rb.id(), RefId{}, 0}));
}

TEST_F(RuntimeMemoryTest, UsageCountsRefsAndHeapBytesPerOwnerAndType) {
  const OwnerId a = NewOwner("a");
  const OwnerId b = NewOwner("b");
  ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{1}, a), IsOk());
  auto text = *memory_.Allocate(tags_.label, std::string(100, 'x'), a);
  ASSERT_THAT(memory_.Allocate(tags_.label, std::string("hi"), b), IsOk());
  const UsageStats ua = memory_.OwnerUsage(a);
  EXPECT_EQ(ua.live_refs, 2u);
  // The box plus the string's heap buffer (capacity + NUL).
  const std::string probe(100, 'x');
  EXPECT_EQ(ua.heap_bytes, sizeof(std::string) + probe.capacity() + 1);
  EXPECT_EQ(memory_.OwnerUsage(b).heap_bytes, sizeof(std::string));
  EXPECT_EQ(memory_.TypeUsage(tags_.label.id()).live_refs, 2u);
  EXPECT_EQ(memory_.TypeUsage(tags_.metric.id()).heap_bytes, 0u);
  // Growing the string grows its owner's bytes (by the new capacity, as
  // the value itself reports it).
  std::string grown = probe;
  grown = std::string(300, 'y');
  ASSERT_THAT(text.Set(std::string(300, 'y')), IsOk());
  EXPECT_EQ(memory_.OwnerUsage(a).heap_bytes,
            sizeof(std::string) + grown.capacity() + 1);
  ExpectInvariants();
  ASSERT_THAT(memory_.ReleaseOwner(a), IsOk());
  EXPECT_EQ(memory_.OwnerUsage(a), (UsageStats{0, 0}));
  EXPECT_EQ(memory_.TotalUsage(), (UsageStats{1, sizeof(std::string)}));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, TextAccessFormatsParsesAndRejectsBadInput) {
  const OwnerId owner = NewOwner();
  auto timer = *memory_.Allocate(tags_.timer, TimerValue{1, 2, 3}, owner);
  EXPECT_THAT(memory_.FormatValue(timer.id()),
              IsOkAndHolds(std::string("1/2 3ms")));
  EXPECT_THAT(memory_.SerializeValue(timer.id()),
              IsOkAndHolds(std::string("1 2 3")));
  EXPECT_THAT(memory_.SetFromText(timer.id(), "4 5 6"), IsOk());
  EXPECT_THAT(timer.Get(), IsOkAndHolds(TimerValue{4, 5, 6}));
  EXPECT_THAT(memory_.SetFromText(timer.id(), "garbage"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(timer.Get(), IsOkAndHolds(TimerValue{4, 5, 6}));
  auto label = memory_.AllocateFromText(tags_.label.id(), "\"a\\nb\"", owner,
                                        timer.id());
  ASSERT_THAT(label, IsOk());
  EXPECT_THAT(memory_.Get<std::string>(*label),
              IsOkAndHolds(std::string("a\nb")));
  EXPECT_THAT(memory_.AllocateFromText(tags_.metric.id(), "12x", owner),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(memory_.AllocateFromText(500, "1", owner),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const OwnerId other = NewOwner();
  EXPECT_THAT(
      memory_.AllocateFromText(tags_.metric.id(), "1", other, timer.id()),
      StatusIs(absl::StatusCode::kInvalidArgument));
  ExpectInvariants();
}

TEST_F(RuntimeMemoryTest, VersionAdvancesOnEveryMutation) {
  const OwnerId owner = NewOwner();
  const uint64_t v0 = memory_.version();
  auto ref = *memory_.Allocate(tags_.metric, int64_t{1}, owner);
  const uint64_t v1 = memory_.version();
  EXPECT_GT(v1, v0);
  ASSERT_THAT(ref.Set(2), IsOk());
  EXPECT_GT(memory_.version(), v1);
  const uint64_t v2 = memory_.version();
  (void)memory_.All();
  (void)memory_.Snapshot();
  EXPECT_EQ(memory_.version(), v2);  // reads never bump it
}

TEST(RuntimeMemoryTypes, TypeIdsArePerMemory) {
  RuntimeMemory a;
  RuntimeMemory b;
  auto a_int = *a.RegisterType<int>("int");
  auto b_str = *b.RegisterType<std::string>("str");
  auto b_int = *b.RegisterType<int>("int");
  EXPECT_EQ(a_int.id(), 0);
  EXPECT_EQ(b_str.id(), 0);
  EXPECT_EQ(b_int.id(), 1);
  EXPECT_THAT(a.RegisterType<int>("int"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(a.RegisterType<int>(""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(a.RegisterType<int>("x", TypeInfo::Of<double>("double")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(a.types().Find<int>("int"), IsOk());
  EXPECT_THAT(a.types().Find<double>("int"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(a.types().Find<int>("nope"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(RuntimeMemoryTypes, RegisteringAfterAllocationKeepsRefsWorking) {
  RuntimeMemory memory;
  auto a = *memory.RegisterType<std::string>("a");
  const OwnerId owner = *memory.CreateOwner({});
  auto ref = *memory.Allocate(a, std::string(64, 'q'), owner);
  for (int i = 0; i < 40; ++i) {
    ASSERT_THAT(memory.RegisterType<int>(fmt::format("t{}", i)), IsOk());
  }
  EXPECT_THAT(memory.FormatValue(ref.id()), IsOk());
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

TEST(RuntimeMemoryTypes, TooManyTypesIsResourceExhausted) {
  RuntimeMemory memory;
  for (size_t i = 0; i < TypeRegistry::kMaxTypes; ++i) {
    ASSERT_THAT(memory.RegisterType<int>(fmt::format("t{}", i)), IsOk());
  }
  EXPECT_THAT(memory.RegisterType<int>("one-more"),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST(RuntimeMemoryScale, ManyOwnersAcrossChunksStayConsistent) {
  RuntimeMemory memory;
  Tags tags = RegisterTags(memory);
  std::vector<OwnerId> owners;
  std::vector<MemoryRef<int64_t>> refs;
  for (int o = 0; o < 1200; ++o) {  // 9600 refs: three chunks
    owners.push_back(*memory.CreateOwner({}));
    auto root = *memory.Allocate(tags.metric, int64_t{o}, owners.back());
    refs.push_back(root);
    for (int c = 0; c < 7; ++c) {
      ASSERT_THAT(root.CreateChild(tags.metric, int64_t{c}), IsOk());
    }
  }
  EXPECT_EQ(memory.size(), 9600u);
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
  for (size_t o = 0; o < owners.size(); o += 2) {
    ASSERT_THAT(memory.ReleaseOwner(owners[o]), IsOkAndHolds(8u));
  }
  EXPECT_EQ(memory.size(), 4800u);
  for (size_t o = 0; o < owners.size(); ++o) {
    EXPECT_EQ(refs[o].IsValid(), o % 2 == 1);
  }
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

// Owner records are stored compact (interned kind, label in a per-chunk text
// arena) and rebuilt on read: every field must come back as it went in,
// through GetOwner and through snapshots, also after the slot was recycled.
TEST(RuntimeMemoryOwners,
     RecycledOwnerSlotsKeepEveryFieldAndSnapshotsKeepTheOld) {
  RuntimeMemory memory;
  OwnerInfo first;
  first.kind = "Timer";
  first.label = std::string("20:00\0AMRAP", 11);  // bytes, NUL included
  first.line_begin = 3;
  first.line_end = 7;
  first.created_step = int64_t{1} << 40;
  const OwnerId a = *memory.CreateOwner(first);
  const auto before = memory.Snapshot();
  ASSERT_THAT(memory.RetireOwner(a, (int64_t{1} << 41) + 5), IsOk());
  ASSERT_THAT(memory.ForgetOwner(a), IsOk());
  OwnerInfo second;
  second.kind = "Rounds";
  second.label = std::string(300, 'x');
  const OwnerId b = *memory.CreateOwner(second);
  ASSERT_EQ(b.index, a.index);
  ASSERT_NE(b.generation, a.generation);

  const std::optional<OwnerRecord> old = before->Owner(a);
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->info, first);
  EXPECT_EQ(old->state, OwnerState::kLive);
  EXPECT_FALSE(before->Owner(b).has_value());
  auto now = memory.GetOwner(b);
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->info, second);
  EXPECT_THAT(memory.GetOwner(a), StatusIs(absl::StatusCode::kNotFound));
  const auto after = memory.Snapshot();
  EXPECT_EQ(after->Owner(b)->info, second);
  EXPECT_FALSE(after->Owner(a).has_value());
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

// Many create/retire/forget cycles on the same few slots with changing
// labels: the arena drops dead bytes (checked by CheckInvariants through
// every record's text), and every live record still reads back right.
TEST(RuntimeMemoryOwners, ManyRecyclesKeepRecordsExact) {
  RuntimeMemory memory;
  std::vector<OwnerId> live;
  for (int i = 0; i < 20000; ++i) {
    OwnerInfo info;
    info.kind = i % 3 == 0 ? "Effort" : "Rounds";
    info.label = absl::StrCat("round ", i, std::string(i % 40, '.'));
    info.created_step = i;
    live.push_back(*memory.CreateOwner(info));
    if (live.size() > 70) {
      const OwnerId gone = live.front();
      live.erase(live.begin());
      ASSERT_THAT(memory.RetireOwner(gone, i), IsOk());
      ASSERT_THAT(memory.ForgetOwner(gone), IsOk());
    }
    if (i % 997 == 0) {
      ASSERT_THAT(memory.CheckInvariants(), IsOk());
    }
  }
  ASSERT_LE(memory.LiveOwners().size(), 71u);
  for (const OwnerId owner : live) {
    auto record = memory.GetOwner(owner);
    ASSERT_THAT(record, IsOk());
    const int64_t i = record->info.created_step;
    EXPECT_EQ(record->info.kind, i % 3 == 0 ? "Effort" : "Rounds");
    EXPECT_EQ(record->info.label,
              absl::StrCat("round ", i, std::string(i % 40, '.')));
  }
  // Recycled slots: the owner table did not grow past the live window.
  EXPECT_LE(memory.LiveOwners().back().index, 80u);
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

// Past the interned-kind table's bound, kinds are stored with the label;
// they read back the same.
TEST(RuntimeMemoryOwners, ManyDistinctKindsReadBack) {
  RuntimeMemory memory;
  std::vector<OwnerId> owners;
  for (int i = 0; i < 1500; ++i) {
    OwnerInfo info;
    info.kind = absl::StrCat("kind-", i);
    info.label = i % 2 == 0 ? "" : absl::StrCat("label-", i);
    owners.push_back(*memory.CreateOwner(info));
  }
  const auto snapshot = memory.Snapshot();
  ASSERT_THAT(memory.UpdateOwnerInfo(owners[1400], {"renamed", "x"}), IsOk());
  for (int i = 0; i < 1500; ++i) {
    const std::optional<OwnerRecord> record = snapshot->Owner(owners[i]);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->info.kind, absl::StrCat("kind-", i));
    EXPECT_EQ(record->info.label, i % 2 == 0 ? "" : absl::StrCat("label-", i));
  }
  EXPECT_EQ(memory.GetOwner(owners[1400])->info.kind, "renamed");
  EXPECT_EQ(snapshot->Owners().size(), 1500u);
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

}  // namespace
}  // namespace wod::memory
