// PanelInput: the read-only data every panel draws from in one frame.
//
// Each panel draws one ImGui window and returns the user's intents
// (docs/spec/design.md §5). A panel with state of its own is a class next
// to its draw function (ScriptPanel, MemoryPanel, HierarchyPanel,
// InspectorPanel, HistoryPanel, RecordsPanel: the shape of ImGui's
// ExampleAppLog); a panel without is a function, declared here. What
// panels share is in the DebuggerModel; data is here.
//
//   PanelInput in;
//   in.frame = model.frame();
//   in.history = &driver.history();
//   in.status = &driver.status();
//   std::vector<Intent> intents = DrawStackPanel(model, in);
#ifndef WOD_DEBUGGER_PANELS_PANEL_INPUT_H_
#define WOD_DEBUGGER_PANELS_PANEL_INPUT_H_

#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/driver.h"
#include "debugger/model/frame.h"
#include "debugger/model/intent.h"
#include "debugger/model/layout.h"
#include "debugger/model/session_status.h"
#include "debugger/model/timeline.h"

namespace wod::debugger {

struct PanelInput {
  const Frame* frame = nullptr;           // the step on display
  const Timeline* history = nullptr;      // every step so far
  const SessionStatus* status = nullptr;  // the driver
  // The runtime's lifecycle ring buffer, oldest first (may be empty).
  const std::vector<std::string>* lifecycle = nullptr;
};

// Starts one frame of the window: puts on `model` the frame to show (the
// live step or the cursor's), then returns what the panels draw from.
// A new session (another file) resets the view first, and a cursor past
// the end of a shorter history (after Reset) follows live again.
inline PanelInput BeginPanelFrame(DebuggerModel& model, const Driver& driver) {
  model.TrackSession(driver.status().path, driver.status().source);
  if (!model.following_live() &&
      static_cast<size_t>(model.cursor()) >= driver.history().size()) {
    model.SetCursor(-1);
  }
  model.step_fold().Sync(driver.history());
  model.SetFrame(FrameToShow(model, driver.history()));
  PanelInput in;
  in.frame = model.frame();
  in.history = &driver.history();
  in.status = &driver.status();
  in.lifecycle = &driver.lifecycle();
  return in;
}

// GLFW key codes: with the GLFW backend ImGui 1.86 indexes io.KeysDown by
// them, and ImGuiKey_ has no function keys (ImGui 1.86 as packaged by Debian
// 12).
inline constexpr int kKeySpace = 32;
inline constexpr int kKeyB = 66;
inline constexpr int kKeyG = 71;
inline constexpr int kKeyQ = 81;
inline constexpr int kKeyEscape = 256;
inline constexpr int kKeyEnter = 257;
inline constexpr int kKeyRight = 262;
inline constexpr int kKeyLeft = 263;
inline constexpr int kKeyHome = 268;
inline constexpr int kKeyEnd = 269;
inline constexpr int kKeyF5 = 294;
inline constexpr int kKeyF8 = 297;
inline constexpr int kKeyF10 = 299;
inline constexpr int kKeyKeypadEnter = 335;

// The panels without state. Each draws one window at the position and size
// set by the caller (SetNextWindowPos/Size) and returns what the user asked
// for. Controls: start, next, pause/resume, abort, reset, real-time run
// with a speed factor, ticks of a chosen size. Stack: blocks top → bottom
// with the refs and bytes each owns. Watches: data breakpoints and the
// ownership checks (docs/spec/debugger.md §2).
std::vector<Intent> DrawControlsPanel(DebuggerModel& model,
                                      const PanelInput& in);
std::vector<Intent> DrawStackPanel(DebuggerModel& model, const PanelInput& in);
std::vector<Intent> DrawWatchesPanel(DebuggerModel& model,
                                     const PanelInput& in);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_PANEL_INPUT_H_
