// Panels driven headless: keys and clicks in, intents and model state out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>
#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/driver.h"
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
  EXPECT_THAT(Kinds(Press({kKeyF5})),
              ::testing::ElementsAre(Intent::Kind::kReset));
  EXPECT_THAT(Kinds(Press({kKeyEscape})),
              ::testing::ElementsAre(Intent::Kind::kAbort));
  EXPECT_THAT(Kinds(Press({kKeySpace})),
              ::testing::ElementsAre(Intent::Kind::kPauseResume));
  EXPECT_THAT(Kinds(Press({kKeyEnter}, /*ctrl=*/true)),
              ::testing::ElementsAre(Intent::Kind::kRun));
  EXPECT_THAT(Kinds(Press({kKeyEnter})), ::testing::IsEmpty());  // no Ctrl
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

TEST_F(PanelsTest, ClickingResetInControlsReturnsResetAndDriverRestarts) {
  ui_.Frame(model_, In());
  // Controls: [Start][Next (F10)][Run (Ctrl+Enter)][Abort (Esc)][Reset (F5)]
  // on the first rows; find Reset by scanning them for the intent.
  const PanelRect c = Rect(PanelId::kControls);
  std::vector<Intent> got;
  for (float y = c.y + 26; y < c.y + 80 && got.empty(); y += 8) {
    for (float x = c.x + 10; x < c.x + c.w && got.empty(); x += 12) {
      for (const Intent& i : ui_.Click(model_, In(), ImVec2(x, y))) {
        if (i.kind == Intent::Kind::kReset) got.push_back(i);
      }
    }
  }
  ASSERT_EQ(got.size(), 1u);
  Apply(got);
  EXPECT_TRUE(driver_.history().empty());
  EXPECT_EQ(driver_.status().state, RunState::kIdle);
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
