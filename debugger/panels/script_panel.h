// ScriptPanel: the source with the current statement highlighted, parse
// diagnostics at their line:column (a did-you-mean one with a button that
// applies its fix-it), the pending choice with one button per alternative,
// and a box to open another file (docs/spec/debugger.md §2.1). Its state is
// the path box, shaped like ImGui's ExampleAppLog.
//
//   ScriptPanel script;
//   std::vector<Intent> intents = script.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_SCRIPT_PANEL_H_
#define WOD_DEBUGGER_PANELS_SCRIPT_PANEL_H_

#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

class ScriptPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);
  // The first line of the statement the view last scrolled to (0 = none):
  // the source follows the current statement (docs/spec/debugger.md §2.1).
  [[nodiscard]] int followed_line() const { return followed_line_; }

 private:
  void DrawSource(DebuggerModel& model, const PanelInput& in,
                  std::vector<Intent>& out);
  static void DrawDiagnostics(DebuggerModel& model, const PanelInput& in,
                              std::vector<Intent>& out);
  static void DrawPendingChoice(const PanelInput& in, std::vector<Intent>& out);

  std::string open_path_;  // the path box, as typed
  int followed_line_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_SCRIPT_PANEL_H_
