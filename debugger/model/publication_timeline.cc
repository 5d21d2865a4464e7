#include "debugger/model/publication_timeline.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>

#include "fmt/format.h"
#include "memory/debug_memory_view.h"
#include "runtime/memory_tag.h"

namespace wod::debugger {

namespace {

// Seconds as the trace prints them: the shortest exact decimal.
std::string Seconds(int64_t ms) {
  if (ms % 1000 == 0) return fmt::format("{}", ms / 1000);
  std::string s = fmt::format("{}.{:03}", ms / 1000, std::abs(ms % 1000));
  while (s.back() == '0') s.pop_back();
  return s;
}

// Reads typed fields from the (immutable, thread-safe) snapshot a frame was
// built from, through the memory's debug view.
class SnapshotFieldSource : public FieldSource {
 public:
  explicit SnapshotFieldSource(std::shared_ptr<const memory::MemorySnapshot> s)
      : view_(std::move(s)) {}
  std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const override {
    return view_.GetFields(memory::RefId{KeyIndex(id), KeyGeneration(id)});
  }

 private:
  memory::DebugMemoryView view_;
};

bool ParseU32(std::string_view text, uint32_t& out) {
  if (text.empty() || text.size() > 10) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFu) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

OwnerKey ParseOwnerKey(std::string_view text) {
  if (text.size() < 4 || text[0] != 'o') return OwnerKey::kNone;
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return OwnerKey::kNone;
  uint32_t index = 0;
  uint32_t generation = 0;
  if (!ParseU32(text.substr(1, dot - 1), index) ||
      !ParseU32(text.substr(dot + 1), generation)) {
    return OwnerKey::kNone;
  }
  return MakeOwnerKey(index, generation);
}

Visibility VisibilityOfType(std::string_view type_name) {
  for (const runtime::MemoryTagInfo& info : runtime::kMemoryTagTable) {
    if (info.name == type_name) return info.visibility;
  }
  return Visibility::kNone;
}

std::string BlockStateText(const runtime::TraceBlock& b) {
  std::vector<std::string> tokens;
  if (b.has_round) {
    tokens.push_back(fmt::format(
        "R{}/{}", b.round_current,
        b.round_total.has_value() ? fmt::format("{}", *b.round_total) : "∞"));
  }
  if (b.has_timer) {
    tokens.push_back(b.countdown
                         ? fmt::format("↓{}s/{}s", Seconds(b.elapsed_ms),
                                       Seconds(b.duration_ms))
                         : fmt::format("↑{}s", Seconds(b.elapsed_ms)));
  }
  if (b.paused) tokens.push_back("paused");
  if (!b.complete_reason.empty()) {
    tokens.push_back("complete:" + b.complete_reason);
  }
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

OwnerRow OwnerRowOf(memory::OwnerId id, const memory::OwnerInfo& info) {
  OwnerRow row;
  row.id = KeyOf(id);
  row.kind = info.kind;
  row.label = info.label;
  row.line_begin = info.line_begin;
  row.line_end = info.line_end;
  row.created_step = info.created_step;
  row.released_step = info.released_step;
  // Owners without a block kind are the runtime's own bookkeeping.
  row.is_block = !info.kind.empty();
  return row;
}

BlockRow BlockRowOf(const runtime::TraceBlock& block) {
  BlockRow b;
  b.type = block.type;
  b.label = block.label;
  b.key = block.key;
  b.state = BlockStateText(block);
  b.complete = !block.complete_reason.empty();
  b.complete_reason = block.complete_reason;
  return b;
}

memory::OwnerRecord NamedRetiredOwner(const memory::OwnerRecord& r,
                                      const memory::MemorySnapshot* previous) {
  memory::OwnerRecord named = r;
  std::optional<memory::OwnerRecord> was;
  if (previous != nullptr) was = previous->Owner(r.id);
  if (was.has_value()) {
    named.info = was->info;
    named.info.kind = r.info.kind;
    named.info.label = r.info.label;
    named.info.released_step = r.info.released_step;
  }
  named.state = memory::OwnerState::kRetired;
  return named;
}

FramePtr MakeFrame(std::shared_ptr<const memory::MemorySnapshot> snapshot,
                   const runtime::TraceStep& trace,
                   absl::Span<const memory::OwnerRecord> retired,
                   uint64_t version) {
  auto frame = std::make_shared<Frame>();
  Frame& f = *frame;
  f.step = trace.index;
  f.action = trace.action;
  f.t_ms = trace.t_ms;
  f.version = version;
  f.session_ended = trace.session_ended;
  if (snapshot != nullptr) {
    // The runtime memory's own version after the step: the snapshot text of
    // a golden file names it.
    f.memory_version = snapshot->version();
    const memory::TypeTable& types = snapshot->types();
    f.types.reserve(types.size());
    for (size_t t = 0; t < types.size(); ++t) {
      f.types.push_back(types[static_cast<memory::TypeId>(t)].name);
    }
    // Owners: the live ones as the memory holds them at this step, the
    // retired ones as their publications named them; by key.
    for (const memory::OwnerRecord& o : snapshot->Owners()) {
      if (o.state == memory::OwnerState::kLive) {
        f.owners.push_back(OwnerRowOf(o.id, o.info));
      }
    }
  }
  for (const memory::OwnerRecord& r : retired) {
    f.owners.push_back(OwnerRowOf(r.id, r.info));
  }
  std::sort(f.owners.begin(), f.owners.end(),
            [](const OwnerRow& a, const OwnerRow& b) { return a.id < b.id; });
  auto owner_row = [&f](OwnerKey key) -> uint32_t {
    auto it = std::lower_bound(
        f.owners.begin(), f.owners.end(), key,
        [](const OwnerRow& row, OwnerKey k) { return row.id < k; });
    if (it == f.owners.end() || it->id != key) return kNoOwner;
    return static_cast<uint32_t>(it - f.owners.begin());
  };
  if (snapshot != nullptr) {
    std::vector<Visibility> type_visibility;
    type_visibility.reserve(f.types.size());
    for (const std::string& t : f.types) {
      type_visibility.push_back(VisibilityOfType(t));
    }
    const memory::DebugMemoryView view(snapshot);
    std::vector<memory::DebugEntry> entries = view.GetAll();
    f.refs.reserve(entries.size());
    for (memory::DebugEntry& e : entries) {
      RefRow r;
      r.id = KeyOf(e.id);
      r.parent = e.parent.is_null() ? RefKey::kNone : KeyOf(e.parent);
      r.type = e.type_id;
      r.owner = owner_row(KeyOf(e.owner));
      r.visibility = r.type < type_visibility.size() ? type_visibility[r.type]
                                                     : Visibility::kNone;
      r.bytes = static_cast<uint32_t>(e.bytes);
      r.value = std::move(e.value);
      f.refs.push_back(std::move(r));
    }
    f.fields = std::make_shared<SnapshotFieldSource>(std::move(snapshot));
  }
  f.stack.reserve(trace.stack.size());
  for (const runtime::TraceBlock& tb : trace.stack) {
    BlockRow b = BlockRowOf(tb);
    const OwnerKey owner = ParseOwnerKey(tb.key);
    b.owner = owner == OwnerKey::kNone ? kNoOwner : owner_row(owner);
    f.stack.push_back(std::move(b));
  }
  for (const runtime::TraceRecord& rec : trace.emitted) {
    f.emitted.push_back({rec.kind, rec.text});
  }
  return frame;
}

void PublicationTimeline::Clear() {
  entries_.clear();
  summaries_.clear();
  retired_.clear();
  latest_snapshot_.reset();
  bytes_ = 0;
  keyframes_ = 0;
  latest_ = Cached{};
  previous_ = Cached{};
  scrub_ = Cached{};
}

void PublicationTimeline::AppendPublication(const runtime::Publication& p) {
  // A delta continues the previous step; without one to continue (the first
  // step, or a publication that does not fit) only a keyframe can start.
  const bool keyframe = p.keyframe || latest_snapshot_ == nullptr ||
                        p.delta.from_version != latest_snapshot_->version();
  Entry entry;
  entry.trace = p.trace;
  entry.version = ++next_version_;
  if (keyframe) {
    entry.keyframe = p.snapshot;
    ++keyframes_;
  } else {
    entry.delta = p.delta;
  }
  entry.retired_begin = retired_.size();
  for (const memory::OwnerRecord& r : p.retired) {
    memory::OwnerRecord named = NamedRetiredOwner(r, latest_snapshot_.get());
    bytes_ += sizeof(named) + named.info.kind.capacity() +
              named.info.label.capacity();
    retired_.push_back(std::move(named));
  }
  entry.retired_end = retired_.size();

  StepSummary summary;
  summary.step = p.trace.index;
  summary.action = p.trace.action;
  summary.t_ms = p.trace.t_ms;
  summary.version = entry.version;
  summary.depth = static_cast<uint32_t>(p.trace.stack.size());
  if (p.snapshot != nullptr) {
    summary.ref_count = static_cast<uint32_t>(p.snapshot->size());
    for (const memory::SnapshotEntry& e : p.snapshot->entries()) {
      const memory::TypeInfo& info = p.snapshot->TypeInfoOf(e.type());
      summary.ref_bytes +=
          info.counted_size() + info.HeapBytes(p.snapshot->ValuePtr(e));
    }
  }
  for (const runtime::TraceRecord& r : p.trace.emitted) {
    summary.emitted.push_back({r.kind, r.text});
  }
  bytes_ += EntryBytes(entry) + sizeof(summary) + summary.action.capacity();
  for (const RecordRow& r : summary.emitted) {
    bytes_ += sizeof(r) + r.kind.capacity() + r.text.capacity();
  }
  entries_.push_back(std::move(entry));
  summaries_.push_back(std::move(summary));
  latest_snapshot_ = p.snapshot;
  // The old newest step becomes the previous one; its frame is kept when
  // it was built.
  previous_ = std::move(latest_);
  latest_ = Cached{entries_.size() - 1, p.snapshot, nullptr};
}

FramePtr PublicationTimeline::FrameOf(
    size_t index,
    std::shared_ptr<const memory::MemorySnapshot> snapshot) const {
  const Entry& e = entries_[index];
  // Owners retired in the last kRetiredOwnerWindow steps up to this one.
  const size_t first =
      index + 1 > kRetiredOwnerWindow ? index + 1 - kRetiredOwnerWindow : 0;
  const size_t begin = entries_[first].retired_begin;
  return MakeFrame(
      std::move(snapshot), e.trace,
      absl::MakeConstSpan(retired_.data() + begin, e.retired_end - begin),
      e.version);
}

runtime::Publication PublicationTimeline::PublicationAt(size_t index) const {
  const Entry& e = entries_[index];
  runtime::Publication p;
  p.trace = e.trace;
  p.keyframe = e.keyframe != nullptr;
  p.delta = e.delta;
  p.snapshot = SnapshotAt(index);
  p.retired.assign(
      retired_.begin() + static_cast<std::ptrdiff_t>(e.retired_begin),
      retired_.begin() + static_cast<std::ptrdiff_t>(e.retired_end));
  if (p.snapshot != nullptr) p.usage.live_refs = p.snapshot->size();
  return p;
}

FramePtr PublicationTimeline::Latest() const {
  if (entries_.empty()) return nullptr;
  if (latest_.frame == nullptr) {
    latest_.frame = FrameOf(latest_.index, latest_.snapshot);
  }
  return latest_.frame;
}

std::shared_ptr<const memory::MemorySnapshot> PublicationTimeline::SnapshotAt(
    size_t index) const {
  if (index >= entries_.size()) return nullptr;
  if (latest_.snapshot != nullptr && latest_.index == index) {
    return latest_.snapshot;
  }
  if (previous_.snapshot != nullptr && previous_.index == index) {
    return previous_.snapshot;
  }
  if (scrub_.snapshot != nullptr && scrub_.index == index) {
    return scrub_.snapshot;
  }
  size_t key = index;
  while (entries_[key].keyframe == nullptr) --key;
  std::shared_ptr<const memory::MemorySnapshot> snapshot;
  size_t start;
  if (scrub_.snapshot != nullptr && scrub_.index >= key &&
      scrub_.index < index) {
    snapshot = scrub_.snapshot;  // scrubbing forward: from the cached step
    start = scrub_.index + 1;
  } else {
    snapshot = entries_[key].keyframe;
    start = key + 1;
  }
  for (size_t i = start; i <= index; ++i) {
    absl::StatusOr<std::shared_ptr<const memory::MemorySnapshot>> next =
        memory::Apply(*snapshot, entries_[i].delta);
    // Appending checked that each delta continues its predecessor, so
    // this cannot fail; if it did, the step shows the last good memory.
    if (!next.ok()) break;
    snapshot = std::move(*next);
  }
  scrub_ = Cached{index, snapshot, nullptr};
  return snapshot;
}

FramePtr PublicationTimeline::At(size_t index) const {
  if (index + 1 >= entries_.size()) return Latest();
  if (previous_.index == index && previous_.snapshot != nullptr) {
    if (previous_.frame == nullptr) {
      previous_.frame = FrameOf(index, previous_.snapshot);
    }
    return previous_.frame;
  }
  if (scrub_.frame != nullptr && scrub_.index == index) return scrub_.frame;
  std::shared_ptr<const memory::MemorySnapshot> snapshot = SnapshotAt(index);
  scrub_.frame = FrameOf(index, std::move(snapshot));
  return scrub_.frame;
}

int64_t PublicationTimeline::FindPop(const std::string& label,
                                     size_t from) const {
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

std::vector<std::pair<int64_t, std::string>> PublicationTimeline::ValueChanges(
    RefKey id, size_t limit) const {
  const memory::RefId ref{KeyIndex(id), KeyGeneration(id)};
  std::vector<std::pair<int64_t, std::string>> out;
  bool live = false;
  std::string last;
  for (const Entry& e : entries_) {
    std::string value;
    bool have = false;
    bool gone = false;
    if (e.keyframe != nullptr) {
      if (const memory::SnapshotEntry* x = e.keyframe->Find(ref)) {
        value = e.keyframe->FormatValue(*x);
        have = true;
      } else {
        gone = true;
      }
    } else {
      if (e.delta.patch != nullptr) {
        if (const memory::SnapshotEntry* x = e.delta.patch->Find(ref)) {
          value = e.delta.patch->FormatValue(*x);
          have = true;
        }
      }
      gone = std::binary_search(e.delta.removed.begin(), e.delta.removed.end(),
                                ref);
    }
    if (have && (!live || value != last)) {
      out.emplace_back(e.trace.index, value);
      last = std::move(value);
      live = true;
    } else if (gone && live) {
      out.emplace_back(e.trace.index, "(released)");
      live = false;
    }
  }
  if (out.size() > limit) {
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return out;
}

std::vector<std::string> Timeline::PoppedLabels() const {
  std::vector<std::string> labels;
  std::set<std::string> seen;
  for (size_t s = 0; s < size(); ++s) {
    for (const RecordRow& r : Summary(s).emitted) {
      if (r.kind != "pop") continue;
      std::string label = PoppedLabel(r.text);
      if (!label.empty() && seen.insert(label).second) {
        labels.push_back(std::move(label));
      }
    }
  }
  return labels;
}

std::string PoppedLabel(std::string_view pop_text) {
  const size_t q1 = pop_text.find('"');
  const size_t q2 = pop_text.rfind('"');
  if (q1 == std::string_view::npos || q2 <= q1) return "";
  return std::string(pop_text.substr(q1 + 1, q2 - q1 - 1));
}

size_t PublicationTimeline::EntryBytes(const Entry& e) {
  // Shared tables (types, the owner directory) are not counted: every step
  // shares them with the memory.
  size_t bytes = sizeof(Entry) + e.trace.action.capacity();
  for (const runtime::TraceBlock& b : e.trace.stack) {
    bytes += sizeof(b) + b.type.capacity() + b.label.capacity() +
             b.key.capacity() + b.complete_reason.capacity();
  }
  for (const runtime::TraceRecord& r : e.trace.emitted) {
    bytes += sizeof(r) + r.kind.capacity() + r.text.capacity();
  }
  const memory::MemorySnapshot* held =
      e.keyframe != nullptr ? e.keyframe.get() : e.delta.patch.get();
  if (held != nullptr) {
    bytes += sizeof(memory::MemorySnapshot) +
             held->size() * sizeof(memory::SnapshotEntry);
    for (const memory::SnapshotEntry& x : held->entries()) {
      const memory::TypeInfo& info = held->TypeInfoOf(x.type());
      if (!info.stored_inline()) {
        bytes += info.size() + info.HeapBytes(held->ValuePtr(x));
      }
    }
  }
  bytes += (e.delta.removed.capacity() + e.delta.added.capacity() +
            e.delta.changed.capacity()) *
           sizeof(memory::RefId);
  return bytes;
}

}  // namespace wod::debugger
