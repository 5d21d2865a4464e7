#include "debugger/model/session_status.h"

#include "base/enum_table.h"
#include "fmt/format.h"

namespace wod::debugger {

constexpr base::EnumTable<RunState, const char*> kRunStateNames = {
    "Idle", "Stepping", "Running", "Paused", "Stopped", "Ended"};
static_assert(base::NoneEmpty(kRunStateNames), "every RunState needs a name");

const char* RunStateName(RunState state) {
  return base::EnumTableAt(kRunStateNames, state, "?");
}

const char* StateWord(const SessionStatus& status) {
  return status.load.loading ? "Loading" : RunStateName(status.state);
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
