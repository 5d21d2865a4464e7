#include "tools/cli/wod_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/json.h"
#include "blocks/chrome_trace.h"
#include "blocks/fix_it.h"
#include "blocks/parser.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "blocks/workout_session.h"
#include "debugger/attach/session_publisher.h"
#include "fmt/format.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"
#include "tools/cli/cli_options.h"
#include "tools/cli/file_io.h"
#include "tools/cli/json_writer.h"
#include "tools/cli/realtime_run.h"
#include "tools/cli/snapshot_text.h"
#include "tools/cli/trace_verifier.h"

namespace wod::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // error diagnostics
constexpr int kExitUsage = 2;   // usage, read and write errors

constexpr char kStdoutName[] = "<stdout>";
constexpr char kStdinName[] = "<stdin>";
// How long the end of a --publish stream waits for debuggers to read it.
constexpr absl::Duration kPublishFlushTimeout = absl::Seconds(5);

std::string BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path
                                                     : path.substr(slash + 1));
}

// The status message as std::string (Debian's Abseil has its own
// string_view type, which fmt cannot format).
std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

absl::StatusOr<std::string> ReadScript(const std::string& file,
                                       const CliIo& io) {
  if (file != "-") return ReadFileText(file);
  if (io.stdin_fd >= 0) return ReadAll(io.stdin_fd, kStdinName);
  // In-process (tests): a string stream, which throws only when asked to.
  std::string text((std::istreambuf_iterator<char>(*io.in)),
                   std::istreambuf_iterator<char>());
  if (io.in->bad()) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read '{}': read error", kStdinName));
  }
  return text;
}

// OK while `io.out` is good, else "cannot write '<stdout>': REASON". The
// stream is buffered, so a failure shows a little after the write that
// caused it; the final flush in RunWodRun catches the rest.
absl::Status OutStatus(const CliIo& io) {
  if (io.out->good()) return absl::OkStatus();
  return WriteError(kStdoutName, io.out_errno ? io.out_errno() : 0);
}

absl::Status FlushOut(const CliIo& io) {
  io.out->flush();
  return OutStatus(io);
}

// Prints the script's diagnostics on stderr ("NAME:LINE:COL: error: …") and
// returns how many are errors. --check prints them on stdout instead (they
// are its output); the run modes keep stdout for the trace.
int64_t ReportDiagnostics(const std::string& file,
                          const blocks::ParseResult& parsed, const CliIo& io) {
  const std::string name = file == "-" ? kStdinName : file;
  int64_t errors = 0;
  for (const blocks::Diagnostic& d : parsed.diagnostics) {
    *io.err << name << ":" << d.ToString() << "\n";
    if (d.severity == blocks::Severity::kError) ++errors;
  }
  return errors;
}

// Prints steps as table rows or JSON lines, with snapshots when asked.
class StepPrinter {
 public:
  StepPrinter(const CliOptions& options, const CliIo& io)
      : options_(options), io_(io), out_(*io.out) {}

  void Header() {
    if (options_.format == OutputFormat::kTable) {
      Write(runtime::TraceTableHeader() + "\n");
    }
  }

  absl::Status Print(const runtime::TraceStep& step,
                     const blocks::WorkoutSession& session) {
    std::optional<std::string> snapshot;
    if (options_.snapshot) {
      absl::StatusOr<std::string> text = SnapshotText(session, options_.format);
      if (!text.ok()) return text.status();
      snapshot = *std::move(text);
    }
    if (options_.format == OutputFormat::kJson) {
      Write(StepToJson(step, snapshot) + "\n");
      return OutStatus(io_);
    }
    Write(step.Row() + "\n");
    if (snapshot.has_value()) {
      // Indented under its row so the table stays readable; a markdown
      // reader ends the table there, which is why --verify never reads it.
      std::istringstream lines(*snapshot);
      for (std::string line; std::getline(lines, line);) {
        Write("    " + line + "\n");
      }
    }
    return OutStatus(io_);
  }

  // Bytes printed so far (the --auto output bound counts them).
  [[nodiscard]] int64_t bytes() const { return bytes_; }

 private:
  void Write(const std::string& text) {
    out_ << text;
    bytes_ += static_cast<int64_t>(text.size());
  }

  const CliOptions& options_;
  const CliIo& io_;
  std::ostream& out_;
  int64_t bytes_ = 0;
};

// --record and --export-trace around one run: the recording is written as
// the session runs (one flushed line per step), the trace at the end.
// Inactive (every call a no-op) when neither flag is given.
class RunRecorder {
 public:
  // Errors: the recording file cannot be created (exit status 2).
  static absl::StatusOr<std::unique_ptr<RunRecorder>> Open(
      const CliOptions& options, blocks::WorkoutSession& session,
      std::string_view script) {
    auto recorder = std::unique_ptr<RunRecorder>(new RunRecorder());
    recorder->trace_path_ = options.export_trace;
    recorder->record_path_ = options.record;
    if (options.record.empty() && options.export_trace.empty()) {
      return recorder;
    }
    if (!options.record.empty()) {
      // Written under its final name, one flushed line per step: a crash
      // keeps every complete step (docs/spec/recording.md), and --follow
      // reads it while it grows.
      recorder->fd_ = open(options.record.c_str(),
                           O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (recorder->fd_ < 0) return WriteError(options.record, errno);
      recorder->buffer_ = std::make_unique<FdOutputBuffer>(recorder->fd_);
      recorder->file_ = std::make_unique<std::ostream>(recorder->buffer_.get());
    }
    blocks::SessionRecorder::Options recorder_options;
    recorder_options.keep_steps = !options.export_trace.empty();
    absl::StatusOr<std::unique_ptr<blocks::SessionRecorder>> made =
        blocks::SessionRecorder::Create(
            session, script,
            options.file == "-" ? "<stdin>" : BaseName(options.file),
            recorder->file_.get(), recorder_options);
    if (!made.ok()) return recorder->Named(made.status());
    recorder->recorder_ = *std::move(made);
    return recorder;
  }

  absl::Status Step(const runtime::TraceStep& step,
                    const std::optional<runtime::StepCommand>& command) {
    if (recorder_ == nullptr) return absl::OkStatus();
    return Named(recorder_->Record(step, command));
  }

  // Writes the end line and the trace file.
  absl::Status Finish() {
    if (recorder_ == nullptr) return absl::OkStatus();
    if (absl::Status s = Named(recorder_->Finish()); !s.ok()) return s;
    if (fd_ >= 0) {
      const int fd = fd_;
      fd_ = -1;
      if (close(fd) != 0) return WriteError(record_path_, errno);
    }
    if (trace_path_.empty()) return absl::OkStatus();
    return WriteTrace(trace_path_, recorder_->recording());
  }

  // Temp file + rename: a failed export leaves any older trace intact.
  static absl::Status WriteTrace(const std::string& path,
                                 const blocks::Recording& recording) {
    return WriteFileAtomically(path, blocks::ExportChromeTrace(recording));
  }

  ~RunRecorder() {
    recorder_.reset();
    file_.reset();
    buffer_.reset();
    if (fd_ >= 0) close(fd_);
  }
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

 private:
  RunRecorder() = default;

  // The recorder's DataLoss ("cannot write the recording") with the path
  // and the errno our buffer kept.
  absl::Status Named(absl::Status status) const {
    if (status.ok() || !absl::IsDataLoss(status) || buffer_ == nullptr) {
      return status;
    }
    return WriteError(record_path_, buffer_->error());
  }

  int fd_ = -1;
  std::unique_ptr<FdOutputBuffer> buffer_;
  std::unique_ptr<std::ostream> file_;
  std::string record_path_;
  std::string trace_path_;
  std::unique_ptr<blocks::SessionRecorder> recorder_;
};

// What --steps and --auto both start from: the script read, the session
// created and the recorder opened (a no-op without --record/--export-trace).
struct OpenedRun {
  std::string script;
  int64_t script_errors = 0;  // error diagnostics of the parse
  std::unique_ptr<blocks::WorkoutSession> session;
  std::unique_ptr<RunRecorder> recorder;
  // --publish: the session's sink; null without the flag.
  std::unique_ptr<attach::SessionPublisher> publisher;
};

}  // namespace

absl::StatusOr<std::unique_ptr<attach::SessionPublisher>> OpenPublisher(
    const CliOptions& options, std::string_view script,
    runtime::SessionSink* forward, const CliIo& io) {
  if (options.publish.empty()) {
    return std::unique_ptr<attach::SessionPublisher>();
  }
  attach::SessionPublisherOptions publisher_options;
  publisher_options.source =
      options.file == "-" ? kStdinName : BaseName(options.file);
  publisher_options.forward = forward;
  absl::StatusOr<std::unique_ptr<attach::SessionPublisher>> publisher =
      attach::SessionPublisher::Listen(options.publish, script,
                                       std::move(publisher_options));
  if (!publisher.ok()) {
    return absl::Status(publisher.status().code(),
                        fmt::format("--publish {}: {}", options.publish,
                                    Message(publisher.status())));
  }
  if (options.publish_wait) {
    // Said on stderr, so a user who forgot to start the debugger knows
    // why nothing happens; stdout keeps the trace only.
    *io.err << fmt::format("wod-run: waiting for a debugger on {}\n",
                           options.publish)
            << std::flush;
    absl::Status waited =
        (*publisher)->WaitForClients(1, absl::InfiniteDuration());
    if (!waited.ok()) return waited;
  }
  return publisher;
}

void FinishPublisher(attach::SessionPublisher* publisher, const CliIo& io) {
  if (publisher == nullptr) return;
  // A debugger that does not read the end in time is cut off; the run's
  // own result does not depend on it (docs/attach.md "Guarantees").
  const absl::Status finished = publisher->Finish(kPublishFlushTimeout);
  if (!finished.ok())
    *io.err << "wod-run: warning: " << Message(finished) << "\n";
}

namespace {

// Fills `run`, or prints why not and returns the exit status.
int OpenRun(const CliOptions& options, const CliIo& io, OpenedRun& run) {
  absl::StatusOr<std::string> script = ReadScript(options.file, io);
  if (!script.ok()) {
    *io.err << "wod-run: " << Message(script.status()) << "\n";
    return kExitUsage;
  }
  run.script = *std::move(script);
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
      blocks::WorkoutSession::Create(run.script);
  if (!session.ok()) {
    *io.err << "wod-run: " << Message(session.status()) << "\n";
    return kExitFailed;
  }
  run.session = *std::move(session);
  run.script_errors =
      ReportDiagnostics(options.file, run.session->parsed(), io);
  absl::StatusOr<std::unique_ptr<RunRecorder>> recorder =
      RunRecorder::Open(options, *run.session, run.script);
  if (!recorder.ok()) {
    *io.err << "wod-run: " << Message(recorder.status()) << "\n";
    return kExitUsage;
  }
  run.recorder = *std::move(recorder);
  absl::StatusOr<std::unique_ptr<attach::SessionPublisher>> publisher =
      OpenPublisher(options, run.script, nullptr, io);
  if (!publisher.ok()) {
    *io.err << "wod-run: " << Message(publisher.status()) << "\n";
    return kExitUsage;
  }
  run.publisher = *std::move(publisher);
  if (run.publisher != nullptr) run.session->AttachSink(run.publisher.get());
  return kExitOk;
}

// Records one step, then prints it, so the recording holds every step the
// table shows.
absl::Status RecordAndPrint(
    OpenedRun& run, StepPrinter& printer, const runtime::TraceStep& step,
    const std::optional<runtime::StepCommand>& command) {
  absl::Status status = run.recorder->Step(step, command);
  if (status.ok()) status = printer.Print(step, *run.session);
  return status;
}

// Ends a stepped run: stdout first, since a run whose table was lost must
// not then commit a trace. Reports the first error and returns its exit
// status, or kExitOk.
int FinishRun(OpenedRun& run, const CliIo& io, absl::Status printed) {
  FinishPublisher(run.publisher.get(), io);
  if (printed.ok()) printed = FlushOut(io);
  if (printed.ok()) printed = run.recorder->Finish();
  if (!printed.ok()) {
    *io.err << "wod-run: " << Message(printed) << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int RunSteps(const CliOptions& options, const CliIo& io) {
  // Parse the commands before anything else: a bad --steps runs nothing.
  absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(options.steps);
  if (!commands.ok()) {
    *io.err << Message(commands.status()) << "\n";
    return kExitUsage;
  }
  OpenedRun run;
  if (const int exit_code = OpenRun(options, io, run); exit_code != kExitOk) {
    return exit_code;
  }
  StepPrinter printer(options, io);
  printer.Header();
  runtime::TraceStep first = run.session->Start();
  absl::Status printed = RecordAndPrint(run, printer, first, std::nullopt);
  for (const runtime::StepCommand& command : *commands) {
    if (!printed.ok()) break;
    runtime::TraceStep step = run.session->Apply(command);
    printed = RecordAndPrint(run, printer, step, command);
  }
  if (const int exit_code = FinishRun(run, io, std::move(printed));
      exit_code != kExitOk) {
    return exit_code;
  }
  return run.script_errors > 0 ? kExitFailed : kExitOk;
}

// The bounds of --auto: the defaults (or a test's), with --max-steps and
// --max-virtual-time in place of theirs. The output bound keeps its share
// per step (64 MiB per 100,000 steps) when --max-steps raises the steps.
AutoLimits AutoLimitsOf(const CliOptions& options, AutoLimits limits) {
  if (options.max_steps.has_value()) {
    const AutoLimits defaults;
    const int64_t per_step =
        defaults.max_output_bytes / defaults.max_steps;  // 671 bytes
    limits.max_output_bytes =
        std::max(limits.max_output_bytes, *options.max_steps * per_step);
    limits.max_steps = *options.max_steps;
  }
  if (options.max_virtual_ms.has_value()) {
    limits.max_virtual_ms = *options.max_virtual_ms;
  }
  return limits;
}

int RunAuto(const CliOptions& options, const CliIo& io) {
  OpenedRun run;
  if (const int exit_code = OpenRun(options, io, run); exit_code != kExitOk) {
    return exit_code;
  }
  StepPrinter printer(options, io);
  printer.Header();
  const AutoLimits limits = AutoLimitsOf(options, io.auto_limits);
  AutoPilot pilot;
  RunSummary summary;
  summary.script_errors = run.script_errors;
  runtime::TraceStep step = run.session->Start();
  summary.Add(step);
  absl::Status printed = RecordAndPrint(run, printer, step, std::nullopt);
  bool bounded_out = false;
  bool output_bounded_out = false;
  while (printed.ok()) {
    std::optional<runtime::StepCommand> command = pilot.Next(step);
    if (!command.has_value()) break;
    if (summary.steps >= limits.max_steps ||
        step.t_ms >= limits.max_virtual_ms) {
      bounded_out = true;
      break;
    }
    if (printer.bytes() >= limits.max_output_bytes) {
      bounded_out = true;
      output_bounded_out = true;
      break;
    }
    step = run.session->Apply(*command);
    summary.Add(step);
    printed = RecordAndPrint(run, printer, step, command);
  }
  if (const int exit_code = FinishRun(run, io, std::move(printed));
      exit_code != kExitOk) {
    return exit_code;
  }
  const std::string verdict = bounded_out ? "did not end" : "session ended";
  if (options.format == OutputFormat::kJson) {
    JsonWriter json;
    json.BeginObject();
    json.Key("summary");
    json.BeginObject();
    json.Key("ended");
    json.Bool(!bounded_out);
    json.Key("duration_ms");
    json.Int(summary.duration_ms);
    json.Key("rounds");
    json.Int(summary.rounds);
    json.Key("segments");
    json.Int(summary.segments);
    json.Key("steps");
    json.Int(summary.steps);
    // "errors" counts every error, the script's included; "script_errors"
    // is the parse's share of it.
    json.Key("errors");
    json.Int(summary.errors + summary.script_errors);
    json.Key("script_errors");
    json.Int(summary.script_errors);
    json.EndObject();
    json.EndObject();
    *io.out << json.str() << "\n";
  } else {
    *io.out << "\n" << verdict << ": " << summary.Text() << "\n";
  }
  if (output_bounded_out) {
    *io.err << fmt::format(
        "wod-run: --auto stopped: the output passed {} bytes before the "
        "session ended\n",
        limits.max_output_bytes);
    return kExitFailed;
  }
  if (bounded_out) {
    *io.err << fmt::format(
        "wod-run: --auto stopped: the session did not end within {} steps or "
        "{} of virtual time\n",
        limits.max_steps, FormatDuration(limits.max_virtual_ms));
    return kExitFailed;
  }
  return run.script_errors > 0 ? kExitFailed : kExitOk;
}

int RunCheck(const CliOptions& options, const CliIo& io) {
  absl::StatusOr<std::string> script = ReadScript(options.file, io);
  if (!script.ok()) {
    *io.err << "wod-run: " << Message(script.status()) << "\n";
    return kExitUsage;
  }
  const blocks::ParseResult parsed = blocks::Parse(*script);
  const std::string name = options.file == "-" ? kStdinName : options.file;
  if (options.fix) {
    // docs/spec/language.md §12.3: the script with every fix-it applied, on
    // stdout; the file itself is never written.
    *io.out << blocks::ApplyFixIts(*script, parsed.diagnostics);
    return kExitOk;  // write errors: the final flush in RunWodRun
  }
  for (const blocks::Diagnostic& d : parsed.diagnostics) {
    if (options.format == OutputFormat::kJson) {
      base::JsonWriter out;
      out.BeginObject();
      out.Key("file").String(name);
      out.Key("line").Int(d.line);
      out.Key("column").Int(d.column);
      out.Key("severity")
          .String(d.severity == blocks::Severity::kError ? "error" : "warning");
      out.Key("message").String(d.message);
      if (d.fix) {
        out.Key("fix").BeginObject();
        out.Key("line").Int(d.fix->line);
        out.Key("column").Int(d.fix->column);
        out.Key("end_column").Int(d.fix->end_column);
        out.Key("replacement").String(d.fix->replacement);
        out.EndObject();
      }
      out.EndObject();
      *io.out << out.str() << "\n";
    } else {
      *io.out << name << ":" << d.ToString() << "\n";
    }
  }
  return parsed.HasErrors() ? kExitFailed : kExitOk;
}

// --replay: stream the recording (one line and one step in memory,
// docs/spec/recording.md §8.4), re-running each step as it is read and
// comparing every field; the complete steps before any damage are replayed.
// With
// --export-trace the steps are kept for the trace, which needs them all.
int RunReplay(const CliOptions& options, const CliIo& io) {
  absl::StatusOr<int> fd = OpenForReading(options.replay);
  if (!fd.ok()) {
    *io.err << "wod-run: " << Message(fd.status()) << "\n";
    return kExitUsage;
  }
  const int file = *fd;
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{file};
  FdInputBuffer buffer(file);
  std::istream in(&buffer);
  absl::StatusOr<std::unique_ptr<blocks::RecordingReader>> reader =
      blocks::RecordingReader::Open(in);
  if (!reader.ok()) {
    if (buffer.error() != 0) {
      *io.err << fmt::format("wod-run: cannot read '{}': {}\n", options.replay,
                             std::strerror(buffer.error()));
      return kExitUsage;
    }
    *io.err << "wod-run: " << options.replay << ": " << Message(reader.status())
            << "\n";
    return kExitFailed;
  }
  std::optional<blocks::Recording> kept;
  absl::StatusOr<blocks::ReplayReport> report;
  if (options.export_trace.empty()) {
    report = blocks::ReplayRecording(**reader);
  } else {
    kept.emplace();
    kept->header = (*reader)->header();
    blocks::RecordedStep step;
    while ((*reader)->Next(step)) kept->steps.push_back(std::move(step));
    kept->error = (*reader)->error();
    kept->ended = (*reader)->ended();
    report = blocks::ReplayRecording(*kept);
  }
  if (buffer.error() != 0) {
    *io.err << fmt::format("wod-run: cannot read '{}': {}\n", options.replay,
                           std::strerror(buffer.error()));
    return kExitUsage;
  }
  const blocks::RecordingReader& read = **reader;
  int status = kExitOk;
  if (!read.error().ok()) {
    *io.err << fmt::format(
        "wod-run: {}: {} (the {} complete steps before it are replayed)\n",
        options.replay, Message(read.error()), read.steps());
    status = kExitFailed;
  } else if (!read.ended()) {
    *io.err << fmt::format(
        "wod-run: {}: no end line: the recording stops after {} steps (the "
        "writer did not finish)\n",
        options.replay, read.steps());
  }
  if (!report.ok()) {
    *io.err << "wod-run: " << options.replay
            << ": replay differs: " << Message(report.status()) << "\n";
    return kExitFailed;
  }
  *io.out << fmt::format(
      "{}: replayed {} steps, {} ref entries, {} keyframes: identical\n",
      options.replay, report->steps, report->refs, report->keyframes);
  if (!options.export_trace.empty()) {
    absl::Status written = FlushOut(io);
    if (written.ok()) {
      written = RunRecorder::WriteTrace(options.export_trace, *kept);
    }
    if (!written.ok()) {
      *io.err << "wod-run: " << Message(written) << "\n";
      return kExitUsage;
    }
  }
  return status;
}

int RunVerify(const CliOptions& options, const CliIo& io) {
  std::vector<ScenarioSource> files;
  for (const std::string& path : options.verify_files) {
    absl::StatusOr<std::string> text = ReadFileText(path);
    if (!text.ok()) {
      *io.err << "wod-run: " << Message(text.status()) << "\n";
      return kExitUsage;
    }
    files.push_back(ScenarioSource{BaseName(path), *std::move(text)});
  }
  std::optional<ScenarioSource> deviations;
  if (!options.deviations.empty()) {
    absl::StatusOr<std::string> text = ReadFileText(options.deviations);
    if (!text.ok()) {
      *io.err << "wod-run: " << Message(text.status()) << "\n";
      return kExitUsage;
    }
    deviations = ScenarioSource{BaseName(options.deviations), *std::move(text)};
  }
  const CaseRunner runner =
      [](std::string_view script,
         const std::vector<runtime::StepCommand>& commands)
      -> absl::StatusOr<std::vector<std::string>> {
    absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
        blocks::WorkoutSession::Create(script);
    if (!session.ok()) return session.status();
    std::vector<std::string> rows;
    rows.push_back((*session)->Start().Row());
    for (const runtime::StepCommand& command : commands) {
      rows.push_back((*session)->Apply(command).Row());
    }
    return rows;
  };
  absl::StatusOr<VerifyReport> report = VerifyScenarios(
      files, deviations.has_value() ? &*deviations : nullptr, runner);
  if (!report.ok()) {
    *io.err << "wod-run: " << Message(report.status()) << "\n";
    return kExitUsage;
  }
  if (report->cases.empty()) {
    // An empty file, a README or a CR-only file: "0 passed" would read as
    // success although nothing was checked.
    *io.err << "wod-run: no cases found in "
            << (options.verify_files.size() == 1 ? "'" + files[0].name + "'"
                                                 : "the given files")
            << " (a case is a '## ' heading, a script block and a step "
               "table)\n";
    return kExitUsage;
  }
  *io.out << report->text;
  return report->failed > 0 ? kExitFailed : kExitOk;
}

// Refuses an output (--record, --export-trace, stdout) that is an input or
// another output, before anything is opened: `--auto x.wod --export-trace
// x.wod` would replace the script by its own trace.
absl::Status CheckOutputs(const CliOptions& options, const CliIo& io) {
  if (options.record.empty() && options.export_trace.empty()) {
    return absl::OkStatus();
  }
  std::vector<NamedFile> inputs;
  if (!options.file.empty() && options.file != "-") {
    inputs.push_back({"the script", options.file, -1});
  } else if (options.file == "-" && io.stdin_fd >= 0) {
    inputs.push_back({"the script on <stdin>", "", io.stdin_fd});
  }
  if (!options.replay.empty()) {
    inputs.push_back({"the recording", options.replay, -1});
  }
  std::vector<NamedFile> outputs;
  if (io.stdout_fd >= 0) outputs.push_back({kStdoutName, "", io.stdout_fd});
  if (!options.record.empty()) {
    outputs.push_back({"--record", options.record, -1});
  }
  if (!options.export_trace.empty()) {
    outputs.push_back({"--export-trace", options.export_trace, -1});
  }
  return CheckOutputIdentities(inputs, outputs);
}

int RunMode(const CliOptions& options, const CliIo& io) {
  switch (options.mode) {
    case CliMode::kHelp:
      *io.out << CliUsage();
      return kExitOk;
    case CliMode::kSteps:
      return RunSteps(options, io);
    case CliMode::kAuto:
      return RunAuto(options, io);
    case CliMode::kCheck:
      return RunCheck(options, io);
    case CliMode::kVerify:
      return RunVerify(options, io);
    case CliMode::kReplay:
      return RunReplay(options, io);
    case CliMode::kRealtime: {
      if (isatty(io.input_fd) == 0) {
        *io.err << "wod-run: --realtime needs a terminal on stdin (it reads "
                   "Enter/q keys); without one use --auto or --steps\n";
        return kExitUsage;
      }
      if (options.file == "-") {
        *io.err << "wod-run: --realtime reads keys from stdin, so the script "
                   "must be a file, not -\n";
        return kExitUsage;
      }
      absl::StatusOr<std::string> script = ReadScript(options.file, io);
      if (!script.ok()) {
        *io.err << "wod-run: " << Message(script.status()) << "\n";
        return kExitUsage;
      }
      return RunRealtime(BaseName(options.file), *script, io, options);
    }
  }
  return kExitUsage;
}

}  // namespace

int RunWodRun(const std::vector<std::string>& args, const CliIo& io) {
  absl::StatusOr<CliOptions> options = ParseCliOptions(args);
  if (!options.ok()) {
    *io.err << "wod-run: " << Message(options.status()) << "\n";
    return kExitUsage;
  }
  if (absl::Status distinct = CheckOutputs(*options, io); !distinct.ok()) {
    *io.err << "wod-run: " << Message(distinct) << "\n";
    return kExitUsage;
  }
  const int status = RunMode(*options, io);
  // Whatever is still buffered: a full disk or a closed stdout must not
  // pass for success. A mode that already reported a write error (2) has
  // nothing more to say.
  io.out->flush();
  if (const absl::Status written = OutStatus(io);
      !written.ok() && status != kExitUsage) {
    *io.err << "wod-run: " << Message(written) << "\n";
    return kExitUsage;
  }
  return status;
}

}  // namespace wod::cli
