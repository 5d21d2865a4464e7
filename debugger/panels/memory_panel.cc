// Memory table: id, type, owner, parent, visibility, bytes, value; filter by
// type, owner and text; sort by any column; a list clipper so 100,000 refs
// scroll smoothly (docs/spec/debugger.md §2.3, docs/spec/design.md §8.11).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr std::array<MemoryColumn, kMemoryColumnCount> kColumns = {
    MemoryColumn::kId,     MemoryColumn::kType,       MemoryColumn::kOwner,
    MemoryColumn::kParent, MemoryColumn::kVisibility, MemoryColumn::kBytes,
    MemoryColumn::kValue};

void DrawFilters(DebuggerModel& model, const Frame& f) {
  ImGui::SetNextItemWidth(120);
  const std::string& tf = model.type_filter();
  if (ImGui::BeginCombo("##type", tf.empty() ? "all types" : tf.c_str())) {
    if (ImGui::Selectable("all types", tf.empty())) model.SetTypeFilter("");
    for (const std::string& t : f.types) {
      if (ImGui::Selectable(t.c_str(), t == tf)) model.SetTypeFilter(t);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  const uint32_t of =
      model.owner_filter() == 0 ? kNoOwner : f.FindOwner(model.owner_filter());
  const std::string owner_name =
      model.owner_filter() == 0 ? std::string("all owners") : f.OwnerLabel(of);
  if (ImGui::BeginCombo("##owner", owner_name.c_str())) {
    if (ImGui::Selectable("all owners", model.owner_filter() == 0)) {
      model.SetOwnerFilter(0);
    }
    const std::vector<OwnerStats>& stats = model.OwnerStatsView();
    for (uint32_t o = 0; o < f.owners.size(); ++o) {
      if (o < stats.size() && stats[o].count == 0) continue;
      ImGui::PushID(static_cast<int>(o));
      const std::string item = fmt::format(
          "{} ({})", f.OwnerLabel(o), o < stats.size() ? stats[o].count : 0);
      if (ImGui::Selectable(item.c_str(),
                            f.owners[o].id == model.owner_filter())) {
        model.SetOwnerFilter(f.owners[o].id);
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  PanelState& ui = model.ui();
  if (ImGui::InputTextWithHint("##text", "filter text", &ui.memory_text)) {
    model.SetTextFilter(ui.memory_text);
  }
}

}  // namespace

std::vector<Intent> DrawMemoryPanel(DebuggerModel& model,
                                    const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("Memory")) {
    ImGui::End();
    return out;
  }
  const Frame* f = in.frame;
  if (f == nullptr) {
    TextColored(kTextDim, "No memory yet.");
    ImGui::End();
    return out;
  }
  DrawFilters(model, *f);
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
      ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
      ImGuiTableFlags_Sortable | ImGuiTableFlags_Hideable;
  const float footer = ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::BeginTable("##memory", kMemoryColumnCount, kFlags,
                        ImVec2(0, -footer))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(
        "Id",
        ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort,
        52);
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, 112);
    ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn("Parent", ImGuiTableColumnFlags_WidthFixed, 58);
    ImGui::TableSetupColumn("Vis", ImGuiTableColumnFlags_WidthFixed, 56);
    ImGui::TableSetupColumn("Bytes", ImGuiTableColumnFlags_WidthFixed, 46);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty && specs->SpecsCount > 0) {
        const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
        model.SetSort(kColumns[static_cast<size_t>(s.ColumnIndex)],
                      s.SortDirection != ImGuiSortDirection_Descending);
        specs->SpecsDirty = false;
      }
    }
    const std::vector<uint32_t>& rows = model.MemoryRows();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const uint32_t row = rows[static_cast<size_t>(i)];
        const RefRow& r = f->refs[row];
        ImGui::TableNextRow();
        // The stable handle, not the row index, keys the widgets (rule 11).
        ImGui::PushID(static_cast<int>(row));
        if (model.IsRefHighlighted(r)) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
        }
        ImGui::TableSetColumnIndex(0);
        if (ImGui::Selectable(model.IdText(row).c_str(),
                              model.selected() == r.id,
                              ImGuiSelectableFlags_SpanAllColumns)) {
          model.Select(r.id);
        }
        if (ImGui::IsItemHovered()) model.HoverRef(r.id);
        ImGui::TableSetColumnIndex(1);
        Text(f->TypeName(r.type));
        ImGui::TableSetColumnIndex(2);
        if (r.owner < f->owners.size()) {
          const OwnerRow& o = f->owners[r.owner];
          Text(o.label.empty() ? o.kind : o.label);
        } else {
          TextColored(kTextDim, "-");
        }
        ImGui::TableSetColumnIndex(3);
        if (r.parent != 0) {
          ImGui::TextColored(kTextDim, "%u.%u", KeyIndex(r.parent),
                             KeyGeneration(r.parent));
        }
        ImGui::TableSetColumnIndex(4);
        ImGui::TextUnformatted(VisibilityName(r.visibility));
        ImGui::TableSetColumnIndex(5);
        ImGui::Text("%u", r.bytes);
        ImGui::TableSetColumnIndex(6);
        Text(r.value);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::Text("%zu of %zu refs", model.MemoryRows().size(), f->refs.size());
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
