#include "debugger/model/demo_driver.h"

#include "fmt/format.h"

namespace wod::debugger {

namespace {

// The demo keeps as many lifecycle lines as the runtime's ring buffer.
constexpr size_t kLifecycleLines = 500;

}  // namespace

DemoDriver::DemoDriver(size_t refs) : refs_(refs), gen_(refs) {
  SessionStatus& status = mutable_status();
  status.source =
      "(3)\n  5:00 Run\n  10 Pullups\n  15 Squats\n# synthetic frames: " +
      std::to_string(refs) + " refs\n";
  status.path = fmt::format("demo ({} refs)", refs);
}

void DemoDriver::StepOnce() {
  FramePtr after = history().empty() ? gen_.Current() : gen_.Step();
  std::vector<std::string>& lifecycle = mutable_lifecycle();
  lifecycle.push_back(fmt::format("t={} {}", after->t_ms, after->action));
  if (lifecycle.size() > kLifecycleLines) lifecycle.erase(lifecycle.begin());
  AppendStep(std::move(after));
}

void DemoDriver::Handle(const Intent& intent) {
  if (HandleStatusIntent(intent)) return;
  SessionStatus& status = mutable_status();
  switch (intent.kind) {
    case Intent::Kind::kStart:
      if (history().empty()) {
        StepOnce();
        status.state = RunState::kStepping;
      }
      break;
    case Intent::Kind::kNext:
    case Intent::Kind::kTick:
      if (history().empty()) break;
      StepOnce();
      break;
    case Intent::Kind::kRun:
      if (!history().empty()) status.state = RunState::kRunning;
      break;
    case Intent::Kind::kPauseResume:
      if (status.state == RunState::kRunning) {
        status.state = RunState::kPaused;
      } else if (status.state == RunState::kPaused) {
        status.state = RunState::kRunning;
      }
      break;
    case Intent::Kind::kAbort:
      status.state = RunState::kEnded;
      break;
    case Intent::Kind::kReset:
      gen_ = SyntheticFrames(refs_, 8, gen_.version() + 1);
      mutable_history().Clear();
      status.state = RunState::kIdle;
      status.steps = 0;
      break;
    default:
      break;
  }
}

}  // namespace wod::debugger
