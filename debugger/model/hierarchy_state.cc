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
  links_dirty_ = true;
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

void HierarchyState::BuildLinks() {
  links_dirty_ = false;
  const size_t n = frame_ ? frame_->refs.size() : 0;
  const size_t owners = frame_ ? frame_->owners.size() + 1 : 1;
  // Parent row of every ref; roots (and refs whose parent is gone: still
  // shown, under their owner, unlike the original forest, F3) go under
  // their owner.
  std::vector<int64_t> parent(n, -1);
  child_begin_.assign(n + 1, 0);
  root_begin_.assign(owners + 1, 0);
  owner_refs_.assign(owners, 0);
  for (size_t i = 0; i < n; ++i) {
    const RefRow& r = frame_->refs[i];
    ++owner_refs_[std::min<size_t>(r.owner, owners - 1)];
    parent[i] = r.parent == RefKey::kNone ? -1 : frame_->FindRef(r.parent);
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

absl::Span<const uint32_t> HierarchyState::ChildrenOf(uint32_t row) {
  if (links_dirty_) BuildLinks();
  if (row + 1 >= child_begin_.size()) return {};
  return absl::Span<const uint32_t>(child_list_.data() + child_begin_[row],
                                    child_begin_[row + 1] - child_begin_[row]);
}

const std::vector<TreeRow>& HierarchyState::Rows() {
  if (!tree_dirty_) return tree_rows_;
  tree_dirty_ = false;
  tree_rows_.clear();
  if (frame_ == nullptr) return tree_rows_;
  if (links_dirty_) BuildLinks();
  for (uint32_t o = 0; o < frame_->owners.size(); ++o) {
    if (owner_refs_[o] == 0) continue;  // only owners that hold something
    TreeRow row;
    row.kind = TreeRow::Kind::kOwner;
    row.index = o;
    row.child_count = owner_refs_[o];
    row.expanded = IsOwnerExpanded(frame_->owners[o].id);
    tree_rows_.push_back(row);
    if (row.expanded) AppendRefRows(o);
  }
  return tree_rows_;
}

void HierarchyState::AppendRefRows(uint32_t owner) {
  // Depth-first with an explicit stack: deep ref chains cannot overflow.
  struct Pending {
    uint32_t ref;
    int depth;
  };
  std::vector<Pending> pending;
  for (uint32_t k = root_begin_[owner + 1]; k-- > root_begin_[owner];) {
    pending.push_back({root_list_[k], 1});
  }
  while (!pending.empty()) {
    const Pending p = pending.back();
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
    if (!r.expanded) continue;
    for (uint32_t k = end; k-- > begin;) {
      pending.push_back({child_list_[k], p.depth + 1});
    }
  }
}

}  // namespace wod::debugger
