// What walking the real window at 1024×700 and 1600×1000 showed, pinned
// headless: the column splitters take the mouse even where ImGui would
// resize a window from its edges, a press that arrives with a jump of the
// pointer does not move a splitter, F5 in a browsed recording asks
// nothing, and the History and Inspector panels fit a 1024 px window
// (docs/spec/debugger.md §2.10, §6).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/driver.h"
#include "debugger/panels/headless_ui.h"

namespace wod::debugger {
namespace {

class WalkTest : public ::testing::Test {
 protected:
  WalkTest() : demo_(300) {
    demo_.Handle(Intent::Of(Intent::Kind::kStart));
    for (int i = 0; i < 12; ++i) demo_.Handle(Intent::Of(Intent::Kind::kNext));
    // As under GLFW: the backend can change the mouse cursor, so ImGui
    // resizes resizable windows from their edges (4 px beyond them).
    ImGui::SetCurrentContext(ui_.context());
    ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    ImGui::GetIO().ConfigWindowsResizeFromEdges = true;
  }
  PanelInput In() {
    PanelInput in = BeginPanelFrame(model_, demo_);
    if (browse_) {
      status_ = demo_.status();
      status_.browse_only = true;
      in.status = &status_;
    }
    return in;
  }
  std::vector<Intent> Draw(const UiInput& input = {}) {
    return ui_.Frame(model_, In(), input);
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Draw();
  }
  const PanelRect& Rect(PanelId id) {
    return ui_.window().panel_rects()[static_cast<size_t>(id)];
  }

  DemoDriver demo_;
  DebuggerModel model_;
  HeadlessUi ui_;
  bool browse_ = false;
  SessionStatus status_;
};

TEST_F(WalkTest, AColumnSplitterTakesTheMouseBesideAPanelEdge) {
  Frames(2);
  const PanelRect controls = Rect(PanelId::kControls);
  const PanelRect memory = Rect(PanelId::kMemory);
  // The middle of the gap: within ImGui's edge-resize reach of both
  // neighbours.
  const float x = controls.x + controls.w + PanelLayout::kGap * 0.5f;
  const float y = memory.y + 300;
  UiInput in;
  in.mouse = ImVec2(x, y);
  Draw(in);
  Draw(in);
  in.mouse_down = true;
  Draw(in);
  in.mouse = ImVec2(x + 80, y);
  Draw(in);
  Draw(in);
  in.mouse_down = false;
  Draw(in);
  Frames(1);
  EXPECT_NEAR(Rect(PanelId::kControls).w, controls.w + 80, 2.0f);
  EXPECT_NEAR(Rect(PanelId::kMemory).x, memory.x + 80, 2.0f);
}

TEST_F(WalkTest, APressThatArrivesWithAJumpDoesNotMoveTheSplitter) {
  Frames(2);
  const PanelRect controls = Rect(PanelId::kControls);
  const float x = controls.x + controls.w + PanelLayout::kGap * 0.5f;
  const float y = controls.y + 300;
  UiInput in;
  in.mouse = ImVec2(800, 500);  // far away, then press on the gap at once
  Draw(in);
  in.mouse = ImVec2(x, y);
  in.mouse_down = true;
  Draw(in);
  Draw(in);
  in.mouse_down = false;
  Draw(in);
  Frames(1);
  EXPECT_NEAR(Rect(PanelId::kControls).w, controls.w, 1.0f);
}

TEST_F(WalkTest, F5InABrowsedRecordingAsksNothingAndDoesNothing) {
  browse_ = true;
  Frames(2);
  ASSERT_GT(demo_.history().size(), 1u);
  UiInput f5;
  f5.keys = {kKeyF5};
  EXPECT_THAT(Draw(f5), ::testing::IsEmpty());
  Frames(2);
  EXPECT_EQ(ui_.window().pending_confirm(), DebuggerWindow::Confirm::kNone);
  EXPECT_TRUE(GImGui->OpenPopupStack.empty());
}

// No widget of the panel reaches past its right edge (nothing clipped).
void ExpectFitsItsWidth(const char* name) {
  ImGuiWindow* w = ImGui::FindWindowByName(name);
  ASSERT_NE(w, nullptr) << name;
  const float inner = w->ContentRegionRect.GetWidth();
  EXPECT_LE(w->ContentSize.x, inner + 0.5f)
      << name << ": content " << w->ContentSize.x << " px in " << inner;
}

TEST_F(WalkTest, HistoryAndInspectorFitA1024x700Window) {
  ImGui::GetIO().DisplaySize = ImVec2(1024, 700);
  Frames(3);
  ExpectFitsItsWidth(PanelWindowName(PanelId::kHistory));
  ExpectFitsItsWidth(PanelWindowName(PanelId::kInspector));
  // The plots are in view, not scrolled below the panel.
  ImGuiWindow* history =
      ImGui::FindWindowByName(PanelWindowName(PanelId::kHistory));
  ASSERT_NE(history, nullptr);
  EXPECT_EQ(history->ScrollMax.y, 0.0f);
}

}  // namespace
}  // namespace wod::debugger
