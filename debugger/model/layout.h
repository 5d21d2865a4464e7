// PanelLayout: where each panel of wod-debug goes, in plain C++ (no ImGui)
// so that sizes, splitter drags, collapsing and the saved form are tested
// headlessly (docs/spec/debugger.md §6).
//
// ImGui 1.86 (Debian 12) has no docking, so the window is tiled: three
// columns, each a stack of panels. The user moves the splitters between
// columns and between the panels of a column; the layout keeps them as
// weights (fractions), so it scales with the window. Every column and every
// open panel keeps a minimum size in pixels: at 1024×700 nothing shrinks to
// a sliver, and at 2560×1400 every panel grows. A collapsed panel keeps
// only its title bar and the other panels of its column share its space.
// The layout is saved as `key=value` lines (ToIniLines / ApplyIniLine) in
// the `[WodLayout][Main]` section of wod-debug's imgui.ini.
//
//   PanelLayout layout;
//   layout.MoveColumnSplitter(0, +40.0f, 1600.0f);   // a drag of 40 px
//   layout.SetCollapsed(PanelId::kDiff, true);
//   std::array<PanelRect, kPanelCount> r = layout.Compute({0, 20, 1600, 980});
#ifndef WOD_DEBUGGER_MODEL_LAYOUT_H_
#define WOD_DEBUGGER_MODEL_LAYOUT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wod::debugger {

// Every panel, in column order (top → bottom, left → right).
enum class PanelId : uint8_t {
  kControls,
  kScript,
  kStack,
  kWatches,
  kMemory,
  kHierarchy,
  kInspector,
  kHistory,
  kDiff,
  kRecords,
};
inline constexpr int kPanelCount = 10;
inline constexpr int kColumnCount = 3;

// The ImGui window name of a panel (also its name in the saved layout).
[[nodiscard]] const char* PanelWindowName(PanelId id);
// "Controls", "Diff", ... (the saved layout's spelling, no ImGui id suffix).
[[nodiscard]] const char* PanelName(PanelId id);

struct PanelRect {
  float x = 0;
  float y = 0;
  float w = 0;
  float h = 0;
};

class PanelLayout {
 public:
  // Gap between panels, where the splitters are (px).
  static constexpr float kGap = 5.0f;
  // Height of a collapsed panel (its title bar), px.
  static constexpr float kTitleHeight = 21.0f;

  PanelLayout();

  // The panels of column `c`, top → bottom.
  [[nodiscard]] const std::vector<PanelId>& column(int c) const {
    return columns_[static_cast<size_t>(c)];
  }
  // Minimum width of column `c` and minimum height of an open panel (px):
  // a fixed floor, or the height its content needed in the last frame when
  // the host reported a larger one (SetContentHeight).
  [[nodiscard]] static float MinColumnWidth(int c);
  [[nodiscard]] float MinPanelHeight(PanelId id) const;
  // The height (px, title bar included) panel `id` needs to show all of its
  // content without scrolling; the layout keeps at least that much for it
  // when the window allows. Not saved; not a change of the layout.
  void SetContentHeight(PanelId id, float height) {
    content_height_[static_cast<size_t>(id)] = height;
  }

  // Rectangles of every panel (indexed by PanelId) inside `area`.
  [[nodiscard]] std::array<PanelRect, kPanelCount> Compute(
      PanelRect area) const;

  // A drag of `dx` px on the splitter right of column `c` (0 or 1), in an
  // area `width` px wide. Both neighbours keep their minimum width.
  void MoveColumnSplitter(int c, float dx, float width);
  // A drag of `dy` px on the splitter below panel `above` (not the last of
  // its column), in an area `height` px high. Both neighbours keep their
  // minimum height.
  void MoveRowSplitter(PanelId above, float dy, float height);

  void SetCollapsed(PanelId id, bool collapsed);
  [[nodiscard]] bool collapsed(PanelId id) const {
    return collapsed_[static_cast<size_t>(id)];
  }
  [[nodiscard]] float column_weight(int c) const {
    return column_weight_[static_cast<size_t>(c)];
  }
  [[nodiscard]] float panel_weight(PanelId id) const {
    return panel_weight_[static_cast<size_t>(id)];
  }

  // The saved form, one `key=value` line each: `columns=0.28,0.40,0.32`,
  // `rows0=...` per column, `collapsed=Diff,Records`.
  [[nodiscard]] std::vector<std::string> ToIniLines() const;
  // Applies one saved line; false (layout unchanged) when the line is not
  // one of ours or its numbers are unusable (a hand-edited file never
  // breaks the window).
  bool ApplyIniLine(std::string_view line);

  // Counts changes (drags, collapses, loads), so a host knows when to save.
  [[nodiscard]] uint64_t generation() const { return generation_; }

  friend bool operator==(const PanelLayout& a, const PanelLayout& b) {
    return a.column_weight_ == b.column_weight_ &&
           a.panel_weight_ == b.panel_weight_ && a.collapsed_ == b.collapsed_;
  }

 private:
  // Column widths in px for an area `width` wide (minimums enforced).
  [[nodiscard]] std::array<float, kColumnCount> ColumnWidths(float width) const;
  // Heights of the panels of column `c` for `height` px (collapsed ones get
  // the title bar, open ones share the rest with their minimums).
  [[nodiscard]] std::vector<float> PanelHeights(int c, float height) const;
  [[nodiscard]] int ColumnOf(PanelId id) const;

  std::array<std::vector<PanelId>, kColumnCount> columns_;
  std::array<float, kColumnCount> column_weight_{};
  std::array<float, kPanelCount> panel_weight_{};
  std::array<bool, kPanelCount> collapsed_{};
  std::array<float, kPanelCount> content_height_{};
  uint64_t generation_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_LAYOUT_H_
