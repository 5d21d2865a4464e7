#include "blocks/replay.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "blocks/workout_session.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"
#include "runtime/block_memory.h"
#include "runtime/publication.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {

// ---- RecordingState
// -----------------------------------------------------------

absl::Status RecordingState::Apply(const RecordedMemory& m) {
  auto error = [](std::string what) {
    return absl::InvalidArgumentError(std::move(what));
  };
  if (!m.keyframe && !started_) {
    return error("the first step must be a keyframe");
  }
  if (!m.keyframe && m.from_version != version_) {
    return error(
        fmt::format("the delta starts at memory version {}, the "
                    "image is at version {}",
                    m.from_version, version_));
  }
  for (const memory::OwnerId id : m.forgotten) {
    ++operations_;
    auto it = owners_.find(id.index);
    if (it == owners_.end() || it->second.id != id) {
      // docs/spec/recording.md §5.3: a keyframe stands alone, and may
      // forget an owner retired before it that a seek never saw.
      if (m.keyframe) continue;
      return error(
          fmt::format("forgotten owner {} is not known", memory::ToString(id)));
    }
    owners_.erase(it);
  }
  for (const RecordedOwner& o : m.retired) {
    ++operations_;
    // A retired owner carries its name and release step; the rest is what
    // was published when it appeared.
    RecordedOwner& known = owners_[o.id.index];
    if (known.id != o.id) known = o;
    known.live = false;
    known.info.kind = o.info.kind;
    known.info.label = o.info.label;
    known.info.released_step = o.info.released_step;
  }
  if (m.keyframe) {
    // A keyframe replaces the live owners and refs; the retired owners
    // known so far stay, as they stay in the live memory until it forgets
    // them.
    for (auto it = owners_.begin(); it != owners_.end();) {
      ++operations_;
      it = it->second.live ? owners_.erase(it) : std::next(it);
    }
    operations_ += static_cast<int64_t>(refs_.size());
    refs_.clear();
  }
  for (const RecordedOwner& o : m.owners) {
    ++operations_;
    owners_[o.id.index] = o;  // a new owner, or new metadata of a live one
  }
  // Removed refs are listed one by one (the whole subtree of a release), so
  // this is O(removed · log n) however deep the parent chain.
  for (const memory::RefId id : m.removed) {
    ++operations_;
    if (refs_.erase(id) == 0) {
      return error(
          fmt::format("removed ref {} is not live", memory::ToString(id)));
    }
  }
  for (const RecordedRef& r : m.added) {
    ++operations_;
    if (!refs_.try_emplace(r.id, r).second) {
      return error(
          fmt::format("added ref {} is already live", memory::ToString(r.id)));
    }
  }
  for (const RecordedRef& r : m.added) {
    ++operations_;
    if (!r.parent.is_null() && refs_.count(r.parent) == 0) {
      return error(fmt::format("ref {}: parent {} is not live",
                               memory::ToString(r.id),
                               memory::ToString(r.parent)));
    }
  }
  for (const RecordedRef& r : m.changed) {
    ++operations_;
    auto it = refs_.find(r.id);
    if (it == refs_.end()) {
      return error(
          fmt::format("changed ref {} is not live", memory::ToString(r.id)));
    }
    it->second.value = r.value;
    it->second.heap = r.heap;
  }
  version_ = m.to_version;
  started_ = true;
  return absl::OkStatus();
}

absl::Status RecordingState::ApplyStep(const RecordedStep& step) {
  absl::Status s = Apply(step.memory);
  if (!s.ok()) {
    return absl::InvalidArgumentError(fmt::format(
        "step {} (line {}): {}", step.step, step.line, base::StatusMessage(s)));
  }
  return absl::OkStatus();
}

RecordedSnapshot RecordingState::Snapshot() const {
  RecordedSnapshot out;
  out.version = version_;
  out.owners.reserve(owners_.size());
  for (const auto& [index, owner] : owners_) out.owners.push_back(owner);
  out.refs.reserve(refs_.size());
  for (const auto& [id, ref] : refs_) out.refs.push_back(ref);
  return out;
}

// ---- RecordedTypes
// ------------------------------------------------------------

absl::StatusOr<RecordedTypes> RecordedTypes::Resolve(
    const std::vector<RecordedType>& types) {
  auto scratch = std::make_unique<memory::RuntimeMemory>();
  WOD_RETURN_IF_ERROR(runtime::MemoryTypes::Register(*scratch).status());
  RecordedTypes out;
  out.table_ = scratch->types().table();
  for (const RecordedType& t : types) {
    absl::StatusOr<memory::TypeId> id = out.table_->Find(t.name);
    if (!id.ok() || (*out.table_)[*id].info.cpp_name() != t.cpp) {
      return absl::InvalidArgumentError(
          fmt::format("recorded type \"{}\" ({}) is not a type of this build",
                      t.name, t.cpp));
    }
  }
  return out;
}

std::string RecordedTypes::Display(std::string_view type,
                                   std::string_view value) const {
  absl::StatusOr<memory::TypeId> id = table_->Find(type);
  if (!id.ok()) return std::string(value);
  const memory::TypeInfo& info = (*table_)[*id].info;
  if (!info.can_parse()) return std::string(value);
  // Read the value back into a real T and format it as the live frame does.
  auto storage = std::make_unique<std::max_align_t[]>(
      (info.size() + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t));
  if (!info.ParseConstruct(value, storage.get()).ok()) {
    return std::string(value);
  }
  std::string text = info.Format(storage.get());
  info.Destroy(storage.get());
  return text;
}

int64_t RecordedTypes::Bytes(std::string_view type, int64_t heap) const {
  absl::StatusOr<memory::TypeId> id = table_->Find(type);
  const int64_t size =
      id.ok() ? static_cast<int64_t>((*table_)[*id].info.size()) : 0;
  return size + heap;
}

// ---- PublicationRebuilder
// ------------------------------------------------------------

namespace {

size_t HeapOf(const RecordedRef& r) {
  return r.heap > 0 ? static_cast<size_t>(r.heap) : 0;
}

}  // namespace

absl::StatusOr<PublicationRebuilder> PublicationRebuilder::Create(
    const std::vector<RecordedType>& types) {
  // Checks the registry against this build (docs/spec/recording.md §2.2).
  WOD_RETURN_IF_ERROR(RecordedTypes::Resolve(types).status());
  auto scratch = std::make_unique<memory::RuntimeMemory>();
  WOD_RETURN_IF_ERROR(runtime::MemoryTypes::Register(*scratch).status());
  std::shared_ptr<const memory::TypeTable> table = scratch->types().table();
  PublicationRebuilder out;
  for (const RecordedType& t : types) {
    absl::StatusOr<memory::TypeId> id = table->Find(t.name);
    if (!id.ok()) return id.status();
    out.type_ids_.push_back(*id);
    out.by_name_.emplace(t.name, *id);
  }
  out.table_ = table;
  out.assembler_ = std::make_unique<memory::SnapshotAssembler>(*table);
  out.state_ = std::make_unique<RecordingState>();
  return out;
}

void PublicationRebuilder::MarkGap() {
  assembler_ = std::make_unique<memory::SnapshotAssembler>(*table_);
  state_ = std::make_unique<RecordingState>();
  live_owners_.clear();
  previous_.reset();
}

memory::OwnerRecord PublicationRebuilder::OwnerRecordOf(
    const RecordedOwner& o) const {
  memory::OwnerRecord r{o.id, memory::OwnerState::kLive, o.info};
  if (!o.live) {
    r.state = memory::OwnerState::kRetired;
    // A retired owner carries its name and release step; the rest is what
    // was published when it appeared (docs/spec/recording.md §4.3).
    const memory::OwnerRecord* known = assembler_->Owner(o.id.index);
    if (known != nullptr && known->id == o.id) {
      r.info = known->info;
      r.info.kind = o.info.kind;
      r.info.label = o.info.label;
      r.info.released_step = o.info.released_step;
    }
  }
  return r;
}

absl::StatusOr<runtime::Publication> PublicationRebuilder::Rebuild(
    const RecordedStep& step) {
  if (!broken_.ok()) return broken_;
  // The file's own consistency first, with its step/line/ref messages.
  broken_ = state_->ApplyStep(step);
  WOD_RETURN_IF_ERROR(broken_);
  const RecordedMemory& m = step.memory;
  auto fail = [this, &step](const std::string& what) {
    broken_ = absl::InvalidArgumentError(
        fmt::format("step {} (line {}): {}", step.step, step.line, what));
    return broken_;
  };
  auto type_of = [this](std::string_view name) -> memory::TypeId {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? memory::kInvalidTypeId : it->second;
  };

  runtime::Publication p;
  p.trace = step.trace;
  p.keyframe = m.keyframe;
  p.usage.live_refs = static_cast<size_t>(step.usage.live_refs);
  p.usage.heap_bytes = static_cast<size_t>(step.usage.heap_bytes);
  // Owners: the assembler's table is the memory's owner directory.
  for (const memory::OwnerId id : m.forgotten) p.forgotten.push_back(id);
  for (const RecordedOwner& o : m.retired) {
    p.retired.push_back(OwnerRecordOf(o));
  }
  for (const RecordedOwner& o : m.owners) p.owners.push_back(OwnerRecordOf(o));
  if (m.keyframe) {
    // A keyframe holds every live owner: the others are gone.
    std::vector<uint32_t> listed;
    for (const RecordedOwner& o : m.owners) listed.push_back(o.id.index);
    std::sort(listed.begin(), listed.end());
    for (uint32_t index : live_owners_) {
      if (!std::binary_search(listed.begin(), listed.end(), index)) {
        assembler_->SetOwner(
            {memory::OwnerId{index, 0}, memory::OwnerState::kFree, {}});
      }
    }
    live_owners_.clear();
  }
  for (const memory::OwnerId id : m.forgotten) {
    assembler_->SetOwner({id, memory::OwnerState::kFree, {}});
    live_owners_.erase(id.index);
  }
  for (const memory::OwnerRecord& r : p.retired) {
    assembler_->SetOwner(r);
    live_owners_.erase(r.id.index);
  }
  for (const memory::OwnerRecord& r : p.owners) {
    assembler_->SetOwner(r);
    live_owners_.insert(r.id.index);
  }

  std::vector<memory::SnapshotAssembler::Ref> refs;
  if (m.keyframe) {
    refs.reserve(m.added.size());
    for (const RecordedRef& r : m.added) {
      refs.push_back(
          {r.id, type_of(r.type), r.owner.index, r.parent, r.value, HeapOf(r)});
    }
    absl::StatusOr<std::shared_ptr<const memory::MemorySnapshot>> snapshot =
        assembler_->Build(m.to_version, refs);
    if (!snapshot.ok()) return fail(std::string(snapshot.status().message()));
    p.snapshot = std::move(*snapshot);
  } else {
    if (previous_ == nullptr) return fail("the first step must be a keyframe");
    memory::SnapshotDelta& d = p.delta;
    d.from_version = m.from_version;
    d.to_version = m.to_version;
    d.removed = m.removed;
    // Added and changed refs, merged in id order (the patch).
    size_t a = 0;
    size_t c = 0;
    while (a < m.added.size() || c < m.changed.size()) {
      if (c >= m.changed.size() ||
          (a < m.added.size() && m.added[a].id < m.changed[c].id)) {
        const RecordedRef& r = m.added[a++];
        d.added.push_back(r.id);
        refs.push_back({r.id, type_of(r.type), r.owner.index, r.parent, r.value,
                        HeapOf(r)});
      } else {
        const RecordedRef& r = m.changed[c++];
        // Type, owner and parent never change for one id.
        const memory::SnapshotEntry* was = previous_->Find(r.id);
        if (was == nullptr) {
          return fail(fmt::format("changed ref {} is not live",
                                  memory::ToString(r.id)));
        }
        d.changed.push_back(r.id);
        refs.push_back({r.id, was->type(), was->owner_index(),
                        previous_->ParentOf(*was), r.value, HeapOf(r)});
      }
    }
    absl::StatusOr<std::shared_ptr<const memory::MemorySnapshot>> patch =
        assembler_->BuildPatch(m.to_version, refs);
    if (!patch.ok()) return fail(std::string(patch.status().message()));
    d.patch = std::move(*patch);
    absl::StatusOr<std::shared_ptr<const memory::MemorySnapshot>> snapshot =
        memory::Apply(*previous_, d);
    if (!snapshot.ok()) return fail(std::string(snapshot.status().message()));
    p.snapshot = std::move(*snapshot);
  }
  previous_ = p.snapshot;
  return p;
}

// ---- ReplayRecording
// ------------------------------------------------------------

namespace {

// The first place where two JSON values differ, as "path: recorded X,
// replayed Y"; a path into a ref or owner object names its id.
std::optional<std::string> FirstJsonDifference(const base::JsonValue& want,
                                               const base::JsonValue& got,
                                               const std::string& path) {
  auto text = [](const base::JsonValue& v) {
    if (v.is_string()) return base::JsonQuoted(v.string());
    if (v.is_integer()) return fmt::format("{}", v.integer());
    if (v.is_bool()) return std::string(v.boolean() ? "true" : "false");
    if (v.is_null()) return std::string("null");
    return std::string(base::JsonValue::KindName(v.kind()));
  };
  if (want.kind() != got.kind()) {
    return fmt::format("field \"{}\": recorded {}, replayed {}", path,
                       text(want), text(got));
  }
  if (want.is_array()) {
    const auto& a = want.items();
    const auto& b = got.items();
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (auto d =
              FirstJsonDifference(a[i], b[i], fmt::format("{}[{}]", path, i))) {
        return d;
      }
    }
    if (a.size() != b.size()) {
      return fmt::format("field \"{}\": recorded {} entries, replayed {}", path,
                         a.size(), b.size());
    }
    return std::nullopt;
  }
  if (want.is_object()) {
    const auto& a = want.members();
    const auto& b = got.members();
    // An object of a ref or an owner is named by its id.
    const base::JsonValue* id = want.Find("id");
    std::string named = path;
    if (id != nullptr && id->is_string() && !id->string().empty()) {
      named =
          fmt::format("{} ({} {})", path,
                      id->string()[0] == 'o' ? "owner" : "ref", id->string());
    }
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      const std::string at = (named.empty() ? "" : named + ".") + a[i].first;
      if (a[i].first != b[i].first) {
        return fmt::format("field \"{}\": replayed \"{}\" instead", at,
                           b[i].first);
      }
      if (auto d = FirstJsonDifference(a[i].second, b[i].second, at)) {
        return d;
      }
    }
    if (a.size() != b.size()) {
      const auto& longer = a.size() > b.size() ? a : b;
      const size_t k = std::min(a.size(), b.size());
      return fmt::format("field \"{}{}\" is only in the {}",
                         named.empty() ? "" : named + ".", longer[k].first,
                         a.size() > b.size() ? "recording" : "replay");
    }
    return std::nullopt;
  }
  if (text(want) != text(got)) {
    return fmt::format("field \"{}\": recorded {}, replayed {}", path,
                       text(want), text(got));
  }
  return std::nullopt;
}

// Replays as a publication sink of the session: the same builder, the same
// keyframe interval as the recorder.
class Collector final : public runtime::SessionSink {
 public:
  explicit Collector(int64_t keyframe_interval)
      : keyframe_interval_(keyframe_interval) {}
  [[nodiscard]] int64_t PublicationKeyframeInterval() const override {
    return keyframe_interval_;
  }
  void OnPublication(const runtime::Publication& p) override { last = p; }
  runtime::Publication last;

 private:
  int64_t keyframe_interval_;
};

// Replays step by step: holds the session, the publication sink and the
// image, never the steps, so a streamed replay runs in flat memory.
class Replayer {
 public:
  static absl::StatusOr<std::unique_ptr<Replayer>> Create(
      const RecordingHeader& header) {
    absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
        WorkoutSession::Create(header.script);
    if (!made.ok()) return made.status();
    return std::unique_ptr<Replayer>(new Replayer(header, *std::move(made)));
  }

  absl::Status Step(const RecordedStep& recorded) {
    if (recorded.command.has_value()) {
      session_->Apply(*recorded.command);
    } else {
      session_->Start();
    }
    ++report_.steps;
    RecordedStep replayed = RecordStep(collector_.last, recorded.command);
    replayed.step = recorded.step;
    // Every field the recording wrote: both steps in their canonical line
    // form; on a difference the two lines are walked to name it.
    const std::string want = StepLine(recorded, header_.types);
    const std::string got = StepLine(replayed, header_.types);
    if (want != got) {
      absl::StatusOr<base::JsonValue> a = base::ParseJson(want);
      absl::StatusOr<base::JsonValue> b = base::ParseJson(got);
      std::optional<std::string> d;
      if (a.ok() && b.ok()) d = FirstJsonDifference(*a, *b, "");
      return Diverged(recorded,
                      d.has_value()
                          ? "differs at " + *d
                          : fmt::format("the step differs:\n  recorded: {}\n  "
                                        "replayed: {}",
                                        want, got));
    }
    report_.refs += static_cast<int64_t>(recorded.memory.added.size() +
                                         recorded.memory.changed.size() +
                                         recorded.memory.removed.size());
    if (absl::Status s = state_.ApplyStep(recorded); !s.ok()) {
      return absl::FailedPreconditionError(base::StatusMessage(s));
    }
    if (recorded.memory.keyframe) ++report_.keyframes;
    last_step_ = recorded.step;
    last_line_ = recorded.line;
    last_action_ = recorded.trace.action;
    // Checked before each keyframe replaces the image; Finish checks the
    // last step.
    checked_ = (recorded.step + 1) % header_.keyframe_interval == 0;
    return checked_ ? CheckImage() : absl::OkStatus();
  }

  // The image after the last step against the live memory.
  absl::Status Finish() {
    if (report_.steps == 0 || checked_) return absl::OkStatus();
    checked_ = true;
    return CheckImage();
  }

  [[nodiscard]] const ReplayReport& report() const { return report_; }

 private:
  Replayer(const RecordingHeader& header,
           std::unique_ptr<WorkoutSession> session)
      : header_(header),
        session_(std::move(session)),
        collector_(header.keyframe_interval) {
    session_->AttachSink(&collector_);
  }

  absl::Status Diverged(const RecordedStep& recorded, std::string_view what) {
    return DivergedAt(recorded.step, recorded.line, recorded.trace.action,
                      what);
  }
  static absl::Status DivergedAt(int64_t step, int64_t line,
                                 std::string_view action,
                                 std::string_view what) {
    return absl::FailedPreconditionError(
        fmt::format("step {} (line {}, {}): {}", step, line, action, what));
  }

  // The file against itself: the image its publications build must be the
  // live memory (refs, owners live and retired, version).
  absl::Status CheckImage() {
    if (std::optional<std::string> d =
            FirstDifference(CaptureSnapshot(*collector_.last.snapshot),
                            state_.Snapshot(), /*compare_version=*/true)) {
      return DivergedAt(last_step_, last_line_, last_action_,
                        "the image rebuilt from the recording differs from "
                        "the replay: " +
                            *d);
    }
    return absl::OkStatus();
  }

  RecordingHeader header_;
  std::unique_ptr<WorkoutSession> session_;
  Collector collector_;
  RecordingState state_;
  ReplayReport report_;
  int64_t last_step_ = 0;
  int64_t last_line_ = 0;
  std::string last_action_;
  bool checked_ = false;
};

}  // namespace

absl::StatusOr<ReplayReport> ReplayRecording(const Recording& recording) {
  WOD_ASSIGN_OR_RETURN(std::unique_ptr<Replayer> replayer,
                       Replayer::Create(recording.header));
  for (const RecordedStep& recorded : recording.steps) {
    WOD_RETURN_IF_ERROR(replayer->Step(recorded));
  }
  WOD_RETURN_IF_ERROR(replayer->Finish());
  return replayer->report();
}

absl::StatusOr<ReplayReport> ReplayRecording(RecordingReader& reader) {
  WOD_ASSIGN_OR_RETURN(std::unique_ptr<Replayer> replayer,
                       Replayer::Create(reader.header()));
  RecordedStep step;
  while (reader.Next(step)) {
    WOD_RETURN_IF_ERROR(replayer->Step(step));
  }
  WOD_RETURN_IF_ERROR(replayer->Finish());
  return replayer->report();
}

}  // namespace wod::blocks
