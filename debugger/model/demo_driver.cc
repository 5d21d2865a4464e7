#include "debugger/model/demo_driver.h"

#include "fmt/format.h"

namespace wod::debugger {

DemoDriver::DemoDriver(size_t refs) : refs_(refs), gen_(refs) {
  status_.source =
      "(3)\n  5:00 Run\n  10 Pullups\n  15 Squats\n# synthetic frames: " +
      std::to_string(refs) + " refs\n";
  status_.path = fmt::format("demo ({} refs)", refs);
}

void DemoDriver::StepOnce() {
  FramePtr before = history_.Latest();
  FramePtr after = history_.empty() ? gen_.Current() : gen_.Step();
  history_.Append(after);
  status_.steps = static_cast<int64_t>(history_.size());
  lifecycle_.push_back(fmt::format("t={} {}", after->t_ms, after->action));
  if (lifecycle_.size() > 500) lifecycle_.erase(lifecycle_.begin());
  if (before != nullptr) {
    std::vector<WatchHit> hits = EvaluateWatches(watches_, *before, *after);
    if (!hits.empty()) {
      status_.watch_hits = std::move(hits);
      status_.stop_reason = status_.watch_hits.front().message;
      status_.state = RunState::kStopped;
    }
  }
}

void DemoDriver::Handle(const Intent& intent) {
  switch (intent.kind) {
    case Intent::Kind::kStart:
      if (history_.empty()) {
        StepOnce();
        status_.state = RunState::kStepping;
      }
      break;
    case Intent::Kind::kNext:
    case Intent::Kind::kTick:
      if (history_.empty()) break;
      StepOnce();
      break;
    case Intent::Kind::kRun:
      if (!history_.empty()) status_.state = RunState::kRunning;
      break;
    case Intent::Kind::kPauseResume:
      if (status_.state == RunState::kRunning) {
        status_.state = RunState::kPaused;
      } else if (status_.state == RunState::kPaused) {
        status_.state = RunState::kRunning;
      }
      break;
    case Intent::Kind::kAbort:
      status_.state = RunState::kEnded;
      break;
    case Intent::Kind::kReset:
      gen_ = SyntheticFrames(refs_, 8, gen_.version() + 1);
      history_.Clear();
      status_.state = RunState::kIdle;
      status_.steps = 0;
      break;
    case Intent::Kind::kSetSpeed:
      status_.speed = static_cast<int>(intent.value);
      break;
    case Intent::Kind::kSetTickMs:
      status_.tick_ms = intent.value;
      break;
    case Intent::Kind::kClearStop:
      status_.stop_reason.clear();
      status_.watch_hits.clear();
      if (status_.state == RunState::kStopped)
        status_.state = RunState::kStepping;
      break;
    default:
      break;
  }
}

void DemoDriver::Update(int64_t real_ms) {
  if (status_.state != RunState::kRunning) return;
  pending_ms_ += real_ms * status_.speed;
  while (pending_ms_ >= status_.tick_ms &&
         status_.state == RunState::kRunning) {
    pending_ms_ -= status_.tick_ms;
    StepOnce();
  }
}

}  // namespace wod::debugger
