#include "debugger/model/session_driver.h"

#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "runtime/lifecycle_log.h"

namespace wod::debugger {

namespace {

runtime::StepCommand Command(runtime::CommandKind kind, int64_t ms = 0,
                             std::string event = {}) {
  runtime::StepCommand c;
  c.kind = kind;
  c.ms = ms;
  c.event = std::move(event);
  return c;
}

// Real time never feeds more than this many ticks per Update, so a stalled
// frame (or a huge speed × tick ratio) cannot hang the window.
constexpr int kMaxTicksPerUpdate = 256;

}  // namespace

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
  builder_ = FrameBuilder();
  history_.Clear();
  rows_.clear();
  lifecycle_.clear();
  pending_ms_ = 0;
  status_.state = RunState::kIdle;
  status_.source = std::move(source);
  status_.path = std::move(path);
  status_.error.clear();
  status_.stop_reason.clear();
  status_.watch_hits.clear();
  status_.violations.clear();
  status_.steps = 0;
  status_.diagnostics.clear();
  for (const blocks::Diagnostic& d : session_->parsed().diagnostics) {
    status_.diagnostics.push_back(
        {d.line, d.column, d.severity == blocks::Severity::kError, d.message});
  }
  return absl::OkStatus();
}

void SessionDriver::Record(const runtime::TraceStep& step) {
  FramePtr before = history_.Latest();
  FramePtr frame = builder_.Build(session_->runtime(), step, ++version_);
  history_.Append(frame);
  rows_.push_back(step.Row());
  status_.steps = static_cast<int64_t>(history_.size());

  lifecycle_.clear();
  for (const runtime::LifecycleEntry& e :
       session_->runtime().lifecycle().Entries()) {
    lifecycle_.push_back(fmt::format("t={:>6} {:<8} {:<8} {}", e.t_ms,
                                     runtime::LifecycleKindName(e.kind),
                                     e.block_key, e.detail));
  }
  if (step.session_ended ||
      (status_.state != RunState::kIdle && session_->runtime().depth() == 0)) {
    status_.state = RunState::kEnded;
  }
  // Ownership checks after every pop (docs/spec/debugger.md §2.9).
  bool popped = false;
  for (const RecordRow& r : frame->emitted) popped = popped || r.kind == "pop";
  if (popped) {
    std::vector<OwnershipViolation> v = CheckOwnership(*frame);
    if (!v.empty()) {
      status_.stop_reason = v.front().message;
      for (OwnershipViolation& x : v)
        status_.violations.push_back(std::move(x));
      if (status_.state != RunState::kEnded) status_.state = RunState::kStopped;
    }
  }
  if (before != nullptr) {
    std::vector<WatchHit> hits = EvaluateWatches(watches_, *before, *frame);
    if (!hits.empty()) {
      status_.stop_reason = hits.front().message;
      status_.watch_hits = std::move(hits);
      if (status_.state != RunState::kEnded) status_.state = RunState::kStopped;
    }
  }
}

void SessionDriver::Start() {
  if (status_.state != RunState::kIdle) return;
  status_.state = RunState::kStepping;
  Record(session_->Start());
}

bool SessionDriver::Apply(const runtime::StepCommand& command) {
  Start();
  // A fired watch or check holds the commands back. An ended session still
  // takes them: the runtime records e.g. `next` on an empty stack as an
  // error, exactly as without the debugger.
  if (status_.state == RunState::kStopped) return false;
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

void SessionDriver::Handle(const Intent& intent) {
  using K = Intent::Kind;
  switch (intent.kind) {
    case K::kStart:
      Start();
      break;
    case K::kNext:
      Apply(Command(runtime::CommandKind::kNext));
      break;
    case K::kTick:
      Apply(Command(runtime::CommandKind::kTick, intent.value));
      break;
    case K::kAbort:
      Apply(Command(runtime::CommandKind::kEvent, 0, "abort"));
      break;
    case K::kRun:
      Start();
      if (status_.state == RunState::kPaused) {
        // Resuming a paused run resumes the timers too (F17: timer:resume).
        Apply(Command(runtime::CommandKind::kEvent, 0, "timer:resume"));
      }
      if (status_.state == RunState::kStepping ||
          status_.state == RunState::kPaused) {
        status_.state = RunState::kRunning;
        pending_ms_ = 0;
      }
      break;
    case K::kPauseResume:
      if (status_.state == RunState::kRunning) {
        status_.state = RunState::kStepping;  // Apply needs a runnable state
        Apply(Command(runtime::CommandKind::kEvent, 0, "timer:pause"));
        if (status_.state == RunState::kStepping)
          status_.state = RunState::kPaused;
      } else {
        Handle(Intent::Of(K::kRun));
      }
      break;
    case K::kReset: {
      std::string source = status_.source;
      std::string path = status_.path;
      absl::Status s = Load(std::move(source), std::move(path));
      if (!s.ok()) status_.error = s.ToString();
      break;
    }
    case K::kOpenFile: {
      std::ifstream in(intent.text, std::ios::binary);
      if (!in) {
        status_.error = fmt::format("cannot open '{}'", intent.text);
        break;
      }
      std::stringstream text;
      text << in.rdbuf();
      absl::Status s = Load(text.str(), intent.text);
      if (!s.ok()) status_.error = s.ToString();
      break;
    }
    case K::kSetSpeed:
      if (intent.value > 0 && intent.value <= 1000) {
        status_.speed = static_cast<int>(intent.value);
      }
      break;
    case K::kSetTickMs:
      if (intent.value > 0) status_.tick_ms = intent.value;
      break;
    case K::kClearStop:
      status_.stop_reason.clear();
      status_.watch_hits.clear();
      if (status_.state == RunState::kStopped)
        status_.state = RunState::kStepping;
      break;
    default:
      break;
  }
}

void SessionDriver::Update(int64_t real_ms) {
  if (status_.state != RunState::kRunning || real_ms <= 0) return;
  pending_ms_ += real_ms * status_.speed;
  for (int i = 0; i < kMaxTicksPerUpdate && pending_ms_ >= status_.tick_ms &&
                  status_.state == RunState::kRunning;
       ++i) {
    pending_ms_ -= status_.tick_ms;
    Apply(Command(runtime::CommandKind::kTick, status_.tick_ms));
  }
  if (pending_ms_ > status_.tick_ms * kMaxTicksPerUpdate) pending_ms_ = 0;
}

}  // namespace wod::debugger
