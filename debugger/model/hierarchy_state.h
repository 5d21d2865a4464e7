// HierarchyState: the hierarchy panel's tree (owner → refs → children), in
// plain C++ (no ImGui) so it is tested headlessly.
//
// Holds which owners and refs the user expanded, by key, so expansion
// survives steps and history scrubbing, and flattens the tree of the Frame
// on display into the visible rows, so the panel can draw it through a list
// clipper like the memory table. The tree is the step's memory's own
// (memory::DebugMemoryView::GetMemoryHierarchy: roots by owner, children
// pre-order with their depth) and the owners' counts its GetUsageByOwner;
// both are asked once per frame version, the rows rebuilt only when the
// frame version or the expansion changed. A frame without a snapshot shows
// no tree.
//
//   HierarchyState tree;
//   tree.SetFrame(history.Latest());
//   tree.SetOwnerExpanded(owner_key, true);
//   for (const TreeRow& row : tree.Rows()) { ... }
#ifndef WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_
#define WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_

#include <cstdint>
#include <vector>

#include "debugger/model/frame.h"
#include "memory/debug_memory_view.h"

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

 private:
  // Asks the frame's memory for the owners' counts (and drops the tree of
  // the previous frame version).
  void QueryUsage();
  // Asks the frame's memory for its hierarchy, once per frame version.
  void QueryHierarchy();
  // Pushes the rows of the trees rooted at owner `key`'s refs: rows under a
  // collapsed ref are skipped.
  void AppendRefRows(OwnerKey key);

  FramePtr frame_;
  uint64_t version_ = 0;  // version of frame_ the answers below belong to

  std::vector<OwnerKey> expanded_owners_;  // sorted
  std::vector<RefKey> expanded_refs_;      // sorted
  bool tree_dirty_ = true;
  std::vector<TreeRow> tree_rows_;
  // The memory's answers for frame_ (valid while !usage_dirty_ and, for
  // the tree, hierarchy_ready_).
  bool usage_dirty_ = true;
  std::vector<memory::DebugOwnerUsage> usage_;  // by owner index
  bool hierarchy_ready_ = false;
  std::vector<memory::HierarchyRow> hierarchy_;
  std::vector<uint32_t> child_count_;  // direct children of hierarchy_[i]
  // Runs of hierarchy_ whose roots one owner holds, by owner index.
  struct OwnerRun {
    OwnerKey owner = OwnerKey::kNone;
    size_t begin = 0;
    size_t end = 0;
  };
  std::vector<OwnerRun> runs_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_HIERARCHY_STATE_H_
