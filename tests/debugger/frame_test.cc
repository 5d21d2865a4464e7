#include "debugger/model/frame.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/debugger/frame_fixtures.h"

namespace wod::debugger {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Frame, FindRefLocatesEveryRefAndRejectsUnknownIds) {
  const Frame f = testing::TwoBlockFrame();
  for (size_t i = 0; i < f.refs.size(); ++i) {
    EXPECT_EQ(f.FindRef(f.refs[i].id), static_cast<int64_t>(i));
  }
  EXPECT_EQ(f.FindRef(MakeRefKey(3, 2)), -1);  // same slot, other generation
  EXPECT_EQ(f.FindRef(MakeRefKey(99, 1)), -1);
}

TEST(Frame, RefKeyTextIsIndexDotGeneration) {
  EXPECT_EQ(RefKeyText(MakeRefKey(12, 3)), "12.3");
  EXPECT_EQ(KeyIndex(MakeRefKey(12, 3)), 12u);
  EXPECT_EQ(KeyGeneration(MakeRefKey(12, 3)), 3u);
}

TEST(Frame, OwnerLabelFallsBackToKindAndDash) {
  Frame f = testing::TwoBlockFrame();
  f.owners[0].label.clear();
  EXPECT_EQ(f.OwnerLabel(0), "SessionRoot");
  EXPECT_EQ(f.OwnerLabel(1), "5:00 Run");
  EXPECT_EQ(f.OwnerLabel(kNoOwner), "—");
}

TEST(FrameDiff, IdenticalFramesHaveNoDifferences) {
  const Frame f = testing::TwoBlockFrame();
  EXPECT_TRUE(Diff(f, f).empty());
}

TEST(FrameDiff, ReportsAddedRemovedAndChangedById) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs.erase(b.refs.begin() + 1);  // 2.1 removed
  b.refs[1].value = "rep=6";         // 3.1 changed
  RefRow added = b.refs.back();
  added.id = MakeRefKey(7, 1);
  b.refs.push_back(added);  // 7.1 added
  const FrameDiff d = Diff(a, b);
  EXPECT_THAT(d.added, ElementsAre(MakeRefKey(7, 1)));
  EXPECT_THAT(d.removed, ElementsAre(MakeRefKey(2, 1)));
  EXPECT_THAT(d.changed, ElementsAre(MakeRefKey(3, 1)));
}

TEST(FrameDiff, ReusedSlotWithNewGenerationIsRemovePlusAdd) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs[4].id = MakeRefKey(5, 2);
  const FrameDiff d = Diff(a, b);
  EXPECT_THAT(d.added, ElementsAre(MakeRefKey(5, 2)));
  EXPECT_THAT(d.removed, ElementsAre(MakeRefKey(5, 1)));
  EXPECT_THAT(d.changed, IsEmpty());
}

TEST(FrameDiff, OwnerOrVisibilityChangeCountsAsChanged) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs[0].owner = 1;
  b.refs[4].visibility = Visibility::kResult;
  EXPECT_THAT(Diff(a, b).changed,
              ElementsAre(MakeRefKey(1, 1), MakeRefKey(5, 1)));
}

}  // namespace
}  // namespace wod::debugger
