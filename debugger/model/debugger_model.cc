#include "debugger/model/debugger_model.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "fmt/format.h"

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

template <class T>
bool SortedContains(const std::vector<T>& v, T key) {
  return std::binary_search(v.begin(), v.end(), key);
}

template <class T>
void SortedSet(std::vector<T>& v, T key, bool present) {
  auto it = std::lower_bound(v.begin(), v.end(), key);
  bool has = it != v.end() && *it == key;
  if (present && !has) v.insert(it, key);
  if (!present && has) v.erase(it);
}

}  // namespace

void DebuggerModel::SetFrame(FramePtr frame) {
  if (frame == frame_) return;
  uint64_t version = frame == nullptr ? 0 : frame->version;
  frame_ = std::move(frame);
  if (version == version_ && version != 0) return;  // same content
  version_ = version;
  rows_stale_ = true;  // MemoryRows() decides: update in place or rebuild
  stats_dirty_ = true;
  tree_dirty_ = true;
  links_dirty_ = true;
  id_text_.clear();
}

void DebuggerModel::SetTypeFilter(std::string type_name) {
  if (type_name == type_filter_) return;
  type_filter_ = std::move(type_name);
  InvalidateRows();
}

void DebuggerModel::SetOwnerFilter(OwnerKey owner) {
  if (owner == owner_filter_) return;
  owner_filter_ = owner;
  InvalidateRows();
}

void DebuggerModel::SetTextFilter(std::string text) {
  if (text == text_filter_) return;
  text_filter_ = std::move(text);
  text_filter_lower_ = Lower(text_filter_);
  InvalidateRows();
}

void DebuggerModel::SetSort(MemoryColumn column, bool ascending) {
  if (column == sort_column_ && ascending == sort_ascending_) return;
  sort_column_ = column;
  sort_ascending_ = ascending;
  InvalidateRows();
}

bool DebuggerModel::RowMatches(const RefRow& row) const {
  const Frame& f = *frame_;
  if (!type_filter_.empty() && f.TypeName(row.type) != type_filter_) {
    return false;
  }
  if (owner_filter_ != 0 && (row.owner >= f.owners.size() ||
                             f.owners[row.owner].id != owner_filter_)) {
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

void DebuggerModel::BuildRanks() {
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

bool DebuggerModel::RowLess(uint32_t ia, uint32_t ib) const {
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
      less = a.visibility < b.visibility;
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

void DebuggerModel::RebuildRows() {
  ++rebuild_count_;
  rows_.clear();
  const Frame& f = *frame_;
  rows_.reserve(f.refs.size());
  const bool filtered = !type_filter_.empty() || owner_filter_ != 0 ||
                        !text_filter_lower_.empty();
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

bool DebuggerModel::UpdateRowsIncrementally(const Frame& prev) {
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
  const bool filtered = !type_filter_.empty() || owner_filter_ != 0 ||
                        !text_filter_lower_.empty();
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

const std::vector<uint32_t>& DebuggerModel::MemoryRows() {
  if (frame_ == nullptr) {
    rows_.clear();
    rows_frame_.reset();
    return rows_;
  }
  if (!rows_dirty_ && !rows_stale_) return rows_;
  // A new step with the same filters and sort: re-place only what changed
  // (the docs/spec/debugger.md §4 budget for the frame after a step at 100,000
  // refs). The id order needs no sort at all, so it always rebuilds (a linear
  // pass).
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

const std::string& DebuggerModel::IdText(uint32_t row) {
  for (const auto& [r, text] : id_text_) {
    if (r == row) return text;
  }
  // Only drawn rows get here; start over if a huge window drew very many.
  if (id_text_.size() >= 1024) id_text_.clear();
  id_text_.emplace_back(row, RefKeyText(frame_->refs[row].id));
  return id_text_.back().second;
}

const std::vector<OwnerStats>& DebuggerModel::OwnerStatsView() {
  if (!stats_dirty_) return owner_stats_;
  stats_dirty_ = false;
  owner_stats_.assign(frame_ ? frame_->owners.size() : 0, OwnerStats{});
  if (frame_ == nullptr) return owner_stats_;
  for (const RefRow& r : frame_->refs) {
    if (r.owner < owner_stats_.size()) {
      ++owner_stats_[r.owner].count;
      owner_stats_[r.owner].bytes += r.bytes;
    }
  }
  return owner_stats_;
}

void DebuggerModel::SetOwnerExpanded(OwnerKey owner, bool expanded) {
  SortedSet(expanded_owners_, owner, expanded);
  tree_dirty_ = true;
}

void DebuggerModel::SetRefExpanded(RefKey ref, bool expanded) {
  SortedSet(expanded_refs_, ref, expanded);
  tree_dirty_ = true;
}

void DebuggerModel::ExpandAll(bool expanded) {
  expanded_owners_.clear();
  expanded_refs_.clear();
  if (expanded && frame_ != nullptr) {
    for (const OwnerRow& o : frame_->owners) expanded_owners_.push_back(o.id);
    for (const RefRow& r : frame_->refs) expanded_refs_.push_back(r.id);
    std::sort(expanded_owners_.begin(), expanded_owners_.end());
  }
  tree_dirty_ = true;
}

bool DebuggerModel::IsOwnerExpanded(OwnerKey owner) const {
  return SortedContains(expanded_owners_, owner);
}

bool DebuggerModel::IsRefExpanded(RefKey ref) const {
  return SortedContains(expanded_refs_, ref);
}

void DebuggerModel::BuildLinks() {
  links_dirty_ = false;
  const size_t n = frame_ ? frame_->refs.size() : 0;
  const size_t owners = frame_ ? frame_->owners.size() + 1 : 1;
  // Parent row of every ref; roots (and refs whose parent is gone: still
  // shown, under their owner, unlike the original forest, F3) go under
  // their owner.
  std::vector<int64_t> parent(n, -1);
  child_begin_.assign(n + 1, 0);
  root_begin_.assign(owners + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    const RefRow& r = frame_->refs[i];
    parent[i] = r.parent == 0 ? -1 : frame_->FindRef(r.parent);
    if (parent[i] >= 0) {
      ++child_begin_[static_cast<size_t>(parent[i]) + 1];
    } else {
      ++root_begin_[std::min<size_t>(r.owner, owners - 1) + 1];
    }
  }
  for (size_t i = 0; i < n; ++i) child_begin_[i + 1] += child_begin_[i];
  for (size_t o = 0; o < owners; ++o) root_begin_[o + 1] += root_begin_[o];
  child_list_.assign(child_begin_[n], 0);
  root_list_.assign(root_begin_[owners], 0);
  std::vector<uint32_t> child_fill(child_begin_.begin(),
                                   child_begin_.end() - 1);
  std::vector<uint32_t> root_fill(root_begin_.begin(), root_begin_.end() - 1);
  // Increasing i keeps every list in id order.
  for (size_t i = 0; i < n; ++i) {
    if (parent[i] >= 0) {
      child_list_[child_fill[static_cast<size_t>(parent[i])]++] =
          static_cast<uint32_t>(i);
    } else {
      const size_t o = std::min<size_t>(frame_->refs[i].owner, owners - 1);
      root_list_[root_fill[o]++] = static_cast<uint32_t>(i);
    }
  }
}

absl::Span<const uint32_t> DebuggerModel::ChildrenOf(uint32_t row) {
  if (links_dirty_) BuildLinks();
  if (row + 1 >= child_begin_.size()) return {};
  return absl::Span<const uint32_t>(child_list_.data() + child_begin_[row],
                                    child_begin_[row + 1] - child_begin_[row]);
}

const std::vector<TreeRow>& DebuggerModel::HierarchyRows() {
  if (!tree_dirty_) return tree_rows_;
  tree_dirty_ = false;
  tree_rows_.clear();
  if (frame_ == nullptr) return tree_rows_;
  if (links_dirty_) BuildLinks();
  const std::vector<OwnerStats>& stats = OwnerStatsView();
  // Depth-first with an explicit stack: deep ref chains cannot overflow.
  struct Pending {
    uint32_t ref;
    int depth;
  };
  std::vector<Pending> pending;
  for (uint32_t o = 0; o < frame_->owners.size(); ++o) {
    const OwnerRow& owner = frame_->owners[o];
    if (stats[o].count == 0) continue;  // only owners that hold something
    TreeRow row;
    row.kind = TreeRow::Kind::kOwner;
    row.index = o;
    row.child_count = stats[o].count;
    row.expanded = IsOwnerExpanded(owner.id);
    tree_rows_.push_back(row);
    if (!row.expanded) continue;
    for (uint32_t k = root_begin_[o + 1]; k-- > root_begin_[o];) {
      pending.push_back({root_list_[k], 1});
    }
    while (!pending.empty()) {
      Pending p = pending.back();
      pending.pop_back();
      TreeRow r;
      r.kind = TreeRow::Kind::kRef;
      r.index = p.ref;
      r.depth = p.depth;
      const uint32_t begin = child_begin_[p.ref];
      const uint32_t end = child_begin_[p.ref + 1];
      r.child_count = end - begin;
      r.expanded = end > begin && IsRefExpanded(frame_->refs[p.ref].id);
      tree_rows_.push_back(r);
      if (r.expanded) {
        for (uint32_t k = end; k-- > begin;) {
          pending.push_back({child_list_[k], p.depth + 1});
        }
      }
    }
  }
  return tree_rows_;
}

std::vector<std::string> DebuggerModel::WhyAlive() const {
  std::vector<std::string> chain;
  if (frame_ == nullptr || selected_ == 0) return chain;
  const Frame& f = *frame_;
  int64_t at = f.FindRef(selected_);
  if (at < 0) return chain;
  const RefRow& ref = f.refs[static_cast<size_t>(at)];
  // Parent links first: a child lives as long as its parent
  // (docs/spec/design.md §2: releasing a ref releases its subtree).
  int guard = 0;
  for (int64_t i = at; i >= 0 && guard < 64; ++guard) {
    const RefRow& r = f.refs[static_cast<size_t>(i)];
    chain.push_back(fmt::format("ref {} ({}){}", RefKeyText(r.id),
                                f.TypeName(r.type),
                                r.parent != 0 ? " — child of" : ""));
    if (r.parent == 0) break;
    i = f.FindRef(r.parent);
    if (i < 0) chain.push_back("parent released (orphan)");
  }
  if (ref.owner >= f.owners.size()) {
    chain.push_back("no owner");
    return chain;
  }
  const OwnerRow& owner = f.owners[ref.owner];
  size_t depth = f.stack.size();
  for (size_t i = 0; i < f.stack.size(); ++i) {
    if (f.stack[i].owner == ref.owner) depth = i;
  }
  if (depth == f.stack.size()) {
    chain.push_back(fmt::format("owned by {} '{}' — NOT on the stack{}",
                                owner.kind, f.OwnerLabel(ref.owner),
                                owner.is_block ? " (orphan)" : ""));
    return chain;
  }
  chain.push_back(fmt::format("owned by {} '{}' (stack position {} of {})",
                              owner.kind, f.OwnerLabel(ref.owner),
                              f.stack.size() - depth, f.stack.size()));
  for (size_t i = depth + 1; i < f.stack.size(); ++i) {
    chain.push_back(fmt::format(
        "  held by {} '{}'", f.stack[i].type,
        f.stack[i].label.empty() ? f.stack[i].type : f.stack[i].label));
  }
  return chain;
}

void DebuggerModel::BeginUiFrame() {
  hover_shown_ = hover_next_;
  hover_next_ = Highlight{};
}

void DebuggerModel::HoverRef(RefKey ref) { hover_next_.ref = ref; }

bool DebuggerModel::IsRefHighlighted(const RefRow& row) const {
  if (frame_ == nullptr) return false;
  if (hover_shown_.ref != 0 && hover_shown_.ref == row.id) return true;
  if (row.owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[row.owner];
  if (hover_shown_.block != 0 && o.id == hover_shown_.block) return true;
  return hover_shown_.line != 0 && o.line_begin != 0 &&
         hover_shown_.line >= o.line_begin && hover_shown_.line <= o.line_end;
}

bool DebuggerModel::IsBlockHighlighted(const BlockRow& block) const {
  if (frame_ == nullptr || block.owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[block.owner];
  if (hover_shown_.block != 0 && o.id == hover_shown_.block) return true;
  if (hover_shown_.ref != 0) {
    int64_t at = frame_->FindRef(hover_shown_.ref);
    if (at >= 0 && frame_->refs[static_cast<size_t>(at)].owner == block.owner) {
      return true;
    }
  }
  return hover_shown_.line != 0 && o.line_begin != 0 &&
         hover_shown_.line >= o.line_begin && hover_shown_.line <= o.line_end;
}

bool DebuggerModel::IsLineHighlighted(int line) const {
  if (frame_ == nullptr || line <= 0) return false;
  if (hover_shown_.line == line) return true;
  uint32_t owner = kNoOwner;
  if (hover_shown_.block != 0) owner = frame_->FindOwner(hover_shown_.block);
  if (owner == kNoOwner && hover_shown_.ref != 0) {
    int64_t at = frame_->FindRef(hover_shown_.ref);
    if (at >= 0) owner = frame_->refs[static_cast<size_t>(at)].owner;
  }
  if (owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[owner];
  return o.line_begin != 0 && line >= o.line_begin && line <= o.line_end;
}

}  // namespace wod::debugger
