#include "debugger/panels/diff_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "base/enum_table.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// How a row of each kind of change looks: its sign and its background.
struct ChangeStyle {
  const char* sign = nullptr;
  ImU32 color = kChangedRow;
};
constexpr base::EnumTable<DiffChange, ChangeStyle> kChangeStyles = {{
    {"+", kAddedRow},
    {"\u2212", kRemovedRow},
    {"~", kChangedRow},
}};
static_assert(kChangeStyles.back().sign != nullptr,
              "every DiffChange needs a style");

ChangeStyle StyleOf(DiffChange c) {
  return base::EnumTableAt(kChangeStyles, c, {"?", kChangedRow});
}

void TallyTable(const char* id, const char* what,
                const std::vector<DiffTally>& tallies, float max_height) {
  const float row = ImGui::GetTextLineHeightWithSpacing();
  const float height =
      std::min(row * (static_cast<float>(tallies.size()) + 1.5f), max_height);
  if (!ImGui::BeginTable(id, 2,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                             ImGuiTableFlags_ScrollY,
                         ImVec2(0, height))) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(what, ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("+ \u2212 ~", ImGuiTableColumnFlags_WidthFixed, 96);
  ImGui::TableHeadersRow();
  for (const DiffTally& t : tallies) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    CellText(t.name);
    ImGui::TableSetColumnIndex(1);
    Text(t.Text());
  }
  ImGui::EndTable();
}

}  // namespace

std::vector<Intent> DiffPanel::Draw(DebuggerModel& model,
                                    const PanelInput& in) {
  std::vector<Intent> out;
  rows_drawn_ = 0;
  const PanelWindow window(PanelWindowName(PanelId::kDiff));
  if (!window.open()) return out;
  if (in.history == nullptr || in.history->empty()) {
    TextColored(kTextDim, "No steps yet.");
    return out;
  }
  const Timeline& history = *in.history;
  const int64_t last = static_cast<int64_t>(history.size()) - 1;
  const int64_t shown =
      in.frame != nullptr ? std::min(in.frame->step, last) : last;
  int64_t a = a_;
  int64_t b = b_;
  // Default pair: the previous step against the one on display.
  if (b < 0) b = shown;
  if (a < 0) a = std::max<int64_t>(0, b - 1);
  a = std::clamp<int64_t>(a, 0, last);
  b = std::clamp<int64_t>(b, 0, last);
  int ia = static_cast<int>(a);
  int ib = static_cast<int>(b);
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("A##diffa", &ia)) a_ = std::max(ia, 0);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("B##diffb", &ib)) b_ = std::max(ib, 0);
  SameLineIfFits(ButtonWidth("prev vs shown"));
  if (ImGui::SmallButton("prev vs shown")) {
    a_ = -1;
    b_ = -1;
  }
  if (built_a_ != a || built_b_ != b || built_size_ != history.size()) {
    built_a_ = a;
    built_b_ = b;
    built_size_ = history.size();
    view_ = BuildDiffView(history.At(static_cast<size_t>(a)),
                          history.At(static_cast<size_t>(b)));
  }
  Text(fmt::format("step {} \u2192 {}:  {}", a, b, view_.total.Text()));
  if (view_.rows.empty()) {
    TextColored(kTextDim, "No differences.");
    return out;
  }
  DrawTallies();
  DrawRows(model);
  return out;
}

void DiffPanel::DrawTallies() {
  // Open at first when the panel has room for the tallies and rows both.
  const float row = ImGui::GetTextLineHeightWithSpacing();
  ImGui::SetNextItemOpen(ImGui::GetContentRegionAvail().y > row * 8.0f,
                         ImGuiCond_Once);
  if (!ImGui::CollapsingHeader("By owner and by type")) {
    return;
  }
  // The tallies take at most a third of what is left (at least three
  // lines), so the rows below always show.
  const float max_height =
      std::max(row * 3.0f, ImGui::GetContentRegionAvail().y * 0.34f);
  if (ImGui::BeginTable("##tallies", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    TallyTable("##byowner", "owner", view_.by_owner, max_height);
    ImGui::TableSetColumnIndex(1);
    TallyTable("##bytype", "type", view_.by_type, max_height);
    ImGui::EndTable();
  }
}

void DiffPanel::DrawRows(DebuggerModel& model) {
  // At least a few rows even when the panel is small.
  if (!BeginScrollingTable("##diff", 7, 5.0f, 560.0f)) return;
  constexpr ImGuiTableColumnFlags kFixed = ImGuiTableColumnFlags_WidthFixed;
  constexpr ImGuiTableColumnFlags kStretch = ImGuiTableColumnFlags_WidthStretch;
  const std::string at_a = fmt::format("at {}", view_.a->step);
  const std::string at_b = fmt::format("at {}", view_.b->step);
  SetupColumns({{"", kFixed, 14},
                {"Id", kFixed, 58},
                {"Type", kFixed, 90},
                {"Owner", kFixed, 130},
                {at_a.c_str(), kStretch, 1.0f},
                {at_b.c_str(), kStretch, 1.0f},
                {"Made by", kStretch, 1.2f}},
               /*frozen_columns=*/2);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(view_.rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const DiffRow& row = view_.rows[static_cast<size_t>(i)];
      const Frame& f = view_.FrameOf(row);
      const RefRow& r = view_.Ref(row);
      ++rows_drawn_;
      ImGui::TableNextRow();
      const KeyId id(row.id);
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0,
                             StyleOf(row.change).color);
      ImGui::TableSetColumnIndex(0);
      Text(StyleOf(row.change).sign);
      ImGui::TableSetColumnIndex(1);
      if (ImGui::Selectable(RefKeyText(row.id).c_str(),
                            model.selected() == row.id,
                            ImGuiSelectableFlags_SpanAllColumns |
                                ImGuiSelectableFlags_AllowItemOverlap)) {
        model.Select(row.id);
      }
      if (ImGui::IsItemHovered()) model.HoverRef(row.id);
      ImGui::TableSetColumnIndex(2);
      CellText(f.TypeName(r.type));
      ImGui::TableSetColumnIndex(3);
      CellText(OwnerText(f, r.owner));
      ImGui::TableSetColumnIndex(4);
      if (row.in_a >= 0) {
        CellText(view_.a->refs[static_cast<size_t>(row.in_a)].value);
      }
      ImGui::TableSetColumnIndex(5);
      if (row.in_b >= 0) {
        CellText(view_.b->refs[static_cast<size_t>(row.in_b)].value);
      }
      ImGui::TableSetColumnIndex(6);
      CellText(view_.MadeBy(row), &kTextDim);
    }
  }
  ImGui::EndTable();
}

}  // namespace wod::debugger
