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
#include "blocks/session_journal.h"
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

void WriteOwnerInfo(base::JsonWriter& out, const memory::OwnerInfo& info) {
  out.BeginObject();
  out.Key("kind").String(info.kind);
  out.Key("label").String(info.label);
  out.Key("lines").BeginArray().Int(info.line_begin).Int(info.line_end);
  out.EndArray();
  out.Key("created_step").Int(info.created_step);
  out.Key("released_step").Int(info.released_step);
  out.EndObject();
}

void WriteSnapshot(base::JsonWriter& out, const RecordedSnapshot& snapshot) {
  // The same shape as MemorySnapshot::ToJson (owners by index, refs by id).
  out.BeginObject();
  out.Key("version").Int(static_cast<int64_t>(snapshot.version));
  out.Key("owners").BeginArray();
  for (const RecordedOwner& o : snapshot.owners) {
    out.BeginObject();
    out.Key("id").String(memory::ToString(o.id));
    out.Key("state").String(o.live ? "live" : "retired");
    out.Key("kind").String(o.info.kind);
    out.Key("label").String(o.info.label);
    out.Key("lines").BeginArray().Int(o.info.line_begin).Int(o.info.line_end);
    out.EndArray();
    out.Key("created_step").Int(o.info.created_step);
    out.Key("released_step").Int(o.info.released_step);
    out.EndObject();
  }
  out.EndArray();
  out.Key("refs").BeginArray();
  for (const RecordedRef& r : snapshot.refs) {
    out.BeginObject();
    out.Key("id").String(memory::ToString(r.id));
    out.Key("type").String(r.type);
    out.Key("owner").String(memory::ToString(r.owner));
    out.Key("parent");
    if (r.parent.is_null()) {
      out.Null();
    } else {
      out.String(memory::ToString(r.parent));
    }
    out.Key("value").String(r.value);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

void WriteMutation(base::JsonWriter& out, const memory::JournalEntry& e) {
  out.BeginObject();
  out.Key("seq").Int(static_cast<int64_t>(e.sequence));
  out.Key("kind").String(memory::MutationKindName(e.kind));
  out.Key("t").Int(e.virtual_time_ms);
  out.Key("v").Int(static_cast<int64_t>(e.version));
  switch (e.kind) {
    case memory::MutationKind::kCreateOwner:
    case memory::MutationKind::kUpdateOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("info");
      WriteOwnerInfo(out, e.owner_info);
      break;
    case memory::MutationKind::kRetireOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("info");
      WriteOwnerInfo(out, e.owner_info);
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
    case memory::MutationKind::kForgetOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      break;
    case memory::MutationKind::kAllocate:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("parent");
      if (e.parent.is_null()) {
        out.Null();
      } else {
        out.String(memory::ToString(e.parent));
      }
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("type").String(e.type);
      out.Key("value").String(e.value);
      break;
    case memory::MutationKind::kSet:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("type").String(e.type);
      out.Key("value").String(e.value);
      break;
    case memory::MutationKind::kRelease:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
    case memory::MutationKind::kReleaseOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
  }
  out.EndObject();
}

void WriteTraceBlock(base::JsonWriter& out, const runtime::TraceBlock& b) {
  out.BeginObject();
  out.Key("type").String(b.type);
  out.Key("label").String(b.label);
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
  out.Key("text").String(r.text);
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
  }
  return "next";
}

std::string MutationJson(const memory::JournalEntry& entry) {
  base::JsonWriter out(kRecordingStrings);
  WriteMutation(out, entry);
  return out.Take();
}

std::string HeaderLine(const RecordingHeader& header) {
  base::JsonWriter out(kRecordingStrings);
  out.BeginObject();
  out.Key("format").String(kRecordingFormat);
  out.Key("version").Int(header.version);
  out.Key("source").String(header.source);
  out.Key("keyframe_interval").Int(header.keyframe_interval);
  out.Key("script").String(header.script);
  out.EndObject();
  return out.Take();
}

std::string StepLine(const RecordedStep& step) {
  base::JsonWriter out(kRecordingStrings);
  out.BeginObject();
  out.Key("step").Int(step.step);
  if (step.command.has_value()) {
    out.Key("command").String(CommandText(*step.command));
  }
  out.Key("action").String(step.trace.action);
  out.Key("t_ms").Int(step.trace.t_ms);
  out.Key("session_ended").Bool(step.trace.session_ended);
  out.Key("stack").BeginArray();
  for (const runtime::TraceBlock& b : step.trace.stack) WriteTraceBlock(out, b);
  out.EndArray();
  out.Key("emitted").BeginArray();
  for (const runtime::TraceRecord& r : step.trace.emitted) {
    WriteTraceRecord(out, r);
  }
  out.EndArray();
  out.Key("usage").BeginObject();
  out.Key("live_refs").Int(step.usage.live_refs);
  out.Key("heap_bytes").Int(step.usage.heap_bytes);
  out.EndObject();
  out.Key("mutations").BeginArray();
  for (const memory::JournalEntry& e : step.mutations) WriteMutation(out, e);
  out.EndArray();
  if (step.keyframe.has_value()) {
    out.Key("keyframe");
    WriteSnapshot(out, *step.keyframe);
  }
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
      journal_(std::make_unique<SessionJournal>(session)) {}

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
  recorder->recording_.header.source = std::move(source);
  // The text the session runs (WorkoutSession replaces invalid UTF-8 the
  // same way), so replaying the stored script gives the same steps.
  recorder->recording_.header.script = base::ReplaceInvalidUtf8(script);
  recorder->recording_.header.keyframe_interval = options.keyframe_interval;
  absl::Status written =
      recorder->WriteLine(HeaderLine(recorder->recording_.header));
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
  RecordedStep step;
  step.step = next_step_++;
  step.command = command;
  step.trace = trace;
  memory::MutationJournal& journal = journal_->journal();
  step.mutations = journal.entries();
  journal.Clear();
  // The journal numbers from 0 after each Clear; the file numbers the
  // mutations of the whole session.
  for (memory::JournalEntry& e : step.mutations) {
    e.sequence = next_sequence_++;
    e.step = step.step;
  }
  journal.set_step(next_step_);
  const memory::RuntimeMemory& memory = session_.runtime().memory();
  const memory::UsageStats usage = memory.TotalUsage();
  step.usage.live_refs = static_cast<int64_t>(usage.live_refs);
  step.usage.heap_bytes = static_cast<int64_t>(usage.heap_bytes);
  if (step.step % options_.keyframe_interval == 0 || trace.session_ended) {
    step.keyframe = CaptureSnapshot(*memory.Snapshot());
  }
  absl::Status written = WriteLine(StepLine(step));
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
