// The display half of the debugger in plain C++: the panel layout (sizes,
// splitters, collapsing, the saved form), ref lifetimes, the readable diff
// (owner, tallies, who made each change) and the save helpers
// (docs/spec/debugger.md §2.3, §2.7, §2.13, §6).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "debugger/model/diff_view.h"
#include "debugger/model/layout.h"
#include "debugger/model/lifetimes.h"
#include "debugger/model/save.h"
#include "tests/debugger/frame_fixtures.h"
#include "tests/debugger/frame_timeline.h"

namespace wod::debugger {
namespace {

using ::testing::HasSubstr;

constexpr float kMenu = 21.0f;

std::array<PanelRect, kPanelCount> At(const PanelLayout& layout, float w,
                                      float h) {
  return layout.Compute({0, kMenu, w, h - kMenu});
}

const PanelRect& R(const std::array<PanelRect, kPanelCount>& r, PanelId id) {
  return r[static_cast<size_t>(id)];
}

bool Overlap(const PanelRect& a, const PanelRect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
         b.y < a.y + a.h;
}

TEST(PanelLayout, At1024x700EveryPanelKeepsItsMinimumAndNothingOverlaps) {
  const PanelLayout layout;
  const auto r = At(layout, 1024, 700);
  for (int c = 0; c < kColumnCount; ++c) {
    for (PanelId p : layout.column(c)) {
      const PanelRect& rect = R(r, p);
      EXPECT_GE(rect.w + 1.0f, PanelLayout::MinColumnWidth(c)) << PanelName(p);
      EXPECT_GE(rect.h + 1.0f, layout.MinPanelHeight(p)) << PanelName(p);
      EXPECT_LE(rect.x + rect.w, 1024.0f) << PanelName(p);
      EXPECT_LE(rect.y + rect.h, 700.0f + 0.5f) << PanelName(p);
    }
  }
  for (int a = 0; a < kPanelCount; ++a) {
    for (int b = a + 1; b < kPanelCount; ++b) {
      EXPECT_FALSE(
          Overlap(r[static_cast<size_t>(a)], r[static_cast<size_t>(b)]))
          << PanelName(static_cast<PanelId>(a)) << " / "
          << PanelName(static_cast<PanelId>(b));
    }
  }
}

TEST(PanelLayout, At2560x1400TheDiffRecordsAndWatchesGrow) {
  const PanelLayout layout;
  const auto small = At(layout, 1600, 1000);
  const auto large = At(layout, 2560, 1400);
  for (PanelId p : {PanelId::kDiff, PanelId::kRecords, PanelId::kWatches,
                    PanelId::kMemory}) {
    EXPECT_GT(R(large, p).h, R(small, p).h * 1.3f) << PanelName(p);
    EXPECT_GT(R(large, p).w, R(small, p).w * 1.4f) << PanelName(p);
  }
  // The columns cover the whole width (no empty half).
  const PanelRect& right = R(large, PanelId::kRecords);
  EXPECT_NEAR(right.x + right.w, 2560.0f, 1.0f);
  EXPECT_NEAR(right.y + right.h, 1400.0f, 1.0f);
}

TEST(PanelLayout, ACollapsedPanelGivesItsSpaceToTheOthersOfItsColumn) {
  PanelLayout layout;
  const auto before = At(layout, 1600, 1000);
  layout.SetCollapsed(PanelId::kHistory, true);
  const auto after = At(layout, 1600, 1000);
  EXPECT_EQ(R(after, PanelId::kHistory).h, PanelLayout::kTitleHeight);
  for (PanelId p : {PanelId::kInspector, PanelId::kDiff, PanelId::kRecords}) {
    EXPECT_GT(R(after, p).h, R(before, p).h) << PanelName(p);
  }
  // The column is still covered to the bottom: no hole.
  const PanelRect& last = R(after, PanelId::kRecords);
  EXPECT_NEAR(last.y + last.h, 1000.0f, 1.0f);
  // Other columns are untouched.
  EXPECT_EQ(R(after, PanelId::kMemory).h, R(before, PanelId::kMemory).h);
}

TEST(PanelLayout, SplittersMoveSpaceAndStopAtTheMinimums) {
  PanelLayout layout;
  const auto before = At(layout, 1600, 1000);
  layout.MoveColumnSplitter(0, 100.0f, 1600.0f);
  const auto moved = At(layout, 1600, 1000);
  EXPECT_NEAR(R(moved, PanelId::kControls).w,
              R(before, PanelId::kControls).w + 100.0f, 2.0f);
  EXPECT_NEAR(R(moved, PanelId::kMemory).w,
              R(before, PanelId::kMemory).w - 100.0f, 2.0f);
  EXPECT_NEAR(R(moved, PanelId::kInspector).w, R(before, PanelId::kInspector).w,
              1.0f);
  // A huge drag stops where the memory column keeps its minimum.
  layout.MoveColumnSplitter(0, 5000.0f, 1600.0f);
  EXPECT_NEAR(At(layout, 1600, 1000)[static_cast<size_t>(PanelId::kMemory)].w,
              PanelLayout::MinColumnWidth(1), 1.5f);
  layout.MoveRowSplitter(PanelId::kMemory, -5000.0f, 979.0f);
  EXPECT_NEAR(At(layout, 1600, 1000)[static_cast<size_t>(PanelId::kMemory)].h,
              layout.MinPanelHeight(PanelId::kMemory), 1.5f);
}

TEST(PanelLayout, TheSavedFormRoundTripsAndBadLinesChangeNothing) {
  PanelLayout layout;
  layout.MoveColumnSplitter(1, -80.0f, 1600.0f);
  layout.MoveRowSplitter(PanelId::kScript, 40.0f, 979.0f);
  layout.SetCollapsed(PanelId::kDiff, true);
  layout.SetCollapsed(PanelId::kHierarchy, true);
  PanelLayout loaded;
  for (const std::string& line : layout.ToIniLines()) {
    EXPECT_TRUE(loaded.ApplyIniLine(line)) << line;
  }
  EXPECT_TRUE(loaded.collapsed(PanelId::kDiff));
  const auto a = At(layout, 1600, 1000);
  const auto b = At(loaded, 1600, 1000);
  for (int p = 0; p < kPanelCount; ++p) {
    EXPECT_NEAR(a[static_cast<size_t>(p)].w, b[static_cast<size_t>(p)].w, 1.0f);
    EXPECT_NEAR(a[static_cast<size_t>(p)].h, b[static_cast<size_t>(p)].h, 1.0f);
  }
  const PanelLayout untouched;
  PanelLayout bad;
  for (const char* line :
       {"columns=0.3,0.4", "columns=a,b,c", "columns=0.3,-1,0.3",
        "rows1=0.5,nan", "rows7=0.5,0.5", "collapsed=Nope", "whatever",
        "columns=inf,1,1"}) {
    EXPECT_FALSE(bad.ApplyIniLine(line)) << line;
  }
  EXPECT_TRUE(bad == untouched);
}

Frame WithRefs(int64_t step, std::vector<uint32_t> ids) {
  Frame f = testing::TwoBlockFrame();
  f.step = step;
  f.version = static_cast<uint64_t>(step) + 1;
  std::vector<RefRow> refs;
  for (uint32_t id : ids) {
    RefRow r = f.refs[0];
    r.id = MakeRefKey(id, 1);
    r.parent = RefKey::kNone;
    refs.push_back(r);
  }
  f.refs = refs;
  return f;
}

TEST(RefLifetimes, CreatedAndReleasedStepsFollowTheTimelineAndItsReset) {
  testing::FrameTimeline history;
  history.Append(std::make_shared<const Frame>(WithRefs(0, {1})));
  history.Append(std::make_shared<const Frame>(WithRefs(1, {1, 2})));
  history.Append(std::make_shared<const Frame>(WithRefs(2, {1, 2, 3})));
  history.Append(std::make_shared<const Frame>(WithRefs(3, {1, 3})));
  RefLifetimes lifetimes;
  lifetimes.Update(history);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(1, 1)).created, 0);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(1, 1)).released, -1);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(2, 1)).created, 1);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(2, 1)).released, 3);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(3, 1)).created, 2);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(9, 1)).created, -1);
  // Growing: only the new step is read.
  history.Append(std::make_shared<const Frame>(WithRefs(4, {3})));
  lifetimes.Update(history);
  EXPECT_EQ(lifetimes.steps(), 5u);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(1, 1)).released, 4);
  // A reset (the timeline cleared and refilled) starts over.
  history.Clear();
  Frame fresh = WithRefs(0, {7});
  fresh.version = 100;
  history.Append(std::make_shared<const Frame>(fresh));
  lifetimes.Update(history);
  EXPECT_EQ(lifetimes.steps(), 1u);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(2, 1)).created, -1);
  EXPECT_EQ(lifetimes.Of(MakeRefKey(7, 1)).created, 0);
}

TEST(DiffView, OwnerColumnTalliesAndWhoMadeEachChange) {
  Frame a = testing::TwoBlockFrame();
  // A second owner with the same label as the timer: tallies keep them
  // apart by key.
  OwnerRow twin = a.owners[1];
  twin.id = OwnerKey{13};
  a.owners.push_back(twin);
  Frame b = a;
  b.step = 2;
  b.version = 2;
  b.refs[1].value = "1000 ms";       // 2.1 timer written
  b.refs.erase(b.refs.begin() + 4);  // 5.1 metric released
  RefRow added = b.refs[0];
  added.id = MakeRefKey(6, 1);
  added.owner = 2;  // the twin
  added.type = 2;
  b.refs.push_back(added);        // 6.1 metric allocated
  b.owners[0].released_step = 2;  // the session popped
  const DiffView v = BuildDiffView(std::make_shared<const Frame>(a),
                                   std::make_shared<const Frame>(b));
  ASSERT_EQ(v.rows.size(), 3u);
  EXPECT_EQ(v.total.Text(), "+1 \u22121 ~1");
  EXPECT_EQ(v.rows[0].change, DiffChange::kAdded);
  EXPECT_EQ(v.MadeBy(v.rows[0]), "allocated by 5:00 Run \u00b7 o0.13");
  EXPECT_EQ(v.rows[1].change, DiffChange::kRemoved);
  EXPECT_EQ(v.MadeBy(v.rows[1]),
            "released with Session \u00b7 o0.11 (popped at step 2)");
  EXPECT_EQ(v.MadeBy(v.rows[2]), "written by 5:00 Run \u00b7 o0.12");
  // Per owner: the two "5:00 Run" owners are two lines.
  std::vector<std::string> owners;
  for (const DiffTally& t : v.by_owner)
    owners.push_back(t.name + " " + t.Text());
  EXPECT_THAT(owners,
              ::testing::UnorderedElementsAre("5:00 Run \u00b7 o0.12 ~1",
                                              "5:00 Run \u00b7 o0.13 +1",
                                              "Session \u00b7 o0.11 \u22121"));
  std::vector<std::string> types;
  for (const DiffTally& t : v.by_type) types.push_back(t.name + " " + t.Text());
  EXPECT_THAT(types,
              ::testing::UnorderedElementsAre("metric +1 \u22121", "timer ~1"));
}

TEST(Save, DefaultPathsAreScriptStepExtension) {
  EXPECT_EQ(DefaultSavePath(SaveKind::kRecording, "examples/fran.wod", 12),
            "fran-12.wodrec");
  EXPECT_EQ(DefaultSavePath(SaveKind::kTrace, "/a/b/cindy.wod", 0),
            "cindy-0.json");
  EXPECT_EQ(DefaultSavePath(SaveKind::kGolden, "", 7), "session-7.golden");
  EXPECT_EQ(DefaultSavePath(SaveKind::kGolden, "dir/.hidden", 3),
            ".hidden-3.golden");
  EXPECT_EQ(DefaultSavePath(SaveKind::kRecording, "demo (300 refs)", 4),
            "demo_300_refs-4.wodrec");
}

TEST(Save, GoldenTextHasTheSnapshotLayout) {
  Frame f = testing::TwoBlockFrame();
  f.memory_version = 42;
  const std::string text = SnapshotGoldenText(f);
  EXPECT_THAT(text, ::testing::StartsWith("snapshot version=42 refs=5\n"));
  EXPECT_THAT(text, HasSubstr("#3.1 metric owner=o0.12(Timer:5:00 Run) "
                              "parent=#2.1 = rep=5\n"));
  EXPECT_THAT(text, HasSubstr("#1.1 round owner=o0.11(SessionRoot:Session) "
                              "parent=- = R1/3\n"));
}

}  // namespace
}  // namespace wod::debugger
