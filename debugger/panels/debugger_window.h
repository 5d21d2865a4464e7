// DebuggerWindow: lays out every panel, handles keyboard shortcuts and
// collects the intents of one frame (the dispatcher, shaped like ImGui's
// ShowDemoWindow; docs/spec/design.md §8.10).
//
// Owns nothing but the ImGuiContext pointer it must draw into: each
// debugger owns its context and makes it current explicitly
// (docs/spec/design.md §8, no mutable global state: ImGui's current context is
// the one unavoidable global). Works headless (tests, bench) and under GLFW
// (wod-debug).
//
//   ImGuiContext* ctx = ImGui::CreateContext();
//   ImGui::SetCurrentContext(ctx);
//   ImGui::NewFrame();
//   std::vector<Intent> intents = DrawDebuggerWindow(model, input);
//   ImGui::Render();
#ifndef WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_
#define WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_

#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

// Keyboard shortcuts (docs/spec/debugger.md §2.10): Ctrl+Enter run, Space
// pause/resume, F10 next, F5 reset, Esc abort. Single keys are ignored while
// a text box has focus (Space in a filter box types a space). Call between
// NewFrame() and Render().
[[nodiscard]] std::vector<Intent> HandleShortcuts();

// Sets position and size of every panel from io.DisplaySize (a fixed tiled
// layout: nothing overlaps at any size), draws them all and handles the
// shortcuts. Returns the frame's intents in a deterministic order.
[[nodiscard]] std::vector<Intent> DrawDebuggerWindow(DebuggerModel& model,
                                                     const PanelInput& in);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_DEBUGGER_WINDOW_H_
