#include "debugger/model/frame_history.h"

#include <algorithm>
#include <utility>

namespace wod::debugger {

FrameHistory::FrameHistory(size_t keyframe_interval)
    : keyframe_interval_(std::max<size_t>(1, keyframe_interval)) {}

void FrameHistory::Clear() {
  entries_.clear();
  summaries_.clear();
  latest_.reset();
  previous_.reset();
  cached_.reset();
  cached_index_ = 0;
  since_keyframe_ = 0;
  bytes_ = 0;
  keyframes_ = 0;
  latest_extra_bytes_ = 0;
  previous_extra_bytes_ = 0;
}

void FrameHistory::Append(FramePtr frame_ptr) {
  if (frame_ptr == nullptr) return;
  const Frame& frame = *frame_ptr;
  StepSummary summary;
  summary.step = frame.step;
  summary.action = frame.action;
  summary.t_ms = frame.t_ms;
  summary.version = frame.version;
  summary.ref_count = static_cast<uint32_t>(frame.refs.size());
  for (const RefRow& r : frame.refs) summary.ref_bytes += r.bytes;
  summary.depth = static_cast<uint32_t>(frame.stack.size());
  summary.emitted = frame.emitted;

  Entry entry;
  bool keyframe =
      latest_ == nullptr || since_keyframe_ + 1 >= keyframe_interval_;
  if (!keyframe) {
    const Frame& prev = *latest_;
    FrameDiff d = Diff(prev, frame);
    // A delta larger than half a copy is not worth it (e.g. after a reset).
    if (d.added.size() + d.changed.size() > frame.refs.size() / 2 + 16) {
      keyframe = true;
    } else {
      entry.removed = std::move(d.removed);
      std::vector<RefKey> ups;
      ups.reserve(d.added.size() + d.changed.size());
      std::merge(d.added.begin(), d.added.end(), d.changed.begin(),
                 d.changed.end(), std::back_inserter(ups));
      entry.upserts.reserve(ups.size());
      for (RefKey id : ups)
        entry.upserts.push_back(
            frame.refs[static_cast<size_t>(frame.FindRef(id))]);
      entry.frame.step = frame.step;
      entry.frame.action = frame.action;
      entry.frame.t_ms = frame.t_ms;
      entry.frame.memory_version = frame.memory_version;
      entry.frame.version = frame.version;
      entry.frame.session_ended = frame.session_ended;
      entry.frame.stack = frame.stack;
      entry.frame.emitted = frame.emitted;
      entry.owners_changed =
          !(frame.owners.size() == prev.owners.size() &&
            std::equal(
                frame.owners.begin(), frame.owners.end(), prev.owners.begin(),
                [](const OwnerRow& a, const OwnerRow& b) {
                  return a.id == b.id && a.released_step == b.released_step &&
                         a.label == b.label;
                }));
      if (entry.owners_changed) entry.frame.owners = frame.owners;
      entry.types_changed = frame.types != prev.types;
      if (entry.types_changed) entry.frame.types = frame.types;
    }
  }
  if (keyframe) {
    entry.keyframe = true;
    entry.full = frame_ptr;
    since_keyframe_ = 0;
  } else {
    ++since_keyframe_;
  }
  bytes_ += EntryBytes(entry) + sizeof(summary) + summary.action.capacity();
  for (const RecordRow& r : summary.emitted) {
    bytes_ += sizeof(r) + r.kind.capacity() + r.text.capacity();
  }
  keyframes_ += entry.keyframe ? 1 : 0;
  entries_.push_back(std::move(entry));
  summaries_.push_back(std::move(summary));
  // The two newest frames are also kept whole (the live view and the diff
  // against the previous step); a keyframe already counts its frame.
  bytes_ -= previous_extra_bytes_;
  previous_extra_bytes_ = latest_extra_bytes_;
  latest_extra_bytes_ = entries_.back().keyframe ? 0 : frame.ByteSize();
  bytes_ += latest_extra_bytes_;
  previous_ = std::move(latest_);
  latest_ = std::move(frame_ptr);
}

void FrameHistory::ApplyDelta(const Entry& delta, Frame& frame) {
  std::vector<RefRow>& refs = frame.refs;
  auto by_id = [](const RefRow& row, RefKey key) { return row.id < key; };
  for (RefKey id : delta.removed) {
    auto it = std::lower_bound(refs.begin(), refs.end(), id, by_id);
    if (it != refs.end() && it->id == id) refs.erase(it);
  }
  for (const RefRow& row : delta.upserts) {
    auto it = std::lower_bound(refs.begin(), refs.end(), row.id, by_id);
    if (it != refs.end() && it->id == row.id) {
      *it = row;
    } else {
      refs.insert(it, row);
    }
  }
  const Frame& h = delta.frame;
  frame.step = h.step;
  frame.action = h.action;
  frame.t_ms = h.t_ms;
  frame.memory_version = h.memory_version;
  frame.version = h.version;
  frame.session_ended = h.session_ended;
  frame.stack = h.stack;
  frame.emitted = h.emitted;
  if (delta.owners_changed) frame.owners = h.owners;
  if (delta.types_changed) frame.types = h.types;
  frame.fields = nullptr;  // the keyframe's fields describe another step
}

FramePtr FrameHistory::At(size_t index) const {
  if (index >= entries_.size()) return latest_;
  if (index + 1 == entries_.size()) return latest_;
  if (index + 2 == entries_.size() && previous_ != nullptr) return previous_;
  if (cached_ != nullptr && cached_index_ == index) return cached_;
  size_t key = index;
  while (!entries_[key].keyframe) --key;
  Frame frame;
  size_t start;
  if (cached_ != nullptr && cached_index_ >= key && cached_index_ < index) {
    frame = *cached_;  // scrubbing forward: reuse the cached step
    start = cached_index_ + 1;
  } else {
    frame = *entries_[key].full;
    start = key + 1;
  }
  for (size_t i = start; i <= index; ++i) ApplyDelta(entries_[i], frame);
  cached_ = std::make_shared<const Frame>(std::move(frame));
  cached_index_ = index;
  return cached_;
}

int64_t FrameHistory::FindPop(const std::string& label, size_t from) const {
  const std::string needle = "pop \"" + label + "\"";
  for (size_t i = from; i < summaries_.size(); ++i) {
    for (const RecordRow& r : summaries_[i].emitted) {
      if (r.kind == "pop" && r.text.rfind(needle, 0) == 0) {
        return static_cast<int64_t>(i);
      }
    }
  }
  return -1;
}

std::vector<std::pair<int64_t, std::string>> FrameHistory::ValueChanges(
    RefKey id, size_t limit) const {
  std::vector<std::pair<int64_t, std::string>> out;
  bool live = false;
  std::string last;
  for (const Entry& e : entries_) {
    const std::string* value = nullptr;
    bool gone = false;
    if (e.keyframe) {
      int64_t at = e.full->FindRef(id);
      if (at >= 0) {
        value = &e.full->refs[static_cast<size_t>(at)].value;
      } else {
        gone = true;
      }
    } else {
      auto it = std::lower_bound(
          e.upserts.begin(), e.upserts.end(), id,
          [](const RefRow& row, RefKey key) { return row.id < key; });
      if (it != e.upserts.end() && it->id == id) value = &it->value;
      gone = std::binary_search(e.removed.begin(), e.removed.end(), id);
    }
    if (value != nullptr && (!live || *value != last)) {
      out.emplace_back(e.header().step, *value);
      last = *value;
      live = true;
    } else if (gone && live) {
      out.emplace_back(e.header().step, "(released)");
      live = false;
    }
  }
  if (out.size() > limit)
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  return out;
}

size_t FrameHistory::EntryBytes(const Entry& e) {
  size_t bytes = sizeof(Entry) +
                 (e.keyframe ? e.full->ByteSize() : e.frame.ByteSize()) +
                 e.upserts.capacity() * sizeof(RefRow) +
                 e.removed.capacity() * sizeof(RefKey);
  for (const RefRow& r : e.upserts) {
    if (r.value.capacity() > 15) bytes += r.value.capacity();
  }
  return bytes;
}

}  // namespace wod::debugger
