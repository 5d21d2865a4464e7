// DiffPanel: the diff of two steps (docs/spec/debugger.md §2.7): added,
// removed and changed refs with their owner (label · key), the values at
// both steps (the whole value on hover) and the block that made each
// change, plus a tally (+N −M ~K) per owner and per type. By default it
// compares the step before the one on display with it; A and B can be set.
// Holds its own state (the pair) and the diff it built, shaped like ImGui's
// ExampleAppLog.
//
//   DiffPanel diff;
//   std::vector<Intent> intents = diff.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_DIFF_PANEL_H_
#define WOD_DEBUGGER_PANELS_DIFF_PANEL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/diff_view.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

class DiffPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

  // The diff last drawn (tests read it).
  [[nodiscard]] const DiffView& view() const { return view_; }
  // Sets the pair (-1: the default, previous vs shown).
  void SetPair(int64_t a, int64_t b) {
    a_ = a;
    b_ = b;
  }
  // How many diff rows the last frame drew (the clipper's share).
  [[nodiscard]] int rows_drawn() const { return rows_drawn_; }

 private:
  void DrawTallies();
  void DrawRows(DebuggerModel& model);

  int64_t a_ = -1;  // -1: the step before b
  int64_t b_ = -1;  // -1: the step on display
  // The pair and history size view_ was built for.
  int64_t built_a_ = -2;
  int64_t built_b_ = -2;
  size_t built_size_ = static_cast<size_t>(-1);
  DiffView view_;
  int rows_drawn_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_DIFF_PANEL_H_
