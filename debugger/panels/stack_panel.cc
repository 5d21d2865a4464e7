// Stack: blocks top → bottom with type, label, key, timers, rounds,
// completion state and the count and bytes of the refs each block owns
// (docs/spec/debugger.md §2). The top block is the active one.
#include <imgui.h>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> DrawStackPanel(DebuggerModel& model, const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Stack");
  if (!window.open()) return out;
  const Frame* f = in.frame;
  if (f == nullptr) {
    TextColored(kTextDim, "No session yet: press Start.");
    return out;
  }
  const std::vector<OwnerStats>& stats = model.OwnerStatsView();
  uint64_t bytes = 0;
  for (const OwnerStats& s : stats) bytes += s.bytes;
  Text(fmt::format("{} blocks  ·  {} refs  ·  {} bytes", f->stack.size(),
                   f->refs.size(), bytes));
  if (f->stack.empty()) {
    TextColored(kTextAccent,
                f->session_ended ? "— (empty) session ended" : "— (empty)");
  }
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
      ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  if (!f->stack.empty() && ImGui::BeginTable("##stack", 6, kFlags)) {
    constexpr ImGuiTableColumnFlags kFixed = ImGuiTableColumnFlags_WidthFixed;
    constexpr ImGuiTableColumnFlags kStretch =
        ImGuiTableColumnFlags_WidthStretch;
    SetupColumns({{"#", kFixed, 22},
                  {"Block", kStretch, 1.6f},
                  {"Key", kFixed, 46},
                  {"State", kStretch, 1.6f},
                  {"Refs", kFixed, 36},
                  {"Bytes", kFixed, 50}});
    for (size_t i = 0; i < f->stack.size(); ++i) {
      const BlockRow& b = f->stack[i];
      ImGui::TableNextRow();
      // The block's own key text ("b3.1") keys the row, not its depth.
      ImGui::PushID(b.key.c_str());
      if (model.IsBlockHighlighted(b)) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
      } else if (i == 0) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kCurrentRow);
      }
      ImGui::TableSetColumnIndex(0);
      // "→" is drawn as an ImGui arrow: the default font has no U+2192.
      if (i == 0) {
        ImGui::ArrowButton("##top", ImGuiDir_Right);
      } else {
        ImGui::TextColored(kTextDim, "%zu", f->stack.size() - i);
      }
      ImGui::TableSetColumnIndex(1);
      const std::string name =
          b.label.empty() ? b.type : fmt::format("{} \"{}\"", b.type, b.label);
      const bool selected = b.owner < f->owners.size() &&
                            model.owner_filter() == f->owners[b.owner].id;
      const bool clipped = ImGui::CalcTextSize(name.c_str()).x >
                           ImGui::GetContentRegionAvail().x;
      if (ImGui::Selectable(name.c_str(), selected,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        // Clicking a block filters the memory table to its refs (toggle).
        if (b.owner < f->owners.size()) {
          model.SetOwnerFilter(selected ? OwnerKey::kNone
                                        : f->owners[b.owner].id);
        }
      }
      if (ImGui::IsItemHovered() && b.owner < f->owners.size()) {
        model.HoverBlock(f->owners[b.owner].id);
      }
      // A clipped name shows whole on hover (docs/spec/debugger.md §6).
      if (clipped && ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s", name.c_str());
      }
      ImGui::TableSetColumnIndex(2);
      TextColored(kTextDim, b.key);
      ImGui::TableSetColumnIndex(3);
      if (b.complete) {
        CellText(b.state.empty() ? std::string_view("complete")
                                 : std::string_view(b.state),
                 &kTextAccent);
      } else {
        CellText(b.state);
      }
      const OwnerStats s =
          b.owner < stats.size() ? stats[b.owner] : OwnerStats{};
      ImGui::TableSetColumnIndex(4);
      ImGui::Text("%u", s.count);
      ImGui::TableSetColumnIndex(5);
      ImGui::Text("%llu", static_cast<unsigned long long>(s.bytes));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  return out;
}

}  // namespace wod::debugger
