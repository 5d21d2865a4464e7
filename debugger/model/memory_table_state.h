// MemoryTableState: the memory panel's filters, sort and rows, in plain C++
// (no ImGui) so they are tested headlessly.
//
// Holds what the user chose for the memory table (type, owner and text
// filters, the sort column) and the rows derived from the Frame on display:
// indices into Frame::refs, filtered and sorted. Which refs have the chosen
// type or owner is asked of the step's memory through
// memory::DebugMemoryView (GetIdsByType, GetIdsByOwner), never worked out
// from the rows; a frame without a snapshot has no rows under those
// filters. Rows are cached per frame
// version and per filter/sort state, so a frame in which nothing changed
// recomputes and formats nothing (docs/spec/design.md §6); after a step
// with the same filters only the refs that changed are re-placed. Id texts
// are formatted lazily, only for rows actually drawn.
//
//   MemoryTableState table;
//   table.SetFrame(history.Latest());
//   table.SetTextFilter("timer");
//   for (uint32_t row : table.Rows()) { ... frame->refs[row] ... }
#ifndef WOD_DEBUGGER_MODEL_MEMORY_TABLE_STATE_H_
#define WOD_DEBUGGER_MODEL_MEMORY_TABLE_STATE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/frame.h"

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

class MemoryTableState {
 public:
  MemoryTableState() = default;

  // The frame on display (live or the history cursor's step).
  void SetFrame(FramePtr frame);
  [[nodiscard]] const Frame* frame() const { return frame_.get(); }

  void SetTypeFilter(std::string type_name);  // "" = all types
  void SetOwnerFilter(OwnerKey owner);        // kNone = all owners
  void SetTextFilter(std::string text);       // case-insensitive substring
  void SetSort(MemoryColumn column, bool ascending);
  [[nodiscard]] const std::string& type_filter() const { return type_filter_; }
  [[nodiscard]] OwnerKey owner_filter() const { return owner_filter_; }
  [[nodiscard]] const std::string& text_filter() const { return text_filter_; }
  [[nodiscard]] MemoryColumn sort_column() const { return sort_column_; }
  [[nodiscard]] bool sort_ascending() const { return sort_ascending_; }

  // Indices into frame()->refs, filtered and sorted; rebuilt only when the
  // frame, a filter or the sort changed.
  [[nodiscard]] const std::vector<uint32_t>& Rows();
  // The rows as last built by Rows() (for tests reading a drawn table).
  [[nodiscard]] const std::vector<uint32_t>& last_rows() const { return rows_; }
  // "12.1" for refs[row]; formatted once per frame version.
  [[nodiscard]] const std::string& IdText(uint32_t row);
  // How many times Rows() was rebuilt (tests and the bench check that an
  // unchanged frame rebuilds nothing).
  [[nodiscard]] uint64_t rebuild_count() const { return rebuild_count_; }

 private:
  void InvalidateRows() { rows_dirty_ = true; }
  [[nodiscard]] bool Filtered() const;
  [[nodiscard]] bool ViewFiltered() const {
    return !type_filter_.empty() || owner_filter_ != OwnerKey::kNone;
  }
  // Asks the frame's memory (memory::DebugMemoryView) for the refs of the
  // type and owner filters into view_ids_.
  void QueryView();
  [[nodiscard]] bool RowMatches(const RefRow& row) const;
  // Rebuilds rows_ for frame_ from scratch.
  void RebuildRows();
  // Updates rows_ built for `prev` to frame_ by re-placing only the refs
  // that changed; false when that is not possible (then rebuild).
  bool UpdateRowsIncrementally(const Frame& prev);
  // The memory-table order: true when refs[a] sorts before refs[b].
  [[nodiscard]] bool RowLess(uint32_t a, uint32_t b) const;
  void BuildRanks();

  FramePtr frame_;
  uint64_t version_ = 0;  // version of frame_ the caches below belong to

  std::string type_filter_;
  OwnerKey owner_filter_ = OwnerKey::kNone;
  std::string text_filter_;
  std::string text_filter_lower_;
  // The refs the type and owner filters keep, as the frame's memory
  // answered (sorted); rebuilt with the rows.
  std::vector<RefKey> view_ids_;
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
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_MEMORY_TABLE_STATE_H_
