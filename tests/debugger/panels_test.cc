// Panels driven headless: keys and clicks in, intents and model state out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/driver.h"
#include "debugger/model/navigation.h"
#include "debugger/model/synthetic_frames.h"
#include "debugger/panels/headless_ui.h"
#include "tests/debugger/frame_fixtures.h"

namespace wod::debugger {
namespace {

std::vector<Intent::Kind> Kinds(const std::vector<Intent>& intents) {
  std::vector<Intent::Kind> kinds;
  for (const Intent& i : intents) kinds.push_back(i.kind);
  return kinds;
}

// A debugger over a DemoDriver, as wod-debug wires it, minus the window.
class PanelsTest : public ::testing::Test {
 protected:
  explicit PanelsTest(size_t refs = 300) : driver_(refs) {
    driver_.Handle(Intent::Of(Intent::Kind::kStart));
    for (int i = 0; i < 12; ++i)
      driver_.Handle(Intent::Of(Intent::Kind::kNext));
  }
  PanelInput In() { return BeginPanelFrame(model_, driver_); }
  std::vector<Intent> Press(std::vector<int> keys, bool ctrl = false) {
    UiInput input;
    input.keys = std::move(keys);
    input.ctrl = ctrl;
    std::vector<Intent> out = ui_.Frame(model_, In(), input);
    ui_.Frame(model_, In());  // release
    return out;
  }
  void Apply(const std::vector<Intent>& intents) {
    for (const Intent& i : intents) {
      if (!ApplyViewIntent(i, model_, driver_.history())) driver_.Handle(i);
    }
  }
  // Where the layout put a panel in the last frame.
  const PanelRect& Rect(PanelId id) {
    return ui_.window().panel_rects()[static_cast<size_t>(id)];
  }

  DemoDriver driver_;
  DebuggerModel model_;
  HeadlessUi ui_;
};

TEST_F(PanelsTest, FunctionKeysAndEscapeMapToSessionIntents) {
  ui_.Frame(model_, In());
  EXPECT_THAT(Kinds(Press({kKeyF10})),
              ::testing::ElementsAre(Intent::Kind::kNext));
  EXPECT_THAT(Kinds(Press({kKeySpace})),
              ::testing::ElementsAre(Intent::Kind::kPauseResume));
  EXPECT_THAT(Kinds(Press({kKeyEnter}, /*ctrl=*/true)),
              ::testing::ElementsAre(Intent::Kind::kRun));
  EXPECT_THAT(Kinds(Press({kKeyEnter})), ::testing::IsEmpty());  // no Ctrl
  EXPECT_THAT(Kinds(Press({kKeyQ}, /*ctrl=*/true)),
              ::testing::ElementsAre(Intent::Kind::kQuit));
  // F5 and Esc ask first (the session has history): Enter confirms.
  EXPECT_THAT(Kinds(Press({kKeyF5})), ::testing::IsEmpty());
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kReset);
  EXPECT_THAT(Kinds(Press({kKeyEnter})),
              ::testing::ElementsAre(Intent::Kind::kReset));
  EXPECT_THAT(Kinds(Press({kKeyEscape})), ::testing::IsEmpty());
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kAbort);
  EXPECT_THAT(Kinds(Press({kKeyEnter})),
              ::testing::ElementsAre(Intent::Kind::kAbort));
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kNone);
}

TEST_F(PanelsTest, HeldKeyFiresOnce) {
  ui_.Frame(model_, In());
  UiInput held;
  held.keys = {kKeyF10};
  std::vector<Intent> all;
  for (int i = 0; i < 5; ++i) {
    for (Intent& intent : ui_.Frame(model_, In(), held)) all.push_back(intent);
  }
  EXPECT_THAT(Kinds(all), ::testing::ElementsAre(Intent::Kind::kNext));
}

TEST_F(PanelsTest, SpaceTypesIntoTheFilterBoxInsteadOfPausing) {
  ui_.Frame(model_, In());
  // The memory panel's text filter: right of the type and owner combos on
  // the first row of the Memory window.
  const PanelRect& m = Rect(PanelId::kMemory);
  ui_.Click(model_, In(), ImVec2(m.x + m.w - 40, m.y + 33));
  ui_.Frame(model_, In());
  ASSERT_TRUE(ImGui::GetIO().WantTextInput)
      << "the click missed the filter box";
  UiInput typing;
  typing.keys = {kKeySpace};
  typing.chars = {'r', 'e', 'p'};
  const std::vector<Intent> intents = ui_.Frame(model_, In(), typing);
  ui_.Frame(model_, In());
  EXPECT_THAT(Kinds(intents), ::testing::IsEmpty());
  const MemoryTableState& table = ui_.window().memory_panel().table();
  EXPECT_EQ(table.text_filter(), "rep");
  EXPECT_LT(table.last_rows().size(), model_.frame()->refs.size());
  // Ctrl+Enter is not a typing key: it still runs.
  EXPECT_THAT(Kinds(Press({kKeyEnter}, true)),
              ::testing::ElementsAre(Intent::Kind::kRun));
}

TEST_F(PanelsTest, ClickingResetInControlsAsksThenRestartsTheDriver) {
  ui_.Frame(model_, In());
  // Controls: [Start][Next (F10)][Run (Ctrl+Enter)][Abort (Esc)][Reset (F5)]
  // on the first rows; find Reset by scanning them until it asks.
  const PanelRect c = Rect(PanelId::kControls);
  for (float y = c.y + 26; y < c.y + 80 && ui_.window().pending_confirm() ==
                                               DebuggerWindow::Confirm::kNone;
       y += 8) {
    for (float x = c.x + 10;
         x < c.x + c.w &&
         ui_.window().pending_confirm() == DebuggerWindow::Confirm::kNone;
         x += 12) {
      for (const Intent& i : ui_.Click(model_, In(), ImVec2(x, y))) {
        EXPECT_NE(i.kind, Intent::Kind::kReset) << "reset without asking";
        EXPECT_NE(i.kind, Intent::Kind::kAbort) << "abort without asking";
      }
      if (ui_.window().pending_confirm() == DebuggerWindow::Confirm::kAbort)
        Press({kKeyEscape});  // the Abort button: cancel it, scan on
    }
  }
  ASSERT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kReset);
  EXPECT_FALSE(ui_.window().State(model_, In()).popup.empty());
  const std::vector<Intent> got = Press({kKeyEnter});
  ASSERT_THAT(Kinds(got), ::testing::ElementsAre(Intent::Kind::kReset));
  Apply(got);
  EXPECT_TRUE(driver_.history().empty());
  EXPECT_EQ(driver_.status().state, RunState::kIdle);
  // Without history there is nothing to lose: F5 resets at once.
  ui_.Frame(model_, In());
  EXPECT_THAT(Kinds(Press({kKeyF5})),
              ::testing::ElementsAre(Intent::Kind::kReset));
}

TEST_F(PanelsTest, EscWithAComboOpenClosesOnlyTheCombo) {
  ui_.Frame(model_, In());
  ui_.Frame(model_, In());
  std::pair<int, int> at{-1, -1};
  for (const auto& [name, xy] : model_.widgets())
    if (name == "tick_combo") at = xy;
  ASSERT_GE(at.first, 0) << "the Controls panel noted no tick combo";
  EXPECT_THAT(Kinds(ui_.Click(model_, In(),
                              ImVec2(static_cast<float>(at.first),
                                     static_cast<float>(at.second)))),
              ::testing::IsEmpty());
  ui_.Frame(model_, In());
  const std::string popup = ui_.window().State(model_, In()).popup;
  ASSERT_FALSE(popup.empty()) << "the combo did not open";
  EXPECT_THAT(Kinds(Press({kKeyEscape})), ::testing::IsEmpty());
  ui_.Frame(model_, In());
  EXPECT_EQ(ui_.window().State(model_, In()).popup, "");
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kNone);
  // The next Esc, with nothing open, asks to abort; Esc again cancels.
  EXPECT_THAT(Kinds(Press({kKeyEscape})), ::testing::IsEmpty());
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kAbort);
  EXPECT_THAT(Kinds(Press({kKeyEscape})), ::testing::IsEmpty());
  ui_.Frame(model_, In());
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kNone);
  EXPECT_EQ(ui_.window().State(model_, In()).popup, "");
}

TEST_F(PanelsTest, ArrowsHomeAndEndTravelThroughTime) {
  model_.SetFoldQuietTicks(false);
  ui_.Frame(model_, In());
  const int64_t last = driver_.history().Latest()->step;
  auto seek_of = [&](std::vector<int> keys, bool shift = false,
                     bool ctrl = false) {
    UiInput input;
    input.keys = std::move(keys);
    input.shift = shift;
    input.ctrl = ctrl;
    std::vector<Intent> out = ui_.Frame(model_, In(), input);
    ui_.Frame(model_, In());
    Apply(out);
    ui_.Frame(model_, In());
    return out.size() == 1 && out[0].kind == Intent::Kind::kSeek
               ? out[0].value
               : int64_t{-100};
  };
  EXPECT_EQ(seek_of({kKeyLeft}), last - 1);
  EXPECT_EQ(model_.frame()->step, last - 1);
  EXPECT_EQ(seek_of({kKeyLeft}), last - 2);
  EXPECT_EQ(seek_of({kKeyRight}), last - 1);
  EXPECT_EQ(seek_of({kKeyHome}), 0);
  EXPECT_EQ(model_.frame()->step, 0);
  EXPECT_EQ(seek_of({kKeyEnd}), -1);
  EXPECT_TRUE(model_.following_live());
  // Shift+←/→: the steps with records (the demo emits at 0 and 10).
  EXPECT_EQ(seek_of({kKeyLeft}, /*shift=*/true), 10);
  EXPECT_EQ(seek_of({kKeyLeft}, /*shift=*/true), 0);
  EXPECT_EQ(seek_of({kKeyRight}, /*shift=*/true), 10);
  // Ctrl+B bookmarks the step shown; ] and [ go to bookmarks.
  ui_.Frame(model_, In());
  seek_of({kKeyB}, false, /*ctrl=*/true);
  EXPECT_THAT(model_.bookmarks(), ::testing::ElementsAre(10));
  EXPECT_EQ(seek_of({kKeyHome}), 0);
  EXPECT_EQ(seek_of({93}), 10);  // ]
  // Ctrl+←/→: previous / next change of the selected ref.
  const Frame& f = *driver_.history().Latest();
  const RefKey ref = f.refs[f.refs.size() / 2].id;
  model_.Select(ref);
  const auto changes = driver_.history().ValueChanges(ref, 1000);
  ASSERT_FALSE(changes.empty());
  const int64_t next = NextChangeOf(driver_.history(), ref, 10, +1);
  EXPECT_EQ(seek_of({kKeyRight}, false, /*ctrl=*/true),
            next < 0 ? int64_t{-100} : next);
}

TEST_F(PanelsTest, F8AndShiftF8GoToWatchHitsInTheHistory) {
  const Frame& live = *driver_.history().Latest();
  model_.AddWatch(Watch::OnType(std::string(live.TypeName(live.refs[0].type))));
  const int64_t last = live.step;
  const int64_t back =
      NextWatchHit(driver_.history(), model_.watches(), last, -1);
  ASSERT_GE(back, 1) << "the demo never changes that type";
  ui_.Frame(model_, In());
  UiInput shift_f8;
  shift_f8.keys = {kKeyF8};
  shift_f8.shift = true;
  std::vector<Intent> got = ui_.Frame(model_, In(), shift_f8);
  ui_.Frame(model_, In());
  ASSERT_THAT(Kinds(got), ::testing::ElementsAre(Intent::Kind::kSeek));
  EXPECT_EQ(got[0].value, back);
  Apply(got);
  ui_.Frame(model_, In());
  // F8 from there: the next hit, or live (and run) when there is none.
  const int64_t fwd =
      NextWatchHit(driver_.history(), model_.watches(), back, +1);
  got = Press({kKeyF8});
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back().kind, Intent::Kind::kSeek);
  EXPECT_EQ(got.back().value, fwd);
  if (fwd < 0) {
    EXPECT_EQ(got.front().kind, Intent::Kind::kRun);
  }
}

TEST_F(PanelsTest, TypingInATextBoxTriggersNoShortcut) {
  ui_.Frame(model_, In());
  // Ctrl+G gives the "go to time" box the keyboard.
  Press({kKeyG}, /*ctrl=*/true);
  ui_.Frame(model_, In());
  ASSERT_TRUE(ImGui::GetIO().WantTextInput);
  EXPECT_TRUE(ui_.window().State(model_, In()).text_input);
  for (int key : {kKeyLeft, kKeyRight, kKeyHome, kKeyEnd, kKeyF10, kKeySpace,
                  kKeyF5, kKeyF8}) {
    EXPECT_THAT(Kinds(Press({key})), ::testing::IsEmpty()) << key;
  }
  EXPECT_TRUE(model_.following_live());
  // Typing a time and Enter goes there.
  UiInput typing;
  typing.chars = {'0', ':', '0', '0'};
  ui_.Frame(model_, In(), typing);
  const std::vector<Intent> go = Press({kKeyEnter});
  ASSERT_THAT(Kinds(go), ::testing::ElementsAre(Intent::Kind::kSeek));
  EXPECT_EQ(go[0].value, 0);
}

TEST_F(PanelsTest, ABrowsedRecordingRunsNothing) {
  SessionStatus browse = driver_.status();
  browse.browse_only = true;
  PanelInput in = In();
  in.status = &browse;
  ui_.Frame(model_, in);
  auto press = [&](std::vector<int> keys, bool ctrl = false) {
    UiInput input;
    input.keys = std::move(keys);
    input.ctrl = ctrl;
    std::vector<Intent> out = ui_.Frame(model_, in, input);
    ui_.Frame(model_, in);
    return out;
  };
  EXPECT_THAT(Kinds(press({kKeyF10})), ::testing::IsEmpty());
  EXPECT_THAT(Kinds(press({kKeySpace})), ::testing::IsEmpty());
  EXPECT_THAT(Kinds(press({kKeyEnter}, true)), ::testing::IsEmpty());
  EXPECT_THAT(Kinds(press({kKeyEscape})), ::testing::IsEmpty());
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kNone);
  // The buttons on the first Controls row are disabled: clicks do nothing.
  for (float x = 10; x < 470; x += 12) {
    for (const Intent& i : ui_.Click(model_, in, ImVec2(x, 30)))
      ADD_FAILURE() << "intent " << static_cast<int>(i.kind) << " at " << x;
  }
  // Time travel still works.
  EXPECT_THAT(Kinds(press({kKeyLeft})),
              ::testing::ElementsAre(Intent::Kind::kSeek));
}

TEST_F(PanelsTest, ScriptFollowsTheCurrentLine) {
  // A 120-line script whose current statement is line 90.
  SessionStatus st = driver_.status();
  st.source.clear();
  for (int i = 1; i <= 120; ++i)
    st.source += "line " + std::to_string(i) + "\n";
  Frame f = testing::TwoBlockFrame();
  f.owners[1].line_begin = 90;
  f.owners[1].line_end = 90;
  model_.SetFrame(std::make_shared<const Frame>(f));
  PanelInput in;
  in.frame = model_.frame();
  in.history = &driver_.history();
  in.status = &st;
  for (int i = 0; i < 3; ++i) ui_.Frame(model_, in);
  EXPECT_EQ(ui_.window().script_panel().followed_line(), 90);
  // The rows of the Script panel are now lines around 90, line 90 among
  // them (hover reports the line under the pointer).
  std::set<int> seen;
  for (float y = 200; y < 470; y += 5) {
    UiInput over;
    over.mouse = ImVec2(70, y);  // over the text of a line
    ui_.Frame(model_, in, over);
    ui_.Frame(model_, in, over);
    if (model_.hover().line > 0) seen.insert(model_.hover().line);
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_GT(*seen.begin(), 70);
  EXPECT_LT(*seen.rbegin(), 110);
  EXPECT_EQ(seen.count(90), 1u);
}

TEST(PanelsParseWarning, ControlsNameTheFirstParseError) {
  SessionStatus st;
  EXPECT_EQ(ParseErrorWarning(st), "");
  st.diagnostics = {{4, 2, false, "odd", std::nullopt},
                    {7, 1, true, "bad", std::nullopt},
                    {9, 1, true, "worse", std::nullopt}};
  EXPECT_EQ(ParseErrorWarning(st),
            "Script has 2 parse errors (first at line 7): see the Script "
            "panel.");
}

TEST(PanelsStateWord, ALoadingRecordingSaysLoadingNotStopped) {
  SessionStatus st;
  st.state = RunState::kStopped;
  EXPECT_STREQ(StateWord(st), "Stopped");
  st.load.loading = true;
  EXPECT_STREQ(StateWord(st), "Loading");
  st.load.loading = false;  // the load is over: the state speaks again
  st.state = RunState::kEnded;
  EXPECT_STREQ(StateWord(st), RunStateName(RunState::kEnded));
}

TEST_F(PanelsTest, UnchangedFramesRebuildNothing) {
  ui_.Frame(model_, In());
  ui_.Frame(model_, In());
  const MemoryTableState& table = ui_.window().memory_panel().table();
  const uint64_t built = table.rebuild_count();
  for (int i = 0; i < 5; ++i) ui_.Frame(model_, In());
  EXPECT_EQ(table.rebuild_count(), built);
  driver_.Handle(Intent::Of(Intent::Kind::kNext));
  ui_.Frame(model_, In());
  EXPECT_EQ(table.rebuild_count(), built + 1);
}

TEST_F(PanelsTest, SeekShowsAnOlderStepWhileTheSessionStaysPut) {
  ui_.Frame(model_, In());
  const int64_t live_step = driver_.history().Latest()->step;
  Apply({Intent::Of(Intent::Kind::kSeek, 3)});
  PanelInput in = In();
  ui_.Frame(model_, in);
  EXPECT_EQ(model_.frame()->step, 3);
  EXPECT_EQ(driver_.history().Latest()->step, live_step);
  Apply({Intent::Of(Intent::Kind::kSeek, -1)});
  ui_.Frame(model_, In());
  EXPECT_EQ(model_.frame()->step, live_step);
}

TEST_F(PanelsTest, HoveringAStackBlockHighlightsItsRefs) {
  ui_.Frame(model_, In());
  // The stack table's first block row (the top block) sits just under the
  // header row of the Stack window.
  const PanelRect s = Rect(PanelId::kStack);
  OwnerKey hovered = OwnerKey::kNone;
  for (float y = s.y + 30; y < s.y + 150 && hovered == OwnerKey::kNone;
       y += 4) {
    UiInput at;
    at.mouse = ImVec2(s.x + 120, y);
    ui_.Frame(model_, In(), at);
    ui_.Frame(model_, In(), at);
    hovered = model_.hover().block;
  }
  ASSERT_NE(hovered, OwnerKey::kNone) << "no stack row under the pointer";
  const Frame& f = *model_.frame();
  size_t highlighted = 0;
  for (const RefRow& r : f.refs) {
    const bool mine = f.owners[r.owner].id == hovered;
    EXPECT_EQ(model_.IsRefHighlighted(r), mine);
    highlighted += mine ? 1 : 0;
  }
  EXPECT_GT(highlighted, 0u);
}

TEST_F(PanelsTest, ClickingARecordMovesTheHistoryCursorToItsStep) {
  ui_.Frame(model_, In());
  // The records timeline fills the lower right; its rows are the records
  // of steps 0 and 10.
  const PanelRect r = Rect(PanelId::kRecords);
  std::vector<Intent> seeks;
  for (float y = r.y + 50; y < r.y + r.h && seeks.empty(); y += 6) {
    for (const Intent& i : ui_.Click(model_, In(), ImVec2(r.x + 120, y))) {
      if (i.kind == Intent::Kind::kSeek) seeks.push_back(i);
    }
  }
  ASSERT_EQ(seeks.size(), 1u) << "no record row under the pointer";
  const int64_t step = seeks[0].value;
  EXPECT_TRUE(step == 0 || step == 10) << step;
  EXPECT_FALSE(
      driver_.history().Summary(static_cast<size_t>(step)).emitted.empty());
  Apply(seeks);
  ui_.Frame(model_, In());
  EXPECT_EQ(model_.frame()->step, step);
  EXPECT_FALSE(model_.following_live());
}

TEST_F(PanelsTest, DraggingTheHistorySliderShowsAnEarlierStep) {
  ui_.Frame(model_, In());
  const int64_t last = driver_.history().Latest()->step;
  // The slider is on the first row of the History window, right of the
  // < > buttons; its left end means step 0.
  const PanelRect h = Rect(PanelId::kHistory);
  std::vector<Intent> seeks;
  for (float x = h.x + 50; x < h.x + 210 && seeks.empty(); x += 8) {
    for (const Intent& i : ui_.Click(model_, In(), ImVec2(x, h.y + 33))) {
      if (i.kind == Intent::Kind::kSeek) seeks.push_back(i);
    }
  }
  ASSERT_FALSE(seeks.empty()) << "the clicks missed the slider";
  EXPECT_GE(seeks.back().value, 0);
  EXPECT_LT(seeks.back().value, last);
  Apply({seeks.back()});
  ui_.Frame(model_, In());
  EXPECT_EQ(model_.frame()->step, seeks.back().value);
  EXPECT_EQ(driver_.history().Latest()->step, last);  // the session stayed
}

TEST_F(PanelsTest, TwoDebuggersKeepTheirOwnContexts) {
  DemoDriver other_driver(50);
  other_driver.Handle(Intent::Of(Intent::Kind::kStart));
  DebuggerModel other_model;
  HeadlessUi other_ui;
  other_model.SetFrame(other_driver.history().Latest());
  PanelInput other_in;
  other_in.frame = other_model.frame();
  other_in.history = &other_driver.history();
  other_in.status = &other_driver.status();
  ui_.Frame(model_, In());
  other_ui.Frame(other_model, other_in);
  ui_.Frame(model_, In());
  EXPECT_EQ(ImGui::GetCurrentContext(), ui_.context());
  EXPECT_NE(ui_.context(), other_ui.context());
  // Keys pressed in one window never reach the other.
  UiInput f10;
  f10.keys = {kKeyF10};
  EXPECT_THAT(Kinds(other_ui.Frame(other_model, other_in, f10)),
              ::testing::ElementsAre(Intent::Kind::kNext));
  EXPECT_THAT(Kinds(ui_.Frame(model_, In())), ::testing::IsEmpty());
}

// The list clipper: drawing 100,000 refs costs about what 1,000 cost.
TEST(PanelsClipper, HundredThousandRefsDrawNoMoreThanAThousand) {
  auto vertices = [](size_t refs) {
    DemoDriver driver(refs);
    driver.Handle(Intent::Of(Intent::Kind::kStart));
    DebuggerModel model;
    HeadlessUi ui;
    model.SetFrame(driver.history().Latest());
    HierarchyState& tree = ui.window().hierarchy_panel().tree();
    tree.SetFrame(model.frame_ptr());
    tree.ExpandAll(true);
    PanelInput in;
    in.frame = model.frame();
    in.history = &driver.history();
    in.status = &driver.status();
    ui.Frame(model, in);
    ui.Frame(model, in);
    return ImGui::GetDrawData()->TotalVtxCount;
  };
  const int small = vertices(1000);
  const int large = vertices(100000);
  EXPECT_GT(small, 1000);
  EXPECT_LT(large, small * 3 / 2) << small << " vs " << large;
}

}  // namespace
}  // namespace wod::debugger
