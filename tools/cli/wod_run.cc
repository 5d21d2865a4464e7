#include "tools/cli/wod_run.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
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
#include "blocks/chrome_trace.h"
#include "blocks/parser.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "blocks/workout_session.h"
#include "fmt/format.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"
#include "tools/cli/cli_options.h"
#include "tools/cli/json_writer.h"
#include "tools/cli/realtime_run.h"
#include "tools/cli/snapshot_text.h"
#include "tools/cli/trace_verifier.h"

namespace wod::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

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
  std::string text((std::istreambuf_iterator<char>(*io.in)),
                   std::istreambuf_iterator<char>());
  if (io.in->bad()) {
    return absl::FailedPreconditionError("cannot read the script from stdin");
  }
  return text;
}

// Prints steps as table rows or JSON lines, with snapshots when asked.
class StepPrinter {
 public:
  StepPrinter(const CliOptions& options, std::ostream& out)
      : options_(options), out_(out) {}

  void Header() {
    if (options_.format == OutputFormat::kTable) {
      out_ << runtime::TraceTableHeader() << "\n";
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
      out_ << StepToJson(step, snapshot) << "\n";
      return absl::OkStatus();
    }
    out_ << step.Row() << "\n";
    if (snapshot.has_value()) {
      // Indented under its row so the table stays readable; a markdown
      // reader ends the table there, which is why --verify never reads it.
      std::istringstream lines(*snapshot);
      for (std::string line; std::getline(lines, line);) {
        out_ << "    " << line << "\n";
      }
    }
    return absl::OkStatus();
  }

 private:
  const CliOptions& options_;
  std::ostream& out_;
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
    if (options.record.empty() && options.export_trace.empty()) {
      return recorder;
    }
    if (!options.record.empty()) {
      recorder->file_.open(options.record, std::ios::binary | std::ios::trunc);
      if (!recorder->file_) {
        return absl::FailedPreconditionError(fmt::format(
            "cannot write '{}': {}", options.record, std::strerror(errno)));
      }
    }
    blocks::SessionRecorder::Options recorder_options;
    recorder_options.keep_steps = !options.export_trace.empty();
    absl::StatusOr<std::unique_ptr<blocks::SessionRecorder>> made =
        blocks::SessionRecorder::Create(
            session, script,
            options.file == "-" ? "<stdin>" : BaseName(options.file),
            options.record.empty() ? nullptr : &recorder->file_,
            recorder_options);
    if (!made.ok()) return made.status();
    recorder->recorder_ = *std::move(made);
    return recorder;
  }

  absl::Status Step(const runtime::TraceStep& step,
                    const std::optional<runtime::StepCommand>& command) {
    if (recorder_ == nullptr) return absl::OkStatus();
    return recorder_->Record(step, command);
  }

  // Writes the end line and the trace file.
  absl::Status Finish() {
    if (recorder_ == nullptr) return absl::OkStatus();
    if (absl::Status s = recorder_->Finish(); !s.ok()) return s;
    if (trace_path_.empty()) return absl::OkStatus();
    return WriteTrace(trace_path_, recorder_->recording());
  }

  static absl::Status WriteTrace(const std::string& path,
                                 const blocks::Recording& recording) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
      return absl::FailedPreconditionError(
          fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
    }
    out << blocks::ExportChromeTrace(recording);
    out.flush();
    if (!out) {
      return absl::DataLossError(fmt::format("cannot write '{}'", path));
    }
    return absl::OkStatus();
  }

 private:
  RunRecorder() = default;
  std::ofstream file_;
  std::string trace_path_;
  std::unique_ptr<blocks::SessionRecorder> recorder_;
};

// What --steps and --auto both start from: the script read, the session
// created and the recorder opened (a no-op without --record/--export-trace).
struct OpenedRun {
  std::string script;
  std::unique_ptr<blocks::WorkoutSession> session;
  std::unique_ptr<RunRecorder> recorder;
};

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
  absl::StatusOr<std::unique_ptr<RunRecorder>> recorder =
      RunRecorder::Open(options, *run.session, run.script);
  if (!recorder.ok()) {
    *io.err << "wod-run: " << Message(recorder.status()) << "\n";
    return kExitUsage;
  }
  run.recorder = *std::move(recorder);
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
  StepPrinter printer(options, *io.out);
  printer.Header();
  runtime::TraceStep first = run.session->Start();
  absl::Status printed = run.recorder->Step(first, std::nullopt);
  if (printed.ok()) printed = printer.Print(first, *run.session);
  for (const runtime::StepCommand& command : *commands) {
    if (!printed.ok()) break;
    runtime::TraceStep step = run.session->Apply(command);
    printed = run.recorder->Step(step, command);
    if (printed.ok()) printed = printer.Print(step, *run.session);
  }
  if (printed.ok()) printed = run.recorder->Finish();
  if (!printed.ok()) {
    *io.err << "wod-run: " << Message(printed) << "\n";
    return kExitFailed;
  }
  return kExitOk;
}

int RunAuto(const CliOptions& options, const CliIo& io) {
  OpenedRun run;
  if (const int exit_code = OpenRun(options, io, run); exit_code != kExitOk) {
    return exit_code;
  }
  StepPrinter printer(options, *io.out);
  printer.Header();
  AutoPilot pilot;
  RunSummary summary;
  runtime::TraceStep step = run.session->Start();
  summary.Add(step);
  absl::Status printed = run.recorder->Step(step, std::nullopt);
  if (printed.ok()) printed = printer.Print(step, *run.session);
  bool bounded_out = false;
  while (printed.ok()) {
    std::optional<runtime::StepCommand> command = pilot.Next(step);
    if (!command.has_value()) break;
    if (summary.steps >= io.auto_limits.max_steps ||
        step.t_ms >= io.auto_limits.max_virtual_ms) {
      bounded_out = true;
      break;
    }
    step = run.session->Apply(*command);
    summary.Add(step);
    printed = run.recorder->Step(step, command);
    if (printed.ok()) printed = printer.Print(step, *run.session);
  }
  if (printed.ok()) printed = run.recorder->Finish();
  if (!printed.ok()) {
    *io.err << "wod-run: " << Message(printed) << "\n";
    return kExitFailed;
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
    json.Key("errors");
    json.Int(summary.errors);
    json.EndObject();
    json.EndObject();
    *io.out << json.str() << "\n";
  } else {
    *io.out << "\n" << verdict << ": " << summary.Text() << "\n";
  }
  if (bounded_out) {
    *io.err << fmt::format(
        "wod-run: --auto stopped: the session did not end within {} steps or "
        "{} of virtual time\n",
        io.auto_limits.max_steps,
        FormatDuration(io.auto_limits.max_virtual_ms));
    return kExitFailed;
  }
  return kExitOk;
}

int RunCheck(const CliOptions& options, const CliIo& io) {
  absl::StatusOr<std::string> script = ReadScript(options.file, io);
  if (!script.ok()) {
    *io.err << "wod-run: " << Message(script.status()) << "\n";
    return kExitUsage;
  }
  const blocks::ParseResult parsed = blocks::Parse(*script);
  const std::string name = options.file == "-" ? "<stdin>" : options.file;
  for (const blocks::Diagnostic& d : parsed.diagnostics) {
    *io.out << name << ":" << d.ToString() << "\n";
  }
  return parsed.HasErrors() ? kExitFailed : kExitOk;
}

// --replay: load the recording (keeping the complete steps before any
// damage), re-run them and check rows, mutations and keyframes.
int RunReplay(const CliOptions& options, const CliIo& io) {
  absl::StatusOr<std::string> text = ReadFileText(options.replay);
  if (!text.ok()) {
    *io.err << "wod-run: " << Message(text.status()) << "\n";
    return kExitUsage;
  }
  absl::StatusOr<blocks::Recording> recording = blocks::LoadRecording(*text);
  if (!recording.ok()) {
    *io.err << "wod-run: " << options.replay << ": "
            << Message(recording.status()) << "\n";
    return kExitFailed;
  }
  int status = kExitOk;
  if (!recording->error.ok()) {
    *io.err << fmt::format(
        "wod-run: {}: {} (the {} complete steps before it are replayed)\n",
        options.replay, Message(recording->error), recording->steps.size());
    status = kExitFailed;
  } else if (!recording->ended) {
    *io.err << fmt::format(
        "wod-run: {}: no end line: the recording stops after {} steps (the "
        "writer did not finish)\n",
        options.replay, recording->steps.size());
  }
  absl::StatusOr<blocks::ReplayReport> report =
      blocks::ReplayRecording(*recording);
  if (!report.ok()) {
    *io.err << "wod-run: " << options.replay
            << ": replay differs: " << Message(report.status()) << "\n";
    return kExitFailed;
  }
  *io.out << fmt::format(
      "{}: replayed {} steps, {} mutations, {} keyframe snapshots: identical\n",
      options.replay, report->steps, report->mutations, report->keyframes);
  if (!options.export_trace.empty()) {
    absl::Status written =
        RunRecorder::WriteTrace(options.export_trace, *recording);
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
  *io.out << report->text;
  return report->failed > 0 ? kExitFailed : kExitOk;
}

}  // namespace

absl::StatusOr<std::string> ReadFileText(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    const int error = errno;
    const std::string message =
        fmt::format("cannot read '{}': {}", path, std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::FailedPreconditionError(message);
  }
  if (S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read '{}': it is a directory", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    const std::string message =
        fmt::format("cannot read '{}': {}", path, std::strerror(error));
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::FailedPreconditionError(message);
  }
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read '{}': read error", path));
  }
  return text;
}

int RunWodRun(const std::vector<std::string>& args, const CliIo& io) {
  absl::StatusOr<CliOptions> options = ParseCliOptions(args);
  if (!options.ok()) {
    *io.err << "wod-run: " << Message(options.status()) << "\n";
    return kExitUsage;
  }
  switch (options->mode) {
    case CliMode::kHelp:
      *io.out << CliUsage();
      return kExitOk;
    case CliMode::kSteps:
      return RunSteps(*options, io);
    case CliMode::kAuto:
      return RunAuto(*options, io);
    case CliMode::kCheck:
      return RunCheck(*options, io);
    case CliMode::kVerify:
      return RunVerify(*options, io);
    case CliMode::kReplay:
      return RunReplay(*options, io);
    case CliMode::kRealtime: {
      if (isatty(io.input_fd) == 0) {
        *io.err << "wod-run: --realtime needs a terminal on stdin (it reads "
                   "Enter/q keys); without one use --auto or --steps\n";
        return kExitUsage;
      }
      if (options->file == "-") {
        *io.err << "wod-run: --realtime reads keys from stdin, so the script "
                   "must be a file, not -\n";
        return kExitUsage;
      }
      absl::StatusOr<std::string> script = ReadScript(options->file, io);
      if (!script.ok()) {
        *io.err << "wod-run: " << Message(script.status()) << "\n";
        return kExitUsage;
      }
      return RunRealtime(BaseName(options->file), *script, io);
    }
  }
  return kExitUsage;
}

}  // namespace wod::cli
