#include "debugger/model/session_driver.h"

#include <fstream>
#include <sstream>

#include "blocks/chrome_trace.h"
#include "blocks/fix_it.h"
#include "debugger/model/publication_timeline.h"
#include "fmt/format.h"
#include "runtime/lifecycle_log.h"
#include "runtime/script_runtime.h"

namespace wod::debugger {

absl::StatusOr<std::unique_ptr<SessionDriver>> SessionDriver::Create(
    std::string source, std::string path) {
  std::unique_ptr<SessionDriver> d(new SessionDriver());
  absl::Status loaded = d->Load(std::move(source), std::move(path));
  if (!loaded.ok()) return loaded;
  return d;
}

absl::Status SessionDriver::Load(std::string source, std::string path) {
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> made =
      blocks::WorkoutSession::Create(source);
  if (!made.ok()) return made.status();
  session_ = std::move(*made);
  builder_ = std::make_unique<runtime::PublicationBuilder>(
      session_->runtime().memory(),
      runtime::PublicationBuilder::Options{kHistoryKeyframeInterval});
  ClearHistory();
  rows_.clear();
  commands_.clear();
  mutable_lifecycle().clear();
  ResetRealTime();
  SessionStatus& status = mutable_status();
  status.state = RunState::kIdle;
  status.source = std::move(source);
  status.path = std::move(path);
  status.error.clear();
  status.stop_reason.clear();
  status.watch_hits.clear();
  status.violations.clear();
  status.steps = 0;
  status.diagnostics.clear();
  for (const blocks::Diagnostic& d : session_->parsed().diagnostics) {
    status.diagnostics.push_back({d.line, d.column,
                                  d.severity == blocks::Severity::kError,
                                  d.message, d.fix});
  }
  status.pending_choice = session_->PendingChoiceToSettle();
  return absl::OkStatus();
}

void SessionDriver::Record(const runtime::TraceStep& step) {
  const runtime::Publication publication = builder_->Build(step);
  rows_.push_back(step.Row());
  std::vector<std::string>& lifecycle = mutable_lifecycle();
  lifecycle.clear();
  for (const runtime::LifecycleEntry& e :
       session_->runtime().lifecycle().Entries()) {
    lifecycle.push_back(fmt::format("t={:>6} {:<8} {:<8} {}", e.t_ms,
                                    runtime::LifecycleKindName(e.kind),
                                    e.block_key, e.detail));
  }
  SessionStatus& status = mutable_status();
  status.pending_choice = session_->PendingChoiceToSettle();
  if (step.session_ended ||
      (status.state != RunState::kIdle && session_->runtime().depth() == 0)) {
    status.state = RunState::kEnded;
  }
  // Watches last: their reason wins over a check's.
  AppendStep(publication);
  CheckOwnershipAfterPop(step);
}

void SessionDriver::CheckOwnershipAfterPop(const runtime::TraceStep& step) {
  bool popped = false;
  for (const runtime::TraceRecord& r : step.emitted) {
    popped = popped || r.kind == "pop";
  }
  if (!popped) return;
  std::vector<OwnershipViolation> v = CheckOwnership(*history().Latest());
  if (v.empty()) return;
  std::string reason = v.front().message;
  for (OwnershipViolation& x : v) {
    mutable_status().violations.push_back(std::move(x));
  }
  // A watch that fired on the same step keeps its reason.
  if (status().stop_reason.empty()) Stop(std::move(reason));
}

void SessionDriver::Start() {
  if (status().state != RunState::kIdle) return;
  mutable_status().state = RunState::kStepping;
  commands_.emplace_back(std::nullopt);
  Record(session_->Start());
}

bool SessionDriver::Apply(const runtime::StepCommand& command) {
  Start();
  // A fired watch or check holds the commands back. An ended session still
  // takes them: the runtime records e.g. `next` on an empty stack as an
  // error, exactly as without the debugger.
  if (status().state == RunState::kStopped) return false;
  commands_.emplace_back(command);
  Record(session_->Apply(command));
  return true;
}

absl::Status SessionDriver::ApplySteps(std::string_view steps) {
  absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(steps);
  if (!commands.ok()) return commands.status();
  Start();
  for (const runtime::StepCommand& c : *commands) {
    if (!Apply(c)) break;
  }
  return absl::OkStatus();
}

void SessionDriver::Tick(int64_t ms) {
  Apply(runtime::MakeStepCommand(runtime::CommandKind::kTick, ms));
}

void SessionDriver::Run() {
  Start();
  SessionStatus& status = mutable_status();
  if (status.state == RunState::kPaused) {
    // Resuming a paused run resumes the timers too (F17: timer:resume).
    Apply(runtime::MakeStepCommand(runtime::CommandKind::kEvent, 0,
                                   "timer:resume"));
  }
  if (status.state == RunState::kStepping ||
      status.state == RunState::kPaused) {
    status.state = RunState::kRunning;
    ResetRealTime();
  }
}

void SessionDriver::PauseOrResume() {
  SessionStatus& status = mutable_status();
  if (status.state != RunState::kRunning) {
    Run();
    return;
  }
  status.state = RunState::kStepping;  // Apply needs a runnable state
  Apply(
      runtime::MakeStepCommand(runtime::CommandKind::kEvent, 0, "timer:pause"));
  if (status.state == RunState::kStepping) status.state = RunState::kPaused;
}

void SessionDriver::OpenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    mutable_status().error = fmt::format("cannot open '{}'", path);
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::Status s = Load(text.str(), path);
  if (!s.ok()) mutable_status().error = s.ToString();
}

void SessionDriver::ApplyFix(int64_t index) {
  const SessionStatus& status = this->status();
  if (index < 0 || static_cast<size_t>(index) >= status.diagnostics.size() ||
      !status.diagnostics[static_cast<size_t>(index)].fix.has_value()) {
    mutable_status().error = "no fix-it to apply";
    return;
  }
  // docs/spec/debugger.md §2.1: the fixed text replaces the session's
  // script (a fresh session, as Reset); the file on disk is not written.
  absl::StatusOr<std::string> fixed = blocks::ApplyFixIt(
      status.source, *status.diagnostics[static_cast<size_t>(index)].fix);
  if (!fixed.ok()) {
    mutable_status().error = std::string(fixed.status().message());
    return;
  }
  std::string path = status.path;
  absl::Status s = Load(*std::move(fixed), std::move(path));
  if (!s.ok()) mutable_status().error = s.ToString();
}

absl::StatusOr<blocks::Recording> SessionDriver::Rerecord(
    std::string* text) const {
  if (commands_.empty()) {
    return absl::FailedPreconditionError(
        "nothing to record yet: start the session first");
  }
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
      blocks::WorkoutSession::Create(status().source);
  if (!session.ok()) return session.status();
  std::ostringstream out;
  blocks::SessionRecorder::Options options;
  options.keep_steps = true;
  std::string name = status().path;
  if (const size_t slash = name.find_last_of('/'); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  absl::StatusOr<std::unique_ptr<blocks::SessionRecorder>> recorder =
      blocks::SessionRecorder::Create(
          **session, status().source, name.empty() ? "<built-in>" : name,
          text != nullptr ? &out : nullptr, options);
  if (!recorder.ok()) return recorder.status();
  for (size_t i = 0; i < commands_.size(); ++i) {
    const runtime::TraceStep step = commands_[i].has_value()
                                        ? (*session)->Apply(*commands_[i])
                                        : (*session)->Start();
    if (i >= rows_.size() || step.Row() != rows_[i]) {
      return absl::InternalError(fmt::format(
          "re-running the session for the recording gave another row at "
          "step {}",
          i));
    }
    if (absl::Status s = (*recorder)->Record(step, commands_[i]); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = (*recorder)->Finish(); !s.ok()) return s;
  if (text != nullptr) *text = out.str();
  return (*recorder)->recording();
}

absl::StatusOr<std::string> SessionDriver::RecordingText() const {
  std::string text;
  absl::StatusOr<blocks::Recording> made = Rerecord(&text);
  if (!made.ok()) return made.status();
  return text;
}

absl::StatusOr<std::string> SessionDriver::ChromeTraceText() const {
  absl::StatusOr<blocks::Recording> made = Rerecord(nullptr);
  if (!made.ok()) return made.status();
  return blocks::ExportChromeTrace(*made);
}

void SessionDriver::Handle(const Intent& intent) {
  if (HandleStatusIntent(intent)) return;
  using K = Intent::Kind;
  switch (intent.kind) {
    case K::kStart:
      Start();
      break;
    case K::kNext:
      // Next after a watch fired steps on: the stop was acknowledged by
      // asking for the next step (docs/spec/debugger.md §2.8).
      if (status().state == RunState::kStopped) {
        HandleStatusIntent(Intent::Of(K::kClearStop));
      }
      Apply(runtime::MakeStepCommand(runtime::CommandKind::kNext));
      break;
    case K::kTick:
      Apply(
          runtime::MakeStepCommand(runtime::CommandKind::kTick, intent.value));
      break;
    case K::kAbort:
      Apply(runtime::MakeStepCommand(runtime::CommandKind::kEvent, 0, "abort"));
      break;
    case K::kRun:
      Run();
      break;
    case K::kPauseResume:
      PauseOrResume();
      break;
    case K::kReset: {
      std::string source = status().source;
      std::string path = status().path;
      absl::Status s = Load(std::move(source), std::move(path));
      if (!s.ok()) mutable_status().error = s.ToString();
      break;
    }
    case K::kOpenFile:
      OpenFile(intent.text);
      break;
    case K::kApplyFix:
      ApplyFix(intent.value);
      break;
    case K::kChoose: {
      runtime::StepCommand choose =
          runtime::MakeStepCommand(runtime::CommandKind::kChoose);
      choose.alternative = static_cast<int>(intent.value);
      Apply(choose);
      break;
    }
    default:
      break;
  }
}

}  // namespace wod::debugger
