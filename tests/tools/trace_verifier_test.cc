// Tests of the scenario verifier (tools/cli/trace_verifier.h) against a fake
// runner, so they pin the comparison and report rules independently of the
// interpreter.
#include "tools/cli/trace_verifier.h"

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "| # | Action | t (ms) | Depth | Stack, top → bottom | Emitted during "
    "this step |\n|---|---|---|---|---|---|\n";

// A fake interpreter: a "script" is a counter name; every step prints its
// index, its action and the virtual time, so the expected tables can be
// computed by hand and any wrong cell is detectable.
absl::StatusOr<std::vector<std::string>> FakeRunner(
    std::string_view script,
    const std::vector<runtime::StepCommand>& commands) {
  if (script == "broken") return absl::InternalError("cannot compile");
  std::vector<std::string> rows;
  int64_t t = 0;
  rows.push_back("| 0 | startSession | 0 | 1 | effort \"" +
                 std::string(script) + "\" | push \"" + std::string(script) +
                 "\" |");
  for (size_t i = 0; i < commands.size(); ++i) {
    const runtime::StepCommand& c = commands[i];
    if (c.kind == runtime::CommandKind::kTick ||
        c.kind == runtime::CommandKind::kAdvance) {
      t += c.ms;
    }
    rows.push_back("| " + std::to_string(i + 1) + " | " + c.ActionText() +
                   " | " + std::to_string(t) + " | 1 | effort \"" +
                   std::string(script) + "\" | — |");
  }
  return rows;
}

std::string Row0(const std::string& label) {
  return "| 0 | startSession | 0 | 1 | effort \"" + label + "\" | push \"" +
         label + "\" |\n";
}

TEST(ActionToCommand, ParsesEveryPrintedAction) {
  for (std::string_view action : {"userNext", "tick 1000 ms", "advance 0 ms",
                                  "event `abort`", "event `timer:pause`"}) {
    absl::StatusOr<runtime::StepCommand> command = ActionToCommand(action);
    ASSERT_TRUE(command.ok()) << action << ": " << command.status();
    EXPECT_EQ(command->ActionText(), action);
  }
}

TEST(ActionToCommand, RejectsUnknownAndMalformedActions) {
  for (std::string_view action :
       {"startSession", "next", "tick 10", "tick -1 ms", "tick  ms",
        "event abort", "event `a b`", "event ``", "event `a;next`", ""}) {
    EXPECT_FALSE(ActionToCommand(action).ok()) << action;
  }
}

TEST(VerifyScenarios, MatchingTablesPass) {
  const std::string text =
      "## A1 · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run") +
      "| 1 | tick 500 ms | 500 | 1 | effort \"run\" | — |\n"
      "| 2 | userNext | 500 | 1 | effort \"run\" | — |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", text}}, nullptr, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 1);
  EXPECT_EQ(report->failed, 0);
  EXPECT_EQ(report->text, "ok   a.md:A1\n1 passed, 0 failed\n");
}

TEST(VerifyScenarios, WrongExpectedCellFailsAtItsRow) {
  // Row 2 expects t = 999 where the runner produces 500.
  const std::string text =
      "## A1 · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run") +
      "| 1 | tick 500 ms | 500 | 1 | effort \"run\" | — |\n"
      "| 2 | userNext | 999 | 1 | effort \"run\" | — |\n"
      "| 3 | userNext | 42 | 1 | effort \"run\" | — |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", text}}, nullptr, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->failed, 1);
  ASSERT_EQ(report->cases.size(), 1u);
  EXPECT_EQ(report->cases[0].failed_row, 2);
  EXPECT_EQ(report->text,
            "FAIL a.md:A1 row 2\n"
            "  expected: | 2 | userNext | 999 | 1 | effort \"run\" | — |\n"
            "  actual:   | 2 | userNext | 500 | 1 | effort \"run\" | — |\n"
            "0 passed, 1 failed\n");
}

TEST(VerifyScenarios, CellsCompareAfterTrimmingButEscapesExactly) {
  // Extra spaces are fine; `\|` versus `|` is a difference.
  const std::string spaced = "## S · x\n```\nrun\n```\n" +
                             std::string(kHeader) +
                             "|  0|startSession   | 0 | 1 |effort \"run\"| "
                             "push \"run\" |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"s.md", spaced}}, nullptr, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 1);

  const std::string escaped = "## E · x\n```\na|b\n```\n" +
                              std::string(kHeader) +
                              "| 0 | startSession | 0 | 1 | effort \"a\\|b\" | "
                              "push \"a\\|b\" |\n";
  report = VerifyScenarios({{"e.md", escaped}}, nullptr, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  // The fake runner does not escape the pipe, so the cells differ.
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(report->cases[0].failed_row, 0);
}

TEST(VerifyScenarios, DeviationReplacesTheExpectedTableAndCanStillFail) {
  const std::string scenarios =
      "## A1 · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run") +
      "| 1 | userNext | 0 | 1 | effort \"WRONG\" | — |\n"
      "## A2 · y\n```\nrun\n```\n" +
      std::string(kHeader) + Row0("run") +
      "| 1 | userNext | 0 | 1 | effort \"WRONG\" | — |\n";
  const std::string deviations =
      "# Deviations\n\n## a.md:A1\nReason: ours is right\n" +
      std::string(kHeader) + Row0("run") +
      "| 1 | userNext | 0 | 1 | effort \"run\" | — |\n"
      "## a.md:A2\nReason: still wrong\n" +
      std::string(kHeader) + Row0("run") +
      "| 1 | userNext | 0 | 1 | effort \"STILL WRONG\" | — |\n";
  const ScenarioSource dev{"dev.md", deviations};
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", scenarios}}, &dev, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 1);
  EXPECT_EQ(report->failed, 1);
  EXPECT_EQ(report->deviated, 2);
  EXPECT_THAT(report->text, HasSubstr("ok   a.md:A1\nFAIL a.md:A2 row 1\n"));
  EXPECT_THAT(report->text,
              HasSubstr("2 cases compared against deviations\n1 passed, 1 "
                        "failed\n"));
}

TEST(VerifyScenarios, DeviationForAMissingCaseIsAnError) {
  const std::string scenarios =
      "## A1 · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run");
  const ScenarioSource dev{
      "dev.md", "## a.md:A9\nReason: r\n" + std::string(kHeader) + Row0("run")};
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", scenarios}}, &dev, FakeRunner);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(std::string(report.status().message()),
            "dev.md:1: deviation 'a.md:A9' names no case of the scenario "
            "files given");
}

TEST(VerifyScenarios, CasesThatCannotRunFailWithAReason) {
  const std::string text = "## N1 · no script\n" + std::string(kHeader) +
                           Row0("x") + "## N2 · bad action\n```\nrun\n```\n" +
                           std::string(kHeader) + Row0("run") +
                           "| 1 | jump | 0 | 1 | effort \"run\" | — |\n"
                           "## N3 · runner error\n```\nbroken\n```\n" +
                           std::string(kHeader) + Row0("broken") +
                           "## N4 · no start\n```\nrun\n```\n" +
                           std::string(kHeader) +
                           "| 0 | userNext | 0 | 1 | x | — |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"n.md", text}}, nullptr, FakeRunner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->failed, 4);
  ASSERT_EQ(report->cases.size(), 4u);
  EXPECT_THAT(report->cases[0].error, HasSubstr("no fenced script"));
  EXPECT_EQ(report->cases[1].failed_row, 1);
  EXPECT_THAT(report->cases[1].error, HasSubstr("unknown action 'jump'"));
  EXPECT_THAT(report->cases[2].error, HasSubstr("cannot compile"));
  EXPECT_THAT(report->cases[3].error, HasSubstr("row 0 must be startSession"));
  EXPECT_THAT(report->text, HasSubstr("0 passed, 4 failed\n"));
}

TEST(VerifyScenarios, RunnerGivingTooFewRowsFails) {
  const CaseRunner short_runner = [](std::string_view script,
                                     const std::vector<runtime::StepCommand>& c)
      -> absl::StatusOr<std::vector<std::string>> {
    absl::StatusOr<std::vector<std::string>> rows = FakeRunner(script, c);
    if (rows.ok()) rows->pop_back();
    return rows;
  };
  const std::string text = "## A · x\n```\nrun\n```\n" + std::string(kHeader) +
                           Row0("run") +
                           "| 1 | userNext | 0 | 1 | effort \"run\" | — |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", text}}, nullptr, short_runner);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->cases[0].failed_row, 1);
  EXPECT_FALSE(report->cases[0].passed);
}

TEST(VerifyScenarios, RunsTheCommandsOfTheActionColumn) {
  std::vector<std::string> seen;
  const CaseRunner recorder =
      [&seen](std::string_view script,
              const std::vector<runtime::StepCommand>& commands) {
        for (const runtime::StepCommand& c : commands) {
          seen.push_back(c.ActionText());
        }
        return FakeRunner(script, commands);
      };
  const std::string text =
      "## A · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run") +
      "| 1 | tick 60000 ms | 60000 | 1 | effort \"run\" | — |\n"
      "| 2 | event `timer:pause` | 60000 | 1 | effort \"run\" | — |\n"
      "| 3 | advance 5 ms | 60005 | 1 | effort \"run\" | — |\n";
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", text}}, nullptr, recorder);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 1);
  EXPECT_THAT(seen, ElementsAre("tick 60000 ms", "event `timer:pause`",
                                "advance 5 ms"));
}

TEST(VerifyScenarios, SameCaseNameInTwoFilesIsAnError) {
  const std::string text =
      "## A · x\n```\nrun\n```\n" + std::string(kHeader) + Row0("run");
  absl::StatusOr<VerifyReport> report =
      VerifyScenarios({{"a.md", text}, {"a.md", text}}, nullptr, FakeRunner);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("case 'a.md:A' is defined twice"));
}

}  // namespace
}  // namespace wod::cli
