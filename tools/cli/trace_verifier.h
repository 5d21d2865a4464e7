// The scenario verifier behind `wod-run --verify`
// (docs/spec/step-trace.md §3).
//
// Each case's Action column is turned back into commands, the script is run
// through a `CaseRunner` (in wod-run: a WorkoutSession), and the produced
// rows are compared cell by cell with the expected table. The verifier only
// compares text cells, so it knows nothing about blocks and works for any
// scenario file. A deviation replaces the expected table of its case; the
// case still runs and can still fail — nothing is ever skipped.
//
//   absl::StatusOr<VerifyReport> report =
//       VerifyScenarios(files, &deviations, runner);
//   std::cout << report->text;  // "ok   amrap.md:A1#1" … "N passed, M failed"
//   return report->failed > 0 ? 1 : 0;
#ifndef WOD_TOOLS_CLI_TRACE_VERIFIER_H_
#define WOD_TOOLS_CLI_TRACE_VERIFIER_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/step_command.h"
#include "tools/cli/scenario_file.h"

namespace wod::cli {

// Runs `script` from its start and then every command; returns the table
// rows as text (row 0 = startSession, then one per command), exactly as
// `TraceStep::Row()` prints them. A non-OK status fails the case.
using CaseRunner = std::function<absl::StatusOr<std::vector<std::string>>(
    std::string_view script, const std::vector<runtime::StepCommand>&)>;

// Turns an Action cell back into a command: `userNext`, `tick N ms`,
// `advance N ms`, ``event `NAME` ``. Row 0 (`startSession`) is not a command.
absl::StatusOr<runtime::StepCommand> ActionToCommand(std::string_view action);

// The outcome of one case.
struct CaseResult {
  std::string name;
  bool passed = false;
  bool deviated = false;  // compared against a deviation's table
  int failed_row = -1;    // index of the first differing row
  std::string expected;   // that row as expected (the table's cells)
  std::string actual;     // that row as produced, or empty
  std::string error;      // why the case could not run, if it could not
};

// Compares one case (its rows replaced by `replacement` when non-null).
CaseResult VerifyCase(const ScenarioCase& scenario,
                      const std::vector<TableRow>* replacement,
                      const CaseRunner& runner);

// A scenario file as read from disk.
struct ScenarioSource {
  std::string name;  // base name used in case names ("amrap.md")
  std::string text;
};

struct VerifyReport {
  std::vector<CaseResult> cases;  // in file order, then table order
  int passed = 0;
  int failed = 0;
  int deviated = 0;
  std::string text;  // the printed report, closing line included
};

// Reads every file and every deviation, then runs every case. Fails (with
// nothing run) when a file is malformed, two cases share a name, or a
// deviation names a case that does not exist.
absl::StatusOr<VerifyReport> VerifyScenarios(
    const std::vector<ScenarioSource>& files, const ScenarioSource* deviations,
    const CaseRunner& runner);

// Joins cells back into a row: "| a | b |".
[[nodiscard]] std::string JoinTableRow(const std::vector<std::string>& cells);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_TRACE_VERIFIER_H_
