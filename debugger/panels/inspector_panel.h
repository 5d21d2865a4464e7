// InspectorPanel: the selected ref's fields, its owner chain ("why is this
// alive") and its value across steps (docs/spec/debugger.md §2), with the
// caches it reads them through, shaped like ImGui's ExampleAppLog.
//
//   InspectorPanel inspector;
//   std::vector<Intent> intents = inspector.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_INSPECTOR_PANEL_H_
#define WOD_DEBUGGER_PANELS_INSPECTOR_PANEL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"
#include "debugger/panels/watch_editor.h"

namespace wod::debugger {

class InspectorPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

 private:
  // Typed fields of the selected ref, per frame version.
  struct FieldsCache {
    uint64_t version = 0;
    RefKey ref = RefKey::kNone;
    bool valid = false;
    std::vector<std::pair<std::string, std::string>> fields;
  };
  // The selected ref's value across steps, per selection and history size.
  struct ValuesCache {
    RefKey ref = RefKey::kNone;
    size_t history_size = static_cast<size_t>(-1);
    std::vector<std::pair<int64_t, std::string>> changes;  // (step, value)
  };

  void DrawRef(DebuggerModel& model, const Frame& f, const RefRow& r,
               std::vector<Intent>& out);
  void DrawTypedFields(const Frame& f, const RefRow& r);
  void DrawValues(DebuggerModel& model, const Frame* f, const Timeline& history,
                  std::vector<Intent>& out);

  FieldsCache fields_;
  WatchEditor watch_editor_;  // "Watch…" with a condition
  ValuesCache values_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_INSPECTOR_PANEL_H_
