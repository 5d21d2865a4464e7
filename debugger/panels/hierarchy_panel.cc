// Hierarchy: owner → refs → children, expand/collapse, counts
// (docs/spec/debugger.md §2.4). The tree is flattened into visible rows by the
// model so it can go through a list clipper like the memory table.
#include <imgui.h>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> DrawHierarchyPanel(DebuggerModel& model,
                                       const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("Hierarchy")) {
    ImGui::End();
    return out;
  }
  const Frame* f = in.frame;
  if (f == nullptr) {
    ImGui::End();
    return out;
  }
  if (ImGui::SmallButton("Expand all")) model.ExpandAll(true);
  ImGui::SameLine();
  if (ImGui::SmallButton("Collapse all")) model.ExpandAll(false);
  const float indent = ImGui::GetTreeNodeToLabelSpacing();
  if (ImGui::BeginChild("##tree")) {
    // Copy: a toggle below rebuilds the rows; the change shows next frame.
    const std::vector<TreeRow> rows = model.HierarchyRows();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TreeRow& row = rows[static_cast<size_t>(i)];
        ImGui::PushID(i);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             indent * static_cast<float>(row.depth));
        ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanAvailWidth |
                                   ImGuiTreeNodeFlags_NoTreePushOnOpen;
        if (row.child_count == 0) flags |= ImGuiTreeNodeFlags_Leaf;
        if (row.kind == TreeRow::Kind::kOwner) {
          const OwnerRow& o = f->owners[row.index];
          ImGui::SetNextItemOpen(row.expanded);
          const std::string label = fmt::format("{} \"{}\"  ({} refs)", o.kind,
                                                o.label, row.child_count);
          const bool hl = model.hover().block == o.id;
          if (hl) ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
          const bool open =
              ImGui::TreeNodeEx("##owner", flags, "%s", label.c_str());
          if (hl) ImGui::PopStyleColor();
          if (ImGui::IsItemHovered()) model.HoverBlock(o.id);
          if (open != row.expanded) model.SetOwnerExpanded(o.id, open);
        } else {
          const RefRow& r = f->refs[row.index];
          if (model.selected() == r.id) flags |= ImGuiTreeNodeFlags_Selected;
          ImGui::SetNextItemOpen(row.expanded);
          const std::string label =
              row.child_count > 0
                  ? fmt::format("{} {} = {}  ({} children)",
                                model.IdText(row.index), f->TypeName(r.type),
                                r.value, row.child_count)
                  : fmt::format("{} {} = {}", model.IdText(row.index),
                                f->TypeName(r.type), r.value);
          const bool hl = model.IsRefHighlighted(r);
          if (hl) ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
          const bool open =
              ImGui::TreeNodeEx("##ref", flags, "%s", label.c_str());
          if (hl) ImGui::PopStyleColor();
          if (ImGui::IsItemClicked()) model.Select(r.id);
          if (ImGui::IsItemHovered()) model.HoverRef(r.id);
          if (row.child_count > 0 && open != row.expanded) {
            model.SetRefExpanded(r.id, open);
          }
        }
        ImGui::PopID();
      }
    }
  }
  ImGui::EndChild();
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
