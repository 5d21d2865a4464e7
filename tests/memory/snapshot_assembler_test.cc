// SnapshotAssembler: snapshots rebuilt from plain data equal the ones the
// memory took (values, owners, parents, text, Diff), and bad data is refused
// with the ref named.
#include "memory/snapshot_assembler.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/debug_memory_view.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::HasSubstr;
using ::wod::memory::testing::IsOk;

// Rebuilds `snapshot` through an assembler, from text only.
absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Rebuild(
    const MemorySnapshot& snapshot, SnapshotAssembler& assembler) {
  for (const OwnerRecord& r : snapshot.Owners()) assembler.SetOwner(r);
  std::vector<std::string> texts;
  for (const SnapshotEntry& e : snapshot.entries()) {
    texts.push_back(snapshot.SerializeValue(e));
  }
  std::vector<SnapshotAssembler::Ref> refs;
  size_t i = 0;
  for (const SnapshotEntry& e : snapshot.entries()) {
    refs.push_back(
        {e.id(), e.type(), e.owner_index(), snapshot.ParentOf(e), texts[i], 0});
    const TypeInfo& info = snapshot.TypeInfoOf(e.type());
    refs.back().heap = info.HeapBytes(snapshot.ValuePtr(e));
    ++i;
  }
  return assembler.Build(snapshot.version(), refs);
}

TEST(SnapshotAssembler, RebuildsTheSnapshotTheMemoryTook) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId timer_owner = *memory.CreateOwner({"Timer", "20:00 AMRAP"});
  const OwnerId gone = *memory.CreateOwner({"Effort", "pushups"});
  auto timer =
      *memory.Allocate(tags.timer, test::TimerValue{1, 20, 60}, timer_owner);
  ASSERT_THAT(timer.CreateChild(tags.metric, int64_t{9}), IsOk());
  ASSERT_THAT(memory.Allocate(tags.label, std::string(40, 'x'), timer_owner),
              IsOk());
  ASSERT_THAT(memory.RetireOwner(gone, 3), IsOk());
  const auto taken = memory.Snapshot();

  SnapshotAssembler assembler(*memory.types().table());
  auto rebuilt = Rebuild(*taken, assembler);
  ASSERT_THAT(rebuilt, IsOk());
  EXPECT_EQ((*rebuilt)->ToText(), taken->ToText());
  EXPECT_EQ((*rebuilt)->ToJson(), taken->ToJson());
  EXPECT_TRUE(Diff(*taken, **rebuilt).empty());
  // The debug view reads both the same way, bytes and typed fields included.
  EXPECT_EQ(DebugMemoryView(*rebuilt).GetAll(),
            DebugMemoryView(taken).GetAll());
  EXPECT_EQ(DebugMemoryView(*rebuilt).GetFields(timer.id()),
            DebugMemoryView(taken).GetFields(timer.id()));
  EXPECT_EQ(DebugMemoryView(*rebuilt).GetMemoryHierarchy(), taken->Hierarchy());
}

// A value type with a formatter but no text form of its own.
struct Opaque {
  std::vector<int64_t> laps;
  friend bool operator==(const Opaque&, const Opaque&) = default;
};

TEST(SnapshotAssembler, TypesWithoutAParserAreRebuiltFromTheirDisplayText) {
  RuntimeMemory memory;
  TypeOps<Opaque> ops;
  ops.format = [](const Opaque& o) {
    return fmt::format("{} laps", o.laps.size());
  };
  ops.heap_bytes = [](const Opaque& o) {
    return o.laps.capacity() * sizeof(int64_t);
  };
  auto opaque =
      *memory.RegisterType<Opaque>("laps", TypeInfo::Of<Opaque>("Opaque", ops));
  ASSERT_FALSE((*memory.types().table())[opaque.id()].info.can_parse());
  const OwnerId owner = *memory.CreateOwner({"Timer", "t"});
  auto ref = *memory.Allocate(opaque, Opaque{{1, 2, 3, 4, 5}}, owner);
  const auto taken = memory.Snapshot();

  SnapshotAssembler assembler(*memory.types().table());
  auto rebuilt = Rebuild(*taken, assembler);
  ASSERT_THAT(rebuilt, IsOk());
  EXPECT_EQ((*rebuilt)->ToText(), taken->ToText());
  // Same text, same bytes (inline size + heap), same default field.
  EXPECT_EQ(DebugMemoryView(*rebuilt).GetAll(),
            DebugMemoryView(taken).GetAll());
  EXPECT_EQ(DebugMemoryView(*rebuilt).GetFields(ref.id()),
            DebugMemoryView(taken).GetFields(ref.id()));
  EXPECT_GT(DebugMemoryView(taken).GetAll()[0].bytes, sizeof(Opaque));
}

TEST(SnapshotAssembler, EarlierSnapshotsKeepTheOwnerTableTheyWereBuiltWith) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  SnapshotAssembler assembler(*memory.types().table());
  const OwnerRecord live{OwnerId{0, 1}, OwnerState::kLive, {"Timer", "a"}};
  assembler.SetOwner(live);
  auto first = assembler.Build(1, {});
  ASSERT_THAT(first, IsOk());
  OwnerRecord retired = live;
  retired.state = OwnerState::kRetired;
  retired.info.released_step = 4;
  assembler.SetOwner(retired);
  auto second = assembler.Build(2, {});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ((*first)->Owner(0u)->state, OwnerState::kLive);
  EXPECT_EQ((*second)->Owner(0u)->state, OwnerState::kRetired);
  assembler.SetOwner({OwnerId{0, 1}, OwnerState::kFree, {}});
  EXPECT_EQ(assembler.Owner(0), nullptr);
  EXPECT_TRUE((*second)->Owner(0u).has_value());
  (void)tags;
}

TEST(SnapshotAssembler, RefusesBadRefsNamingThem) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  SnapshotAssembler assembler(*memory.types().table());
  assembler.SetOwner({OwnerId{0, 1}, OwnerState::kLive, {"Timer", "a"}});
  const std::vector<SnapshotAssembler::Ref> unordered = {
      {RefId{2, 1}, tags.metric.id(), 0, {}, "1"},
      {RefId{1, 1}, tags.metric.id(), 0, {}, "2"}};
  EXPECT_THAT(assembler.Build(1, unordered).status().message(),
              HasSubstr("#1.1"));
  const std::vector<SnapshotAssembler::Ref> bad_value = {
      {RefId{1, 1}, tags.timer.id(), 0, {}, "not a timer"}};
  EXPECT_THAT(assembler.Build(1, bad_value).status().message(),
              HasSubstr("timer-state"));
  const std::vector<SnapshotAssembler::Ref> orphan = {
      {RefId{1, 1}, tags.metric.id(), 0, RefId{7, 1}, "3"}};
  EXPECT_THAT(assembler.Build(1, orphan).status().message(),
              HasSubstr("parent"));
  const std::vector<SnapshotAssembler::Ref> unknown_type = {
      {RefId{1, 1}, TypeId{999}, 0, {}, "3"}};
  EXPECT_FALSE(assembler.Build(1, unknown_type).ok());
}

}  // namespace
}  // namespace wod::memory
