// ViewState: what `wod-debug --state-out FILE` reports, so that a test
// driving the real window with X events can read the outcome.
//
// The cursor (the step shown, following live or in history), the
// selection, the open popup, the run state and a few facts around them,
// as one JSON object. The host rewrites the file whenever the text
// changes, atomically (a temporary file renamed over it), so a reader
// never sees half a document (docs/spec/debugger.md §2.14).
//
//   ViewState s = window.State(model, driver);
//   std::string json = ViewStateJson(s);
//   absl::Status w = WriteFileAtomically(path, json);
#ifndef WOD_DEBUGGER_MODEL_VIEW_STATE_H_
#define WOD_DEBUGGER_MODEL_VIEW_STATE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace wod::debugger {

struct ViewState {
  int64_t pid = 0;          // the process, for tests that measure it
  int64_t step = -1;        // the step shown; -1 = none yet
  int64_t live_step = -1;   // the newest step
  bool following = true;    // true = the cursor follows live
  std::string selection;    // "3.1"; "" = nothing selected
  std::string popup;        // the open popup's name; "" = none
  std::string run_state;    // RunStateName
  bool text_input = false;  // a text box has the keyboard
  bool fold = true;         // quiet ticks folded
  std::vector<int64_t> bookmarks;
  // The layout as placed in the last frame: each column's width (px), and
  // the splitter being dragged ("col0", "col1", "row:Diff" = below that
  // panel; "" = none), so a test can drag with the real mouse and check
  // the outcome (docs/spec/debugger.md §6).
  std::vector<int64_t> columns;
  std::string dragging;
  // Screen centres of a few widgets by name ("tick_combo"), so a test can
  // click them whatever the layout.
  std::vector<std::pair<std::string, std::pair<int, int>>> widgets;
};

// One line of JSON: {"pid":…,"step":…,"following":…,"selection":…|null,
// "popup":…|null,"run_state":…, …, "columns":[w,w,w],"dragging":…|null}.
[[nodiscard]] std::string ViewStateJson(const ViewState& state);

// Writes `text` to `path + ".tmp"` and renames it over `path`.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path,
                                               const std::string& text);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_VIEW_STATE_H_
