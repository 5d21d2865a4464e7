#include "debugger/model/hierarchy_state.h"

#include <algorithm>
#include <utility>

namespace wod::debugger {

namespace {

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

void HierarchyState::SetFrame(FramePtr frame) {
  if (!ReplaceShownFrame(std::move(frame), frame_, version_)) return;
  tree_dirty_ = true;
  usage_dirty_ = true;
}

void HierarchyState::SetOwnerExpanded(OwnerKey owner, bool expanded) {
  SortedSet(expanded_owners_, owner, expanded);
  tree_dirty_ = true;
}

void HierarchyState::SetRefExpanded(RefKey ref, bool expanded) {
  SortedSet(expanded_refs_, ref, expanded);
  tree_dirty_ = true;
}

void HierarchyState::ExpandAll(bool expanded) {
  expanded_owners_.clear();
  expanded_refs_.clear();
  if (expanded && frame_ != nullptr) {
    for (const OwnerRow& o : frame_->owners) expanded_owners_.push_back(o.id);
    for (const RefRow& r : frame_->refs) expanded_refs_.push_back(r.id);
    std::sort(expanded_owners_.begin(), expanded_owners_.end());
  }
  tree_dirty_ = true;
}

bool HierarchyState::IsOwnerExpanded(OwnerKey owner) const {
  return SortedContains(expanded_owners_, owner);
}

bool HierarchyState::IsRefExpanded(RefKey ref) const {
  return SortedContains(expanded_refs_, ref);
}

void HierarchyState::QueryUsage() {
  usage_dirty_ = false;
  hierarchy_ready_ = false;
  usage_.clear();
  if (frame_ == nullptr || frame_->snapshot == nullptr) return;
  usage_ = memory::DebugMemoryView(frame_->snapshot).GetUsageByOwner();
}

void HierarchyState::QueryHierarchy() {
  hierarchy_ready_ = true;
  hierarchy_.clear();
  child_count_.clear();
  runs_.clear();
  if (frame_ == nullptr || frame_->snapshot == nullptr) return;
  hierarchy_ = memory::DebugMemoryView(frame_->snapshot).GetMemoryHierarchy();
  // Pre-order: a row's parent is the last row one level up.
  child_count_.assign(hierarchy_.size(), 0);
  std::vector<size_t> last_at_depth;
  for (size_t i = 0; i < hierarchy_.size(); ++i) {
    const memory::HierarchyRow& h = hierarchy_[i];
    if (h.depth > 0 && h.depth <= last_at_depth.size()) {
      ++child_count_[last_at_depth[h.depth - 1]];
    }
    last_at_depth.resize(h.depth + 1);
    last_at_depth[h.depth] = i;
    if (h.depth == 0) {
      const OwnerKey owner = MakeOwnerKey(h.owner.index, h.owner.generation);
      if (runs_.empty() || runs_.back().owner != owner) {
        runs_.push_back({owner, i, i});
      }
    }
    if (!runs_.empty()) runs_.back().end = i + 1;
  }
}

const std::vector<TreeRow>& HierarchyState::Rows() {
  if (!tree_dirty_) return tree_rows_;
  tree_dirty_ = false;
  tree_rows_.clear();
  if (frame_ == nullptr) return tree_rows_;
  if (usage_dirty_) QueryUsage();
  // Owners in the frame's order (by key, as the memory lists them), only
  // those that hold something, with the count the memory gives.
  for (const memory::DebugOwnerUsage& u : usage_) {
    const OwnerKey key = MakeOwnerKey(u.owner.index, u.owner.generation);
    const uint32_t o = OwnerRowIndex(*frame_, key);
    if (o == kNoOwner) continue;
    TreeRow row;
    row.kind = TreeRow::Kind::kOwner;
    row.index = o;
    row.child_count = static_cast<uint32_t>(u.refs);
    row.expanded = IsOwnerExpanded(key);
    tree_rows_.push_back(row);
    if (!row.expanded) continue;
    if (!hierarchy_ready_) QueryHierarchy();
    AppendRefRows(key);
  }
  return tree_rows_;
}

void HierarchyState::AppendRefRows(OwnerKey key) {
  auto run = std::lower_bound(
      runs_.begin(), runs_.end(), key,
      [](const OwnerRun& r, OwnerKey k) { return r.owner < k; });
  if (run == runs_.end() || run->owner != key) return;
  size_t i = run->begin;
  while (i < run->end) {
    const memory::HierarchyRow& h = hierarchy_[i];
    const RefKey id = MakeRefKey(h.id.index, h.id.generation);
    const int64_t at = frame_->FindRef(id);
    size_t next = i + 1;
    if (at >= 0) {
      TreeRow r;
      r.kind = TreeRow::Kind::kRef;
      r.index = static_cast<uint32_t>(at);
      r.depth = static_cast<int>(h.depth) + 1;  // under the owner's row
      r.child_count = child_count_[i];
      r.expanded = r.child_count > 0 && IsRefExpanded(id);
      tree_rows_.push_back(r);
      if (!r.expanded) {
        // Skip the collapsed subtree: the rows deeper than this one.
        while (next < run->end && hierarchy_[next].depth > h.depth) ++next;
      }
    }
    i = next;
  }
}

}  // namespace wod::debugger
