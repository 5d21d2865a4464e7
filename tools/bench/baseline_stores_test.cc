// The two baselines must implement the workload's semantics (cascade,
// release-by-owner, stale handles, snapshot contents, diff), or the ratios
// memory_bench prints would compare unequal work.
#include <algorithm>
#include <any>
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/bench/naive_store.h"
#include "tools/bench/slot_map_store.h"
#include "tools/bench/workload.h"

namespace wod::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(Mulberry32, MatchesTheReferenceSequence) {
  // The first three outputs of the JS reference mulberry32(1) (Math.imul
  // version, `>>> 0`), as printed by node: the TS harness's sequence.
  Mulberry32 rng(1);
  EXPECT_EQ(rng.Next(), 2693262067u);
  EXPECT_EQ(rng.Next(), 11749833u);
  EXPECT_EQ(rng.Next(), 2265367787u);
}

TEST(Workload, ShufflesArePermutationsAndKeysLookLikeBlockKeys) {
  const Workload w(1000);
  ASSERT_EQ(w.owner_count(), 125u);
  std::vector<uint32_t> owners = w.owner_order();
  std::sort(owners.begin(), owners.end());
  for (uint32_t i = 0; i < owners.size(); ++i) EXPECT_EQ(owners[i], i);
  EXPECT_NE(w.owner_order(), owners);  // actually shuffled
  std::vector<uint32_t> refs = w.random_order();
  std::sort(refs.begin(), refs.end());
  for (uint32_t i = 0; i < refs.size(); ++i) EXPECT_EQ(refs[i], i);
  EXPECT_THAT(w.owner_key(7), ::testing::MatchesRegex("b7:[0-9a-z]{16}:0"));
  EXPECT_EQ(Workload::TypeName(Workload::KindOf(0)), "timer-state");
  EXPECT_EQ(Workload::TypeName(Workload::KindOf(1)), "metric");
  EXPECT_EQ(Workload::TypeName(Workload::KindOf(3)), "metadata");
  EXPECT_EQ(Workload::TypeName(Workload::KindOf(4)), "metric");
}

TEST(Workload, ExpectedSumIsTheSumOfTheSetValues) {
  const Workload w(1000);
  int64_t sum = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    sum += w.SetValue(i).current + w.SetValue(i).elapsed_ms;
  }
  EXPECT_EQ(sum, w.ExpectedSum());
}

TEST(SlotMapStore, ReleasingARootReleasesItsChildrenOnly) {
  SlotMapStore s;
  s.EnsureOwners(2);
  const SlotHandle root = s.Allocate<TimerValue>(0, TimerValue{1, 0, 0}, 0);
  const SlotHandle kid =
      s.Allocate<TimerValue>(1, TimerValue{2, 0, 0}, 0, root);
  const SlotHandle other = s.Allocate<TimerValue>(0, TimerValue{3, 0, 0}, 1);
  EXPECT_EQ(s.Release(root), 2u);
  EXPECT_FALSE(s.IsValid(root));
  EXPECT_FALSE(s.IsValid(kid));
  EXPECT_EQ(s.Get<TimerValue>(kid), nullptr);
  EXPECT_FALSE(s.Set(kid, TimerValue{}));
  ASSERT_TRUE(s.IsValid(other));
  EXPECT_EQ(s.Get<TimerValue>(other)->current, 3);
  EXPECT_EQ(s.live(), 1u);
}

TEST(SlotMapStore, ReleaseOwnerReleasesEverythingItHolds) {
  SlotMapStore s;
  s.EnsureOwners(2);
  const SlotHandle r0 = s.Allocate<TimerValue>(0, TimerValue{}, 0);
  s.Allocate<TimerValue>(1, TimerValue{}, 0, r0);
  s.Allocate<TimerValue>(1, TimerValue{}, 0, r0);
  const SlotHandle r1 = s.Allocate<TimerValue>(0, TimerValue{}, 1);
  EXPECT_EQ(s.ReleaseOwner(0), 3u);
  EXPECT_EQ(s.ReleaseOwner(0), 0u);
  EXPECT_TRUE(s.IsValid(r1));
  EXPECT_EQ(s.live(), 1u);
}

TEST(SlotMapStore, ReusedSlotGetsANewGenerationSoOldHandlesStayStale) {
  SlotMapStore s;
  s.EnsureOwners(1);
  const SlotHandle a = s.Allocate<TimerValue>(0, TimerValue{}, 0);
  s.Release(a);
  const SlotHandle b = s.Allocate<TimerValue>(0, TimerValue{7, 0, 0}, 0);
  EXPECT_EQ(b.index, a.index);
  EXPECT_NE(b.generation, a.generation);
  EXPECT_FALSE(s.IsValid(a));
  EXPECT_EQ(s.Get<TimerValue>(b)->current, 7);
}

TEST(SlotMapStore, WrongTypeAccessFails) {
  SlotMapStore s;
  s.EnsureOwners(1);
  const SlotHandle h = s.Allocate<int>(0, 5, 0);
  EXPECT_EQ(s.Get<TimerValue>(h), nullptr);
  EXPECT_FALSE(s.Set(h, TimerValue{}));
  EXPECT_EQ(*s.Get<int>(h), 5);
}

TEST(SlotMapStore, HeapValuesAreCopiedIntoSnapshotsAndFreed) {
  SlotMapStore s;
  s.EnsureOwners(1);
  const std::string long_text(100, 'x');  // does not fit inline
  const SlotHandle h = s.Allocate<std::string>(0, long_text, 0);
  std::vector<SlotSnapshotEntry> snap;
  s.Snapshot(snap);
  s.Snapshot(snap);  // reuses the buffer: the first copy must be freed
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(*slot_map_internal::Object<std::string>(snap[0].value), long_text);
  EXPECT_EQ(s.Release(h), 1u);  // ASan checks nothing leaks
}

TEST(SlotMapStore, SnapshotAndDiffReportAddedRemovedChanged) {
  SlotMapStore s;
  s.EnsureOwners(1);
  const SlotHandle a = s.Allocate<TimerValue>(0, TimerValue{1, 0, 0}, 0);
  const SlotHandle b = s.Allocate<TimerValue>(0, TimerValue{2, 0, 0}, 0);
  const SlotHandle c = s.Allocate<TimerValue>(0, TimerValue{3, 0, 0}, 0);
  std::vector<SlotSnapshotEntry> before, after;
  s.Snapshot(before);
  ASSERT_EQ(before.size(), 3u);
  EXPECT_EQ(before[1].id.index, b.index);
  s.Set(b, TimerValue{20, 0, 0});
  s.Release(c);
  const SlotHandle d = s.Allocate<TimerValue>(0, TimerValue{4, 0, 0}, 0);
  s.Snapshot(after);
  SlotDiff diff;
  SlotMapStore::Diff(before, after, diff);
  ASSERT_EQ(diff.changed.size(), 1u);
  EXPECT_EQ(diff.changed[0].index, b.index);
  ASSERT_EQ(diff.removed.size(), 1u);
  EXPECT_EQ(diff.removed[0].generation, c.generation);
  ASSERT_EQ(diff.added.size(), 1u);
  EXPECT_EQ(diff.added[0].generation, d.generation);
  (void)a;
}

TEST(NaiveStore, ReleaseCascadesAndDetachesFromTheParent) {
  NaiveStore s;
  const uint64_t root = s.Allocate("timer-state", TimerValue{}, "o1");
  const uint64_t kid = s.Allocate("metric", TimerValue{}, "o1", root);
  const uint64_t grandkid = s.Allocate("metric", TimerValue{}, "o1", kid);
  const uint64_t sibling = s.Allocate("metric", TimerValue{}, "o1", root);
  EXPECT_EQ(s.Release(kid), 2u);
  EXPECT_FALSE(s.IsValid(grandkid));
  EXPECT_TRUE(s.IsValid(sibling));
  EXPECT_EQ(s.Release(root), 2u);  // root + sibling, kid already gone
  EXPECT_EQ(s.live(), 0u);
}

TEST(NaiveStore, ReleaseOwnerLeavesOtherOwnersAlone) {
  NaiveStore s;
  const uint64_t r = s.Allocate("timer-state", TimerValue{}, "a");
  s.Allocate("metric", TimerValue{}, "a", r);
  const uint64_t other = s.Allocate("timer-state", TimerValue{5, 0, 0}, "b");
  EXPECT_EQ(s.ReleaseOwner("a"), 2u);
  EXPECT_EQ(s.ReleaseOwner("a"), 0u);
  ASSERT_NE(s.Get<TimerValue>(other), nullptr);
  EXPECT_EQ(s.Get<TimerValue>(other)->current, 5);
  EXPECT_FALSE(s.Set(r, TimerValue{}));
}

TEST(NaiveStore, DiffMatchesEntriesById) {
  NaiveStore s;
  const uint64_t a = s.Allocate("m", TimerValue{1, 0, 0}, "o");
  const uint64_t b = s.Allocate("m", TimerValue{2, 0, 0}, "o");
  std::vector<NaiveSnapshotEntry> before, after;
  s.Snapshot(before);
  s.Set(a, TimerValue{10, 0, 0});
  s.Release(b);
  const uint64_t c = s.Allocate("m", TimerValue{3, 0, 0}, "o");
  s.Snapshot(after);
  NaiveDiff diff;
  NaiveStore::Diff(
      before, after,
      [](const std::any& x, const std::any& y) {
        return std::any_cast<TimerValue>(x) == std::any_cast<TimerValue>(y);
      },
      diff);
  EXPECT_THAT(diff.changed, ElementsAre(a));
  EXPECT_THAT(diff.removed, ElementsAre(b));
  EXPECT_THAT(diff.added, ElementsAre(c));
}

// Both baselines run the whole workload to the same observable results.
TEST(Baselines, AgreeOnTheWorkloadPhases) {
  const Workload w(1000);
  SlotMapStore slot;
  slot.EnsureOwners(w.owner_count());
  NaiveStore naive;
  std::vector<SlotHandle> sh(w.size());
  std::vector<uint64_t> nh(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    const auto owner = static_cast<uint32_t>(Workload::OwnerOf(i));
    const size_t kind = Workload::KindOf(i);
    if (Workload::IsRoot(i)) {
      sh[i] = slot.Allocate<TimerValue>(static_cast<uint32_t>(kind),
                                        TimerValue{}, owner);
      nh[i] = naive.Allocate(Workload::TypeName(kind), TimerValue{},
                             w.owner_key(owner));
    } else {
      const size_t root = i - i % Workload::kRefsPerOwner;
      sh[i] = slot.Allocate<TimerValue>(static_cast<uint32_t>(kind),
                                        TimerValue{}, owner, sh[root]);
      nh[i] = naive.Allocate(Workload::TypeName(kind), TimerValue{},
                             w.owner_key(owner), nh[root]);
    }
  }
  int64_t slot_sum = 0, naive_sum = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    ASSERT_TRUE(slot.Set(sh[i], w.SetValue(i)));
    ASSERT_TRUE(naive.Set(nh[i], w.SetValue(i)));
  }
  for (uint32_t i : w.random_order()) {
    slot_sum += slot.Get<TimerValue>(sh[i])->current +
                slot.Get<TimerValue>(sh[i])->elapsed_ms;
    naive_sum += naive.Get<TimerValue>(nh[i])->current +
                 naive.Get<TimerValue>(nh[i])->elapsed_ms;
  }
  EXPECT_EQ(slot_sum, w.ExpectedSum());
  EXPECT_EQ(naive_sum, w.ExpectedSum());
  size_t slot_released = 0, naive_released = 0;
  for (uint32_t o : w.owner_order()) {
    const size_t s = slot.ReleaseOwner(o);
    const size_t n = naive.ReleaseOwner(w.owner_key(o));
    EXPECT_EQ(s, Workload::kRefsPerOwner);
    EXPECT_EQ(s, n);
    slot_released += s;
    naive_released += n;
  }
  EXPECT_EQ(slot_released, w.size());
  EXPECT_EQ(naive_released, w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    EXPECT_FALSE(slot.IsValid(sh[i]));
    EXPECT_FALSE(naive.IsValid(nh[i]));
  }
  std::vector<SlotSnapshotEntry> snap;
  slot.Snapshot(snap);
  EXPECT_THAT(snap, IsEmpty());
}

}  // namespace
}  // namespace wod::bench
