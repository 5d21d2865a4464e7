// Colours and small drawing helpers shared by the panels.
//
// One place for the palette so that "highlighted", "added", "changed" and
// "removed" mean the same colour in every panel.
//
//   ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
#ifndef WOD_DEBUGGER_PANELS_PANEL_STYLE_H_
#define WOD_DEBUGGER_PANELS_PANEL_STYLE_H_

#include <imgui.h>

#include <string_view>

namespace wod::debugger {

// Row backgrounds (ABGR packed by IM_COL32).
inline constexpr ImU32 kHighlightRow = IM_COL32(40, 90, 160, 150);  // hover
inline constexpr ImU32 kCurrentRow = IM_COL32(30, 110, 60, 170);    // active
inline constexpr ImU32 kAddedRow = IM_COL32(30, 120, 40, 140);
inline constexpr ImU32 kChangedRow = IM_COL32(150, 120, 20, 140);
inline constexpr ImU32 kRemovedRow = IM_COL32(150, 40, 40, 140);
inline constexpr ImU32 kErrorRow = IM_COL32(150, 30, 30, 170);

inline const ImVec4 kTextDim = {0.60f, 0.62f, 0.66f, 1.0f};
inline const ImVec4 kTextOk = {0.45f, 0.85f, 0.45f, 1.0f};
inline const ImVec4 kTextWarn = {1.0f, 0.75f, 0.25f, 1.0f};
inline const ImVec4 kTextError = {1.0f, 0.40f, 0.40f, 1.0f};
inline const ImVec4 kTextAccent = {0.45f, 0.70f, 1.0f, 1.0f};

// Text without a format string (ImGui::TextUnformatted over a string_view).
inline void Text(std::string_view s) {
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
}
inline void TextColored(const ImVec4& color, std::string_view s) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  Text(s);
  ImGui::PopStyleColor();
}

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_PANEL_STYLE_H_
