// Recordings: a whole session — the script, its type registry, and one
// publication per step (runtime/publication.h: the trace row plus a memory
// delta or a keyframe) — as NDJSON (`.wodrec`, format version 4), written as
// it runs and read back by `wod-run --replay`, `wod-debug --open` and the
// trace export.
//
// Format (docs/spec/recording.md is the full definition). One JSON object
// per line, each line written whole and flushed, so a crash loses at most
// the step being written (docs/spec/recording.md §1.2):
//
//   {"format":"wodrec","version":4,"source":"fran.wod","keyframe_interval":16,
//    "types":[{"name":"time","cpp":"wod::runtime::TimerState",...},...],
//    "script":"21-15-9\n  Thrusters 95lb\n  Pullups\n"}
//   {"step":0,"action":"startSession",...,"keyframe":{...}}
//   {"step":1,"command":"next","action":"userNext",...,"delta":{...}}
//   {"end":true,"steps":2}
//
// The loader is a pure function that never crashes or hangs on any input
// (it is fuzzed): it keeps every complete step before the first problem and
// reports that problem with its line number.
//
//   std::ofstream file("out.wodrec");
//   WOD_ASSIGN_OR_RETURN(auto session, WorkoutSession::Create(script));
//   WOD_ASSIGN_OR_RETURN(auto recorder,
//       SessionRecorder::Create(*session, script, "fran.wod", &file));
//   WOD_RETURN_IF_ERROR(recorder->Record(session->Start(), std::nullopt));
//   WOD_RETURN_IF_ERROR(recorder->Record(session->Apply(next), next));
//   WOD_RETURN_IF_ERROR(recorder->Finish());
//
//   WOD_ASSIGN_OR_RETURN(Recording rec, LoadRecording(text));
//   if (!rec.error.ok()) { /* rec.steps still holds the complete steps */ }
#ifndef WOD_BLOCKS_RECORDING_H_
#define WOD_BLOCKS_RECORDING_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/json.h"
#include "blocks/workout_session.h"
#include "memory/memory_snapshot.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "runtime/publication.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::blocks {

// The one version this build writes and reads. A file with another version
// is refused (never guessed at); version 1 gets its own message.
inline constexpr int64_t kRecordingVersion = 4;
inline constexpr std::string_view kRecordingFormat = "wodrec";
inline constexpr int64_t kDefaultKeyframeInterval =
    runtime::kDefaultKeyframeInterval;

// One entry of the type registry in the header: a memory type of the
// recording build, by TypeId. `parse` says the value text is the type's
// serialization (readable back through its TypeInfo); otherwise the value
// text is the display text itself. `fields` is the type's field schema
// (TypeInfo::field_names: the inspector's typed fields, `[]` for an index).
struct RecordedType {
  std::string name;  // the memory type ("time", "completion", ...)
  std::string cpp;   // the C++ value type, as the compiler spells it
  int64_t size = 0;  // sizeof the value (the inline part of a ref's bytes)
  bool parse = false;
  std::vector<std::string> fields;  // "current", "entries[].elapsed_ms", ...
  friend bool operator==(const RecordedType&, const RecordedType&) = default;
};

// One owner as a publication or an image shows it.
struct RecordedOwner {
  memory::OwnerId id;
  bool live = true;  // false = retired (popped), kept for history
  memory::OwnerInfo info;
  friend bool operator==(const RecordedOwner&, const RecordedOwner&) = default;
};

// One live ref; the value is its TypeInfo serialization, `heap` the heap
// bytes the value owned (TypeInfo::HeapBytes).
struct RecordedRef {
  memory::RefId id;
  std::string type;
  memory::OwnerId owner;
  memory::RefId parent;  // null for a root ref
  std::string value;
  int64_t heap = 0;
  friend bool operator==(const RecordedRef&, const RecordedRef&) = default;
};

// A whole memory image as plain data (owners by index, refs by id), so it
// can be read from a file, compared and diffed without the C++ types.
struct RecordedSnapshot {
  uint64_t version = 0;
  std::vector<RecordedOwner> owners;
  std::vector<RecordedRef> refs;
  friend bool operator==(const RecordedSnapshot&,
                         const RecordedSnapshot&) = default;
};

// The snapshot's data (values serialized through each TypeInfo); owners
// live and retired.
[[nodiscard]] RecordedSnapshot CaptureSnapshot(
    const memory::MemorySnapshot& snapshot);
// The first difference from `expected` to `actual`, as a sentence naming
// the ref or owner ("ref #3.1 (round): value \"1/3\" became \"2/3\""), or
// nullopt when they are identical. `compare_version`: also compare the
// memory version numbers.
[[nodiscard]] std::optional<std::string> FirstDifference(
    const RecordedSnapshot& expected, const RecordedSnapshot& actual,
    bool compare_version);

// Totals of the live memory after a step (counter events of the trace).
struct RecordedUsage {
  int64_t live_refs = 0;
  int64_t heap_bytes = 0;
};

// The memory half of one publication (runtime::Publication) as plain data:
// a keyframe (refs in `added`, live owners in `owners`) or a delta
// (docs/spec/recording.md §4, §5).
struct RecordedMemory {
  bool keyframe = false;
  uint64_t from_version = 0;           // delta only
  uint64_t to_version = 0;             // the memory version after the step
  std::vector<RecordedOwner> owners;   // appeared or changed, live
  std::vector<RecordedOwner> retired;  // retired during the step
  std::vector<memory::OwnerId> forgotten;
  std::vector<memory::RefId> removed;  // delta only, by id
  std::vector<RecordedRef> added;      // keyframe: every live ref; by id
  // Delta only, by id: a ref whose value changed (id, value and heap are
  // meaningful; type, owner and parent never change for one id).
  std::vector<RecordedRef> changed;
};

// One step: the command that ran (none for row 0), what the trace shows,
// and its memory publication.
struct RecordedStep {
  int64_t step = 0;  // 0 = startSession
  std::optional<runtime::StepCommand> command;
  runtime::TraceStep trace;
  RecordedUsage usage;
  RecordedMemory memory;
  int64_t line = 0;  // 1-based line in the file (0 = not loaded from a file)
};

// The recorded step of a publication (values serialized through the
// snapshot's TypeInfos).
[[nodiscard]] RecordedStep RecordStep(
    const runtime::Publication& publication,
    const std::optional<runtime::StepCommand>& command);

struct RecordingHeader {
  int64_t version = kRecordingVersion;
  std::string source;  // the script's file name, for display
  // The script text as the session ran it: byte for byte, but each invalid
  // UTF-8 byte as U+FFFD (docs/spec/recording.md §2).
  std::string script;
  int64_t keyframe_interval = kDefaultKeyframeInterval;
  std::vector<RecordedType> types;  // by TypeId
};

// The type registry of this build (a fresh runtime's memory types), as a
// header carries it.
[[nodiscard]] std::vector<RecordedType> BuildTypeRegistry();

struct Recording {
  RecordingHeader header;
  // Every complete step, in order (step i at index i).
  std::vector<RecordedStep> steps;
  // OK, or the first problem found ("line 7: ..."); the steps before it are
  // kept. A file that merely lacks its end line (the writer stopped between
  // steps) is not an error: `ended` says so.
  absl::Status error;
  bool ended = false;  // the end line was read
};

// Reads a recording. Errors (nothing usable): InvalidArgument when line 1
// is not a recording header or its type registry is not this build's,
// Unimplemented for another version (version 1: "recording format version 1
// is no longer read; re-record it with this wod-run"). Every
// later problem — a line cut short, bad JSON, a field of the wrong type,
// steps out of order, text after the end line — lands in Recording::error
// with its line number, after the complete steps before it. Never crashes
// or hangs, whatever the input.
absl::StatusOr<Recording> LoadRecording(std::string_view text);
// The same, read from a stream one line at a time (the file is never held
// whole in memory). DataLoss when the stream fails mid-way.
absl::StatusOr<Recording> LoadRecording(std::istream& in);

// What a reader accepts (docs/spec/recording.md §8.4). Past a limit the
// reader stops with a ResourceExhausted error naming the line and the
// limit, and keeps the complete steps before it.
struct RecordingLimits {
  // The longest line, header included: the reader holds one line at a
  // time and never reads more than this (plus one byte) of a line. A
  // keyframe of 100,000 refs takes about 6 MiB.
  size_t max_line_bytes = size_t{16} << 20;
  // Entries of one list in a line (a keyframe's refs, a delta's added,
  // changed or removed refs, owners, stack blocks, emitted records).
  size_t max_list_entries = 250'000;
  // Steps in a recording.
  int64_t max_steps = 100'000'000;
};

// Reads a recording one step at a time, holding one line and one step:
// replay and loading stream in memory that does not grow with the file.
// LoadRecording is this reader collecting every step.
//
//   WOD_ASSIGN_OR_RETURN(auto reader, RecordingReader::Open(file));
//   RecordedStep step;
//   while (reader->Next(step)) { ... }
//   if (!reader->error().ok()) { /* the steps before it were complete */ }
class RecordingReader {
 public:
  // Reads the header line. Errors: as LoadRecording's for a bad header;
  // ResourceExhausted for a header line longer than the limit.
  static absl::StatusOr<std::unique_ptr<RecordingReader>> Open(
      std::istream& in, RecordingLimits limits = {});
  static absl::StatusOr<std::unique_ptr<RecordingReader>> Open(
      std::string_view text, RecordingLimits limits = {});
  ~RecordingReader();
  RecordingReader(const RecordingReader&) = delete;
  RecordingReader& operator=(const RecordingReader&) = delete;

  [[nodiscard]] const RecordingHeader& header() const { return header_; }
  // The next step into `step` (true). False at the end of the file, after
  // the end line, or at the first problem (error()).
  bool Next(RecordedStep& step);
  // OK, or the problem that stopped reading ("line 7: ..."), as
  // Recording::error.
  [[nodiscard]] const absl::Status& error() const { return error_; }
  [[nodiscard]] bool ended() const { return ended_; }     // end line read
  [[nodiscard]] int64_t steps() const { return steps_; }  // steps read

  // Incremental reading, for a stream that arrives one line at a time
  // (`wod-debug --attach`, `--follow`; docs/spec/recording.md §1.5): a
  // reader with no file behind it, opened on the stream's header line, fed
  // each later line with ReadLine. The first step it gets, and the first
  // after MarkGap(), may have any index but must hold a keyframe; the others
  // follow in order. Errors: as Open's.
  static absl::StatusOr<std::unique_ptr<RecordingReader>> FromHeaderLine(
      std::string_view line, RecordingLimits limits = {});
  // One line after the header (without its newline): a step into `step`
  // (true) or the end line (false, ended() set). Errors: what Next would
  // stop at, as "line N: ..." (the reader counts the lines it is fed). A
  // stream reader stays usable after an error only through MarkGap().
  absl::StatusOr<bool> ReadLine(std::string_view line, RecordedStep& step);
  // Publications are missing before the next line: it must hold a keyframe
  // and may skip steps.
  void MarkGap();

 private:
  RecordingReader(std::unique_ptr<base::JsonLineReader> lines,
                  RecordingLimits limits);
  absl::Status OpenHeader();

  std::unique_ptr<base::JsonLineReader> lines_;
  RecordingLimits limits_;
  RecordingHeader header_;
  // The previous step's stack: blocks of a delta step that leave out their
  // type and label take them from here.
  std::vector<runtime::TraceBlock> previous_stack_;
  absl::Status error_;
  bool ended_ = false;
  bool done_ = false;
  int64_t steps_ = 0;
  // The index the next step must have, or -1: any index, but a keyframe (a
  // stream's first step and the first after a gap).
  int64_t next_step_ = 0;
  int64_t lines_read_ = 1;  // stream mode: lines fed, the header included
};

// True for a recording's end line (`{"end":true,...}`), for a source that
// must tell the end of a stream from its lines before reading them.
[[nodiscard]] bool IsEndLine(std::string_view line);

// The single-line forms, exposed for tests and tools.
[[nodiscard]] std::string HeaderLine(const RecordingHeader& header);
// `types`: the header's registry (a ref names its type by index). This
// form writes every stack block whole (a reader accepts it anywhere).
[[nodiscard]] std::string StepLine(const RecordedStep& step,
                                   const std::vector<RecordedType>& types);
// The form the recorder writes (docs/spec/recording.md §3.2): on a delta
// step, a stack block that was on `previous_stack` (the previous step's
// stack) under the same key with the same type and label leaves them out.
// A keyframe step is always whole, so a reader can start there.
[[nodiscard]] std::string StepLine(
    const RecordedStep& step, const std::vector<RecordedType>& types,
    const std::vector<runtime::TraceBlock>& previous_stack);
// The text of an emitted record as its kind and fields give it
// (docs/spec/recording.md §3.3), or nullopt for a kind or fields that do not
// determine one. A step line leaves `text` out when this gives it.
[[nodiscard]] std::optional<std::string> DerivedRecordText(
    const runtime::TraceRecord& record);
[[nodiscard]] std::string EndLine(int64_t steps);
// The action a step of `command` shows (nullopt: row 0, "startSession");
// a step line names its action only when it differs.
[[nodiscard]] std::string DefaultAction(
    const std::optional<runtime::StepCommand>& command);
// A command in the `--steps` language ("next", "tick 1000", "event abort").
[[nodiscard]] std::string CommandText(const runtime::StepCommand& command);

// Records a WorkoutSession while it runs: after each step it builds the
// step's publication (runtime::PublicationBuilder on the session's memory)
// and writes it as one flushed line (a keyframe every `keyframe_interval`
// steps, at step 0 and when the session ends).
class SessionRecorder {
 public:
  struct Options {
    int64_t keyframe_interval = kDefaultKeyframeInterval;
    // Also keep every step in memory (recording()), e.g. for trace export.
    bool keep_steps = false;
  };

  // `session` must not have started yet (step 0 must be the first
  // publication) and must outlive the recorder; `out` may be null (nothing
  // written, only kept). Writes the header line. Errors: InvalidArgument
  // (keyframe_interval < 1), DataLoss (the stream failed).
  static absl::StatusOr<std::unique_ptr<SessionRecorder>> Create(
      WorkoutSession& session, std::string_view script, std::string source,
      std::ostream* out, Options options);
  static absl::StatusOr<std::unique_ptr<SessionRecorder>> Create(
      WorkoutSession& session, std::string_view script, std::string source,
      std::ostream* out) {
    return Create(session, script, std::move(source), out, Options{});
  }

  ~SessionRecorder();
  SessionRecorder(const SessionRecorder&) = delete;
  SessionRecorder& operator=(const SessionRecorder&) = delete;

  // Call after each step with the row it returned and the command that
  // produced it (nullopt for Start()). Errors: DataLoss (the stream failed).
  absl::Status Record(const runtime::TraceStep& trace,
                      const std::optional<runtime::StepCommand>& command);
  // Writes the end line. Errors: DataLoss.
  absl::Status Finish();

  // What was recorded so far (steps only with Options::keep_steps).
  [[nodiscard]] const Recording& recording() const { return recording_; }

 private:
  SessionRecorder(WorkoutSession& session, std::ostream* out, Options options);
  absl::Status WriteLine(const std::string& line);

  WorkoutSession& session_;
  std::ostream* out_;
  Options options_;
  runtime::PublicationBuilder builder_;
  Recording recording_;
  std::vector<runtime::TraceBlock> previous_stack_;
  int64_t next_step_ = 0;
  bool finished_ = false;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_RECORDING_H_
