#include "debugger/model/recording_timeline.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "debugger/model/publication_timeline.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// ValueChanges reads at most this many of the newest steps from the file.
constexpr size_t kValueScanSteps = 4096;
// Record texts of this many steps are kept after they were read.
constexpr size_t kTextSteps = 64;

void PutVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

void PutSigned(std::vector<uint8_t>& out, int64_t v) {
  PutVarint(out, (static_cast<uint64_t>(v) << 1) ^
                     static_cast<uint64_t>(v >> 63));  // zigzag
}

uint64_t GetVarint(const std::vector<uint8_t>& in, size_t& pos) {
  uint64_t v = 0;
  for (int shift = 0; pos < in.size() && shift < 64; shift += 7) {
    const uint8_t b = in[pos++];
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
  }
  return v;
}

int64_t GetSigned(const std::vector<uint8_t>& in, size_t& pos) {
  const uint64_t v = GetVarint(in, pos);
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

// The refs and bytes a step's summary shows (as PublicationTimeline counts
// them).
std::pair<uint32_t, uint64_t> RefsAndBytes(
    const memory::MemorySnapshot* snapshot) {
  if (snapshot == nullptr) return {0, 0};
  uint64_t bytes = 0;
  for (const memory::SnapshotEntry& e : snapshot->entries()) {
    const memory::TypeInfo& info = snapshot->TypeInfoOf(e.type());
    bytes += info.counted_size() + info.HeapBytes(snapshot->ValuePtr(e));
  }
  return {static_cast<uint32_t>(snapshot->size()), bytes};
}

}  // namespace

RecordingTimeline::RecordingTimeline(std::string path, std::string header_line)
    : path_(std::move(path)), header_line_(std::move(header_line)) {
  absl::StatusOr<std::unique_ptr<blocks::RecordingReader>> reader =
      blocks::RecordingReader::FromHeaderLine(header_line_);
  if (reader.ok()) {
    types_ = (*reader)->header().types;
  } else {
    rebuild_error_ = reader.status();
  }
}

uint32_t RecordingTimeline::Intern(
    std::vector<std::string>& table,
    std::map<std::string, uint32_t, std::less<>>& ids, std::string_view text) {
  auto it = ids.find(text);
  if (it != ids.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(table.size());
  table.emplace_back(text);
  ids.emplace(std::string(text), id);
  return id;
}

void RecordingTimeline::AppendPublication(
    const runtime::Publication& /*publication*/) {}

void RecordingTimeline::AppendRecorded(const runtime::Publication& p,
                                       uint64_t offset, uint32_t length) {
  if (count_ % kCheckpointSteps == 0) checkpoints_.push_back(tail_);
  if (p.keyframe || count_ == 0) {
    keyframes_.push_back(static_cast<uint32_t>(count_));
  }
  if (count_ > 0 && p.trace.index != tail_.step + 1) follow_each_other_ = false;
  const auto [refs, ref_bytes] = RefsAndBytes(p.snapshot.get());
  PutVarint(bytes_, offset >= tail_.line_end ? offset - tail_.line_end : 0);
  PutVarint(bytes_, length);
  // The rest of the step is one of few patterns in a long session (a tick,
  // a round's next): kept once and named by its id (0: inline).
  std::vector<uint8_t> pattern;
  PutSigned(pattern, p.trace.index - tail_.step - 1);
  PutSigned(pattern, p.trace.t_ms - tail_.t_ms);
  PutVarint(pattern, Intern(actions_, action_ids_, p.trace.action));
  PutVarint(pattern, p.trace.stack.size());
  PutSigned(pattern,
            static_cast<int64_t>(refs) - static_cast<int64_t>(tail_.ref_count));
  PutSigned(pattern, static_cast<int64_t>(ref_bytes) -
                         static_cast<int64_t>(tail_.ref_bytes));
  PutVarint(pattern, (p.trace.emitted.size() << 1) | (p.keyframe ? 1 : 0));
  for (const runtime::TraceRecord& r : p.trace.emitted) {
    PutVarint(pattern, Intern(kinds_, kind_ids_, r.kind));
    if (r.kind == "pop") {
      PutVarint(pattern,
                Intern(pop_labels_, pop_label_ids_, PoppedLabel(r.text)));
    }
  }
  const std::string key(pattern.begin(), pattern.end());
  auto known = pattern_ids_.find(key);
  if (known == pattern_ids_.end() && patterns_.size() < kMaxPatterns) {
    known = pattern_ids_.emplace(key, patterns_.size()).first;
    patterns_.push_back(pattern);
  }
  if (known != pattern_ids_.end()) {
    PutVarint(bytes_, known->second + 1);
  } else {
    PutVarint(bytes_, 0);
    bytes_.insert(bytes_.end(), pattern.begin(), pattern.end());
  }
  tail_.pos = bytes_.size();
  tail_.line_end = offset + length + 1;
  tail_.step = p.trace.index;
  tail_.t_ms = p.trace.t_ms;
  tail_.ref_count = refs;
  tail_.ref_bytes = ref_bytes;

  // The newest step is held whole; its retired owners are named from the
  // step before (docs/spec/recording.md §4.3).
  for (const memory::OwnerRecord& r : p.retired) {
    latest_retired_.emplace_back(count_,
                                 NamedRetiredOwner(r, latest_.snapshot.get()));
  }
  while (!latest_retired_.empty() &&
         latest_retired_.front().first + kRetiredOwnerWindow <= count_) {
    latest_retired_.pop_front();
  }
  latest_ = p;
  latest_frame_ = nullptr;
  ++count_;
}

void RecordingTimeline::Clear() {
  first_version_ += count_ + 1;
  bytes_.clear();
  checkpoints_.clear();
  tail_ = Checkpoint{};
  count_ = 0;
  keyframes_.clear();
  actions_.clear();
  action_ids_.clear();
  kinds_.clear();
  kind_ids_.clear();
  pop_labels_.clear();
  pop_label_ids_.clear();
  patterns_.clear();
  pattern_ids_.clear();
  latest_ = runtime::Publication{};
  latest_retired_.clear();
  latest_frame_ = nullptr;
  cursor_ = Cursor{};
  frames_.clear();
  for (auto& slot : slots_) slot = {};
  after_.reset();
  follow_each_other_ = true;
  texts_.clear();
}

RecordingTimeline::Decoder::Decoder(const RecordingTimeline& t, size_t index)
    : t_(t), at_(t.checkpoints_[index / kCheckpointSteps]) {
  Decoded skip;
  for (size_t i = index - index % kCheckpointSteps; i < index; ++i) {
    Next(skip);
  }
}

void RecordingTimeline::Decoder::Next(Decoded& d) {
  const std::vector<uint8_t>& in = t_.bytes_;
  size_t& pos = at_.pos;
  d.offset = at_.line_end + GetVarint(in, pos);
  d.length = static_cast<uint32_t>(GetVarint(in, pos));
  const uint64_t id = GetVarint(in, pos);
  // The pattern's fields, from the table or inline in the stream.
  const std::vector<uint8_t>& src =
      id == 0 ? in : t_.patterns_[static_cast<size_t>(id - 1)];
  size_t inline_pos = pos;
  size_t& q = id == 0 ? pos : inline_pos;
  if (id != 0) q = 0;
  d.step = at_.step + 1 + GetSigned(src, q);
  d.t_ms = at_.t_ms + GetSigned(src, q);
  d.action = static_cast<uint32_t>(GetVarint(src, q));
  d.depth = static_cast<uint32_t>(GetVarint(src, q));
  d.ref_count = static_cast<uint32_t>(at_.ref_count + GetSigned(src, q));
  d.ref_bytes = static_cast<uint64_t>(static_cast<int64_t>(at_.ref_bytes) +
                                      GetSigned(src, q));
  const uint64_t flags = GetVarint(src, q);
  d.keyframe = (flags & 1) != 0;
  const size_t records = static_cast<size_t>(flags >> 1);
  d.kinds.clear();
  d.pops.clear();
  for (size_t r = 0; r < records; ++r) {
    const uint32_t kind = static_cast<uint32_t>(GetVarint(src, q));
    d.kinds.push_back(kind);
    if (kind < t_.kinds_.size() && t_.kinds_[kind] == "pop") {
      d.pops.push_back(static_cast<uint32_t>(GetVarint(src, q)));
    }
  }
  at_.line_end = d.offset + d.length + 1;
  at_.step = d.step;
  at_.t_ms = d.t_ms;
  at_.ref_count = d.ref_count;
  at_.ref_bytes = d.ref_bytes;
}

RecordingTimeline::Decoded RecordingTimeline::DecodeAt(size_t index) const {
  Decoded d;
  Decoder(*this, index).Next(d);
  return d;
}

const StepSummary& RecordingTimeline::Summary(size_t index) const {
  for (const auto& [at, summary] : slots_) {
    if (at == index && summary.version != 0) return summary;
  }
  Decoded d;
  if (after_.has_value() && after_index_ == index) {
    Decoder decoder(*this, *after_);
    decoder.Next(d);
    after_ = decoder.state();
  } else {
    Decoder decoder(*this, index);
    decoder.Next(d);
    after_ = decoder.state();
  }
  after_index_ = index + 1;
  auto& [at, s] = slots_[next_slot_];
  next_slot_ = (next_slot_ + 1) % kSummarySlots;
  at = index;
  s.step = d.step;
  s.action = actions_[d.action];
  s.t_ms = d.t_ms;
  s.version = first_version_ + index;
  s.ref_count = d.ref_count;
  s.ref_bytes = d.ref_bytes;
  s.depth = d.depth;
  s.emitted.clear();
  for (uint32_t kind : d.kinds) s.emitted.push_back({kinds_[kind], ""});
  return s;
}

size_t RecordingTimeline::RecordCount(size_t index) const {
  return Summary(index).emitted.size();
}

std::string RecordingTimeline::RecordKind(size_t index, size_t r) const {
  return Summary(index).emitted[r].kind;
}

std::string RecordingTimeline::RecordText(size_t index, size_t r) const {
  for (const auto& [at, texts] : texts_) {
    if (at == index) return r < texts.size() ? texts[r] : std::string();
  }
  std::vector<std::string> texts;
  if (index + 1 == count_) {
    for (const runtime::TraceRecord& rec : latest_.trace.emitted) {
      texts.push_back(rec.text);
    }
  } else if (SeekCursor(index).ok()) {
    for (const runtime::TraceRecord& rec : cursor_.last.trace.emitted) {
      texts.push_back(rec.text);
    }
  }
  std::string text = r < texts.size() ? texts[r] : std::string();
  texts_.emplace_back(index, std::move(texts));
  if (texts_.size() > kTextSteps) texts_.pop_front();
  return text;
}

absl::StatusOr<std::string> RecordingTimeline::ReadBytes(
    uint64_t offset, uint64_t length) const {
  if (!file_.is_open()) {
    file_.open(path_, std::ios::binary);
    if (!file_) {
      return absl::NotFoundError(fmt::format("cannot open '{}'", path_));
    }
  }
  file_.clear();
  file_.seekg(static_cast<std::streamoff>(offset));
  std::string out(length, '\0');
  file_.read(out.data(), static_cast<std::streamsize>(length));
  if (static_cast<uint64_t>(file_.gcount()) != length) {
    return absl::DataLossError(fmt::format(
        "{}: {} bytes at offset {} can no longer be read (the file changed)",
        path_, length, offset));
  }
  return out;
}

absl::Status RecordingTimeline::SeekCursor(size_t index) const {
  // The window of retired owners needs the steps from index − W on, and
  // their retirements need the memory of the step before.
  const size_t want_from =
      index >= kRetiredOwnerWindow ? index - kRetiredOwnerWindow : 0;
  const bool reuse = cursor_.reader != nullptr && cursor_.next > 0 &&
                     cursor_.next <= index + 1 &&
                     index + 1 - cursor_.next <= 2 * kRetiredOwnerWindow &&
                     (cursor_.start <= want_from || cursor_.start == 0);
  if (!reuse) {
    auto it = std::upper_bound(keyframes_.begin(), keyframes_.end(),
                               static_cast<uint32_t>(want_from));
    const size_t start = it == keyframes_.begin() ? 0 : *(it - 1);
    cursor_ = Cursor{};
    absl::StatusOr<std::unique_ptr<blocks::RecordingReader>> reader =
        blocks::RecordingReader::FromHeaderLine(header_line_);
    if (!reader.ok()) return reader.status();
    absl::StatusOr<blocks::PublicationRebuilder> rebuilder =
        blocks::PublicationRebuilder::Create(types_);
    if (!rebuilder.ok()) return rebuilder.status();
    cursor_.reader = std::move(*reader);
    cursor_.rebuilder.emplace(std::move(*rebuilder));
    cursor_.next = start;
    cursor_.start = start;
  }
  if (cursor_.next > index) return absl::OkStatus();  // already there
  // The lines [next, index] in one read.
  Decoder decoder(*this, cursor_.next);
  std::vector<Decoded> lines(index + 1 - cursor_.next);
  for (Decoded& d : lines) decoder.Next(d);
  const uint64_t from = lines.front().offset;
  const uint64_t to = lines.back().offset + lines.back().length;
  absl::StatusOr<std::string> block = ReadBytes(from, to - from);
  if (!block.ok()) {
    cursor_ = Cursor{};
    return block.status();
  }
  blocks::RecordedStep step;
  for (const Decoded& d : lines) {
    const std::string_view line =
        std::string_view(*block).substr(d.offset - from, d.length);
    absl::StatusOr<bool> read = cursor_.reader->ReadLine(line, step);
    absl::Status failed;
    if (!read.ok()) {
      failed = read.status();
    } else if (!*read) {
      failed = absl::DataLossError("a step line became the end line");
    }
    absl::StatusOr<runtime::Publication> p;
    if (failed.ok()) {
      p = cursor_.rebuilder->Rebuild(step);
      if (!p.ok()) failed = p.status();
    }
    if (!failed.ok()) {
      cursor_ = Cursor{};
      return absl::DataLossError(fmt::format(
          "{}: step {} can no longer be rebuilt (the file changed?): {}", path_,
          d.step, std::string(failed.message())));
    }
    const size_t j = cursor_.next;
    for (const memory::OwnerRecord& r : p->retired) {
      cursor_.retired.emplace_back(
          j, NamedRetiredOwner(r, cursor_.last.snapshot.get()));
    }
    while (!cursor_.retired.empty() &&
           cursor_.retired.front().first + kRetiredOwnerWindow <= j) {
      cursor_.retired.pop_front();
    }
    cursor_.last = std::move(*p);
    ++cursor_.next;
  }
  return absl::OkStatus();
}

const RecordingTimeline::CachedFrame& RecordingTimeline::Rebuilt(
    size_t index) const {
  for (CachedFrame& c : frames_) {
    if (c.index == index) {
      c.used = ++uses_;
      return c;
    }
  }
  CachedFrame made;
  made.index = index;
  made.used = ++uses_;
  absl::Status sought = SeekCursor(index);
  if (sought.ok()) {
    std::vector<memory::OwnerRecord> retired;
    for (const auto& [at, owner] : cursor_.retired) {
      if (at + kRetiredOwnerWindow > index) retired.push_back(owner);
    }
    made.snapshot = cursor_.last.snapshot;
    made.frame = MakeFrame(made.snapshot, cursor_.last.trace, retired,
                           first_version_ + index);
  } else {
    // The step as its summary knows it, without memory; the status says why.
    rebuild_error_ = sought;
    const StepSummary& s = Summary(index);
    runtime::TraceStep trace;
    trace.index = s.step;
    trace.action = s.action;
    trace.t_ms = s.t_ms;
    made.frame = MakeFrame(nullptr, trace, {}, first_version_ + index);
  }
  if (frames_.size() < kCachedFrames) {
    frames_.push_back(std::move(made));
    return frames_.back();
  }
  auto oldest =
      std::min_element(frames_.begin(), frames_.end(),
                       [](const CachedFrame& a, const CachedFrame& b) {
                         return a.used < b.used;
                       });
  *oldest = std::move(made);
  return *oldest;
}

FramePtr RecordingTimeline::Latest() const {
  if (count_ == 0) return nullptr;
  if (latest_frame_ == nullptr) {
    std::vector<memory::OwnerRecord> retired;
    for (const auto& [at, owner] : latest_retired_) retired.push_back(owner);
    latest_frame_ = MakeFrame(latest_.snapshot, latest_.trace, retired,
                              first_version_ + count_ - 1);
  }
  return latest_frame_;
}

FramePtr RecordingTimeline::At(size_t index) const {
  if (index + 1 >= count_) return Latest();
  return Rebuilt(index).frame;
}

std::shared_ptr<const memory::MemorySnapshot> RecordingTimeline::SnapshotAt(
    size_t index) const {
  if (index >= count_) return nullptr;
  if (index + 1 == count_) return latest_.snapshot;
  return Rebuilt(index).snapshot;
}

runtime::Publication RecordingTimeline::PublicationAt(size_t index) const {
  if (index + 1 == count_) return latest_;
  if (!SeekCursor(index).ok()) return runtime::Publication{};
  return cursor_.last;
}

int64_t RecordingTimeline::FindPop(const std::string& label,
                                   size_t from) const {
  auto it = pop_label_ids_.find(label);
  if (it == pop_label_ids_.end() || from >= count_) return -1;
  Decoder decoder(*this, from);
  Decoded d;
  for (size_t i = from; i < count_; ++i) {
    decoder.Next(d);
    if (std::find(d.pops.begin(), d.pops.end(), it->second) != d.pops.end()) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

std::vector<std::pair<int64_t, std::string>> RecordingTimeline::ValueChanges(
    RefKey id, size_t limit) const {
  const memory::RefId ref{KeyIndex(id), KeyGeneration(id)};
  ValueChangeLog log;
  const size_t from = count_ > kValueScanSteps ? count_ - kValueScanSteps : 0;
  for (size_t i = from; i < count_; ++i) {
    std::shared_ptr<const memory::MemorySnapshot> snapshot;
    int64_t step = 0;
    if (i + 1 == count_) {
      snapshot = latest_.snapshot;
      step = latest_.trace.index;
    } else {
      if (!SeekCursor(i).ok()) break;
      snapshot = cursor_.last.snapshot;
      step = cursor_.last.trace.index;
    }
    const memory::SnapshotEntry* x =
        snapshot != nullptr ? snapshot->Find(ref) : nullptr;
    if (x != nullptr) {
      log.Seen(step, snapshot->FormatValue(*x));
    } else {
      log.Gone(step);
    }
  }
  return std::move(log).Take(limit);
}

size_t RecordingTimeline::ByteSize() const {
  size_t bytes = sizeof(*this) + bytes_.capacity() +
                 checkpoints_.capacity() * sizeof(Checkpoint) +
                 keyframes_.capacity() * sizeof(uint32_t);
  for (const std::vector<uint8_t>& pattern : patterns_) {
    // The pattern, its copy as a map key and the map node.
    bytes += sizeof(pattern) + pattern.capacity() + 32 + pattern.size() + 48;
  }
  for (const auto* table : {&actions_, &kinds_, &pop_labels_}) {
    for (const std::string& s : *table) {
      // The string, its copy as a map key and the map node.
      bytes += 2 * (sizeof(s) + s.capacity()) + 48;
    }
  }
  auto owners =
      [](const std::deque<std::pair<size_t, memory::OwnerRecord>>& q) {
        size_t b = 0;
        for (const auto& [at, o] : q) {
          b += sizeof(at) + sizeof(o) + o.info.kind.capacity() +
               o.info.label.capacity();
        }
        return b;
      };
  bytes += owners(latest_retired_) + owners(cursor_.retired);
  // The snapshots held: the newest step, the cursor's, the cached frames'.
  auto snapshot = [](const memory::MemorySnapshot* s) -> size_t {
    if (s == nullptr) return 0;
    size_t b = sizeof(*s) + s->size() * sizeof(memory::SnapshotEntry);
    for (const memory::SnapshotEntry& x : s->entries()) {
      const memory::TypeInfo& info = s->TypeInfoOf(x.type());
      if (!info.stored_inline()) {
        b += info.size() + info.HeapBytes(s->ValuePtr(x));
      }
    }
    return b;
  };
  bytes +=
      snapshot(latest_.snapshot.get()) + snapshot(cursor_.last.snapshot.get());
  for (const CachedFrame& c : frames_) bytes += snapshot(c.snapshot.get());
  return bytes;
}

}  // namespace wod::debugger
