#include "debugger/panels/hierarchy_panel.h"

#include <imgui.h>

#include <string>

#include "debugger/model/diff_view.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

ImGuiTreeNodeFlags RowFlags(const TreeRow& row) {
  ImGuiTreeNodeFlags flags =
      ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (row.child_count == 0) flags |= ImGuiTreeNodeFlags_Leaf;
  return flags;
}

}  // namespace

std::vector<Intent> HierarchyPanel::Draw(DebuggerModel& model,
                                         const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Hierarchy");
  if (!window.open()) return out;
  const Frame* f = in.frame;
  if (f == nullptr) {
    return out;
  }
  tree_.SetFrame(model.frame_ptr());
  if (ImGui::SmallButton("Expand all")) tree_.ExpandAll(true);
  ImGui::SameLine();
  if (ImGui::SmallButton("Collapse all")) tree_.ExpandAll(false);
  const float indent = ImGui::GetTreeNodeToLabelSpacing();
  if (ImGui::BeginChild("##tree")) {
    // Copy: a toggle below rebuilds the rows; the change shows next frame.
    const std::vector<TreeRow> rows = tree_.Rows();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TreeRow& row = rows[static_cast<size_t>(i)];
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             indent * static_cast<float>(row.depth));
        if (row.kind == TreeRow::Kind::kOwner) {
          DrawOwnerRow(model, *f, row);
        } else {
          DrawRefRow(model, *f, row);
        }
      }
    }
  }
  ImGui::EndChild();
  return out;
}

void HierarchyPanel::DrawOwnerRow(DebuggerModel& model, const Frame& f,
                                  const TreeRow& row) {
  const OwnerRow& o = f.owners[row.index];
  const KeyId id(o.id);
  ImGui::SetNextItemOpen(row.expanded);
  const std::string label =
      fmt::format("{} \"{}\" \u00b7 {}  ({} refs)", o.kind, o.label,
                  OwnerKeyText(o.id), row.child_count);
  const bool hl = model.hover().block == o.id;
  if (hl) ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
  const bool open =
      ImGui::TreeNodeEx("##owner", RowFlags(row), "%s", label.c_str());
  if (hl) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) model.HoverBlock(o.id);
  if (open != row.expanded) tree_.SetOwnerExpanded(o.id, open);
}

void HierarchyPanel::DrawRefRow(DebuggerModel& model, const Frame& f,
                                const TreeRow& row) {
  const RefRow& r = f.refs[row.index];
  const KeyId id(r.id);
  ImGuiTreeNodeFlags flags = RowFlags(row);
  if (model.selected() == r.id) flags |= ImGuiTreeNodeFlags_Selected;
  ImGui::SetNextItemOpen(row.expanded);
  const std::string id_text = RefKeyText(r.id);
  const std::string label =
      row.child_count > 0
          ? fmt::format("{} {} = {}  ({} children)", id_text,
                        f.TypeName(r.type), r.value, row.child_count)
          : fmt::format("{} {} = {}", id_text, f.TypeName(r.type), r.value);
  const bool hl = model.IsRefHighlighted(r);
  if (hl) ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
  const bool open = ImGui::TreeNodeEx("##ref", flags, "%s", label.c_str());
  if (hl) ImGui::PopStyleColor();
  if (ImGui::IsItemClicked()) model.Select(r.id);
  if (ImGui::IsItemHovered()) model.HoverRef(r.id);
  if (row.child_count > 0 && open != row.expanded) {
    tree_.SetRefExpanded(r.id, open);
  }
}

}  // namespace wod::debugger
