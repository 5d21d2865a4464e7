#include "debugger/model/frame_builder.h"

#include <algorithm>
#include <utility>

#include "fmt/format.h"
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

class FieldCollector : public memory::FieldVisitor {
 public:
  void Field(std::string_view name, std::string_view text) override {
    fields.emplace_back(std::string(name), std::string(text));
  }
  std::vector<std::pair<std::string, std::string>> fields;
};

std::vector<std::pair<std::string, std::string>> SnapshotFields(
    const memory::MemorySnapshot& snap, RefKey id) {
  const memory::SnapshotEntry* e =
      snap.Find(memory::RefId{KeyIndex(id), KeyGeneration(id)});
  if (e == nullptr) return {};
  FieldCollector c;
  snap.TypeInfoOf(e->type()).VisitFields(snap.ValuePtr(*e), c);
  return std::move(c.fields);
}

// Reads fields from the (immutable, thread-safe) snapshot a frame came from.
class SnapshotFieldSource : public FieldSource {
 public:
  explicit SnapshotFieldSource(std::shared_ptr<const memory::MemorySnapshot> s)
      : snapshot_(std::move(s)) {}
  std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const override {
    return SnapshotFields(*snapshot_, id);
  }

 private:
  std::shared_ptr<const memory::MemorySnapshot> snapshot_;
};

}  // namespace

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

namespace {

// Adds the snapshot's owners in directory order; returns the row of each
// owner index (kNoOwner for free slots).
std::vector<uint32_t> AddOwners(const memory::MemorySnapshot& snap, Frame& f) {
  const std::vector<memory::OwnerRecord> owners = snap.Owners();
  f.owners.reserve(owners.size());
  std::vector<uint32_t> owner_row;
  for (const memory::OwnerRecord& o : owners) {
    if (o.state == memory::OwnerState::kFree) continue;
    if (owner_row.size() <= o.id.index)
      owner_row.resize(o.id.index + 1, kNoOwner);
    owner_row[o.id.index] = static_cast<uint32_t>(f.owners.size());
    f.owners.push_back(OwnerRowOf(o.id, o.info));
  }
  return owner_row;
}

// Adds the stack, top first (the runtime's stack is bottom = 0), and the
// step's records.
void AddStackAndRecords(const runtime::ScriptRuntime& rt,
                        const runtime::TraceStep& step, Frame& f) {
  const runtime::RuntimeStack& stack = rt.stack();
  for (size_t i = 0; i < step.stack.size(); ++i) {
    BlockRow b = BlockRowOf(step.stack[i]);
    if (i < stack.size()) {
      b.owner = f.FindOwner(KeyOf(stack.at(stack.size() - 1 - i).key));
    }
    f.stack.push_back(std::move(b));
  }
  for (const runtime::TraceRecord& rec : step.emitted) {
    f.emitted.push_back({rec.kind, rec.text});
  }
}

}  // namespace

FramePtr FrameBuilder::Build(const runtime::ScriptRuntime& rt,
                             const runtime::TraceStep& step, uint64_t version) {
  std::shared_ptr<const memory::MemorySnapshot> snap = rt.memory().Snapshot();
  auto frame = std::make_shared<Frame>();
  Frame& f = *frame;
  f.step = step.index;
  f.action = step.action;
  f.t_ms = step.t_ms;
  f.version = version;
  f.memory_version = snap->version();
  f.session_ended = step.session_ended;

  const memory::TypeTable& types = snap->types();
  f.types.reserve(types.size());
  std::vector<Visibility> type_visibility;
  for (size_t t = 0; t < types.size(); ++t) {
    f.types.push_back(types[static_cast<memory::TypeId>(t)].name);
    type_visibility.push_back(VisibilityOfType(f.types.back()));
  }

  // `owner_row` maps an entry's owner index to its row.
  const std::vector<uint32_t> owner_row = AddOwners(*snap, f);

  // Values unchanged since the previous snapshot keep their text.
  std::vector<RefKey> fresh;  // added or changed ids, sorted
  const bool have_prev = snapshot_ != nullptr && frame_ != nullptr;
  if (have_prev) {
    memory::SnapshotDelta d = memory::Diff(*snapshot_, *snap);
    for (memory::RefId id : d.added) fresh.push_back(KeyOf(id));
    for (memory::RefId id : d.changed) fresh.push_back(KeyOf(id));
    std::sort(fresh.begin(), fresh.end());
  }
  formatted_last_ = 0;
  const absl::Span<const memory::SnapshotEntry> entries = snap->entries();
  f.refs.reserve(entries.size());
  size_t prev_at = 0;
  for (const memory::SnapshotEntry& e : entries) {
    RefRow r;
    r.id = MakeRefKey(e.index, e.generation);
    r.parent = e.has_parent() ? KeyOf(snap->ParentOf(e)) : RefKey::kNone;
    r.type = e.type();
    r.owner = e.owner_index() < owner_row.size() ? owner_row[e.owner_index()]
                                                 : kNoOwner;
    r.visibility = r.type < type_visibility.size() ? type_visibility[r.type]
                                                   : Visibility::kNone;
    const memory::TypeInfo& info = snap->TypeInfoOf(e.type());
    r.bytes =
        static_cast<uint32_t>(info.size() + info.HeapBytes(snap->ValuePtr(e)));
    bool reused = false;
    if (have_prev && !std::binary_search(fresh.begin(), fresh.end(), r.id)) {
      // Both lists are in id order: walk the previous frame alongside.
      const std::vector<RefRow>& prev = frame_->refs;
      while (prev_at < prev.size() && prev[prev_at].id < r.id) ++prev_at;
      if (prev_at < prev.size() && prev[prev_at].id == r.id) {
        r.value = prev[prev_at].value;
        reused = true;
      }
    }
    if (!reused) {
      r.value = snap->FormatValue(e);
      ++formatted_last_;
    }
    f.refs.push_back(std::move(r));
  }

  AddStackAndRecords(rt, step, f);
  f.fields = std::make_shared<SnapshotFieldSource>(snap);
  snapshot_ = std::move(snap);
  frame_ = frame;
  return frame;
}

std::vector<std::pair<std::string, std::string>> FrameBuilder::Fields(
    RefKey id) const {
  if (snapshot_ == nullptr) return {};
  return SnapshotFields(*snapshot_, id);
}

}  // namespace wod::debugger
