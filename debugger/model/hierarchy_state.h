// HierarchyState: the hierarchy panel's tree (owner → refs → children), in
// plain C++ (no ImGui) so it is tested headlessly.
//
// Holds which owners and refs the user expanded, by key, so expansion
// survives steps and history scrubbing, and flattens the tree of the Frame
// on display into the visible rows, so the panel can draw it through a list
// clipper like the memory table. Links and rows are rebuilt only when the
// frame version or the expansion changed.
//
//   HierarchyState tree;
//   tree.SetFrame(history.Latest());
//   tree.SetOwnerExpanded(owner_key, true);
//   for (const TreeRow& row : tree.Rows()) { ... }
#ifndef WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_
#define WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "debugger/model/frame.h"

namespace wod::debugger {

// One visible row of the hierarchy panel (owner → refs → children).
struct TreeRow {
  enum class Kind : uint8_t { kOwner, kRef };
  Kind kind = Kind::kOwner;
  uint32_t index = 0;  // into Frame::owners or Frame::refs
  int depth = 0;
  uint32_t child_count = 0;  // refs of an owner; children of a ref
  bool expanded = false;
};

class HierarchyState {
 public:
  HierarchyState() = default;

  // The frame on display (live or the history cursor's step).
  void SetFrame(FramePtr frame);
  [[nodiscard]] const Frame* frame() const { return frame_.get(); }

  void SetOwnerExpanded(OwnerKey owner, bool expanded);
  void SetRefExpanded(RefKey ref, bool expanded);
  // Expands (or collapses) every owner and ref of the current frame.
  void ExpandAll(bool expanded);
  [[nodiscard]] bool IsOwnerExpanded(OwnerKey owner) const;
  [[nodiscard]] bool IsRefExpanded(RefKey ref) const;
  // The visible rows: owners that hold something, then their expanded
  // refs depth-first, children in id order.
  [[nodiscard]] const std::vector<TreeRow>& Rows();
  // Children of refs[row], as indices into refs (in id order).
  [[nodiscard]] absl::Span<const uint32_t> ChildrenOf(uint32_t row);

 private:
  void BuildLinks();
  // Pushes the rows of owner `o`'s refs (expanded ones with their children).
  void AppendRefRows(uint32_t owner);

  FramePtr frame_;
  uint64_t version_ = 0;  // version of frame_ the links belong to

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
  std::vector<uint32_t> owner_refs_;  // refs held per owner row
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_
