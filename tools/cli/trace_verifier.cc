#include "tools/cli/trace_verifier.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"
#include "runtime/step_command.h"

namespace wod::cli {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

CaseResult Fail(CaseResult result, int row, std::string expected,
                std::string actual, std::string error) {
  result.passed = false;
  result.failed_row = row;
  result.expected = std::move(expected);
  result.actual = std::move(actual);
  result.error = std::move(error);
  return result;
}

}  // namespace

std::string JoinTableRow(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& cell : cells) {
    row += " ";
    row += cell;
    row += " |";
  }
  return row;
}

absl::StatusOr<runtime::StepCommand> ActionToCommand(std::string_view action) {
  // The printed Action forms of docs/spec/step-trace.md §1, mapped back to the
  // --steps language so N and NAME are checked by the one command parser.
  std::string steps;
  if (action == "userNext") {
    steps = "next";
  } else if (StartsWith(action, "tick ") && EndsWith(action, " ms")) {
    steps = fmt::format("tick {}", action.substr(5, action.size() - 8));
  } else if (StartsWith(action, "advance ") && EndsWith(action, " ms")) {
    steps = fmt::format("advance {}", action.substr(8, action.size() - 11));
  } else if (StartsWith(action, "event `") && EndsWith(action, "`") &&
             action.size() > 8) {
    steps = fmt::format("event {}", action.substr(7, action.size() - 8));
  } else if (StartsWith(action, "choose ")) {
    // Printed as written (docs/spec/step-trace.md §1).
    steps = std::string(action);
  } else {
    return absl::InvalidArgumentError(
        fmt::format("unknown action '{}' (expected userNext, tick N ms, "
                    "advance N ms, event `NAME` or choose N)",
                    action));
  }
  // An embedded ';' or newline would make two commands out of one cell.
  if (steps.find_first_of(";\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        fmt::format("malformed action '{}'", action));
  }
  absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(steps);
  if (!commands.ok() || commands->size() != 1) {
    return absl::InvalidArgumentError(fmt::format(
        "malformed action '{}'{}", action,
        commands.ok()
            ? ""
            : fmt::format(" ({})", std::string(commands.status().message()))));
  }
  return (*commands)[0];
}

CaseResult VerifyCase(const ScenarioCase& scenario,
                      const std::vector<TableRow>* replacement,
                      const CaseRunner& runner) {
  CaseResult result;
  result.name = scenario.name;
  result.deviated = replacement != nullptr;
  const std::vector<TableRow>& rows =
      replacement != nullptr ? *replacement : scenario.rows;
  if (!scenario.has_script) {
    return Fail(std::move(result), 0, "", "",
                fmt::format("no fenced script before the table at line {} in "
                            "its section",
                            scenario.table_line));
  }
  if (rows.empty() || rows[0].cells[1] != "startSession") {
    return Fail(std::move(result), 0,
                rows.empty() ? "" : JoinTableRow(rows[0].cells), "",
                "row 0 must be startSession");
  }
  std::vector<runtime::StepCommand> commands;
  for (size_t i = 1; i < rows.size(); ++i) {
    absl::StatusOr<runtime::StepCommand> command =
        ActionToCommand(rows[i].cells[1]);
    if (!command.ok()) {
      return Fail(std::move(result), static_cast<int>(i),
                  JoinTableRow(rows[i].cells), "",
                  std::string(command.status().message()));
    }
    commands.push_back(*std::move(command));
  }
  absl::StatusOr<std::vector<std::string>> actual =
      runner(scenario.script, commands);
  if (!actual.ok()) {
    return Fail(
        std::move(result), 0, JoinTableRow(rows[0].cells), "",
        fmt::format("the script did not run: {}", actual.status().ToString()));
  }
  // Rows are compared cell by cell after the same split and trim, so only
  // the escaped text matters, never the spacing (docs/spec/step-trace.md).
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string expected = JoinTableRow(rows[i].cells);
    if (i >= actual->size()) {
      return Fail(std::move(result), static_cast<int>(i), expected, "",
                  "the runner produced no row for this step");
    }
    const std::vector<std::string> cells = SplitTableRow((*actual)[i]);
    if (cells != rows[i].cells) {
      return Fail(std::move(result), static_cast<int>(i), expected,
                  JoinTableRow(cells), "");
    }
  }
  result.passed = true;
  return result;
}

absl::StatusOr<VerifyReport> VerifyScenarios(
    const std::vector<ScenarioSource>& files, const ScenarioSource* deviations,
    const CaseRunner& runner) {
  // Read everything first: a malformed file or a dangling deviation is an
  // input error and nothing runs.
  std::vector<ScenarioCase> cases;
  std::map<std::string, std::string> origin;  // case name → file
  for (const ScenarioSource& file : files) {
    absl::StatusOr<std::vector<ScenarioCase>> read =
        ReadScenarioFile(file.name, file.text);
    if (!read.ok()) return read.status();
    for (ScenarioCase& c : *read) {
      auto [it, inserted] = origin.emplace(c.name, file.name);
      if (!inserted) {
        return absl::InvalidArgumentError(
            fmt::format("{}:{}: case '{}' is defined twice (two files named "
                        "'{}')",
                        file.name, c.table_line, c.name, it->second));
      }
      cases.push_back(std::move(c));
    }
  }
  std::map<std::string, Deviation> by_name;
  if (deviations != nullptr) {
    absl::StatusOr<std::vector<Deviation>> read =
        ReadDeviationsFile(deviations->name, deviations->text);
    if (!read.ok()) return read.status();
    for (Deviation& d : *read) {
      if (origin.count(d.name) == 0) {
        // docs/spec/step-trace.md: a deviation for a case that doesn't exist is
        // an error (it would otherwise hide a renamed or deleted case).
        return absl::InvalidArgumentError(
            fmt::format("{}:{}: deviation '{}' names no case of the scenario "
                        "files given",
                        deviations->name, d.line, d.name));
      }
      std::string name = d.name;
      by_name.emplace(std::move(name), std::move(d));
    }
  }

  VerifyReport report;
  for (const ScenarioCase& c : cases) {
    auto it = by_name.find(c.name);
    const std::vector<TableRow>* replacement =
        it == by_name.end() ? nullptr : &it->second.rows;
    CaseResult result = VerifyCase(c, replacement, runner);
    if (result.deviated) ++report.deviated;
    if (result.passed) {
      ++report.passed;
      report.text += fmt::format("ok   {}\n", result.name);
    } else {
      ++report.failed;
      report.text +=
          fmt::format("FAIL {} row {}\n", result.name, result.failed_row);
      if (!result.error.empty()) {
        report.text += fmt::format("  error:    {}\n", result.error);
      }
      if (!result.expected.empty()) {
        report.text += fmt::format("  expected: {}\n", result.expected);
      }
      if (!result.actual.empty() || result.error.empty()) {
        report.text += fmt::format("  actual:   {}\n", result.actual);
      }
    }
    report.cases.push_back(std::move(result));
  }
  if (report.deviated > 0) {
    report.text +=
        fmt::format("{} cases compared against deviations\n", report.deviated);
  }
  report.text +=
      fmt::format("{} passed, {} failed\n", report.passed, report.failed);
  return report;
}

}  // namespace wod::cli
