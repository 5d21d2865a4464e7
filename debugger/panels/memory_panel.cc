#include "debugger/panels/memory_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>

#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr std::array<MemoryColumn, kMemoryColumnCount> kColumns = {
    MemoryColumn::kId,     MemoryColumn::kType,       MemoryColumn::kOwner,
    MemoryColumn::kParent, MemoryColumn::kVisibility, MemoryColumn::kBytes,
    MemoryColumn::kValue};

}  // namespace

void MemoryPanel::DrawFilters(DebuggerModel& model, const Frame& f) {
  ImGui::SetNextItemWidth(120);
  const std::string& tf = table_.type_filter();
  if (ImGui::BeginCombo("##type", tf.empty() ? "all types" : tf.c_str())) {
    if (ImGui::Selectable("all types", tf.empty())) table_.SetTypeFilter("");
    for (const std::string& t : f.types) {
      if (ImGui::Selectable(t.c_str(), t == tf)) table_.SetTypeFilter(t);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  const OwnerKey focus = model.owner_filter();
  const std::string owner_name = focus == OwnerKey::kNone
                                     ? std::string("all owners")
                                     : f.OwnerLabel(f.FindOwner(focus));
  if (ImGui::BeginCombo("##owner", owner_name.c_str())) {
    if (ImGui::Selectable("all owners", focus == OwnerKey::kNone)) {
      model.SetOwnerFilter(OwnerKey::kNone);
    }
    const std::vector<OwnerStats>& stats = model.OwnerStatsView();
    for (uint32_t o = 0; o < f.owners.size(); ++o) {
      if (o < stats.size() && stats[o].count == 0) continue;
      const KeyId id(f.owners[o].id);
      const std::string item = fmt::format(
          "{} ({})", f.OwnerLabel(o), o < stats.size() ? stats[o].count : 0);
      if (ImGui::Selectable(item.c_str(), f.owners[o].id == focus)) {
        model.SetOwnerFilter(f.owners[o].id);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##text", "filter text", &filter_text_)) {
    table_.SetTextFilter(filter_text_);
  }
}

std::vector<Intent> MemoryPanel::Draw(DebuggerModel& model,
                                      const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Memory");
  if (!window.open()) return out;
  const Frame* f = in.frame;
  if (f == nullptr) {
    TextColored(kTextDim, "No memory yet.");
    return out;
  }
  table_.SetFrame(model.frame_ptr());
  DrawFilters(model, *f);
  table_.SetOwnerFilter(model.owner_filter());
  DrawTable(model, *f);
  ImGui::Text("%zu of %zu refs", table_.Rows().size(), f->refs.size());
  watch_editor_.Draw(out);
  return out;
}

void MemoryPanel::DrawTable(DebuggerModel& model, const Frame& frame) {
  const Frame* f = &frame;
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
        table_.SetSort(kColumns[static_cast<size_t>(s.ColumnIndex)],
                       s.SortDirection != ImGuiSortDirection_Descending);
        specs->SpecsDirty = false;
      }
    }
    const std::vector<uint32_t>& rows = table_.Rows();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const uint32_t row = rows[static_cast<size_t>(i)];
        const RefRow& r = f->refs[row];
        ImGui::TableNextRow();
        // The ref's key, not the row, keys the widgets.
        const KeyId id(r.id);
        if (model.IsRefHighlighted(r)) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
        }
        ImGui::TableSetColumnIndex(0);
        if (ImGui::Selectable(table_.IdText(row).c_str(),
                              model.selected() == r.id,
                              ImGuiSelectableFlags_SpanAllColumns)) {
          model.Select(r.id);
        }
        if (ImGui::IsItemHovered()) model.HoverRef(r.id);
        if (ImGui::BeginPopupContextItem("##row")) {
          if (ImGui::MenuItem("Watch…")) {
            model.Select(r.id);
            watch_editor_.Request(*f, r);
          }
          ImGui::EndPopup();
        }
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
        if (r.parent != RefKey::kNone) {
          ImGui::TextColored(kTextDim, "%u.%u", KeyIndex(r.parent),
                             KeyGeneration(r.parent));
        }
        ImGui::TableSetColumnIndex(4);
        ImGui::TextUnformatted(VisibilityName(r.visibility));
        ImGui::TableSetColumnIndex(5);
        ImGui::Text("%u", r.bytes);
        ImGui::TableSetColumnIndex(6);
        Text(r.value);
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace wod::debugger
