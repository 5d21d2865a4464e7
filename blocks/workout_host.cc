#include "blocks/workout_host.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "runtime/runtime_event.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

runtime::StepCommand Command(runtime::CommandKind kind, int64_t ms = 0,
                             std::string event = "") {
  runtime::StepCommand command;
  command.kind = kind;
  command.ms = ms;
  command.event = std::move(event);
  return command;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WorkoutHost>> WorkoutHost::Create(
    std::string_view source, WorkoutHostOptions options) {
  if (!std::isfinite(options.speed) || options.speed <= 0 ||
      options.speed > 1e6) {
    return absl::InvalidArgumentError(
        "WorkoutHost: speed must be a finite number in (0, 1e6]");
  }
  absl::StatusOr<std::unique_ptr<WorkoutSession>> session =
      WorkoutSession::Create(source);
  if (!session.ok()) return session.status();
  (*session)->AttachSink(options.sink);
  return std::unique_ptr<WorkoutHost>(
      new WorkoutHost(*std::move(session), options.speed));
}

WorkoutHost::WorkoutHost(std::unique_ptr<WorkoutSession> session, double speed)
    : session_(std::move(session)), speed_(speed) {}

void WorkoutHost::Start(Clock::time_point now) {
  if (started_) return;
  started_ = true;
  start_ = now;
  last_ = session_->Start();
  // An empty script pushes nothing: there is nothing to run.
  ended_ = last_.stack.empty();
}

bool WorkoutHost::Tick(Clock::time_point now) {
  Feed(now);
  return !ended_;
}

void WorkoutHost::Next(Clock::time_point now) {
  Feed(now);
  Send(Command(runtime::CommandKind::kNext));
}

void WorkoutHost::Pause(Clock::time_point now) {
  Feed(now);
  Send(Command(runtime::CommandKind::kEvent, 0,
               std::string(runtime::kEventTimerPause)));
}

void WorkoutHost::Resume(Clock::time_point now) {
  Feed(now);
  Send(Command(runtime::CommandKind::kEvent, 0,
               std::string(runtime::kEventTimerResume)));
}

void WorkoutHost::Abort(Clock::time_point now) {
  Feed(now);
  Send(Command(runtime::CommandKind::kEvent, 0,
               std::string(runtime::kEventAbort)));
}

absl::Status WorkoutHost::Choose(int alternative, Clock::time_point now) {
  // Checked before sending, so that the host learns why; the session would
  // record the same refusal as a runtime error (docs/spec/runtime.md §15).
  const std::optional<PendingChoice> pending =
      session_->PendingChoiceToSettle();
  if (!pending.has_value()) {
    return absl::FailedPreconditionError(
        "WorkoutHost::Choose: no choice is pending");
  }
  if (alternative < 1 ||
      alternative > static_cast<int>(pending->images.size())) {
    return absl::OutOfRangeError("WorkoutHost::Choose: the choice on line " +
                                 std::to_string(pending->line) + " has " +
                                 std::to_string(pending->images.size()) +
                                 " alternatives, not " +
                                 std::to_string(alternative));
  }
  Feed(now);
  runtime::StepCommand command = Command(runtime::CommandKind::kChoose);
  command.alternative = alternative;
  Send(command);
  return absl::OkStatus();
}

bool WorkoutHost::paused() const {
  return !last_.stack.empty() && last_.stack.front().paused;
}

void WorkoutHost::Feed(Clock::time_point now) {
  Start(now);
  if (ended_ || now <= start_) return;
  const double real_ms =
      std::chrono::duration<double, std::milli>(now - start_).count();
  // Whole workout milliseconds only; the remainder waits for the next call,
  // so rounding never accumulates drift.
  const auto target = static_cast<int64_t>(std::floor(real_ms * speed_));
  if (target <= fed_ms_) return;
  const int64_t delta = target - fed_ms_;
  fed_ms_ = target;
  Send(Command(runtime::CommandKind::kTick, delta));
}

void WorkoutHost::Send(const runtime::StepCommand& command) {
  if (ended_) return;
  last_ = session_->Apply(command);
  ended_ = last_.stack.empty();
}

}  // namespace wod::blocks
