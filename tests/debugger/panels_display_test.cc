// The display half of the window, headless: the layout at small and large
// sizes, collapsing, clipped cells, navigation (why-alive, parents, reveal,
// script hover), the watches list, the plot, the diff, saving, and the
// ownership violations of a deliberately leaking block
// (docs/spec/debugger.md §2, §6).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/driver.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/panels/headless_ui.h"
#include "debugger/panels/panel_style.h"
#include "memory/runtime_memory.h"
#include "runtime/publication.h"
#include "runtime/runtime_block.h"
#include "runtime/runtime_clock.h"
#include "runtime/runtime_event.h"
#include "runtime/script_runtime.h"
#include "tests/debugger/frame_fixtures.h"
#include "tests/debugger/frame_timeline.h"

namespace wod::debugger {
namespace {

using ::testing::HasSubstr;

// A driver over hand-made frames (long values, twin owners, a script).
class FramesDriver : public Driver {
 public:
  explicit FramesDriver(const std::vector<Frame>& frames,
                        std::string source = "")
      : Driver(std::make_unique<testing::FrameTimeline>()) {
    // Hand-made frames have no publications: they go straight into a
    // Timeline over Frames.
    auto& timeline = static_cast<testing::FrameTimeline&>(mutable_history());
    for (const Frame& f : frames) {
      timeline.Append(std::make_shared<const Frame>(f));
    }
    mutable_status().steps = static_cast<int64_t>(timeline.size());
    mutable_status().state = RunState::kStepping;
    mutable_status().source = std::move(source);
  }
  void Handle(const Intent& intent) override { HandleStatusIntent(intent); }
};

std::string TempPath(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "_" +
         std::to_string(::getpid());
}

// The ImGui window named `name` (internal API: tests read sizes and
// scroll extents the public API does not expose).
ImGuiWindow* Window(const char* name) { return ImGui::FindWindowByName(name); }

// A child window of `parent` whose name contains `part`.
ImGuiWindow* Child(const char* parent, const char* part) {
  for (ImGuiWindow* w : GImGui->Windows) {
    if (std::strncmp(w->Name, parent, std::strlen(parent)) == 0 &&
        std::strstr(w->Name, part) != nullptr) {
      return w;
    }
  }
  return nullptr;
}

bool TooltipShown() {
  for (ImGuiWindow* w : GImGui->Windows) {
    if (std::strncmp(w->Name, "##Tooltip", 9) == 0 && w->Active) return true;
  }
  return false;
}

class DisplayTest : public ::testing::Test {
 protected:
  DisplayTest() : demo_(300) {
    demo_.Handle(Intent::Of(Intent::Kind::kStart));
    for (int i = 0; i < 12; ++i) demo_.Handle(Intent::Of(Intent::Kind::kNext));
    driver_ = &demo_;
  }
  void Use(Driver& driver) { driver_ = &driver; }
  void Size(float w, float h) {
    ImGui::SetCurrentContext(ui_.context());
    ImGui::GetIO().DisplaySize = ImVec2(w, h);
  }
  PanelInput In() { return BeginPanelFrame(model_, *driver_); }
  std::vector<Intent> Draw(const UiInput& input = {}) {
    return ui_.Frame(model_, In(), input);
  }
  void Frames(int n) {
    for (int i = 0; i < n; ++i) Draw();
  }
  void Hover(ImVec2 at) {
    UiInput i;
    i.mouse = at;
    Draw(i);
    Draw(i);
  }
  std::vector<Intent> Click(ImVec2 at) { return ui_.Click(model_, In(), at); }
  void Apply(const std::vector<Intent>& intents) {
    for (const Intent& i : intents) {
      if (!ApplyViewIntent(i, model_, driver_->history())) driver_->Handle(i);
    }
  }
  const PanelRect& Rect(PanelId id) {
    return ui_.window().panel_rects()[static_cast<size_t>(id)];
  }

  DemoDriver demo_;
  Driver* driver_;
  DebuggerModel model_;
  HeadlessUi ui_;
};

TEST_F(DisplayTest, At1024x700ColumnsKeepTheirWidthsAndControlsAreNotClipped) {
  Size(1024, 700);
  Frames(3);
  // The memory table: no column narrower than a few characters.
  ImGuiTable* memory = nullptr;
  for (int i = 0; i < GImGui->Tables.GetMapSize(); ++i) {
    ImGuiTable* t = GImGui->Tables.TryGetMapData(i);
    if (t != nullptr && t->ColumnsCount == 9) memory = t;
  }
  ASSERT_NE(memory, nullptr);
  for (int c = 0; c < memory->ColumnsCount; ++c) {
    EXPECT_GE(memory->Columns[c].WidthGiven, 40.0f) << "column " << c;
  }
  // Controls (buttons, state line, shortcuts) fit their panel.
  ImGuiWindow* controls = Window("Controls");
  ASSERT_NE(controls, nullptr);
  EXPECT_EQ(controls->ScrollMax.x, 0.0f);
  EXPECT_EQ(controls->ScrollMax.y, 0.0f)
      << "the Controls panel overflows: content " << controls->ContentSize.y
      << " window " << controls->Size.y << " min "
      << ui_.window().layout().MinPanelHeight(PanelId::kControls) << " rect "
      << Rect(PanelId::kControls).h;
  // Reset is on screen and clickable (with history it asks first; the
  // Abort button's confirmation is cancelled with Esc to scan on).
  const PanelRect c = Rect(PanelId::kControls);
  using Confirm = DebuggerWindow::Confirm;
  bool reset = false;
  for (float y = c.y + 24; y < c.y + 90 && !reset; y += 8) {
    for (float x = c.x + 10; x < c.x + c.w && !reset; x += 16) {
      for (const Intent& i : Click(ImVec2(x, y))) {
        reset = reset || i.kind == Intent::Kind::kReset;
      }
      reset = reset || ui_.window().pending_confirm() == Confirm::kReset;
      if (ui_.window().pending_confirm() == Confirm::kAbort) {
        UiInput esc;
        esc.keys = {kKeyEscape};
        Draw(esc);
        Draw();
      }
    }
  }
  EXPECT_TRUE(reset) << "no Reset button inside the Controls panel";
  if (ui_.window().pending_confirm() == Confirm::kReset) {
    UiInput esc;
    esc.keys = {kKeyEscape};
    Draw(esc);
    Draw();
  }
  // The diff shows rows.
  Frames(1);
  EXPECT_GT(ui_.window().diff_panel().rows_drawn(), 0);
}

TEST_F(DisplayTest, At2560x1400PanelsFillTheWindow) {
  Size(1600, 1000);
  Frames(2);
  const PanelRect diff_small = Rect(PanelId::kDiff);
  Size(2560, 1400);
  Frames(2);
  EXPECT_GT(Rect(PanelId::kDiff).h, diff_small.h * 1.3f);
  const PanelRect& records = Rect(PanelId::kRecords);
  EXPECT_NEAR(records.x + records.w, 2560.0f, 1.0f);
  EXPECT_NEAR(records.y + records.h, 1400.0f, 1.0f);
  ImGuiWindow* records_window = Window("Records");
  ASSERT_NE(records_window, nullptr);
  EXPECT_NEAR(records_window->Size.y, records.h, 1.0f);
}

TEST_F(DisplayTest, ACollapsedPanelLeavesNoHole) {
  Frames(2);
  const PanelRect diff_before = Rect(PanelId::kDiff);
  ImGui::SetWindowCollapsed("History", true);
  Frames(2);
  EXPECT_TRUE(ui_.window().layout().collapsed(PanelId::kHistory));
  EXPECT_GT(Rect(PanelId::kDiff).h, diff_before.h);
  const PanelRect& records = Rect(PanelId::kRecords);
  EXPECT_NEAR(records.y + records.h, 1000.0f, 1.0f);
  // Expanding again gives the space back.
  ImGui::SetWindowCollapsed("History", false);
  Frames(2);
  EXPECT_FALSE(ui_.window().layout().collapsed(PanelId::kHistory));
  EXPECT_NEAR(Rect(PanelId::kDiff).h, diff_before.h, 1.0f);
}

TEST_F(DisplayTest, DraggingASplitterResizesTheColumns) {
  Frames(2);
  const PanelRect memory = Rect(PanelId::kMemory);
  const float x = memory.x - PanelLayout::kGap * 0.5f;
  const float y = memory.y + 200;
  UiInput press;
  press.mouse = ImVec2(x, y);
  Draw(press);
  press.mouse_down = true;
  Draw(press);
  press.mouse = ImVec2(x + 60, y);
  Draw(press);
  Draw(press);
  press.mouse_down = false;
  Draw(press);
  Frames(1);
  EXPECT_NEAR(Rect(PanelId::kMemory).x, memory.x + 60, 2.0f);
  EXPECT_NEAR(Rect(PanelId::kControls).w, Rect(PanelId::kScript).w, 0.5f);
}

TEST_F(DisplayTest, AClippedCellShowsItsWholeTextOnHover) {
  debugger::Frame f = testing::TwoBlockFrame();
  f.refs[4].value = std::string(400, 'x') + " end";
  FramesDriver frames({f});
  Use(frames);
  Frames(2);
  // The value column ends at the table's right edge (left of its
  // scrollbar) at 1600×1000.
  const PanelRect m = Rect(PanelId::kMemory);
  bool shown = false;
  for (float y = m.y + 60; y < m.y + 180 && !shown; y += 4) {
    Hover(ImVec2(m.x + m.w - 40, y));
    shown = TooltipShown();
  }
  EXPECT_TRUE(shown) << "no tooltip over the clipped value";
}

TEST_F(DisplayTest, TheLayoutIsSavedInAndLoadedFromTheIniText) {
  ui_.window().InstallLayoutSettings();
  ui_.window().layout().MoveColumnSplitter(0, 90.0f, 1600.0f);
  ui_.window().layout().SetCollapsed(PanelId::kHierarchy, true);
  Frames(1);
  size_t size = 0;
  const std::string ini = ImGui::SaveIniSettingsToMemory(&size);
  EXPECT_THAT(ini, HasSubstr("[WodLayout][Main]\ncolumns="));
  EXPECT_THAT(ini, HasSubstr("collapsed=Hierarchy"));
  // Another window loads it.
  HeadlessUi other;
  other.window().InstallLayoutSettings();
  ImGui::LoadIniSettingsFromMemory(ini.c_str(), ini.size());
  // Equal as saved (weights keep four decimals).
  EXPECT_EQ(other.window().layout().ToIniLines(),
            ui_.window().layout().ToIniLines());
  EXPECT_TRUE(other.window().layout().collapsed(PanelId::kHierarchy));
  // A damaged section changes nothing.
  HeadlessUi third;
  third.window().InstallLayoutSettings();
  const std::string bad = "[WodLayout][Main]\ncolumns=x,y,z\nrows9=1\n";
  ImGui::LoadIniSettingsFromMemory(bad.c_str(), bad.size());
  EXPECT_TRUE(third.window().layout() == PanelLayout());
  ImGui::SetCurrentContext(ui_.context());
}

TEST(VisLegend, NamesEveryTier) {
  for (Visibility v : kVisibilityTiers) {
    EXPECT_THAT(kVisibilityLegend,
                HasSubstr(std::string(VisibilityName(v)) + ":"));
  }
}

TEST_F(DisplayTest, WhyAliveRefsAndOwnersAreLinks) {
  FramesDriver frames({testing::TwoBlockFrame()});
  Use(frames);
  Frames(1);
  model_.Select(MakeRefKey(4, 1));
  Frames(2);
  const PanelRect r = Rect(PanelId::kInspector);
  // Click down the inspector until a line of the chain selects a parent.
  for (float y = r.y + 30; y < r.y + r.h - 10; y += 6) {
    Apply(Click(ImVec2(r.x + 80, y)));
    if (model_.selected() != MakeRefKey(4, 1)) break;
  }
  EXPECT_TRUE(model_.selected() == MakeRefKey(3, 1) ||
              model_.selected() == MakeRefKey(2, 1))
      << RefKeyText(model_.selected());
}

TEST_F(DisplayTest, ThePlotMarksTheShownStepAndSeeksWhereClicked) {
  Frames(2);
  const PanelRect h = Rect(PanelId::kHistory);
  std::vector<int64_t> seeks;
  for (float y = h.y + h.h - 20; y > h.y + 60 && seeks.empty(); y -= 10) {
    for (const Intent& i : Click(ImVec2(h.x + 12, y))) {
      if (i.kind == Intent::Kind::kSeek) seeks.push_back(i.value);
    }
  }
  ASSERT_FALSE(seeks.empty()) << "the clicks missed the plot";
  EXPECT_LE(seeks.back(), 1);
  // The right end of the left plot is the last step.
  std::vector<int64_t> right;
  for (float y = h.y + h.h - 20; y > h.y + 60 && right.empty(); y -= 10) {
    for (const Intent& i : Click(ImVec2(h.x + h.w * 0.5f - 14, y))) {
      if (i.kind == Intent::Kind::kSeek) right.push_back(i.value);
    }
  }
  ASSERT_FALSE(right.empty());
  EXPECT_GE(right.back(), 11);
}

TEST_F(DisplayTest, ASelectionIsRevealedInTheMemoryTable) {
  Size(1024, 700);
  Frames(2);
  EXPECT_EQ(ui_.window().memory_panel().scroll_y(), 0.0f);
  model_.Select(model_.frame()->refs.back().id);
  Frames(3);
  EXPECT_GT(ui_.window().memory_panel().scroll_y(), 100.0f);
}

TEST_F(DisplayTest, ScriptHoverCoversTheWholeRowInItsOwnColour) {
  FramesDriver frames({testing::TwoBlockFrame()}, "(3)\n  5:00 Run\nx\n");
  Use(frames);
  Frames(1);
  const PanelRect s = Rect(PanelId::kScript);
  int line = 0;
  // Far right of the row, beyond the text.
  for (float y = s.y + 40; y < s.y + 120 && line == 0; y += 3) {
    Hover(ImVec2(s.x + s.w - 20, y));
    line = model_.hover().line;
  }
  EXPECT_GT(line, 0);
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec4 hover = style.Colors[ImGuiCol_HeaderHovered];
  const ImVec4 selected = style.Colors[ImGuiCol_Header];
  EXPECT_TRUE(hover.x != selected.x || hover.y != selected.y ||
              hover.z != selected.z);
}

TEST_F(DisplayTest, ManyWatchesScrollInsteadOfOverflowing) {
  Size(1024, 700);
  for (int i = 0; i < 8; ++i) {
    model_.AddWatch(Watch::OnRef(MakeRefKey(static_cast<uint32_t>(i + 1), 1)));
  }
  Frames(3);
  ImGuiWindow* panel = Window("Watches & checks");
  ASSERT_NE(panel, nullptr);
  EXPECT_EQ(panel->ScrollMax.y, 0.0f) << "the panel itself overflows";
  ImGuiWindow* list = Child("Watches & checks/", "watchlist");
  ASSERT_NE(list, nullptr);
  EXPECT_GT(list->ScrollMax.y, 0.0f) << "the list does not scroll";
}

TEST_F(DisplayTest, SavingTheShownSnapshotFromTheDialog) {
  Frames(1);
  ui_.window().OpenSave(SaveKind::kGolden, In());
  EXPECT_EQ(ui_.window().save_path(), "demo_300_refs-12.golden");
  const std::string path = TempPath("wod_display_golden") + ".golden";
  ui_.window().save_path() = path;
  Frames(2);
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  std::vector<Intent> saves;
  for (float y = d.y * 0.35f - 70; y < d.y * 0.35f + 70 && saves.empty();
       y += 6) {
    for (float x = d.x * 0.5f - 270; x < d.x * 0.5f - 150 && saves.empty();
         x += 10) {
      for (const Intent& i : Click(ImVec2(x, y))) {
        if (i.kind == Intent::Kind::kSaveGolden) saves.push_back(i);
      }
    }
  }
  ASSERT_EQ(saves.size(), 1u) << "no Save button in the dialog";
  EXPECT_EQ(saves[0].text, path);
  EXPECT_EQ(saves[0].value, 12);
  Apply(saves);
  EXPECT_FALSE(driver_->status().save_failed) << driver_->status().save_message;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), SnapshotGoldenText(*driver_->history().At(12)));
  std::remove(path.c_str());
  // An error is shown, and nothing is written.
  Intent bad = Intent::Of(Intent::Kind::kSaveGolden, 12);
  bad.text = "/nonexistent-wod-dir/x.golden";
  Apply({bad});
  EXPECT_TRUE(driver_->status().save_failed);
  EXPECT_THAT(driver_->status().save_message, HasSubstr("cannot write"));
  // Synthetic frames have no session to record.
  Intent rec = Intent::Of(Intent::Kind::kSaveRecording);
  rec.text = path + ".wodrec";
  Apply({rec});
  EXPECT_TRUE(driver_->status().save_failed);
  EXPECT_THAT(driver_->status().save_message, HasSubstr("synthetic"));
  EXPECT_NE(access(rec.text.c_str(), F_OK), 0);
}

// --- A deliberately leaking block (tests only) ------------------------------

// Hands an entry to an owner that is never pushed and never released: once
// the block pops, the entry is alive and its owner is not on the stack,
// which docs/spec/runtime.md §14.9 forbids. The real blocks cannot do this
// (BlockMemory allocates only under the block's own key); this one reaches
// around it through the memory itself.
class LeakingBlock : public runtime::RuntimeBlockBase {
 public:
  LeakingBlock(memory::OwnerId key, memory::RuntimeMemory* memory,
               memory::TypeTag<int64_t> tag)
      : RuntimeBlockBase(key, "Leaky", "leaky block", {}),
        memory_(memory),
        tag_(tag) {}
  void Mount(runtime::BlockContext& ctx) override {
    const memory::OwnerId helper =
        ctx.NewBlockKey("Helper", "leaked helper", {});
    EXPECT_TRUE(memory_->Allocate(tag_, int64_t{7}, helper).ok());
  }
  void Next(runtime::BlockContext& ctx) override {
    ctx.MarkComplete(runtime::CompletionReason::kUserAdvance);
  }

 private:
  memory::RuntimeMemory* memory_;
  memory::TypeTag<int64_t> tag_;
};

// Pushes one leaking child and stays.
class HolderBlock : public runtime::RuntimeBlockBase {
 public:
  HolderBlock(memory::OwnerId key, memory::RuntimeMemory* memory,
              memory::TypeTag<int64_t> tag)
      : RuntimeBlockBase(key, "Holder", "holder", {}),
        memory_(memory),
        tag_(tag) {}
  void Mount(runtime::BlockContext& ctx) override {
    ctx.PushChild(std::make_unique<LeakingBlock>(
        ctx.NewBlockKey("Leaky", "leaky block", {}), memory_, tag_));
  }

 private:
  memory::RuntimeMemory* memory_;
  memory::TypeTag<int64_t> tag_;
};

// A runtime with the holder as its root, stepped like SessionDriver does.
class LeakyDriver : public Driver {
 public:
  LeakyDriver() : runtime_(clock_) {
    // Only this test reaches into the memory (see LeakingBlock).
    auto& memory = const_cast<memory::RuntimeMemory&>(runtime_.memory());
    const memory::TypeTag<int64_t> tag = *memory.RegisterType<int64_t>("leak");
    builder_ = std::make_unique<runtime::PublicationBuilder>(
        runtime_.memory(),
        runtime::PublicationBuilder::Options{kHistoryKeyframeInterval});
    mutable_status().state = RunState::kStepping;
    Step("startSession", [&] {
      runtime_.Start(std::make_unique<HolderBlock>(
          runtime_.NewBlockKey("Holder", "holder", {}), &memory, tag));
    });
  }
  void Handle(const Intent& intent) override {
    if (HandleStatusIntent(intent)) return;
    if (intent.kind == Intent::Kind::kNext) {
      Step("userNext", [&] {
        runtime_.Handle(runtime::RuntimeEvent::Named(runtime::kEventNext));
      });
    }
  }

 private:
  template <class Run>
  void Step(std::string action, Run run) {
    const size_t before = runtime_.records().size();
    run();
    runtime::TraceStep step;
    step.index = index_++;
    step.action = std::move(action);
    step.t_ms = clock_.NowMs();
    step.stack = runtime_.DescribeStack(clock_.NowMs());
    for (size_t i = before; i < runtime_.records().size(); ++i) {
      step.emitted.push_back(runtime_.records()[i].ToTrace());
    }
    AppendStep(builder_->Build(step));
    CheckOwnershipAfterPop(*history().Latest());
  }

  runtime::VirtualClock clock_;
  runtime::ScriptRuntime runtime_;
  std::unique_ptr<runtime::PublicationBuilder> builder_;
  int64_t index_ = 0;
};

TEST_F(DisplayTest, ALeakingBlockShowsUpInTheOwnershipViolationsView) {
  LeakyDriver leaky;
  Use(leaky);
  Frames(1);
  EXPECT_TRUE(leaky.status().violations.empty());
  leaky.Handle(Intent::Of(Intent::Kind::kNext));  // the leaky block pops
  ASSERT_EQ(leaky.status().violations.size(), 1u);
  const OwnershipViolation& v = leaky.status().violations[0];
  EXPECT_EQ(v.step, 1);
  EXPECT_EQ(v.type, "leak");
  EXPECT_THAT(v.owner, HasSubstr("leaked helper \u00b7 o"));
  EXPECT_EQ(leaky.status().state, RunState::kStopped);
  Frames(2);
  // The view lists it; clicking its row goes to the step and selects it.
  const PanelRect w = Rect(PanelId::kWatches);
  bool selected = false;
  for (float y = w.y + 40; y < w.y + w.h - 4 && !selected; y += 5) {
    Apply(Click(ImVec2(w.x + 16, y)));
    selected = model_.selected() == v.ref;
  }
  ASSERT_TRUE(selected) << "no violation row under the pointer";
  Frames(1);
  // Why is it alive: its owner is not on the stack.
  const std::vector<std::string> chain = model_.WhyAlive();
  ASSERT_FALSE(chain.empty());
  EXPECT_THAT(chain.back(), HasSubstr("NOT on the stack (orphan)"));
}

}  // namespace
}  // namespace wod::debugger
