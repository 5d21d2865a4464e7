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

#include <cstdint>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/model/view_state.h"
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
  // Sets position and size of every panel from io.DisplaySize (a fixed
  // tiled layout: nothing overlaps at any size), draws them all and handles
  // the shortcuts. Returns the frame's intents in a deterministic order.
  [[nodiscard]] std::vector<Intent> Draw(DebuggerModel& model,
                                         const PanelInput& in);

  // Panels whose state a host or a test sets up or reads.
  [[nodiscard]] MemoryPanel& memory_panel() { return memory_; }
  [[nodiscard]] HierarchyPanel& hierarchy_panel() { return hierarchy_; }
  [[nodiscard]] const ScriptPanel& script_panel() const { return script_; }

  // What --state-out reports, read after Draw
  // (docs/spec/debugger.md §2.13). The popup is the innermost open one
  // ("" when none).
  [[nodiscard]] ViewState State(const DebuggerModel& model,
                                const PanelInput& in) const;

  // Which destructive action waits for the user's confirmation.
  enum class Confirm : uint8_t { kNone, kAbort, kReset };
  [[nodiscard]] Confirm pending_confirm() const { return confirm_; }

 private:
  // Esc, Ctrl+Q, ←/→, Shift+←/→, Ctrl+←/→, Home/End, F8, Ctrl+B, [ ], Ctrl+G
  // and the session keys; see docs/debugger.md for the table.
  std::vector<Intent> HandleKeys(DebuggerModel& model, const PanelInput& in);
  // Abort, and Reset when there is history, wait for a confirmation:
  // turns those intents into a pending confirmation.
  void HoldDestructive(const PanelInput& in, std::vector<Intent>& intents);
  // The confirmation modal of a pending abort or reset.
  void DrawConfirm(std::vector<Intent>& out);

  Confirm confirm_ = Confirm::kNone;
  bool confirm_opened_ = false;
  ScriptPanel script_;
  MemoryPanel memory_;
  HierarchyPanel hierarchy_;
  InspectorPanel inspector_;
  HistoryPanel history_;
  RecordsPanel records_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_
