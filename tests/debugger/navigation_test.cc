// Keyboard time travel over a Timeline: steps, records, changes of a ref,
// watch hits, virtual time, bookmarks, folding of quiet ticks; the view
// state --state-out writes; a new session resets the view.
#include "debugger/model/navigation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/view_state.h"
#include "tests/debugger/frame_fixtures.h"
#include "tests/debugger/frame_timeline.h"

namespace wod::debugger {
namespace {

using ::testing::ElementsAre;

// Steps 0..9 of one session: 0 start (records), 1..4 quiet ticks, 5 a
// next (records, ref 1.1 changes), 6..8 quiet ticks, 9 a tick that adds a
// ref. Every step is one second of virtual time after the one before.
void FillTenSteps(testing::FrameTimeline& h) {
  Frame f = testing::TwoBlockFrame();
  for (int64_t i = 0; i < 10; ++i) {
    f.step = i;
    f.t_ms = i * 1000;
    f.version = static_cast<uint64_t>(i + 1);
    f.refs[1].value = std::to_string(i * 1000) + " ms";  // the timer counts
    f.emitted.clear();
    f.action = "tick 1000 ms";
    if (i == 0) {
      f.action = "startSession";
      f.emitted = {{"push", "push \"5:00 Run\""}};
    }
    if (i == 5) {
      f.action = "userNext";
      f.refs[0].value = "R2/3";
      f.emitted = {{"segment", "segment"}};
    }
    if (i == 9) {
      RefRow extra = f.refs[4];
      extra.id = MakeRefKey(6, 1);
      f.refs.push_back(extra);
    }
    h.Append(std::make_shared<const Frame>(f));
  }
}

TEST(Navigation, QuietTicksFoldAndStepsSkipThem) {
  testing::FrameTimeline h;
  FillTenSteps(h);
  EXPECT_FALSE(IsQuietTick(h, 0));
  EXPECT_TRUE(IsQuietTick(h, 1));
  EXPECT_FALSE(IsQuietTick(h, 5));  // a next with a record
  EXPECT_FALSE(IsQuietTick(h, 9));  // a ref was added
  StepFold fold;
  fold.Sync(h);
  // Runs 1..4 and 6..8 fold to their last step.
  EXPECT_THAT(fold.VisibleSteps(), ElementsAre(0, 4, 5, 8, 9));
  EXPECT_EQ(fold.folded_count(), 5u);
  EXPECT_EQ(StepFrom(h, &fold, 0, +1), 4);
  EXPECT_EQ(StepFrom(h, &fold, 4, +1), 5);
  EXPECT_EQ(StepFrom(h, &fold, 5, +1), 8);
  EXPECT_EQ(StepFrom(h, &fold, 8, -1), 5);
  EXPECT_EQ(StepFrom(h, &fold, 4, -1), 0);
  // Without folding every step counts; the ends clamp.
  EXPECT_EQ(StepFrom(h, nullptr, 0, +1), 1);
  EXPECT_EQ(StepFrom(h, nullptr, 0, -1), 0);
  EXPECT_EQ(StepFrom(h, nullptr, 9, +1), 9);
}

TEST(Navigation, FoldFollowsAGrowingHistoryAndAReset) {
  testing::FrameTimeline h;
  FillTenSteps(h);
  StepFold fold;
  fold.Sync(h);
  EXPECT_EQ(fold.folded_count(), 5u);
  testing::FrameTimeline other;
  Frame f = testing::TwoBlockFrame();
  f.version = 99;
  other.Append(std::make_shared<const Frame>(f));
  fold.Sync(other);  // another session: rebuilt, not appended to
  EXPECT_THAT(fold.VisibleSteps(), ElementsAre(0));
}

TEST(Navigation, RecordsChangesTimesAndBookmarks) {
  testing::FrameTimeline h;
  FillTenSteps(h);
  EXPECT_EQ(NextRecordStep(h, 9, -1), 5);
  EXPECT_EQ(NextRecordStep(h, 5, -1), 0);
  EXPECT_EQ(NextRecordStep(h, 0, -1), -1);
  EXPECT_EQ(NextRecordStep(h, 0, +1), 5);
  EXPECT_EQ(NextRecordStep(h, 5, +1), -1);
  // Ref 1.1 (the round) was added at 0 and changed at 5.
  EXPECT_EQ(NextChangeOf(h, MakeRefKey(1, 1), 9, -1), 5);
  EXPECT_EQ(NextChangeOf(h, MakeRefKey(1, 1), 5, -1), 0);
  EXPECT_EQ(NextChangeOf(h, MakeRefKey(1, 1), 1, +1), 5);
  EXPECT_EQ(NextChangeOf(h, MakeRefKey(1, 1), 5, +1), -1);
  EXPECT_EQ(NextChangeOf(h, RefKey::kNone, 5, +1), -1);
  EXPECT_EQ(FindStepAtTime(h, 0), 0);
  EXPECT_EQ(FindStepAtTime(h, 4500), 5);
  EXPECT_EQ(FindStepAtTime(h, 3'600'000), 9);  // never got there: the end
  EXPECT_EQ(NextBookmark({2, 6}, 4, +1), 6);
  EXPECT_EQ(NextBookmark({2, 6}, 4, -1), 2);
  EXPECT_EQ(NextBookmark({2, 6}, 6, +1), -1);
  EXPECT_EQ(NextBookmark({2, 6}, 2, -1), -1);
}

TEST(Navigation, WatchHitsBackAndForth) {
  testing::FrameTimeline h;
  FillTenSteps(h);
  const std::vector<Watch> watches = {Watch::OnRef(MakeRefKey(1, 1))};
  EXPECT_EQ(NextWatchHit(h, watches, 9, -1), 5);
  EXPECT_EQ(NextWatchHit(h, watches, 5, -1), -1);
  EXPECT_EQ(NextWatchHit(h, watches, 0, +1), 5);
  EXPECT_EQ(NextWatchHit(h, watches, 5, +1), -1);
  absl::StatusOr<Watch> added = Watch::Parse("metric.value == \"rep=10\"");
  ASSERT_TRUE(added.ok());
  // 6.1 (a metric "rep=10") appears at step 9.
  EXPECT_EQ(NextWatchHit(h, {*added}, 0, +1), 9);
}

TEST(Navigation, ParseClock) {
  EXPECT_EQ(*ParseClock("12:30"), 750'000);
  EXPECT_EQ(*ParseClock("0:05"), 5'000);
  EXPECT_EQ(*ParseClock("90"), 90'000);
  EXPECT_EQ(*ParseClock(" 1:00:00 "), 3'600'000);
  EXPECT_EQ(*ParseClock("75:00"), 4'500'000);  // minutes may exceed 59
  EXPECT_FALSE(ParseClock("").ok());
  EXPECT_FALSE(ParseClock("1:60").ok());
  EXPECT_FALSE(ParseClock("a:10").ok());
  EXPECT_FALSE(ParseClock("1::0").ok());
  EXPECT_FALSE(ParseClock("1:2:3:4").ok());
  EXPECT_FALSE(ParseClock("-1:00").ok());
  EXPECT_THAT(std::string(ParseClock("x").status().message()),
              ::testing::HasSubstr("mm:ss"));
}

TEST(DebuggerModelSession, AnotherScriptResetsTheView) {
  DebuggerModel model;
  model.Select(MakeRefKey(3, 1));  // --select before the first frame
  EXPECT_FALSE(model.TrackSession("a.wod", "5:00 Run\n"));
  EXPECT_EQ(model.selected(), MakeRefKey(3, 1));
  model.SetCursor(5000);
  model.SetOwnerFilter(OwnerKey{12});
  model.ToggleBookmark(7);
  EXPECT_FALSE(model.TrackSession("a.wod", "5:00 Run\n"));  // same session
  EXPECT_EQ(model.cursor(), 5000);
  EXPECT_TRUE(model.TrackSession("b.wod", "(3)\n  10 Pullups\n"));
  EXPECT_TRUE(model.following_live());
  EXPECT_EQ(model.owner_filter(), OwnerKey::kNone);
  EXPECT_EQ(model.selected(), RefKey::kNone);
  EXPECT_TRUE(model.bookmarks().empty());
}

TEST(DebuggerModelSession, BookmarksToggleAndStaySorted) {
  DebuggerModel model;
  model.ToggleBookmark(9);
  model.ToggleBookmark(2);
  model.ToggleBookmark(5);
  EXPECT_THAT(model.bookmarks(), ElementsAre(2, 5, 9));
  model.ToggleBookmark(5);
  EXPECT_THAT(model.bookmarks(), ElementsAre(2, 9));
}

TEST(ViewStateJson, WritesEveryFieldAndNulls) {
  ViewState s;
  s.pid = 42;
  s.step = 3;
  s.live_step = 9;
  s.following = false;
  s.run_state = "Stepping";
  s.bookmarks = {2, 5};
  s.widgets = {{"tick_combo", {10, 20}}};
  EXPECT_EQ(ViewStateJson(s),
            "{\"pid\":42,\"step\":3,\"live_step\":9,\"following\":false,"
            "\"selection\":null,\"popup\":null,\"run_state\":\"Stepping\","
            "\"text_input\":false,\"fold\":true,\"bookmarks\":[2,5],"
            "\"columns\":[],\"dragging\":null,"
            "\"widgets\":{\"tick_combo\":[10,20]}}\n");
  s.selection = "3.1";
  s.popup = "##Combo_00";
  s.columns = {397, 731, 462};
  s.dragging = "col0";
  const std::string json = ViewStateJson(s);
  EXPECT_THAT(json, ::testing::HasSubstr(
                        "\"selection\":\"3.1\",\"popup\":\"##Combo_00\""));
  EXPECT_THAT(json, ::testing::HasSubstr(
                        "\"columns\":[397,731,462],\"dragging\":\"col0\""));
}

TEST(ViewStateJson, WriteFileAtomicallyReplacesTheFile) {
  const char* dir = std::getenv("TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") +
                           "/wod_state_" + std::to_string(::getpid()) + ".json";
  ASSERT_TRUE(WriteFileAtomically(path, "one\n").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "two\n").ok());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "two\n");
  EXPECT_FALSE(std::ifstream(path + ".tmp").good());  // renamed away
  std::remove(path.c_str());
  EXPECT_FALSE(WriteFileAtomically("/nonexistent-dir/x.json", "x").ok());
}

}  // namespace
}  // namespace wod::debugger
