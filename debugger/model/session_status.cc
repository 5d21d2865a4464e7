#include "debugger/model/session_status.h"

namespace wod::debugger {

const char* RunStateName(RunState state) {
  switch (state) {
    case RunState::kIdle:
      return "Idle";
    case RunState::kStepping:
      return "Stepping";
    case RunState::kRunning:
      return "Running";
    case RunState::kPaused:
      return "Paused";
    case RunState::kStopped:
      return "Stopped";
    case RunState::kEnded:
      return "Ended";
  }
  return "?";
}

}  // namespace wod::debugger
