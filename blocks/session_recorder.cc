// The writing half of blocks/recording.h: the line forms of a recording
// and SessionRecorder, which writes them while a session runs
// (docs/spec/recording.md).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "base/json.h"
#include "base/strings.h"
#include "blocks/recording.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {
namespace {

// Every string of a recording is valid UTF-8 (docs/spec/recording.md §1.3):
// strict JSON readers must load the file. The session already runs a
// script with invalid bytes as U+FFFD, so this only guards the rest (the
// source file name, a hand-edited recording's values).
constexpr base::JsonStrings kRecordingStrings = base::JsonStrings::kValidUtf8;

void WriteId(base::JsonWriter& out, memory::RefId id) {
  if (id.is_null()) {
    out.Null();
  } else {
    out.String(memory::ToString(id));
  }
}

// An owner with its metadata (docs/spec/recording.md §4.3). A retired
// owner carries its name and release step only: the rest was published when
// it appeared, and every reader starts at a keyframe that holds it or
// precedes its appearance. An owner created and retired within one step was
// never published, so it is written whole.
void WriteOwner(base::JsonWriter& out, const RecordedOwner& o) {
  out.BeginObject();
  out.Key("id").String(memory::ToString(o.id));
  out.Key("kind").String(o.info.kind);
  out.Key("label").String(o.info.label);
  if (o.live || o.info.created_step == o.info.released_step) {
    out.Key("lines").BeginArray().Int(o.info.line_begin).Int(o.info.line_end);
    out.EndArray();
    out.Key("created_step").Int(o.info.created_step);
  }
  if (!o.live || o.info.released_step != -1) {
    out.Key("released_step").Int(o.info.released_step);
  }
  out.EndObject();
}

// A ref: `full` writes type (as its index in the header's registry), owner
// and parent too (added refs and keyframe refs); a changed ref has only its
// new value (docs/spec/recording.md §4.2).
void WriteRef(base::JsonWriter& out, const RecordedRef& r, bool full,
              const std::vector<RecordedType>& types,
              memory::OwnerId previous_owner) {
  out.BeginObject();
  out.Key("id").String(memory::ToString(r.id));
  if (full) {
    int64_t type = -1;
    for (size_t t = 0; t < types.size(); ++t) {
      if (types[t].name == r.type) type = static_cast<int64_t>(t);
    }
    out.Key("type").Int(type);
    // A block's refs come together: the owner is written when it changes.
    if (previous_owner.is_null() || r.owner != previous_owner) {
      out.Key("owner").String(memory::ToString(r.owner));
    }
    if (!r.parent.is_null()) {
      out.Key("parent");
      WriteId(out, r.parent);
    }
  }
  out.Key("value").String(r.value);
  if (r.heap != 0) out.Key("heap").Int(r.heap);
  out.EndObject();
}

void WriteMemory(base::JsonWriter& out, const RecordedMemory& m,
                 const std::vector<RecordedType>& types) {
  out.BeginObject();
  if (!m.keyframe) out.Key("from").Int(static_cast<int64_t>(m.from_version));
  out.Key("version").Int(static_cast<int64_t>(m.to_version));
  // Empty lists are left out: most steps change one or two refs.
  if (!m.owners.empty()) {
    out.Key("owners").BeginArray();
    for (const RecordedOwner& o : m.owners) WriteOwner(out, o);
    out.EndArray();
  }
  if (!m.retired.empty()) {
    out.Key("retired").BeginArray();
    for (const RecordedOwner& o : m.retired) WriteOwner(out, o);
    out.EndArray();
  }
  if (!m.forgotten.empty()) {
    out.Key("forgotten").BeginArray();
    for (const memory::OwnerId o : m.forgotten) {
      out.String(memory::ToString(o));
    }
    out.EndArray();
  }
  if (!m.removed.empty()) {
    out.Key("removed").BeginArray();
    for (const memory::RefId id : m.removed) out.String(memory::ToString(id));
    out.EndArray();
  }
  if (m.keyframe || !m.added.empty()) {
    out.Key(m.keyframe ? "refs" : "added").BeginArray();
    memory::OwnerId previous;
    for (const RecordedRef& r : m.added) {
      WriteRef(out, r, true, types, previous);
      previous = r.owner;
    }
    out.EndArray();
  }
  if (!m.changed.empty()) {
    out.Key("changed").BeginArray();
    for (const RecordedRef& r : m.changed) {
      WriteRef(out, r, false, types, memory::OwnerId{});
    }
    out.EndArray();
  }
  out.EndObject();
}

// `known`: the block was on the previous step's stack with this type and
// label, which the line then leaves out (docs/spec/recording.md §3.2).
void WriteTraceBlock(base::JsonWriter& out, const runtime::TraceBlock& b,
                     bool known) {
  out.BeginObject();
  if (!known) {
    out.Key("type").String(b.type);
    out.Key("label").String(b.label);
  }
  out.Key("key").String(b.key);
  if (b.has_round) {
    out.Key("round").BeginArray().Int(b.round_current);
    if (b.round_total.has_value()) {
      out.Int(*b.round_total);
    } else {
      out.Null();  // unbounded (∞)
    }
    out.EndArray();
  }
  if (b.has_timer) {
    out.Key("timer").BeginObject();
    out.Key("countdown").Bool(b.countdown);
    out.Key("elapsed_ms").Int(b.elapsed_ms);
    out.Key("duration_ms").Int(b.duration_ms);
    out.Key("paused").Bool(b.paused);
    out.EndObject();
  }
  if (!b.complete_reason.empty()) {
    out.Key("complete").String(b.complete_reason);
  }
  out.EndObject();
}

void WriteTraceRecord(base::JsonWriter& out, const runtime::TraceRecord& r) {
  out.BeginObject();
  out.Key("kind").String(r.kind);
  // Left out when the kind and fields give it (docs/spec/recording.md §3.3).
  if (DerivedRecordText(r) != r.text) out.Key("text").String(r.text);
  out.Key("fields").BeginArray();
  for (const auto& [key, value] : r.fields) {
    out.BeginArray().String(key).String(value).EndArray();
  }
  out.EndArray();
  out.EndObject();
}

}  // namespace

std::string CommandText(const runtime::StepCommand& command) {
  switch (command.kind) {
    case runtime::CommandKind::kNext:
      return "next";
    case runtime::CommandKind::kTick:
      return fmt::format("tick {}", command.ms);
    case runtime::CommandKind::kAdvance:
      return fmt::format("advance {}", command.ms);
    case runtime::CommandKind::kEvent:
      return "event " + command.event;
    case runtime::CommandKind::kChoose:
      return fmt::format("choose {}", command.alternative);
  }
  return "next";
}

std::string DefaultAction(const std::optional<runtime::StepCommand>& command) {
  return command.has_value() ? command->ActionText() : "startSession";
}

std::string HeaderLine(const RecordingHeader& header) {
  base::JsonWriter out(kRecordingStrings);
  out.BeginObject();
  out.Key("format").String(kRecordingFormat);
  out.Key("version").Int(header.version);
  out.Key("source").String(header.source);
  out.Key("keyframe_interval").Int(header.keyframe_interval);
  out.Key("types").BeginArray();
  for (const RecordedType& t : header.types) {
    out.BeginObject();
    out.Key("name").String(t.name);
    out.Key("cpp").String(t.cpp);
    out.Key("size").Int(t.size);
    out.Key("parse").Bool(t.parse);
    out.Key("fields").BeginArray();
    for (const std::string& f : t.fields) out.String(f);
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.Key("script").String(header.script);
  out.EndObject();
  return out.Take();
}

std::optional<std::string> DerivedRecordText(
    const runtime::TraceRecord& record) {
  auto field = [&](std::string_view name) -> const std::string* {
    for (const auto& [key, value] : record.fields) {
      if (key == name) return &value;
    }
    return nullptr;
  };
  const std::string* label = field("label");
  const std::string* reason = field("reason");
  if (record.kind == "push" && label != nullptr) {
    return "push " + base::QuoteLabel(*label);
  }
  if (record.kind == "pop" && label != nullptr && reason != nullptr) {
    return fmt::format("pop {} ({})", base::QuoteLabel(*label), *reason);
  }
  if (record.kind == "segment" && label != nullptr && reason != nullptr) {
    const std::string* level = field("level");
    const std::string* elapsed = field("elapsed");
    if (level == nullptr || elapsed == nullptr) return std::nullopt;
    std::string body =
        fmt::format("{}, L{}, elapsed={}", *reason, *level, *elapsed);
    for (const char* name :
         {"total", "rep", "resistance", "distance", "round"}) {
      if (const std::string* v = field(name)) {
        body += fmt::format(", {}={}", name, *v);
      }
    }
    const std::string* kind = field("kind");
    return fmt::format("segment {}{} ({})", base::QuoteLabel(*label),
                       kind != nullptr ? "[" + *kind + "]" : "", body);
  }
  if (record.kind == "milestone" && label != nullptr) {
    const std::string* round = field("round");
    std::string text =
        fmt::format("milestone {} Round {}", base::QuoteLabel(*label),
                    round != nullptr ? *round : "0");
    if (const std::string* of = field("of")) text += " of " + *of;
    if (const std::string* elapsed = field("elapsed")) {
      text += " elapsed=" + *elapsed;
    }
    return text;
  }
  if (record.kind == "sound") {
    const std::string* name = field("name");
    if (name == nullptr) return std::nullopt;
    const std::string* second = field("second");
    return second != nullptr ? fmt::format("sound({}@{}s)", *name, *second)
                             : fmt::format("sound({})", *name);
  }
  if (record.kind == "error") {
    const std::string* message = field("message");
    if (message == nullptr) return std::nullopt;
    return "runtime error recorded: " + base::QuoteLabel(*message);
  }
  return std::nullopt;
}

std::string StepLine(const RecordedStep& step,
                     const std::vector<RecordedType>& types) {
  return StepLine(step, types, {});
}

std::string StepLine(const RecordedStep& step,
                     const std::vector<RecordedType>& types,
                     const std::vector<runtime::TraceBlock>& previous_stack) {
  base::JsonWriter out(kRecordingStrings);
  out.BeginObject();
  out.Key("step").Int(step.step);
  if (step.command.has_value()) {
    out.Key("command").String(CommandText(*step.command));
  }
  // Fields that hold their usual value are left out: the action the command
  // names, a session that goes on, no records (docs/spec/recording.md §3.1).
  if (step.trace.action != DefaultAction(step.command)) {
    out.Key("action").String(step.trace.action);
  }
  out.Key("t_ms").Int(step.trace.t_ms);
  if (step.trace.session_ended) out.Key("session_ended").Bool(true);
  out.Key("stack").BeginArray();
  for (const runtime::TraceBlock& b : step.trace.stack) {
    bool known = false;
    if (!step.memory.keyframe) {
      for (const runtime::TraceBlock& p : previous_stack) {
        if (p.key == b.key) {
          known = p.type == b.type && p.label == b.label;
          break;
        }
      }
    }
    WriteTraceBlock(out, b, known);
  }
  out.EndArray();
  if (!step.trace.emitted.empty()) {
    out.Key("emitted").BeginArray();
    for (const runtime::TraceRecord& r : step.trace.emitted) {
      WriteTraceRecord(out, r);
    }
    out.EndArray();
  }
  out.Key("usage").BeginObject();
  out.Key("live_refs").Int(step.usage.live_refs);
  out.Key("heap_bytes").Int(step.usage.heap_bytes);
  out.EndObject();
  out.Key(step.memory.keyframe ? "keyframe" : "delta");
  WriteMemory(out, step.memory, types);
  out.EndObject();
  return out.Take();
}

std::string EndLine(int64_t steps) {
  base::JsonWriter out(kRecordingStrings);
  out.BeginObject().Key("end").Bool(true).Key("steps").Int(steps).EndObject();
  return out.Take();
}

SessionRecorder::SessionRecorder(WorkoutSession& session, std::ostream* out,
                                 Options options)
    : session_(session),
      out_(out),
      options_(options),
      builder_(session.runtime().memory(),
               runtime::PublicationBuilder::Options{
                   .keyframe_interval = options.keyframe_interval}) {}

SessionRecorder::~SessionRecorder() = default;

absl::StatusOr<std::unique_ptr<SessionRecorder>> SessionRecorder::Create(
    WorkoutSession& session, std::string_view script, std::string source,
    std::ostream* out, Options options) {
  if (options.keyframe_interval < 1) {
    return absl::InvalidArgumentError(
        fmt::format("keyframe interval must be at least 1, got {}",
                    options.keyframe_interval));
  }
  std::unique_ptr<SessionRecorder> recorder(
      new SessionRecorder(session, out, options));
  RecordingHeader& header = recorder->recording_.header;
  header.source = std::move(source);
  // The text the session runs (WorkoutSession replaces invalid UTF-8 the
  // same way), so replaying the stored script gives the same steps.
  header.script = base::ReplaceInvalidUtf8(script);
  header.keyframe_interval = options.keyframe_interval;
  header.types = BuildTypeRegistry();
  absl::Status written = recorder->WriteLine(HeaderLine(header));
  if (!written.ok()) return written;
  return recorder;
}

absl::Status SessionRecorder::WriteLine(const std::string& line) {
  if (out_ == nullptr) return absl::OkStatus();
  *out_ << line << '\n';
  // Flushed per line: a crash loses at most the step being written.
  out_->flush();
  if (!*out_) return absl::DataLossError("cannot write the recording");
  return absl::OkStatus();
}

absl::Status SessionRecorder::Record(
    const runtime::TraceStep& trace,
    const std::optional<runtime::StepCommand>& command) {
  RecordedStep step = RecordStep(builder_.Build(trace), command);
  // The file numbers steps itself (a session started elsewhere still
  // records from 0).
  step.step = next_step_++;
  absl::Status written =
      WriteLine(StepLine(step, recording_.header.types, previous_stack_));
  previous_stack_ = step.trace.stack;
  if (options_.keep_steps) recording_.steps.push_back(std::move(step));
  return written;
}

absl::Status SessionRecorder::Finish() {
  if (finished_) return absl::OkStatus();
  finished_ = true;
  recording_.ended = true;
  return WriteLine(EndLine(next_step_));
}

}  // namespace wod::blocks
