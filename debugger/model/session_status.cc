#include "debugger/model/session_status.h"

#include "fmt/format.h"

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

std::string ParseErrorWarning(const SessionStatus& status) {
  size_t errors = 0;
  int first_line = 0;
  for (const SourceDiagnostic& d : status.diagnostics) {
    if (!d.error) continue;
    if (errors++ == 0) first_line = d.line;
  }
  if (errors == 0) return "";
  return fmt::format(
      "Script has {} parse error{} (first at line {}): see the Script panel.",
      errors, errors == 1 ? "" : "s", first_line);
}

}  // namespace wod::debugger
