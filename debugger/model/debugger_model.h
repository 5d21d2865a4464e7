// DebuggerModel: the view state of wod-debug, in plain C++ (no ImGui).
//
// Holds what the user chose (memory filters and sort, selection, expanded
// tree nodes, hover highlight, history cursor, diff pair, watches) and the
// derived views built from the Frame on display: filtered + sorted memory
// rows, the hierarchy flattened into visible rows, per-owner counts and
// bytes. Derived views are cached per frame version and per filter/sort
// state, so a frame in which nothing changed recomputes and formats nothing
// (docs/spec/debugger.md §4); ids are formatted lazily, only for rows actually
// drawn.
//
//   DebuggerModel model;
//   model.SetFrame(history.Latest());
//   model.SetTextFilter("timer");
//   for (uint32_t row : model.MemoryRows()) { ... frame->refs[row] ... }
#ifndef WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_
#define WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "debugger/model/frame.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

enum class MemoryColumn : uint8_t {
  kId,
  kType,
  kOwner,
  kParent,
  kVisibility,
  kValue,
  kBytes,
};
inline constexpr int kMemoryColumnCount = 7;

// What the pointer is over, shared between panels in both directions
// (docs/spec/debugger.md §2.11): a block, a ref or a source line. Unlike the
// original bench, the fields are not exclusive.
struct Highlight {
  OwnerKey block = 0;
  RefKey ref = 0;
  int line = 0;  // 1-based; 0 = none
};

// One visible row of the hierarchy panel (owner → refs → children).
struct TreeRow {
  enum class Kind : uint8_t { kOwner, kRef };
  Kind kind = Kind::kOwner;
  uint32_t index = 0;  // into Frame::owners or Frame::refs
  int depth = 0;
  uint32_t child_count = 0;  // refs of an owner; children of a ref
  bool expanded = false;
};

struct OwnerStats {
  uint32_t count = 0;
  uint64_t bytes = 0;
};

// Small per-panel UI state that ImGui widgets edit in place (text boxes,
// toggles); kept here because panels must not hold state of their own.
struct PanelState {
  std::string open_path;    // script panel: the path box
  std::string memory_text;  // memory panel: the filter box
  int jump_step = 0;        // history panel: "go to step"
  int pop_choice = 0;       // history panel: block to jump to its pop
  bool diff_open = true;    // history panel: show the diff table
  bool record_kinds[6] = {true, true, true, true, true, true};
  std::string record_text;      // records panel: text filter
  std::string lifecycle_text;   // records panel: lifecycle filter
  bool show_lifecycle = false;  // records panel: which list
};

// Series for the plot (ref count and bytes per step), rebuilt only when the
// history grew.
struct SeriesCache {
  size_t history_size = static_cast<size_t>(-1);
  std::vector<float> refs;
  std::vector<float> kbytes;
};

// A ref's value across steps (inspector), rebuilt when the selection or the
// history changes.
struct ValueHistoryCache {
  RefKey ref = 0;
  size_t history_size = static_cast<size_t>(-1);
  std::vector<std::pair<int64_t, std::string>> changes;  // (step, value)
};

// The diff of two steps, rebuilt when either step changes.
struct DiffCache {
  int64_t a = -2;
  int64_t b = -2;
  size_t history_size = static_cast<size_t>(-1);
  FramePtr frame_a;
  FramePtr frame_b;
  FrameDiff diff;
};

// Typed fields of the selected ref, per frame version (inspector).
struct FieldsCache {
  uint64_t version = 0;
  RefKey ref = 0;
  bool valid = false;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Filtered records timeline: (step, record index) pairs.
struct RecordsCache {
  size_t history_size = static_cast<size_t>(-1);
  std::string key;  // the filter the rows were built for
  std::vector<std::pair<uint32_t, uint32_t>> rows;
};

class DebuggerModel {
 public:
  DebuggerModel() = default;

  // --- The frame on display (live or the history cursor's step). ---
  void SetFrame(FramePtr frame);
  [[nodiscard]] const Frame* frame() const { return frame_.get(); }
  [[nodiscard]] const FramePtr& frame_ptr() const { return frame_; }

  // --- Memory table: filters and sort (docs/spec/debugger.md §2.3). ---
  void SetTypeFilter(std::string type_name);  // "" = all types
  void SetOwnerFilter(OwnerKey owner);        // 0 = all owners
  void SetTextFilter(std::string text);       // case-insensitive substring
  void SetSort(MemoryColumn column, bool ascending);
  [[nodiscard]] const std::string& type_filter() const { return type_filter_; }
  [[nodiscard]] OwnerKey owner_filter() const { return owner_filter_; }
  [[nodiscard]] const std::string& text_filter() const { return text_filter_; }
  [[nodiscard]] MemoryColumn sort_column() const { return sort_column_; }
  [[nodiscard]] bool sort_ascending() const { return sort_ascending_; }
  // Indices into frame()->refs, filtered and sorted; cached.
  [[nodiscard]] const std::vector<uint32_t>& MemoryRows();
  // "12.1" for refs[row]; formatted once per frame version.
  [[nodiscard]] const std::string& IdText(uint32_t row);
  // How many times MemoryRows() was rebuilt (tests and the bench check
  // that an unchanged frame rebuilds nothing).
  [[nodiscard]] uint64_t rebuild_count() const { return rebuild_count_; }

  // --- Per-owner statistics (stack panel: count and bytes per block). ---
  [[nodiscard]] const std::vector<OwnerStats>& OwnerStatsView();

  // --- Hierarchy: owner → refs → children. ---
  void SetOwnerExpanded(OwnerKey owner, bool expanded);
  void SetRefExpanded(RefKey ref, bool expanded);
  void ExpandAll(bool expanded);
  [[nodiscard]] bool IsOwnerExpanded(OwnerKey owner) const;
  [[nodiscard]] bool IsRefExpanded(RefKey ref) const;
  [[nodiscard]] const std::vector<TreeRow>& HierarchyRows();
  // Children of refs[row], as indices into refs (in id order).
  [[nodiscard]] absl::Span<const uint32_t> ChildrenOf(uint32_t row);

  // --- Selection and the inspector. ---
  void Select(RefKey ref) { selected_ = ref; }
  [[nodiscard]] RefKey selected() const { return selected_; }
  // Owner chain of the selected ref ("why is this alive"): the ref, its
  // parents up to the root, then the owning block and the blocks below it
  // on the stack. Empty when nothing (live) is selected.
  [[nodiscard]] std::vector<std::string> WhyAlive() const;

  // --- Hover: panels read last frame's value and write this frame's. ---
  void BeginUiFrame();
  [[nodiscard]] const Highlight& hover() const { return hover_shown_; }
  void HoverBlock(OwnerKey block) { hover_next_.block = block; }
  void HoverRef(RefKey ref);
  void HoverLine(int line) { hover_next_.line = line; }
  // True when the row / block / line is associated with the hover.
  [[nodiscard]] bool IsRefHighlighted(const RefRow& row) const;
  [[nodiscard]] bool IsBlockHighlighted(const BlockRow& block) const;
  [[nodiscard]] bool IsLineHighlighted(int line) const;

  // --- History cursor: -1 follows the live step. ---
  void SetCursor(int64_t step) { cursor_ = step; }
  [[nodiscard]] int64_t cursor() const { return cursor_; }
  [[nodiscard]] bool following_live() const { return cursor_ < 0; }

  // --- Diff of two steps. ---
  void SetDiffSteps(int64_t a, int64_t b) {
    diff_a_ = a;
    diff_b_ = b;
  }
  [[nodiscard]] int64_t diff_a() const { return diff_a_; }
  [[nodiscard]] int64_t diff_b() const { return diff_b_; }

  // --- Watches (evaluated by the driver, listed and edited here). ---
  std::vector<Watch>& watches() { return watches_; }
  [[nodiscard]] const std::vector<Watch>& watches() const { return watches_; }

  // --- Panel UI state and per-panel caches. ---
  PanelState& ui() { return ui_; }
  SeriesCache& series_cache() { return series_; }
  ValueHistoryCache& value_history_cache() { return value_history_; }
  DiffCache& diff_cache() { return diff_cache_; }
  RecordsCache& records_cache() { return records_; }
  FieldsCache& fields_cache() { return fields_; }

 private:
  void InvalidateRows() { rows_dirty_ = true; }
  [[nodiscard]] bool RowMatches(const RefRow& row) const;
  // Rebuilds rows_ for frame_ from scratch.
  void RebuildRows();
  // Updates rows_ built for `prev` to frame_ by re-placing only the refs
  // that changed; false when that is not possible (then rebuild).
  bool UpdateRowsIncrementally(const Frame& prev);
  // The memory-table order: true when refs[a] sorts before refs[b].
  [[nodiscard]] bool RowLess(uint32_t a, uint32_t b) const;
  void BuildRanks();
  void BuildLinks();

  FramePtr frame_;
  uint64_t version_ = 0;  // version of frame_ the caches below belong to

  std::string type_filter_;
  OwnerKey owner_filter_ = 0;
  std::string text_filter_;
  std::string text_filter_lower_;
  MemoryColumn sort_column_ = MemoryColumn::kId;
  bool sort_ascending_ = true;

  bool rows_dirty_ = true;   // filters or sort changed: full rebuild
  bool rows_stale_ = false;  // only the frame changed since rows_
  FramePtr rows_frame_;      // the frame rows_ index into
  std::vector<uint32_t> rows_;
  std::vector<uint32_t> type_rank_;   // type index → rank by name
  std::vector<uint32_t> owner_rank_;  // owner index → rank by label
  // Id texts of rows drawn in this frame version (a few dozen), so nothing
  // is formatted twice and nothing is formatted for rows never drawn.
  std::vector<std::pair<uint32_t, std::string>> id_text_;
  uint64_t rebuild_count_ = 0;

  bool stats_dirty_ = true;
  std::vector<OwnerStats> owner_stats_;

  // Expansion is kept by key, so it survives steps and history scrubbing.
  std::vector<OwnerKey> expanded_owners_;  // sorted
  std::vector<RefKey> expanded_refs_;      // sorted
  bool tree_dirty_ = true;
  std::vector<TreeRow> tree_rows_;
  // Parent/child links as compressed rows (no per-ref allocation):
  // children of ref r are child_list_[child_begin_[r] .. child_begin_[r+1]),
  // root refs of owner o are root_list_[root_begin_[o] .. root_begin_[o+1]).
  bool links_dirty_ = true;
  std::vector<uint32_t> child_begin_;
  std::vector<uint32_t> child_list_;
  std::vector<uint32_t> root_begin_;
  std::vector<uint32_t> root_list_;

  RefKey selected_ = 0;
  Highlight hover_shown_;
  Highlight hover_next_;
  int64_t cursor_ = -1;
  int64_t diff_a_ = -1;
  int64_t diff_b_ = -1;
  std::vector<Watch> watches_;
  PanelState ui_;
  SeriesCache series_;
  ValueHistoryCache value_history_;
  DiffCache diff_cache_;
  RecordsCache records_;
  FieldsCache fields_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_
