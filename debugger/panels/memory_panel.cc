#include "debugger/panels/memory_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>

#include "debugger/model/diff_view.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// Table column → sort column; the step columns do not sort.
constexpr int kTableColumns = 9;
constexpr std::array<MemoryColumn, kTableColumns> kColumns = {
    MemoryColumn::kId,     MemoryColumn::kType,       MemoryColumn::kOwner,
    MemoryColumn::kParent, MemoryColumn::kVisibility, MemoryColumn::kBytes,
    MemoryColumn::kId,     MemoryColumn::kId,         MemoryColumn::kValue};

// Minimum widths (px) of the fixed columns: at 1024×700 none shrinks to a
// character; past them the table scrolls sideways.
constexpr float kValueMinWidth = 100.0f;
constexpr std::array<float, kTableColumns - 1> kFixedWidths = {44, 96, 124, 56,
                                                               50, 46, 50,  56};

std::string StepText(int64_t step) {
  return step < 0 ? std::string("\u2014") : fmt::format("{}", step);
}

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
  ImGui::SetNextItemWidth(170);
  const OwnerKey focus = model.owner_filter();
  const uint32_t focus_row = f.FindOwner(focus);
  const std::string owner_name =
      focus == OwnerKey::kNone ? std::string("all owners")
      : focus_row == kNoOwner  ? OwnerKeyText(focus)
                               : OwnerText(f, focus_row);
  if (ImGui::BeginCombo("##owner", owner_name.c_str(),
                        ImGuiComboFlags_HeightLarge)) {
    if (ImGui::Selectable("all owners", focus == OwnerKey::kNone)) {
      model.SetOwnerFilter(OwnerKey::kNone);
    }
    const std::vector<OwnerStats>& stats = model.OwnerStatsView();
    for (uint32_t o = 0; o < f.owners.size(); ++o) {
      if (o < stats.size() && stats[o].count == 0) continue;
      const KeyId id(f.owners[o].id);
      const std::string item = fmt::format(
          "{} ({})", OwnerText(f, o), o < stats.size() ? stats[o].count : 0);
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
  const PanelWindow window(PanelWindowName(PanelId::kMemory));
  if (!window.open()) return out;
  const Frame* f = in.frame;
  if (f == nullptr) {
    TextColored(kTextDim, "No memory yet.");
    return out;
  }
  if (in.history != nullptr) lifetimes_.Update(*in.history);
  table_.SetFrame(model.frame_ptr());
  DrawFilters(model, *f);
  table_.SetOwnerFilter(model.owner_filter());
  DrawTable(model, *f);
  ImGui::Text("%zu of %zu refs", table_.Rows().size(), f->refs.size());
  ImGui::SameLine();
  TextColored(kTextDim, "  Vis tiers");
  ImGui::SameLine();
  HelpMarker(kVisibilityLegend);
  watch_editor_.Draw(out);
  return out;
}

void MemoryPanel::DrawTable(DebuggerModel& model, const Frame& frame) {
  const Frame* f = &frame;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
      ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
      ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
      ImGuiTableFlags_Hideable;
  const float footer = ImGui::GetFrameHeightWithSpacing();
  // Each column adds its cell padding and a border to its width.
  const float pad = ImGui::GetStyle().CellPadding.x * 2.0f + 1.0f;
  float fixed = kValueMinWidth + pad;
  for (float w : kFixedWidths) fixed += w + pad;
  // The value column stretches to the panel's width, but the table never
  // gets narrower than the minimum widths: it scrolls sideways instead.
  const float inner = std::max(ImGui::GetContentRegionAvail().x, fixed);
  if (!ImGui::BeginTable("##memory", kTableColumns, kFlags, ImVec2(0, -footer),
                         inner)) {
    return;
  }
  ImGui::TableSetupScrollFreeze(1, 1);
  constexpr ImGuiTableColumnFlags kFixed = ImGuiTableColumnFlags_WidthFixed;
  constexpr ImGuiTableColumnFlags kNoSort = ImGuiTableColumnFlags_NoSort;
  ImGui::TableSetupColumn("Id", kFixed | ImGuiTableColumnFlags_DefaultSort,
                          kFixedWidths[0], 0);
  ImGui::TableSetupColumn("Type", kFixed, kFixedWidths[1], 1);
  ImGui::TableSetupColumn("Owner", kFixed, kFixedWidths[2], 2);
  ImGui::TableSetupColumn("Parent", kFixed, kFixedWidths[3], 3);
  ImGui::TableSetupColumn("Vis", kFixed, kFixedWidths[4], 4);
  ImGui::TableSetupColumn("Bytes", kFixed, kFixedWidths[5], 5);
  ImGui::TableSetupColumn("Created", kFixed | kNoSort, kFixedWidths[6], 6);
  ImGui::TableSetupColumn("Released", kFixed | kNoSort, kFixedWidths[7], 7);
  ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 0, 8);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty && specs->SpecsCount > 0) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
      const size_t column = std::min<size_t>(
          static_cast<size_t>(s.ColumnUserID), kColumns.size() - 1);
      table_.SetSort(kColumns[column],
                     s.SortDirection != ImGuiSortDirection_Descending);
      specs->SpecsDirty = false;
    }
  }
  const std::vector<uint32_t>& rows = table_.Rows();
  // Reveal a new selection: scroll its row to the middle (once).
  const RefKey selected = model.selected();
  if (selected != revealed_) {
    revealed_ = selected;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (f->refs[rows[i]].id != selected) continue;
      const float row_h =
          ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
      const float view = ImGui::GetWindowHeight() - row_h;
      const float top = static_cast<float>(i) * row_h;
      const float y = ImGui::GetScrollY();
      if (top < y || top + row_h > y + view) {
        ImGui::SetScrollY(std::max(0.0f, top - view * 0.5f));
      }
      break;
    }
  }
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
                            ImGuiSelectableFlags_SpanAllColumns |
                                ImGuiSelectableFlags_AllowItemOverlap)) {
        model.Select(r.id);
        revealed_ = r.id;  // already in view
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
      CellText(f->TypeName(r.type));
      ImGui::TableSetColumnIndex(2);
      if (r.owner < f->owners.size()) {
        CellText(OwnerText(*f, r.owner));
      } else {
        TextColored(kTextDim, "-");
      }
      ImGui::TableSetColumnIndex(3);
      if (r.parent != RefKey::kNone) {
        // The parent is a link: clicking selects (and reveals) it.
        const std::string parent = RefKeyText(r.parent);
        ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
        if (ImGui::SmallButton(parent.c_str())) model.Select(r.parent);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
          model.HoverRef(r.parent);
          ImGui::SetTooltip("select parent %s", parent.c_str());
        }
      }
      ImGui::TableSetColumnIndex(4);
      ImGui::TextUnformatted(VisibilityName(r.visibility));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kVisibilityLegend);
      ImGui::TableSetColumnIndex(5);
      ImGui::Text("%u", r.bytes);
      const RefLifetime life = lifetimes_.Of(r.id);
      ImGui::TableSetColumnIndex(6);
      Text(StepText(life.created));
      ImGui::TableSetColumnIndex(7);
      if (life.released >= 0) {
        Text(StepText(life.released));
      } else {
        TextColored(kTextDim, "live");
      }
      ImGui::TableSetColumnIndex(8);
      CellText(r.value);
    }
  }
  scroll_y_ = ImGui::GetScrollY();
  ImGui::EndTable();
}

}  // namespace wod::debugger
