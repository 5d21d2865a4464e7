// HistoryPanel: time travel (docs/spec/debugger.md §2). A slider scrubs
// every step while the runtime stays where it is; jump to a step or to the
// pop of a block; diff two steps (added / removed / changed, highlighted);
// a plot of live refs and bytes over steps. Holds its own state (the step
// box, the diff pair) and caches, shaped like ImGui's ExampleAppLog.
//
//   HistoryPanel history;
//   std::vector<Intent> intents = history.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_
#define WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

class HistoryPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

 private:
  // Series for the plot (ref count and bytes per step), rebuilt only when
  // the history grew.
  struct SeriesCache {
    size_t history_size = static_cast<size_t>(-1);
    std::vector<float> refs;
    std::vector<float> kbytes;
  };
  // The diff of two steps, rebuilt when either step changes.
  struct DiffCache {
    int64_t a = -2;
    int64_t b = -2;
    size_t history_size = static_cast<size_t>(-1);
    FramePtr frame_a;
    FramePtr frame_b;
    FrameDiff diff;
  };

  void DrawScrubber(const DebuggerModel& model, const Timeline& h,
                    std::vector<Intent>& out);
  void DrawJumps(const Timeline& h, int shown, std::vector<Intent>& out);
  void DrawGaps(const Timeline& h, std::vector<Intent>& out);
  void DrawPlot(const Timeline& history);
  void DrawDiff(const Timeline& history, int64_t shown);
  void DrawDiffRows();

  int jump_step_ = 0;    // the "go to step" box
  int64_t diff_a_ = -1;  // -1: the step before b
  int64_t diff_b_ = -1;  // -1: the step on display
  SeriesCache series_;
  DiffCache diff_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_HISTORY_PANEL_H_
