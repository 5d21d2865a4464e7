#include "debugger/model/memory_table_state.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <string_view>
#include <utility>

#include "memory/debug_memory_view.h"

namespace wod::debugger {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Case-insensitive substring test against an already lower-cased needle.
bool ContainsLower(std::string_view hay, std::string_view needle_lower) {
  if (needle_lower.empty()) return true;
  if (hay.size() < needle_lower.size()) return false;
  for (size_t i = 0; i + needle_lower.size() <= hay.size(); ++i) {
    size_t k = 0;
    for (; k < needle_lower.size(); ++k) {
      char c = hay[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != needle_lower[k]) break;
    }
    if (k == needle_lower.size()) return true;
  }
  return false;
}

}  // namespace

void MemoryTableState::SetFrame(FramePtr frame) {
  if (!ReplaceShownFrame(std::move(frame), frame_, version_)) return;
  rows_stale_ = true;  // Rows() decides: update in place or rebuild
  id_text_.clear();
}

bool MemoryTableState::Filtered() const {
  return !type_filter_.empty() || owner_filter_ != OwnerKey::kNone ||
         !text_filter_lower_.empty();
}

void MemoryTableState::SetTypeFilter(std::string type_name) {
  if (type_name == type_filter_) return;
  type_filter_ = std::move(type_name);
  InvalidateRows();
}

void MemoryTableState::SetOwnerFilter(OwnerKey owner) {
  if (owner == owner_filter_) return;
  owner_filter_ = owner;
  InvalidateRows();
}

void MemoryTableState::SetTextFilter(std::string text) {
  if (text == text_filter_) return;
  text_filter_ = std::move(text);
  text_filter_lower_ = Lower(text_filter_);
  InvalidateRows();
}

void MemoryTableState::SetSort(MemoryColumn column, bool ascending) {
  if (column == sort_column_ && ascending == sort_ascending_) return;
  sort_column_ = column;
  sort_ascending_ = ascending;
  InvalidateRows();
}

void MemoryTableState::QueryView() {
  view_ids_.clear();
  if (!ViewFiltered() || frame_->snapshot == nullptr) return;
  // The step's memory answers which refs have the type and the owner
  // (docs/spec/debugger.md §2.3); the table only orders what it returns.
  const memory::DebugMemoryView view(frame_->snapshot);
  std::vector<memory::RefId> ids;
  if (!type_filter_.empty()) ids = view.GetIdsByType(type_filter_);
  if (owner_filter_ != OwnerKey::kNone) {
    std::vector<memory::RefId> owned = view.GetIdsByOwner(
        memory::OwnerId{KeyIndex(owner_filter_), KeyGeneration(owner_filter_)});
    if (type_filter_.empty()) {
      ids = std::move(owned);
    } else {
      std::vector<memory::RefId> both;
      std::set_intersection(ids.begin(), ids.end(), owned.begin(), owned.end(),
                            std::back_inserter(both));
      ids = std::move(both);
    }
  }
  view_ids_.reserve(ids.size());
  for (const memory::RefId id : ids) {
    view_ids_.push_back(MakeRefKey(id.index, id.generation));
  }
}

bool MemoryTableState::RowMatches(const RefRow& row) const {
  const Frame& f = *frame_;
  if (ViewFiltered() &&
      !std::binary_search(view_ids_.begin(), view_ids_.end(), row.id)) {
    return false;
  }
  if (!text_filter_lower_.empty()) {
    // The text filter looks at every column a user can read.
    if (!ContainsLower(row.value, text_filter_lower_) &&
        !ContainsLower(f.TypeName(row.type), text_filter_lower_) &&
        !ContainsLower(f.OwnerLabel(row.owner), text_filter_lower_) &&
        !ContainsLower(RefKeyText(row.id), text_filter_lower_)) {
      return false;
    }
  }
  return true;
}

void MemoryTableState::BuildRanks() {
  const Frame& f = *frame_;
  // Rank tables turn name comparisons into integer comparisons.
  std::vector<uint32_t> order(f.types.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return f.types[a] < f.types[b];
  });
  type_rank_.assign(f.types.size() + 1, static_cast<uint32_t>(f.types.size()));
  for (uint32_t r = 0; r < order.size(); ++r) type_rank_[order[r]] = r;
  order.resize(f.owners.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return f.OwnerLabel(a) < f.OwnerLabel(b);
  });
  owner_rank_.assign(f.owners.size() + 1,
                     static_cast<uint32_t>(f.owners.size()));
  for (uint32_t r = 0; r < order.size(); ++r) owner_rank_[order[r]] = r;
}

bool MemoryTableState::RowLess(uint32_t ia, uint32_t ib) const {
  const Frame& f = *frame_;
  const RefRow& a = f.refs[ia];
  const RefRow& b = f.refs[ib];
  auto type_rank = [&](const RefRow& r) {
    return type_rank_[std::min<size_t>(r.type, type_rank_.size() - 1)];
  };
  auto owner_rank = [&](const RefRow& r) {
    return owner_rank_[std::min<size_t>(r.owner, owner_rank_.size() - 1)];
  };
  bool less = false;
  bool decided = true;
  switch (sort_column_) {
    case MemoryColumn::kId:
      decided = false;
      break;
    case MemoryColumn::kType:
      decided = type_rank(a) != type_rank(b);
      less = type_rank(a) < type_rank(b);
      break;
    case MemoryColumn::kOwner:
      decided = owner_rank(a) != owner_rank(b);
      less = owner_rank(a) < owner_rank(b);
      break;
    case MemoryColumn::kParent:
      decided = a.parent != b.parent;
      less = a.parent < b.parent;
      break;
    case MemoryColumn::kVisibility:
      decided = a.visibility != b.visibility;
      less = VisibilityRank(a.visibility) < VisibilityRank(b.visibility);
      break;
    case MemoryColumn::kValue: {
      const int c = a.value.compare(b.value);
      decided = c != 0;
      less = c < 0;
      break;
    }
    case MemoryColumn::kBytes:
      decided = a.bytes != b.bytes;
      less = a.bytes < b.bytes;
      break;
  }
  if (!decided) less = a.id < b.id;  // ties: by id, so the order is total
  return sort_ascending_ ? less : !less && a.id != b.id;
}

void MemoryTableState::RebuildRows() {
  ++rebuild_count_;
  rows_.clear();
  const Frame& f = *frame_;
  rows_.reserve(f.refs.size());
  const bool filtered = Filtered();
  for (uint32_t i = 0; i < f.refs.size(); ++i) {
    if (!filtered || RowMatches(f.refs[i])) rows_.push_back(i);
  }
  // refs are sorted by id, so the id order needs no sort at all.
  if (sort_column_ == MemoryColumn::kId) {
    if (!sort_ascending_) std::reverse(rows_.begin(), rows_.end());
    return;
  }
  BuildRanks();
  std::sort(rows_.begin(), rows_.end(),
            [&](uint32_t a, uint32_t b) { return RowLess(a, b); });
}

bool MemoryTableState::UpdateRowsIncrementally(const Frame& prev) {
  const Frame& f = *frame_;
  // Ranks by type name and owner label must mean the same in both frames.
  if (f.types != prev.types || f.owners.size() != prev.owners.size())
    return false;
  for (size_t i = 0; i < f.owners.size(); ++i) {
    if (f.owners[i].label != prev.owners[i].label ||
        f.owners[i].kind != prev.owners[i].kind ||
        f.owners[i].id != prev.owners[i].id) {
      return false;
    }
  }
  // Old row → new row for refs whose content did not change (one merge
  // pass over the two id-sorted ref lists); kGone for the rest.
  constexpr uint32_t kGone = 0xffffffffu;
  std::vector<uint32_t> remap(prev.refs.size(), kGone);
  std::vector<uint32_t> fresh;  // new rows: added or changed
  size_t i = 0;
  size_t j = 0;
  while (j < f.refs.size()) {
    if (i < prev.refs.size() && prev.refs[i].id < f.refs[j].id) {
      ++i;
    } else if (i < prev.refs.size() && prev.refs[i].id == f.refs[j].id) {
      if (prev.refs[i].SameContent(f.refs[j])) {
        remap[i] = static_cast<uint32_t>(j);
      } else {
        fresh.push_back(static_cast<uint32_t>(j));
      }
      ++i;
      ++j;
    } else {
      fresh.push_back(static_cast<uint32_t>(j));
      ++j;
    }
    // A large change is cheaper to rebuild than to patch.
    if (fresh.size() > f.refs.size() / 8 + 64) return false;
  }
  // Unchanged rows keep their relative order (same keys, same filter result).
  std::vector<uint32_t> kept;
  kept.reserve(rows_.size() + fresh.size());
  for (uint32_t old_row : rows_) {
    if (remap[old_row] != kGone) kept.push_back(remap[old_row]);
  }
  const bool filtered = Filtered();
  std::vector<uint32_t> placed;
  for (uint32_t row : fresh) {
    if (!filtered || RowMatches(f.refs[row])) placed.push_back(row);
  }
  auto less = [&](uint32_t a, uint32_t b) { return RowLess(a, b); };
  std::sort(placed.begin(), placed.end(), less);
  rows_.clear();
  std::merge(kept.begin(), kept.end(), placed.begin(), placed.end(),
             std::back_inserter(rows_), less);
  return true;
}

const std::vector<uint32_t>& MemoryTableState::Rows() {
  if (frame_ == nullptr) {
    rows_.clear();
    rows_frame_.reset();
    return rows_;
  }
  if (!rows_dirty_ && !rows_stale_) return rows_;
  QueryView();
  // A new step with the same filters and sort: re-place only what changed
  // (the budget for the frame after a step at 100,000 refs,
  // docs/spec/design.md §6). The
  // id order needs no sort at all, so it always rebuilds (a linear pass).
  if (!rows_dirty_ && rows_frame_ != nullptr &&
      sort_column_ != MemoryColumn::kId &&
      UpdateRowsIncrementally(*rows_frame_)) {
    ++rebuild_count_;
  } else {
    RebuildRows();
  }
  rows_dirty_ = false;
  rows_stale_ = false;
  rows_frame_ = frame_;
  return rows_;
}

const std::string& MemoryTableState::IdText(uint32_t row) {
  for (const auto& [r, text] : id_text_) {
    if (r == row) return text;
  }
  // Only drawn rows get here; start over if a huge window drew very many.
  if (id_text_.size() >= 1024) id_text_.clear();
  id_text_.emplace_back(row, RefKeyText(frame_->refs[row].id));
  return id_text_.back().second;
}

}  // namespace wod::debugger
