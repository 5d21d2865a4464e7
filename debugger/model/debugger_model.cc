#include "debugger/model/debugger_model.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "fmt/format.h"
#include "memory/debug_memory_view.h"

namespace wod::debugger {

void DebuggerModel::SetFrame(FramePtr frame) {
  if (!ReplaceShownFrame(std::move(frame), frame_, version_)) return;
  stats_dirty_ = true;
}

void DebuggerModel::ToggleBookmark(int64_t step) {
  auto it = std::lower_bound(bookmarks_.begin(), bookmarks_.end(), step);
  if (it != bookmarks_.end() && *it == step) {
    bookmarks_.erase(it);
  } else {
    bookmarks_.insert(it, step);
  }
}

void DebuggerModel::NoteWidget(std::string_view name, int x, int y) {
  for (auto& [n, at] : widgets_) {
    if (n == name) {
      at = {x, y};
      return;
    }
  }
  widgets_.emplace_back(std::string(name), std::make_pair(x, y));
}

void DebuggerModel::ResetSessionView() {
  cursor_ = -1;
  owner_filter_ = OwnerKey::kNone;
  selected_ = RefKey::kNone;
  bookmarks_.clear();
  notice_.clear();
}

bool DebuggerModel::TrackSession(std::string_view path,
                                 std::string_view source) {
  const size_t h = std::hash<std::string_view>()(path) * 31 ^
                   std::hash<std::string_view>()(source);
  const bool changed = session_seen_ && h != session_hash_;
  session_seen_ = true;
  session_hash_ = h;
  if (changed) ResetSessionView();
  return changed;
}

const std::vector<OwnerStats>& DebuggerModel::OwnerStatsView() {
  if (!stats_dirty_) return owner_stats_;
  stats_dirty_ = false;
  owner_stats_.assign(frame_ ? frame_->owners.size() : 0, OwnerStats{});
  if (frame_ == nullptr || frame_->snapshot == nullptr) return owner_stats_;
  // The step's memory counts per owner (memory::DebugMemoryView).
  const memory::DebugMemoryView view(frame_->snapshot);
  for (const memory::DebugOwnerUsage& u : view.GetUsageByOwner()) {
    const uint32_t o =
        OwnerRowIndex(*frame_, MakeOwnerKey(u.owner.index, u.owner.generation));
    if (o >= owner_stats_.size()) continue;
    owner_stats_[o].count = static_cast<uint32_t>(u.refs);
    owner_stats_[o].bytes = u.bytes;
  }
  return owner_stats_;
}

std::vector<std::string> DebuggerModel::WhyAlive() const {
  std::vector<std::string> chain;
  for (WhyAliveLink& link : WhyAliveLinks())
    chain.push_back(std::move(link.text));
  return chain;
}

std::vector<WhyAliveLink> DebuggerModel::WhyAliveLinks() const {
  std::vector<WhyAliveLink> chain;
  if (frame_ == nullptr || selected_ == RefKey::kNone) return chain;
  const Frame& f = *frame_;
  int64_t at = f.FindRef(selected_);
  if (at < 0) return chain;
  const RefRow& ref = f.refs[static_cast<size_t>(at)];
  // Parent links first: a child lives as long as its parent (releasing a
  // ref releases its subtree, docs/spec/design.md §2).
  int guard = 0;
  for (int64_t i = at; i >= 0 && guard < 64; ++guard) {
    const RefRow& r = f.refs[static_cast<size_t>(i)];
    chain.push_back(
        {fmt::format("ref {} ({}){}", RefKeyText(r.id), f.TypeName(r.type),
                     r.parent != RefKey::kNone ? " — child of" : ""),
         r.id, OwnerKey::kNone});
    if (r.parent == RefKey::kNone) break;
    i = f.FindRef(r.parent);
    if (i < 0) chain.push_back({"parent released (orphan)", r.parent});
  }
  if (ref.owner >= f.owners.size()) {
    chain.push_back({"no owner"});
    return chain;
  }
  const OwnerRow& owner = f.owners[ref.owner];
  size_t depth = f.stack.size();
  for (size_t i = 0; i < f.stack.size(); ++i) {
    if (f.stack[i].owner == ref.owner) depth = i;
  }
  const std::string owner_text =
      fmt::format("{} '{}' · o{}.{}", owner.kind, f.OwnerLabel(ref.owner),
                  KeyIndex(owner.id), KeyGeneration(owner.id));
  if (depth == f.stack.size()) {
    chain.push_back({fmt::format("owned by {} — NOT on the stack{}", owner_text,
                                 owner.is_block ? " (orphan)" : ""),
                     RefKey::kNone, owner.id});
    return chain;
  }
  chain.push_back(
      {fmt::format("owned by {} (stack position {} of {})", owner_text,
                   f.stack.size() - depth, f.stack.size()),
       RefKey::kNone, owner.id});
  for (size_t i = depth + 1; i < f.stack.size(); ++i) {
    const BlockRow& b = f.stack[i];
    chain.push_back(
        {fmt::format("  held by {} '{}'", b.type,
                     b.label.empty() ? b.type : b.label),
         RefKey::kNone,
         b.owner < f.owners.size() ? f.owners[b.owner].id : OwnerKey::kNone});
  }
  return chain;
}

WatchKey DebuggerModel::AddWatch(Watch watch) {
  watch.key = static_cast<WatchKey>(++last_watch_key_);
  watches_.push_back(std::move(watch));
  return watches_.back().key;
}

void DebuggerModel::RemoveWatch(WatchKey key) {
  std::erase_if(watches_, [key](const Watch& w) { return w.key == key; });
}

void DebuggerModel::SetWatchEnabled(WatchKey key, bool enabled) {
  for (Watch& w : watches_) {
    if (w.key == key) w.enabled = enabled;
  }
}

void DebuggerModel::BeginUiFrame() {
  hover_shown_ = hover_next_;
  hover_next_ = Highlight{};
}

bool DebuggerModel::IsRefHighlighted(const RefRow& row) const {
  if (frame_ == nullptr) return false;
  if (hover_shown_.ref != RefKey::kNone && hover_shown_.ref == row.id)
    return true;
  if (row.owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[row.owner];
  if (hover_shown_.block != OwnerKey::kNone && o.id == hover_shown_.block)
    return true;
  return hover_shown_.line != 0 && o.line_begin != 0 &&
         hover_shown_.line >= o.line_begin && hover_shown_.line <= o.line_end;
}

bool DebuggerModel::IsBlockHighlighted(const BlockRow& block) const {
  if (frame_ == nullptr || block.owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[block.owner];
  if (hover_shown_.block != OwnerKey::kNone && o.id == hover_shown_.block)
    return true;
  if (hover_shown_.ref != RefKey::kNone) {
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
  if (hover_shown_.block != OwnerKey::kNone)
    owner = frame_->FindOwner(hover_shown_.block);
  if (owner == kNoOwner && hover_shown_.ref != RefKey::kNone) {
    int64_t at = frame_->FindRef(hover_shown_.ref);
    if (at >= 0) owner = frame_->refs[static_cast<size_t>(at)].owner;
  }
  if (owner >= frame_->owners.size()) return false;
  const OwnerRow& o = frame_->owners[owner];
  return o.line_begin != 0 && line >= o.line_begin && line <= o.line_end;
}

}  // namespace wod::debugger
