// DebuggerWindow: lays out every panel, handles keyboard shortcuts and
// collects the intents of one frame (the dispatcher, shaped like ImGui's
// ShowDemoWindow).
//
// Owns the state of the panels that have some (each beside its panel's
// draw function) and nothing else: the caller owns the ImGuiContext it
// draws into and makes it current (docs/spec/design.md §8: ImGui's current
// context is the one unavoidable global). Works headless (tests, bench) and
// under GLFW (wod-debug).
//
//   DebuggerWindow window;
//   ImGui::NewFrame();
//   std::vector<Intent> intents = window.Draw(model, input);
//   ImGui::Render();
#ifndef WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_
#define WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/model/layout.h"
#include "debugger/model/save.h"
#include "debugger/model/view_state.h"
#include "debugger/panels/diff_panel.h"
#include "debugger/panels/hierarchy_panel.h"
#include "debugger/panels/history_panel.h"
#include "debugger/panels/inspector_panel.h"
#include "debugger/panels/memory_panel.h"
#include "debugger/panels/panel_input.h"
#include "debugger/panels/records_panel.h"
#include "debugger/panels/script_panel.h"

namespace wod::debugger {

// Keyboard shortcuts (docs/spec/debugger.md §2.10.1): Ctrl+Enter run, Space
// pause/resume, F10 next, F5 reset, Esc abort. Single keys are ignored while
// a text box has focus (Space in a filter box types a space). Call between
// NewFrame() and Render(). The time-travel keys need the model and the
// timeline: DebuggerWindow::Draw handles them.
[[nodiscard]] std::vector<Intent> HandleShortcuts();

class DebuggerWindow {
 public:
  DebuggerWindow() = default;
  ~DebuggerWindow();
  DebuggerWindow(const DebuggerWindow&) = delete;
  DebuggerWindow& operator=(const DebuggerWindow&) = delete;

  // Tiles every panel over io.DisplaySize below a menu bar (the layout:
  // columns and panels separated by splitters the user drags; a collapsed
  // panel gives its space to the others of its column), draws them all and
  // handles the shortcuts. Returns the frame's intents in a deterministic
  // order.
  [[nodiscard]] std::vector<Intent> Draw(DebuggerModel& model,
                                         const PanelInput& in);

  // Registers the `[WodLayout]` section of imgui.ini with the current
  // ImGui context, so the layout is loaded with and saved to the ini file
  // (docs/spec/debugger.md §6). Call once, before the first frame, while
  // this window's context is current; the window must outlive the context
  // or call it again never (the handler points at this window).
  void InstallLayoutSettings();

  [[nodiscard]] PanelLayout& layout() { return layout_; }
  // Where each panel was placed in the last frame (by PanelId).
  [[nodiscard]] const std::array<PanelRect, kPanelCount>& panel_rects() const {
    return rects_;
  }

  // Panels whose state a host or a test sets up or reads.
  [[nodiscard]] MemoryPanel& memory_panel() { return memory_; }
  [[nodiscard]] HierarchyPanel& hierarchy_panel() { return hierarchy_; }
  [[nodiscard]] const ScriptPanel& script_panel() const { return script_; }

  // What --state-out reports, read after Draw
  // (docs/spec/debugger.md §2.14). The popup is the innermost open one
  // ("" when none).
  [[nodiscard]] ViewState State(const DebuggerModel& model,
                                const PanelInput& in) const;

  // Which destructive action waits for the user's confirmation.
  enum class Confirm : uint8_t { kNone, kAbort, kReset };
  [[nodiscard]] Confirm pending_confirm() const { return confirm_; }

  [[nodiscard]] DiffPanel& diff_panel() { return diff_; }
  // The save dialog: which kind is open (none when closed) and its path.
  [[nodiscard]] bool save_open() const { return save_open_; }
  [[nodiscard]] SaveKind save_kind() const { return save_kind_; }
  [[nodiscard]] std::string& save_path() { return save_path_; }
  // Opens the save dialog for `kind` with the path prefilled (what the
  // File menu does).
  void OpenSave(SaveKind kind, const PanelInput& in);

 private:
  // Esc, Ctrl+Q, ←/→, Shift+←/→, Ctrl+←/→, Home/End, F8, Ctrl+B, [ ], Ctrl+G
  // and the session keys; see docs/debugger.md for the table.
  std::vector<Intent> HandleKeys(DebuggerModel& model, const PanelInput& in);
  // Abort, and Reset when there is history, wait for a confirmation:
  // turns those intents into a pending confirmation.
  void HoldDestructive(const PanelInput& in, std::vector<Intent>& intents);
  // The confirmation modal of a pending abort or reset.
  void DrawConfirm(std::vector<Intent>& out);
  void DrawMenuBar(DebuggerModel& model, const PanelInput& in);
  void DrawSplitters(PanelRect area);
  void DrawSaveDialog(const PanelInput& in, std::vector<Intent>& out);
  // Reads back which panels the user collapsed (title bar) this frame.
  void ReadCollapsed();

  PanelLayout layout_;
  // The splitters of the last frame: centres by name ("col0", "row:Diff"),
  // and the one being dragged ("" = none), for --state-out.
  std::vector<std::pair<std::string, std::pair<int, int>>> splitters_;
  std::string dragging_;
  std::array<PanelRect, kPanelCount> rects_{};
  bool collapse_applied_ = false;  // the loaded collapse state was applied
  bool settings_installed_ = false;
  bool save_open_ = false;
  bool save_focus_ = false;
  SaveKind save_kind_ = SaveKind::kRecording;
  std::string save_path_;
  Confirm confirm_ = Confirm::kNone;
  bool confirm_opened_ = false;
  ScriptPanel script_;
  MemoryPanel memory_;
  HierarchyPanel hierarchy_;
  InspectorPanel inspector_;
  HistoryPanel history_;
  RecordsPanel records_;
  DiffPanel diff_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_
