// Colours and small drawing helpers shared by the panels.
//
// One place for the palette so that "highlighted", "added", "changed" and
// "removed" mean the same colour in every panel, and for the ImGui ids of
// rows: a row's widgets are keyed by what the row shows (a ref, an owner, a
// step), never by its position, so a row keeps its state (open, active,
// hovered) when rows above it come and go (docs/spec/design.md §5).
//
//   ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
//   KeyId id(ref.id);  // PushID for this row; PopID when `id` goes
#ifndef WOD_DEBUGGER_PANELS_PANEL_STYLE_H_
#define WOD_DEBUGGER_PANELS_PANEL_STYLE_H_

#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "debugger/model/frame.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

// Row backgrounds (ABGR packed by IM_COL32). Hover (the pointer and what
// it is associated with) is violet-grey, distinct from the blue of a
// selection (ImGuiCol_Header), so the two never read as one.
inline constexpr ImU32 kHighlightRow = IM_COL32(95, 80, 125, 150);  // hover
inline constexpr ImU32 kCurrentRow = IM_COL32(30, 110, 60, 170);    // active
inline constexpr ImU32 kAddedRow = IM_COL32(30, 120, 40, 140);
inline constexpr ImU32 kChangedRow = IM_COL32(150, 120, 20, 140);
inline constexpr ImU32 kRemovedRow = IM_COL32(150, 40, 40, 140);
inline constexpr ImU32 kErrorRow = IM_COL32(150, 30, 30, 170);

// Selection and hover colours of Selectable rows and tree nodes, set once
// per frame by the window (ApplyPalette).
inline const ImVec4 kSelectedColor = {0.20f, 0.42f, 0.75f, 0.85f};
inline const ImVec4 kHoverColor = {0.42f, 0.36f, 0.55f, 0.70f};

inline const ImVec4 kTextDim = {0.60f, 0.62f, 0.66f, 1.0f};
inline const ImVec4 kTextOk = {0.45f, 0.85f, 0.45f, 1.0f};
inline const ImVec4 kTextWarn = {1.0f, 0.75f, 0.25f, 1.0f};
inline const ImVec4 kTextError = {1.0f, 0.40f, 0.40f, 1.0f};
inline const ImVec4 kTextAccent = {0.45f, 0.70f, 1.0f, 1.0f};

// One panel's window for the scope of a Draw: ImGui::Begin on
// construction, ImGui::End when it goes (ImGui wants End even when Begin
// returned false, the window being collapsed or clipped).
//
//   const PanelWindow window("Stack");
//   if (!window.open()) return out;
class PanelWindow {
 public:
  // The layout places and sizes every panel (docs/spec/debugger.md §6):
  // a panel has no resize grip or borders of its own, which would also
  // take the mouse from the splitters in the gaps beside it, and its title
  // bar does not move it.
  explicit PanelWindow(const char* name)
      : open_(ImGui::Begin(
            name, nullptr,
            ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {}
  ~PanelWindow() { ImGui::End(); }
  PanelWindow(const PanelWindow&) = delete;
  PanelWindow& operator=(const PanelWindow&) = delete;

  [[nodiscard]] bool open() const { return open_; }

 private:
  bool open_;
};

// Text without a format string (ImGui::TextUnformatted over a string_view).
inline void Text(std::string_view s) {
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
}
inline void TextColored(const ImVec4& color, std::string_view s) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  Text(s);
  ImGui::PopStyleColor();
}

// Sets the palette every panel relies on: selection blue, hover violet.
inline void ApplyPalette() {
  ImGuiStyle& style = ImGui::GetStyle();
  style.Colors[ImGuiCol_Header] = kSelectedColor;
  style.Colors[ImGuiCol_HeaderActive] = kSelectedColor;
  style.Colors[ImGuiCol_HeaderHovered] = kHoverColor;
}

// Text of a table cell or a narrow area: when it does not fit the space
// left on the line, hovering it shows the whole text in a tooltip
// (docs/spec/debugger.md §6: every clipped cell has a tooltip). Returns
// true when it was clipped.
inline bool CellText(std::string_view s, const ImVec4* color = nullptr) {
  const float avail = ImGui::GetContentRegionAvail().x;
  if (color != nullptr) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  if (color != nullptr) ImGui::PopStyleColor();
  const bool clipped = ImGui::GetItemRectSize().x > avail + 0.5f;
  if (clipped && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return clipped;
}

// A help marker: "(?)" whose tooltip is `text`.
inline void HelpMarker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// Puts the next item on the same line when `width` px still fit, else on
// a new line (buttons that wrap in a narrow panel instead of clipping).
inline void SameLineIfFits(float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetItemRectMax().x + style.ItemSpacing.x + width;
  const float limit =
      ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (right <= limit) ImGui::SameLine();
}
// The width of a button labelled `label`.
inline float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x +
         ImGui::GetStyle().FramePadding.x * 2.0f;
}

// One column of a table: its header, its sizing flags and its width (px for
// a fixed column, a weight for a stretched one).
struct TableColumn {
  const char* name;
  ImGuiTableColumnFlags flags;
  float width = 0.0f;
};

// Declares the columns of the table just begun and draws its header row,
// which stays in view as the rows scroll, as do the first `frozen_columns`
// columns as the table scrolls sideways.
inline void SetupColumns(std::initializer_list<TableColumn> columns,
                         int frozen_columns = 0) {
  ImGui::TableSetupScrollFreeze(frozen_columns, 1);
  for (const TableColumn& c : columns) {
    ImGui::TableSetupColumn(c.name, c.flags, c.width);
  }
  ImGui::TableHeadersRow();
}

// Begins a resizable table that scrolls both ways and fills the space left
// in the panel, yet is at least `min_rows` rows high and `min_width` px wide
// inside (a small panel scrolls rather than squeezing the columns).
inline bool BeginScrollingTable(const char* id, int columns, float min_rows,
                                float min_width) {
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
      ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
      ImGuiTableFlags_Resizable;
  const float height =
      std::max(ImGui::GetContentRegionAvail().y,
               ImGui::GetTextLineHeightWithSpacing() * min_rows);
  const float inner = std::max(ImGui::GetContentRegionAvail().x, min_width);
  return ImGui::BeginTable(id, columns, kFlags, ImVec2(0, height), inner);
}

// The Vis tiers explained (the memory table's legend).
inline constexpr const char* kVisibilityLegend =
    "Vis: the visibility tier of a metric entry.\n"
    "display: shown to the athlete while the block runs.\n"
    "promote: handed down to the block's children.\n"
    "private: the block's own bookkeeping, never shown.\n"
    "result: reported when the block ends (its segment).\n"
    "-: not a metric (timers, rounds, cursors, completion).";

// Pushes an ImGui id made of a stable key for one scope (RAII): the key's
// bits plus a tag byte, so a ref and an owner with the same bits differ.
class KeyId {
 public:
  explicit KeyId(RefKey key) { Push('r', KeyBits(key)); }
  explicit KeyId(OwnerKey key) { Push('o', KeyBits(key)); }
  explicit KeyId(WatchKey key) { Push('w', static_cast<uint64_t>(key)); }
  // A step number, when the step is what the row shows.
  static KeyId Step(int64_t step) { return KeyId('s', step); }
  // A (step, record index within the step) pair.
  static KeyId Record(uint32_t step, uint32_t index) {
    return KeyId('e', (static_cast<uint64_t>(step) << 32) | index);
  }
  ~KeyId() { ImGui::PopID(); }
  KeyId(const KeyId&) = delete;
  KeyId& operator=(const KeyId&) = delete;

 private:
  KeyId(char tag, uint64_t bits) { Push(tag, bits); }
  KeyId(char tag, int64_t bits) { Push(tag, static_cast<uint64_t>(bits)); }
  static void Push(char tag, uint64_t bits) {
    char id[1 + sizeof(bits)];
    id[0] = tag;
    std::memcpy(id + 1, &bits, sizeof(bits));
    ImGui::PushID(id, id + sizeof(id));
  }
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_PANEL_STYLE_H_
