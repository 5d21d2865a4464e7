// libFuzzer target for whole runs: a fuzzed script driven to its end by the
// `wod-run --auto` pilot (tools/cli/auto_pilot.h), as a user without a
// terminal would run it. Where fuzz_session checks the runtime's invariants
// under arbitrary commands, this target checks that every step does bounded
// work (docs/spec/runtime.md §13.21; docs/spec/step-trace.md §2):
//   - at most kMaxTransitionsPerStep block transitions (push + pop records);
//   - at most kMaxRowBytesPerStep bytes of printed row;
//   - the run ends (stack empty) or stops at the pilot's step bound.
//
// Input: the script bytes, at most kMaxScriptBytes of them. A step's output is
// linear in the script, never more: a group of N `+` compose lines pops N
// segments in one step (about 130 bytes each, labels cut at 80 code points),
// so 64 KB per step holds for scripts up to 2 KB (a 4 KB script of bare
// `  + x` lines prints an 86 KB row). Runs longer than kMaxSteps steps are
// cut, as `--auto` cuts them at its own (larger) bound.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"

namespace {

constexpr int64_t kMaxTransitionsPerStep = 10'000;
constexpr size_t kMaxRowBytesPerStep = 64 * 1024;
constexpr int64_t kMaxSteps = 2'000;
constexpr size_t kMaxScriptBytes = 2048;

void Check(bool condition, const char* what, int64_t step, int64_t value) {
  if (!condition) {
    std::fprintf(stderr, "run_fuzz: check failed at step %lld: %s (%lld)\n",
                 static_cast<long long>(step), what,
                 static_cast<long long>(value));
    std::abort();
  }
}

void CheckStep(const wod::runtime::TraceStep& step,
               const wod::runtime::ScriptRuntime& runtime) {
  int64_t transitions = 0;
  for (const wod::runtime::TraceRecord& record : step.emitted) {
    if (record.kind == "push" || record.kind == "pop") ++transitions;
  }
  Check(transitions <= kMaxTransitionsPerStep, "block transitions in one step",
        step.index, transitions);
  const std::string row = step.Row();
  Check(row.size() <= kMaxRowBytesPerStep, "row bytes in one step", step.index,
        static_cast<int64_t>(row.size()));
  const absl::Status invariants = runtime.CheckInvariants();
  if (!invariants.ok()) {
    std::fprintf(stderr, "run_fuzz: %s\n", invariants.ToString().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size > kMaxScriptBytes) return 0;
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::unique_ptr<wod::blocks::WorkoutSession>> created =
      wod::blocks::WorkoutSession::Create(script);
  if (!created.ok()) {
    std::fprintf(stderr, "run_fuzz: Create failed\n");
    std::abort();
  }
  wod::blocks::WorkoutSession& session = **created;
  const wod::runtime::ScriptRuntime& runtime = session.runtime();

  wod::cli::AutoPilot pilot;
  wod::runtime::TraceStep step = session.Start();
  CheckStep(step, runtime);
  for (int64_t n = 0; n < kMaxSteps; ++n) {
    std::optional<wod::runtime::StepCommand> command = pilot.Next(step);
    if (!command.has_value()) break;
    step = session.Apply(*command);
    CheckStep(step, runtime);
  }
  return 0;
}
