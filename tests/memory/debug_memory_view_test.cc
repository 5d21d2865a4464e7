// DebugMemoryView: copies only, never mutates or notifies.

#include "memory/debug_memory_view.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::wod::memory::testing::IsOk;

TEST(DebugMemoryView, ReturnsCopiedEntriesByTypeAndOwner) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId owner = *memory.CreateOwner({"Timer", "20:00 AMRAP"});
  const OwnerId other = *memory.CreateOwner({"Effort", "pushups"});
  auto timer = *memory.Allocate(tags.timer, test::TimerValue{1, 20, 60}, owner);
  auto child = *timer.CreateChild(tags.metric, int64_t{9});
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{5}, other), IsOk());
  DebugMemoryView view(memory);
  const std::vector<DebugEntry> timers = view.GetByType("timer-state");
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].id, timer.id());
  EXPECT_EQ(timers[0].type, "timer-state");
  EXPECT_EQ(timers[0].owner, owner);
  EXPECT_EQ(timers[0].owner_kind, "Timer");
  EXPECT_EQ(timers[0].owner_label, "20:00 AMRAP");
  EXPECT_EQ(timers[0].value, "1/20 60ms");
  EXPECT_THAT(timers[0].children, ElementsAre(child.id()));
  EXPECT_THAT(view.GetByType("no-such-type"), IsEmpty());
  const std::vector<DebugEntry> mine = view.GetByOwner(owner);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[1].parent, timer.id());
  EXPECT_EQ(mine[1].value, "9");
  EXPECT_EQ(view.GetAll().size(), 3u);
  EXPECT_EQ(view.GetMemoryHierarchy(), memory.Hierarchy());
  EXPECT_EQ(view.GetOwners().size(), 2u);
}

// The lighter queries a viewer that already holds the values uses: ids by
// type and owner, entries for a set of ids, counts per owner, each equal to
// what the full queries return.
TEST(DebugMemoryView, IdQueriesIdSetsAndOwnerUsageAgreeWithTheFullQueries) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId owner = *memory.CreateOwner({"Timer", "20:00 AMRAP"});
  const OwnerId empty = *memory.CreateOwner({"Rest", "1:00"});
  const OwnerId other = *memory.CreateOwner({"Effort", "pushups"});
  auto timer = *memory.Allocate(tags.timer, test::TimerValue{1, 20, 60}, owner);
  auto child = *timer.CreateChild(tags.metric, int64_t{9});
  auto grandchild = *child.CreateChild(tags.metric, int64_t{4});
  auto loose = *memory.Allocate(tags.metric, int64_t{5}, other);
  const DebugMemoryView view(memory.Snapshot());
  auto ids = [](const std::vector<DebugEntry>& entries) {
    std::vector<RefId> out;
    for (const DebugEntry& e : entries) out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(view.GetIdsByType("metric"), ids(view.GetByType("metric")));
  EXPECT_THAT(view.GetIdsByType("metric"),
              ElementsAre(child.id(), grandchild.id(), loose.id()));
  EXPECT_THAT(view.GetIdsByType("no-such-type"), IsEmpty());
  EXPECT_EQ(view.GetIdsByOwner(owner), ids(view.GetByOwner(owner)));
  EXPECT_THAT(view.GetIdsByOwner(empty), IsEmpty());
  EXPECT_THAT(view.GetIdsByOwner(OwnerId{other.index, other.generation + 1}),
              IsEmpty());

  // GetByIds: the same copies as GetAll for those ids (children included),
  // ids that are not live skipped.
  const std::vector<DebugEntry> all = view.GetAll();
  const std::vector<DebugEntry> some =
      view.GetByIds({timer.id(), child.id(), RefId{999, 1}, loose.id()});
  ASSERT_EQ(some.size(), 3u);
  EXPECT_EQ(some[0], all[0]);
  EXPECT_EQ(some[1], all[1]);
  EXPECT_EQ(some[2], all[3]);
  EXPECT_THAT(some[1].children, ElementsAre(grandchild.id()));
  EXPECT_THAT(view.GetByIds({}), IsEmpty());

  // Owners holding refs, by index, with GetByOwner's count and bytes.
  const std::vector<DebugOwnerUsage> usage = view.GetUsageByOwner();
  ASSERT_EQ(usage.size(), 2u);
  for (const DebugOwnerUsage& u : usage) {
    const std::vector<DebugEntry> held = view.GetByOwner(u.owner);
    size_t bytes = 0;
    for (const DebugEntry& e : held) bytes += e.bytes;
    EXPECT_EQ(u.refs, held.size());
    EXPECT_EQ(u.bytes, bytes);
    EXPECT_GT(u.bytes, 0u);
  }
  EXPECT_EQ(usage[0].owner, owner);
  EXPECT_EQ(usage[1].owner, other);

  // The hierarchy with depth: pre-order, children under their parent.
  const std::vector<HierarchyRow> tree = view.GetMemoryHierarchy();
  ASSERT_EQ(tree.size(), 4u);
  EXPECT_EQ(tree[0].id, timer.id());
  EXPECT_EQ(tree[1].id, child.id());
  EXPECT_EQ(tree[1].depth, 1u);
  EXPECT_EQ(tree[2].id, grandchild.id());
  EXPECT_EQ(tree[2].depth, 2u);
  EXPECT_EQ(tree[2].parent, child.id());
  EXPECT_EQ(tree[3].id, loose.id());
  EXPECT_EQ(tree[3].owner, other);
}

TEST(DebugMemoryView, ReadingNeverMutatesOrNotifies) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId owner = *memory.CreateOwner({});
  ASSERT_THAT(memory.Allocate(tags.metric, int64_t{1}, owner), IsOk());
  int notified = 0;
  memory.WatchOwner(owner, [&](const RuntimeMemory&,
                               absl::Span<const MemoryChange>) { ++notified; });
  memory.WatchType(tags.metric.id(),
                   [&](const RuntimeMemory&, absl::Span<const MemoryChange>) {
                     ++notified;
                   });
  const uint64_t version = memory.version();
  const size_t size = memory.size();
  DebugMemoryView view(memory);
  for (int i = 0; i < 3; ++i) {
    (void)view.GetAll();
    (void)view.GetByType("metric");
    (void)view.GetByOwner(owner);
    (void)view.GetMemoryHierarchy();
    (void)view.GetMemorySnapshot();
  }
  EXPECT_EQ(notified, 0);
  EXPECT_EQ(memory.version(), version);
  EXPECT_EQ(memory.size(), size);
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

TEST(DebugMemoryView, ViewOverASnapshotIgnoresLaterChanges) {
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId owner = *memory.CreateOwner({"Rest", "1:00"});
  auto ref = *memory.Allocate(tags.metric, int64_t{1}, owner);
  DebugMemoryView past(memory.Snapshot());
  ASSERT_THAT(ref.Set(2), IsOk());
  ASSERT_THAT(memory.RetireOwner(owner, 1), IsOk());
  const std::vector<DebugEntry> entries = past.GetAll();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].value, "1");
  EXPECT_EQ(entries[0].owner_label, "1:00");
  EXPECT_THAT(DebugMemoryView(memory).GetAll(), IsEmpty());
}

}  // namespace
}  // namespace wod::memory
