#include "debugger/model/watch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/debugger/frame_fixtures.h"

namespace wod::debugger {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(Watch, RefWatchFiresWhenItsValueChanges) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.step = 2;
  b.refs[1].value = "100 ms";
  const std::vector<Watch> watches = {Watch::OnRef(MakeRefKey(2, 1)),
                                      Watch::OnRef(MakeRefKey(1, 1))};
  const std::vector<WatchHit> hits = EvaluateWatches(watches, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].watch, 0u);
  EXPECT_EQ(hits[0].step, 2);
  EXPECT_EQ(hits[0].what, "changed");
  EXPECT_EQ(hits[0].message, "watch 'ref 2.1' fired at step 2: 2.1 changed");
}

TEST(Watch, TypeWatchFiresOnAnAddedRefOfThatType) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  RefRow r = b.refs[0];  // a round
  r.id = MakeRefKey(9, 1);
  b.refs.push_back(r);
  const std::vector<WatchHit> hits =
      EvaluateWatches({Watch::OnType("metric"), Watch::OnType("round")}, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].watch, 1u);
  EXPECT_EQ(hits[0].what, "added");
  EXPECT_EQ(hits[0].ref, MakeRefKey(9, 1));
}

TEST(Watch, OwnerWatchFiresWhenTheOwnersRefsAreReleased) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs.erase(b.refs.begin() + 1, b.refs.begin() + 4);  // Timer's refs
  const std::vector<WatchHit> hits =
      EvaluateWatches({Watch::OnOwner(OwnerKey{12}, "5:00 Run")}, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].what, "removed");
  EXPECT_THAT(hits[0].message, HasSubstr("owner 5:00 Run"));
}

TEST(Watch, DisabledOrUntouchedWatchesStaySilent) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs[1].value = "100 ms";
  Watch off = Watch::OnRef(MakeRefKey(2, 1));
  off.enabled = false;
  EXPECT_THAT(EvaluateWatches({off, Watch::OnType("label")}, a, b), IsEmpty());
  EXPECT_THAT(EvaluateWatches({Watch::OnRef(MakeRefKey(2, 1))}, a, a),
              IsEmpty());
}

TEST(OwnershipCheck, CleanFrameHasNoViolations) {
  EXPECT_THAT(CheckOwnership(testing::TwoBlockFrame()), IsEmpty());
}

TEST(OwnershipCheck, RefsOfAPoppedBlockAreOrphans) {
  Frame f = testing::TwoBlockFrame();
  f.step = 4;
  f.stack.erase(f.stack.begin());
  f.owners[1].released_step = 4;
  const std::vector<OwnershipViolation> v = CheckOwnership(f);
  ASSERT_THAT(v, SizeIs(3));
  EXPECT_EQ(v[0].ref, MakeRefKey(2, 1));
  EXPECT_EQ(v[0].step, 4);
  EXPECT_THAT(v[0].message, HasSubstr("outlives its owner '5:00 Run'"));
  EXPECT_THAT(v[0].message, HasSubstr("popped at step 4"));
}

TEST(OwnershipCheck, NonBlockOwnersAreExempt) {
  Frame f = testing::TwoBlockFrame();
  f.stack.erase(f.stack.begin());
  f.owners[1].is_block = false;
  EXPECT_THAT(CheckOwnership(f), IsEmpty());
}

TEST(OwnershipCheck, ChildOfAReleasedParentIsFlagged) {
  Frame f = testing::TwoBlockFrame();
  f.refs.erase(f.refs.begin() + 1);  // 2.1 gone, 3.1 still points at it
  const std::vector<OwnershipViolation> v = CheckOwnership(f);
  ASSERT_THAT(v, SizeIs(1));
  EXPECT_EQ(v[0].ref, MakeRefKey(3, 1));
  EXPECT_THAT(v[0].message, HasSubstr("released parent 2.1"));
}

}  // namespace
}  // namespace wod::debugger
