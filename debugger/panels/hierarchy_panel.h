// HierarchyPanel: owner → refs → children with expand/collapse and counts,
// and its state (which nodes are open), shaped like ImGui's ExampleAppLog
// (docs/spec/debugger.md §2). The tree is flattened into visible rows by
// HierarchyState so it can go through a list clipper like the memory table.
//
//   HierarchyPanel hierarchy;
//   std::vector<Intent> intents = hierarchy.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_HIERARCHY_PANEL_H_
#define WOD_DEBUGGER_PANELS_HIERARCHY_PANEL_H_

#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/hierarchy_state.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

class HierarchyPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

  // Expansion and rows (hosts and tests expand nodes or read the rows).
  [[nodiscard]] HierarchyState& tree() { return tree_; }
  [[nodiscard]] const HierarchyState& tree() const { return tree_; }

 private:
  void DrawOwnerRow(DebuggerModel& model, const Frame& f, const TreeRow& row);
  void DrawRefRow(DebuggerModel& model, const Frame& f, const TreeRow& row);

  HierarchyState tree_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_HIERARCHY_PANEL_H_
