#include "debugger/model/publication_timeline.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <set>
#include <utility>

#include "debugger/model/derived_fields.h"
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
// built from, through the memory's debug view, plus the fields the debugger
// derives at the frame's virtual time (a timer's elapsed time).
class SnapshotFieldSource : public FieldSource {
 public:
  SnapshotFieldSource(std::shared_ptr<const memory::MemorySnapshot> s,
                      int64_t t_ms)
      : view_(std::move(s)), t_ms_(t_ms) {}
  std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const override {
    const memory::RefId ref{KeyIndex(id), KeyGeneration(id)};
    std::vector<std::pair<std::string, std::string>> fields =
        view_.GetFields(ref);
    if (const auto snapshot = view_.GetMemorySnapshot(); snapshot != nullptr) {
      AppendDerivedFields(*snapshot, ref, t_ms_, fields);
    }
    return fields;
  }

 private:
  memory::DebugMemoryView view_;
  int64_t t_ms_ = 0;
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

namespace {

// The owner table of a step: the live owners as the memory holds them at
// this step, the retired ones as their publications named them; by key.
std::vector<OwnerRow> OwnersOf(const memory::MemorySnapshot* snapshot,
                               absl::Span<const memory::OwnerRecord> retired) {
  std::vector<OwnerRow> owners;
  if (snapshot != nullptr) {
    for (const memory::OwnerRecord& o : snapshot->Owners()) {
      if (o.state == memory::OwnerState::kLive) {
        owners.push_back(OwnerRowOf(o.id, o.info));
      }
    }
  }
  for (const memory::OwnerRecord& r : retired) {
    owners.push_back(OwnerRowOf(r.id, r.info));
  }
  std::sort(owners.begin(), owners.end(),
            [](const OwnerRow& a, const OwnerRow& b) { return a.id < b.id; });
  return owners;
}

// Puts `row` in the key-sorted `owners`, replacing the row of its key.
void PutOwner(std::vector<OwnerRow>& owners, OwnerRow row) {
  auto it =
      std::lower_bound(owners.begin(), owners.end(), row.id,
                       [](const OwnerRow& r, OwnerKey k) { return r.id < k; });
  if (it != owners.end() && it->id == row.id) {
    *it = std::move(row);
  } else {
    owners.insert(it, std::move(row));
  }
}

// The owner table after `previous` (built from `before`): OwnersOf for
// `snapshot` and the owners retired in the window, reached by patching the
// previous table with the owners that left the window (`retired_expired`),
// the owner records that changed (which the snapshot finds by skipping
// shared directory chunks) and the owners `retired_now` during this step,
// so the cost follows what changed, not how many owners the session ever
// had.
std::vector<OwnerRow> OwnersAfter(
    const Frame& previous, const memory::MemorySnapshot& before,
    const memory::MemorySnapshot& snapshot,
    absl::Span<const memory::OwnerRecord> retired_now,
    absl::Span<const memory::OwnerRecord> retired_expired) {
  std::vector<OwnerRow> owners = previous.owners;
  // Owners retired just before the window of kRetiredOwnerWindow steps
  // leave the table (docs/spec/debugger.md §2.7.3); their keys name no live
  // owner (a recycled slot has a new generation).
  for (const memory::OwnerRecord& r : retired_expired) {
    auto it = std::lower_bound(
        owners.begin(), owners.end(), KeyOf(r.id),
        [](const OwnerRow& row, OwnerKey k) { return row.id < k; });
    if (it != owners.end() && it->id == KeyOf(r.id)) owners.erase(it);
  }
  for (const memory::OwnerRecord& c : snapshot.OwnersChangedSince(&before)) {
    // A row that was live leaves (retired owners come back from the
    // publications); rows of owners retired earlier stay.
    const std::optional<memory::OwnerRecord> was = before.Owner(c.id);
    if (was.has_value() && was->state == memory::OwnerState::kLive) {
      auto it = std::lower_bound(
          owners.begin(), owners.end(), KeyOf(c.id),
          [](const OwnerRow& r, OwnerKey k) { return r.id < k; });
      if (it != owners.end() && it->id == KeyOf(c.id)) owners.erase(it);
    }
    if (c.state == memory::OwnerState::kLive) {
      PutOwner(owners, OwnerRowOf(c.id, c.info));
    }
  }
  for (const memory::OwnerRecord& r : retired_now) {
    PutOwner(owners, OwnerRowOf(r.id, r.info));
  }
  return owners;
}

// Everything of a step's Frame but its refs: the types of `snapshot`, the
// `owners`, the stack and records of `trace`, typed fields and the
// snapshot itself for view queries.
std::shared_ptr<Frame> FrameShell(
    const std::shared_ptr<const memory::MemorySnapshot>& snapshot,
    const runtime::TraceStep& trace, std::vector<OwnerRow> owners,
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
  }
  f.owners = std::move(owners);
  f.stack.reserve(trace.stack.size());
  for (const runtime::TraceBlock& tb : trace.stack) {
    BlockRow b = BlockRowOf(tb);
    const OwnerKey owner = ParseOwnerKey(tb.key);
    b.owner = owner == OwnerKey::kNone ? kNoOwner : OwnerRowIndex(f, owner);
    f.stack.push_back(std::move(b));
  }
  for (const runtime::TraceRecord& rec : trace.emitted) {
    f.emitted.push_back({rec.kind, rec.text});
  }
  if (snapshot != nullptr) {
    f.snapshot = snapshot;
    f.fields = std::make_shared<SnapshotFieldSource>(snapshot, f.t_ms);
  }
  return frame;
}

// Converts the view's copies of refs into Frame rows (visibility from the
// memory-tag table, owner as an index into f.owners).
class RowMaker {
 public:
  explicit RowMaker(const Frame& f) : f_(f) {
    visibility_.reserve(f.types.size());
    for (const std::string& t : f.types) {
      visibility_.push_back(VisibilityOfType(t));
    }
  }
  RefRow operator()(memory::DebugEntry& e) const {
    RefRow r;
    r.id = KeyOf(e.id);
    r.parent = e.parent.is_null() ? RefKey::kNone : KeyOf(e.parent);
    r.type = e.type_id;
    r.owner = OwnerRowIndex(f_, KeyOf(e.owner));
    r.visibility =
        r.type < visibility_.size() ? visibility_[r.type] : Visibility::kNone;
    r.bytes = static_cast<uint32_t>(e.bytes);
    r.value = std::move(e.value);
    return r;
  }

 private:
  const Frame& f_;
  std::vector<Visibility> visibility_;
};

}  // namespace

FramePtr MakeFrame(std::shared_ptr<const memory::MemorySnapshot> snapshot,
                   const runtime::TraceStep& trace,
                   absl::Span<const memory::OwnerRecord> retired,
                   uint64_t version) {
  std::shared_ptr<Frame> frame =
      FrameShell(snapshot, trace, OwnersOf(snapshot.get(), retired), version);
  Frame& f = *frame;
  if (snapshot != nullptr) {
    const RowMaker row_of(f);
    const memory::DebugMemoryView view(snapshot);
    std::vector<memory::DebugEntry> entries = view.GetAll();
    f.refs.reserve(entries.size());
    for (memory::DebugEntry& e : entries) f.refs.push_back(row_of(e));
  }
  return frame;
}

FramePtr MakeFrameAfter(const Frame& previous,
                        std::shared_ptr<const memory::MemorySnapshot> snapshot,
                        const memory::SnapshotDelta& delta,
                        const runtime::TraceStep& trace,
                        absl::Span<const memory::OwnerRecord> retired_now,
                        absl::Span<const memory::OwnerRecord> retired_expired,
                        uint64_t version) {
  if (snapshot == nullptr || previous.snapshot == nullptr) {
    return MakeFrame(std::move(snapshot), trace, retired_now, version);
  }
  std::shared_ptr<Frame> frame =
      FrameShell(snapshot, trace,
                 OwnersAfter(previous, *previous.snapshot, *snapshot,
                             retired_now, retired_expired),
                 version);
  Frame& f = *frame;
  // Owner indices of the previous rows in this frame's owner table (both
  // sorted by key; an owner a kept ref names is still listed).
  std::vector<uint32_t> owner_at(previous.owners.size(), kNoOwner);
  for (size_t i = 0, j = 0; i < previous.owners.size(); ++i) {
    while (j < f.owners.size() && f.owners[j].id < previous.owners[i].id) ++j;
    if (j < f.owners.size() && f.owners[j].id == previous.owners[i].id) {
      owner_at[i] = static_cast<uint32_t>(j);
    }
  }
  // Only the refs the delta added or changed are copied out of the memory
  // (and formatted); the others keep the previous frame's row and text.
  std::vector<memory::RefId> fresh;
  fresh.reserve(delta.added.size() + delta.changed.size());
  std::merge(delta.added.begin(), delta.added.end(), delta.changed.begin(),
             delta.changed.end(), std::back_inserter(fresh));
  const memory::DebugMemoryView view(snapshot);
  std::vector<memory::DebugEntry> entries = view.GetByIds(fresh);
  const RowMaker row_of(f);
  f.refs.reserve(previous.refs.size() + delta.added.size());
  size_t k = 0;  // entries
  size_t r = 0;  // delta.removed
  for (const RefRow& old : previous.refs) {
    while (k < entries.size() && KeyOf(entries[k].id) < old.id) {
      f.refs.push_back(row_of(entries[k++]));
    }
    while (r < delta.removed.size() && KeyOf(delta.removed[r]) < old.id) ++r;
    if (r < delta.removed.size() && KeyOf(delta.removed[r]) == old.id) {
      continue;
    }
    if (k < entries.size() && KeyOf(entries[k].id) == old.id) {
      f.refs.push_back(row_of(entries[k++]));
      continue;
    }
    RefRow& row = f.refs.emplace_back(old);
    row.owner = old.owner < owner_at.size() ? owner_at[old.owner] : kNoOwner;
  }
  while (k < entries.size()) f.refs.push_back(row_of(entries[k++]));
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
    const Entry& e = entries_[latest_.index];
    // Stepping: the newest step is a delta on the step before, whose frame
    // was built, so only what the delta touched is converted
    // (docs/spec/debugger.md §4).
    if (e.keyframe == nullptr && previous_.frame != nullptr &&
        previous_.index + 1 == latest_.index && previous_.snapshot != nullptr &&
        latest_.snapshot != nullptr &&
        previous_.frame->snapshot == previous_.snapshot &&
        previous_.snapshot->version() == e.delta.from_version) {
      // The owners retired kRetiredOwnerWindow steps ago leave the window
      // FrameOf names (docs/spec/debugger.md §2.7.3).
      absl::Span<const memory::OwnerRecord> expired;
      if (latest_.index >= kRetiredOwnerWindow) {
        const Entry& gone = entries_[latest_.index - kRetiredOwnerWindow];
        expired = absl::MakeConstSpan(retired_.data() + gone.retired_begin,
                                      gone.retired_end - gone.retired_begin);
      }
      latest_.frame =
          MakeFrameAfter(*previous_.frame, latest_.snapshot, e.delta, e.trace,
                         absl::MakeConstSpan(retired_.data() + e.retired_begin,
                                             e.retired_end - e.retired_begin),
                         expired, e.version);
    } else {
      latest_.frame = FrameOf(latest_.index, latest_.snapshot);
    }
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
  ValueChangeLog log;
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
    if (have) {
      log.Seen(e.trace.index, std::move(value));
    } else if (gone) {
      log.Gone(e.trace.index);
    }
  }
  return std::move(log).Take(limit);
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
