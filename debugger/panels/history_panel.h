// HistoryPanel: time travel (docs/spec/debugger.md §2.7, §2.12). A slider
// scrubs every step while the runtime stays where it is; jump to a step or
// to the pop of a block; plots of live refs and bytes over steps that fill
// the panel, mark the step on display and seek where clicked. Holds its own
// state (the step box) and caches, shaped like ImGui's ExampleAppLog. The
// diff of two steps is its own panel (DiffPanel).
//
//   HistoryPanel history;
//   std::vector<Intent> intents = history.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_
#define WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

class HistoryPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);
  // Gives the "go to time" box the keyboard on the next frame (Ctrl+G).
  void FocusTimeBox() { focus_time_ = true; }

 private:
  // Series for the plot (ref count and bytes per step), rebuilt only when
  // the history grew.
  // The plots' samples at most (docs/spec/debugger.md §2.12).
  static constexpr size_t kPlotPoints = 2048;
  struct SeriesCache {
    size_t history_size = static_cast<size_t>(-1);
    std::vector<float> refs;
    std::vector<float> kbytes;
  };
  void DrawScrubber(const DebuggerModel& model, const Timeline& h,
                    std::vector<Intent>& out);
  void DrawJumps(const Timeline& h, int shown, std::vector<Intent>& out);
  void DrawGaps(const Timeline& h, std::vector<Intent>& out);
  // Go to a virtual time (mm:ss), the fold toggle and the bookmarks.
  void DrawTimeAndBookmarks(DebuggerModel& model, const Timeline& h,
                            int64_t shown, std::vector<Intent>& out);
  void DrawPlot(const Timeline& history, int shown, std::vector<Intent>& out);

  int jump_step_ = 0;      // the "go to step" box
  std::string time_text_;  // the "go to time" box, as typed
  std::string time_error_;
  bool focus_time_ = false;
  SeriesCache series_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_
