// MemoryPanel: the memory table and its state (filters, sort, rows), shaped
// like ImGui's ExampleAppLog: the state and the Draw that uses it.
//
// Columns id, type, owner, parent, visibility, bytes, value; filter by type,
// owner and text; sort by any column; a list clipper so 100,000 refs scroll
// smoothly (docs/spec/debugger.md §2). The owner filter is shared with the
// stack panel through the DebuggerModel.
//
//   MemoryPanel memory;
//   std::vector<Intent> intents = memory.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_MEMORY_PANEL_H_
#define WOD_DEBUGGER_PANELS_MEMORY_PANEL_H_

#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/model/memory_table_state.h"
#include "debugger/panels/panel_input.h"
#include "debugger/panels/watch_editor.h"

namespace wod::debugger {

class MemoryPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

  // Filters and rows (hosts and tests set the sort or read the rows).
  [[nodiscard]] MemoryTableState& table() { return table_; }
  [[nodiscard]] const MemoryTableState& table() const { return table_; }

 private:
  void DrawFilters(DebuggerModel& model, const Frame& f);
  void DrawTable(DebuggerModel& model, const Frame& f);

  std::string filter_text_;  // the filter box, as typed
  MemoryTableState table_;
  WatchEditor watch_editor_;  // the rows' context menu "Watch…"
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_MEMORY_PANEL_H_
