// Randomized robustness tests of the text readers of wod-run: --steps and
// the markdown step-table reader never crash or hang on any input, and
// generated valid inputs round-trip. Iterations scale with WOD_TEST_SCALE
// (default 1.0; the sanitizer CI uses 0.05).
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"
#include "tools/cli/scenario_file.h"
#include "tools/cli/trace_verifier.h"

namespace wod::cli {
namespace {

int Iterations(int base) {
  double scale = 1.0;
  if (const char* env = std::getenv("WOD_TEST_SCALE")) {
    scale = std::strtod(env, nullptr);
    if (!(scale > 0)) scale = 1.0;
  }
  const double n = base * scale;
  return n < 1 ? 1 : static_cast<int>(n);
}

// Random text biased toward the characters that matter to the readers.
std::string RandomText(std::mt19937_64& rng, size_t max_length) {
  static constexpr char kAlphabet[] =
      "next tick advance event pause resume abort 0123456789;\n\r\t :_.-|`#\\"
      "x\x01\xff\xc3\xa9";
  std::uniform_int_distribution<size_t> length(0, max_length);
  std::uniform_int_distribution<size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string text;
  const size_t n = length(rng);
  for (size_t i = 0; i < n; ++i) text += kAlphabet[pick(rng)];
  return text;
}

TEST(StepCommandsFuzz, AnyTextParsesOrFailsWithAPosition) {
  std::mt19937_64 rng(20261123);
  for (int i = 0; i < Iterations(20000); ++i) {
    const std::string text = RandomText(rng, 80);
    absl::StatusOr<std::vector<runtime::StepCommand>> parsed =
        runtime::ParseStepCommands(text);
    if (!parsed.ok()) {
      EXPECT_THAT(std::string(parsed.status().message()),
                  ::testing::MatchesRegex("steps:[0-9]+:[0-9]+: .*"))
          << text;
    }
  }
}

TEST(StepCommandsFuzz, GeneratedCommandsRoundTripThroughActionText) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> kind(0, 6);
  std::uniform_int_distribution<int64_t> ms(0, int64_t{1} << 53);
  for (int i = 0; i < Iterations(2000); ++i) {
    std::string text;
    std::vector<std::string> actions;
    const int count = kind(rng) + 1;
    for (int k = 0; k < count; ++k) {
      const int64_t n = ms(rng);
      switch (kind(rng)) {
        case 0:
          text += "next";
          actions.push_back("userNext");
          break;
        case 1:
          text += "tick " + std::to_string(n);
          actions.push_back("tick " + std::to_string(n) + " ms");
          break;
        case 2:
          text += "advance " + std::to_string(n);
          actions.push_back("advance " + std::to_string(n) + " ms");
          break;
        case 3:
          text += "pause";
          actions.push_back("event `timer:pause`");
          break;
        case 4:
          text += "resume";
          actions.push_back("event `timer:resume`");
          break;
        case 5:
          text += "abort";
          actions.push_back("event `abort`");
          break;
        default:
          text += "event ev:" + std::to_string(n % 100);
          actions.push_back("event `ev:" + std::to_string(n % 100) + "`");
          break;
      }
      text += (k % 2 == 0) ? " ; " : "\n";
    }
    absl::StatusOr<std::vector<runtime::StepCommand>> parsed =
        runtime::ParseStepCommands(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    std::vector<std::string> got;
    for (const runtime::StepCommand& c : *parsed) {
      got.push_back(c.ActionText());
      // The verifier reads the printed action back to the same command.
      absl::StatusOr<runtime::StepCommand> back = ActionToCommand(got.back());
      ASSERT_TRUE(back.ok()) << got.back();
      EXPECT_EQ(back->ActionText(), got.back());
    }
    EXPECT_EQ(got, actions);
  }
}

TEST(ScenarioFileFuzz, AnyMarkdownReadsOrFailsWithALine) {
  std::mt19937_64 rng(99);
  static const std::vector<std::string> kLines = {"## A1 · x",
                                                  "## B",
                                                  "```",
                                                  "````",
                                                  "~~~",
                                                  "5 Pullups",
                                                  "",
                                                  "| # | Action | t |",
                                                  "|---|---|---|",
                                                  "| 0 | startSession | 0 |",
                                                  "| 1 | userNext | a \\| b |",
                                                  "| x |",
                                                  "Reason: r",
                                                  "## a.md:A1",
                                                  "text | with pipe"};
  std::uniform_int_distribution<size_t> pick(0, kLines.size() - 1);
  std::uniform_int_distribution<int> count(0, 40);
  for (int i = 0; i < Iterations(20000); ++i) {
    std::string text;
    const int n = count(rng);
    for (int k = 0; k < n; ++k) text += kLines[pick(rng)] + "\n";
    if (i % 3 == 0) text += RandomText(rng, 30);
    absl::StatusOr<std::vector<ScenarioCase>> cases =
        ReadScenarioFile("f.md", text);
    if (!cases.ok()) {
      EXPECT_THAT(std::string(cases.status().message()),
                  ::testing::StartsWith("f.md:"));
    } else {
      for (const ScenarioCase& c : *cases) {
        EXPECT_FALSE(c.rows.empty());
        for (const TableRow& row : c.rows) EXPECT_GE(row.cells.size(), 2u);
      }
    }
    absl::StatusOr<std::vector<Deviation>> deviations =
        ReadDeviationsFile("d.md", text);
    if (!deviations.ok()) {
      EXPECT_THAT(std::string(deviations.status().message()),
                  ::testing::StartsWith("d.md:"));
    }
  }
}

}  // namespace
}  // namespace wod::cli
