// DebuggerModel: the view state that the panels of wod-debug share, in
// plain C++ (no ImGui).
//
// Only what more than one panel reads or writes lives here: the Frame on
// display, the block the memory table is focused on (set from the stack
// and the memory panel), per-owner counts and bytes (stack, memory and
// hierarchy), the selected ref (memory, hierarchy, inspector, watches), the
// hover highlight (every panel), the history cursor and the watch list.
// What a single panel uses lives next to that panel: its filters, text
// boxes and caches (docs/spec/design.md §5).
//
//   DebuggerModel model;
//   model.SetFrame(history.Latest());
//   model.Select(ref);
//   model.HoverBlock(owner);   // read back next frame through hover()
#ifndef WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_
#define WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "debugger/model/frame.h"
#include "debugger/model/navigation.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

// What the pointer is over, shared between panels in both directions
// (docs/spec/debugger.md §2): a block, a ref or a source line. The fields
// are not exclusive.
struct Highlight {
  OwnerKey block = OwnerKey::kNone;
  RefKey ref = RefKey::kNone;
  int line = 0;  // 1-based; 0 = none
};

// One line of "why is this alive", with what it names, so the inspector
// can make it clickable (docs/spec/debugger.md §2.5): a ref (select it) or
// an owner (filter the memory table to it).
struct WhyAliveLink {
  std::string text;
  RefKey ref = RefKey::kNone;
  OwnerKey owner = OwnerKey::kNone;
};

struct OwnerStats {
  uint32_t count = 0;
  uint64_t bytes = 0;
};

class DebuggerModel {
 public:
  DebuggerModel() = default;

  // --- The frame on display (live or the history cursor's step). ---
  void SetFrame(FramePtr frame);
  [[nodiscard]] const Frame* frame() const { return frame_.get(); }
  [[nodiscard]] const FramePtr& frame_ptr() const { return frame_; }

  // --- The block the memory table shows the refs of (kNone = all). ---
  void SetOwnerFilter(OwnerKey owner) { owner_filter_ = owner; }
  [[nodiscard]] OwnerKey owner_filter() const { return owner_filter_; }

  // --- Per-owner statistics: count and bytes of the refs each owner holds,
  // indexed like Frame::owners; asked of the step's memory
  // (memory::DebugMemoryView::GetUsageByOwner) once per frame version, all
  // zero for a frame without a snapshot. ---
  [[nodiscard]] const std::vector<OwnerStats>& OwnerStatsView();

  // --- Selection and the inspector. ---
  void Select(RefKey ref) { selected_ = ref; }
  [[nodiscard]] RefKey selected() const { return selected_; }
  // Owner chain of the selected ref ("why is this alive"): the ref, its
  // parents up to the root, then the owning block and the blocks below it
  // on the stack. Empty when nothing (live) is selected.
  [[nodiscard]] std::vector<std::string> WhyAlive() const;
  // The same chain with the ref or owner each line names.
  [[nodiscard]] std::vector<WhyAliveLink> WhyAliveLinks() const;

  // --- Hover: panels read last frame's value and write this frame's. ---
  void BeginUiFrame();
  [[nodiscard]] const Highlight& hover() const { return hover_shown_; }
  void HoverBlock(OwnerKey block) { hover_next_.block = block; }
  void HoverRef(RefKey ref) { hover_next_.ref = ref; }
  void HoverLine(int line) { hover_next_.line = line; }
  // True when the row / block / line is associated with the hover.
  [[nodiscard]] bool IsRefHighlighted(const RefRow& row) const;
  [[nodiscard]] bool IsBlockHighlighted(const BlockRow& block) const;
  [[nodiscard]] bool IsLineHighlighted(int line) const;

  // --- History cursor: -1 follows the live step. ---
  void SetCursor(int64_t step) { cursor_ = step; }
  [[nodiscard]] int64_t cursor() const { return cursor_; }
  [[nodiscard]] bool following_live() const { return cursor_ < 0; }

  // --- Bookmarks: steps the user marked, ascending. ---
  // Adds `step` to the bookmarks, or removes it when it is one.
  void ToggleBookmark(int64_t step);
  [[nodiscard]] const std::vector<int64_t>& bookmarks() const {
    return bookmarks_;
  }

  // --- Folding of quiet ticks, on by default
  // (docs/spec/debugger.md §2.7.2). ---
  void SetFoldQuietTicks(bool on) { fold_quiet_ticks_ = on; }
  [[nodiscard]] bool fold_quiet_ticks() const { return fold_quiet_ticks_; }
  [[nodiscard]] StepFold& step_fold() { return step_fold_; }
  [[nodiscard]] const StepFold& step_fold() const { return step_fold_; }
  // The fold to step with: null when folding is off.
  [[nodiscard]] const StepFold* active_fold() const {
    return fold_quiet_ticks_ ? &step_fold_ : nullptr;
  }

  // --- Session changes. ---
  // Another script or recording: the view follows live again, and the
  // owner filter, the selection and the bookmarks (which named the old
  // session's refs, blocks and steps) are cleared.
  void ResetSessionView();
  // Called once per frame with the session's script path and source;
  // calls ResetSessionView when they differ from the last call's (not on
  // the first call: a host may select before the first frame). True when
  // it reset.
  bool TrackSession(std::string_view path, std::string_view source);

  // --- A one-line notice from navigation ("no earlier watch hit"),
  // shown in Controls until the next one. ---
  void SetNotice(std::string text) { notice_ = std::move(text); }
  [[nodiscard]] const std::string& notice() const { return notice_; }

  // --- Screen centres of named widgets, noted by the panels as they draw
  // (reported by --state-out so that tests can click them). ---
  void NoteWidget(std::string_view name, int x, int y);
  [[nodiscard]] const std::vector<std::pair<std::string, std::pair<int, int>>>&
  widgets() const {
    return widgets_;
  }

  // --- Watches (evaluated by the driver, listed and edited here). ---
  [[nodiscard]] const std::vector<Watch>& watches() const { return watches_; }
  // Appends `watch` under a new key, which it returns.
  WatchKey AddWatch(Watch watch);
  void RemoveWatch(WatchKey key);
  void SetWatchEnabled(WatchKey key, bool enabled);

 private:
  FramePtr frame_;
  uint64_t version_ = 0;  // version of frame_ that owner_stats_ belongs to
  OwnerKey owner_filter_ = OwnerKey::kNone;
  bool stats_dirty_ = true;
  std::vector<OwnerStats> owner_stats_;
  RefKey selected_ = RefKey::kNone;
  Highlight hover_shown_;
  Highlight hover_next_;
  int64_t cursor_ = -1;
  std::vector<Watch> watches_;
  uint32_t last_watch_key_ = 0;
  std::vector<int64_t> bookmarks_;
  bool fold_quiet_ticks_ = true;
  StepFold step_fold_;
  std::string notice_;
  std::vector<std::pair<std::string, std::pair<int, int>>> widgets_;
  bool session_seen_ = false;
  size_t session_hash_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DEBUGGER_MODEL_H_
