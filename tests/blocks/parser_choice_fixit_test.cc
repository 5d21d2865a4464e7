// Choices (docs/spec/language.md §8.4, docs/spec/runtime.md §15) and
// did-you-mean diagnostics with fix-its (docs/spec/language.md §12.3): the
// exact metrics, lines, columns and replacements, and what a session runs.
#include <ostream>
#include <string>
#include <vector>

#include "blocks/fix_it.h"
#include "blocks/parser.h"
#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<MetricKind> Kinds(const std::vector<Metric>& metrics) {
  std::vector<MetricKind> out;
  for (const Metric& m : metrics) out.push_back(m.kind);
  return out;
}

const Metric& OnlyChoice(const Statement& s) {
  const Metric* c = s.FindMetric(MetricKind::kChoice);
  EXPECT_NE(c, nullptr);
  static const Metric kNone;  // NOLINT: immutable fallback for a failed test
  return c != nullptr ? *c : kNone;
}

TEST(ParserChoice, RepCountsShareTheEffort) {
  const ParseResult p = Parse("3|5 Pullups");
  ASSERT_EQ(p.statements.size(), 1u);
  EXPECT_TRUE(p.diagnostics.empty());
  const Statement& s = p.statements[0];
  EXPECT_THAT(Kinds(s.metrics),
              ElementsAre(MetricKind::kChoice, MetricKind::kEffort));
  const Metric& c = OnlyChoice(s);
  EXPECT_EQ(c.alternative_width, 1);
  ASSERT_EQ(c.AlternativeCount(), 2);
  EXPECT_EQ(c.alternatives[0].value, 3);
  EXPECT_EQ(c.alternatives[1].value, 5);
  EXPECT_EQ(c.span.begin_column, 1);
  EXPECT_EQ(c.span.end_column, 4);
}

TEST(ParserChoice, WeightsTakeTheUnitWrittenLast) {
  const ParseResult p = Parse("5 Weighted Pushup 10|20|30lb");
  const Statement& s = p.statements[0];
  EXPECT_THAT(
      Kinds(s.metrics),
      ElementsAre(MetricKind::kRep, MetricKind::kEffort, MetricKind::kChoice));
  const Metric& c = OnlyChoice(s);
  ASSERT_EQ(c.AlternativeCount(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(c.alternatives[i].kind, MetricKind::kResistance);
    EXPECT_EQ(c.alternatives[i].unit, "lb");
    EXPECT_EQ(c.alternatives[i].value, 10 * (i + 1));
  }
}

TEST(ParserChoice, WholeMovementsAreAlternativesAndKeepTheirHints) {
  const ParseResult p = Parse("100m Sprint | Bike 1/4 mile | Row 125m");
  EXPECT_TRUE(p.diagnostics.empty());
  const Statement& s = p.statements[0];
  EXPECT_THAT(Kinds(s.metrics), ElementsAre(MetricKind::kChoice));
  const Metric& c = OnlyChoice(s);
  EXPECT_EQ(c.alternative_width, 2);
  ASSERT_EQ(c.AlternativeCount(), 3);
  EXPECT_EQ(c.alternatives[0].kind, MetricKind::kDistance);
  EXPECT_EQ(c.alternatives[1].text, "Sprint");
  EXPECT_EQ(c.alternatives[2].text, "Bike");
  EXPECT_EQ(c.alternatives[3].value, 0.25);
  EXPECT_EQ(c.alternatives[4].text, "Row");
  EXPECT_EQ(c.alternatives[5].unit, "m");
  for (const char* hint : {"domain.cardio", "workout.run", "workout.bike",
                           "workout.row", "behavior.distance_based"}) {
    EXPECT_TRUE(s.HasHint(hint)) << hint;
  }
}

TEST(ParserChoice, TimersAndSharedMetrics) {
  const ParseResult p = Parse(
      "5:00|10:00 ? KB Snatch\n"
      "1:00 Run | Swim | Bike | Row ?m\n"
      "10 Pull Ups | Jumping Pull Ups");
  ASSERT_EQ(p.statements.size(), 3u);
  EXPECT_THAT(
      Kinds(p.statements[0].metrics),
      ElementsAre(MetricKind::kChoice, MetricKind::kRep, MetricKind::kEffort));
  EXPECT_EQ(OnlyChoice(p.statements[0]).alternatives[1].value, 600000);
  EXPECT_THAT(Kinds(p.statements[1].metrics),
              ElementsAre(MetricKind::kDuration, MetricKind::kChoice,
                          MetricKind::kDistance));
  EXPECT_EQ(OnlyChoice(p.statements[1]).AlternativeCount(), 4);
  EXPECT_TRUE(p.statements[1].HasHint("workout.swim"));
  EXPECT_THAT(Kinds(p.statements[2].metrics),
              ElementsAre(MetricKind::kRep, MetricKind::kChoice));
  EXPECT_EQ(OnlyChoice(p.statements[2]).alternatives[1].text,
            "Jumping Pull Ups");
}

TEST(ParserChoice, DroppedPipesAreWarnedAbout) {
  const ParseResult p = Parse("Run | 400m\n| Run\nRow |");
  ASSERT_EQ(p.diagnostics.size(), 3u);
  EXPECT_EQ(p.diagnostics[0].line, 1);
  EXPECT_EQ(p.diagnostics[0].column, 5);
  EXPECT_THAT(p.diagnostics[0].message,
              HasSubstr("'|' between unlike alternatives ignored"));
  EXPECT_EQ(p.diagnostics[1].line, 2);
  EXPECT_EQ(p.diagnostics[1].column, 1);
  EXPECT_THAT(p.diagnostics[1].message, HasSubstr("no alternative before"));
  EXPECT_EQ(p.diagnostics[2].line, 3);
  EXPECT_EQ(p.diagnostics[2].column, 5);
  EXPECT_THAT(p.diagnostics[2].message, HasSubstr("no alternative after"));
  for (const Statement& s : p.statements) {
    EXPECT_FALSE(s.HasMetric(MetricKind::kChoice));
  }
}

struct FixCase {
  const char* script;
  int line;
  int column;
  int end_column;
  const char* replacement;
  const char* fixed;
};

// Names the case by its repair, so test names stay readable and stable.
void PrintTo(const FixCase& c, std::ostream* os) {
  *os << "fix to " << c.replacement;
}

class ParserFixItTest : public ::testing::TestWithParam<FixCase> {};

TEST_P(ParserFixItTest, ExactPositionAndReplacement) {
  const FixCase& c = GetParam();
  const ParseResult p = Parse(c.script);
  ASSERT_EQ(p.diagnostics.size(), 1u) << c.script;
  const Diagnostic& d = p.diagnostics[0];
  ASSERT_TRUE(d.fix.has_value()) << d.ToString();
  EXPECT_EQ(d.line, c.line);
  EXPECT_EQ(d.column, c.column);
  EXPECT_EQ(d.fix->line, c.line);
  EXPECT_EQ(d.fix->column, c.column);
  EXPECT_EQ(d.fix->end_column, c.end_column);
  EXPECT_EQ(d.fix->replacement, c.replacement);
  EXPECT_THAT(d.message, HasSubstr(std::string("(did you mean \"") +
                                   c.replacement + "\"?)"));
  EXPECT_EQ(ApplyFixIts(c.script, p.diagnostics), c.fixed);
  // The repaired script has nothing left to repair.
  for (const Diagnostic& after : Parse(c.fixed).diagnostics) {
    EXPECT_FALSE(after.fix.has_value()) << after.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(
    RoundHeaders, ParserFixItTest,
    ::testing::Values(
        FixCase{"3 rounds\n  10 Pullups", 1, 1, 9, "(3)", "(3)\n  10 Pullups"},
        FixCase{"// x\n5 Sets of:\n  5 Squats", 2, 1, 11, "(5)",
                "// x\n(5)\n  5 Squats"},
        FixCase{"  - 3 Rounds", 1, 5, 13, "(3)", "  - (3)"},
        FixCase{"3x\n  10 Pullups", 1, 1, 3, "(3)", "(3)\n  10 Pullups"},
        FixCase{"5x5 Back Squat", 1, 1, 4, "(5) 5", "(5) 5 Back Squat"},
        FixCase{"21-15-9\n  Thrusters", 1, 1, 8, "(21-15-9)",
                "(21-15-9)\n  Thrusters"},
        FixCase{"EMOM 10\n  5 Pullups", 1, 1, 8, "(10) :60 EMOM",
                "(10) :60 EMOM\n  5 Pullups"},
        FixCase{"AMRAP 20 mins\n  5 Pullups", 1, 1, 14, "20:00 AMRAP",
                "20:00 AMRAP\n  5 Pullups"},
        // Columns count code points: `Ü` is one column, `→` one.
        FixCase{"Übung → (3 Rounds", 1, 9, 18, "(3 Rounds)",
                "Übung → (3 Rounds)"},
        FixCase{"[Rest // easy", 1, 1, 6, "[Rest]", "[Rest] // easy"},
        FixCase{"10 Pushups {\"rpe\": 8", 1, 12, 21, "{\"rpe\": 8}",
                "10 Pushups {\"rpe\": 8}"}));

TEST(ParserFixIt, DatesAndKeysAreNotRoundHeaders) {
  for (const char* script :
       {"2026-05-26", "date: 2026-05-26 x", "400-200-100m Run",
        "5-Foot Precisions", "Run 3 rounds", "(3 Rounds)"}) {
    for (const Diagnostic& d : Parse(script).diagnostics) {
      EXPECT_FALSE(d.fix.has_value()) << script << ": " << d.ToString();
    }
  }
}

TEST(ParserFixIt, ApplyFixItRefusesAFixOfAnotherText) {
  FixIt fix{3, 1, 2, "x"};
  EXPECT_FALSE(ApplyFixIt("one line", fix).ok());
  FixIt past_end{1, 5, 20, "x"};
  EXPECT_FALSE(ApplyFixIt("abc", past_end).ok());
  FixIt ok{1, 2, 3, "X"};
  EXPECT_EQ(*ApplyFixIt("\xEF\xBB\xBF"
                        "abc\r\n",
                        ok),
            "\xEF\xBB\xBF"
            "aXc\r\n");
}

// docs/spec/runtime.md §15: `choose 2` runs the second alternative, labels
// show them all, and a bad `choose` is a runtime error that changes nothing.
TEST(SessionChoice, ChooseRunsTheSecondAlternative) {
  auto session = WorkoutSession::Create("3|5 Pullups\n10|20 lb Row\n");
  ASSERT_TRUE(session.ok());
  WorkoutSession& s = **session;
  s.Start();
  auto run = [&](const char* steps) {
    std::vector<std::string> rows;
    auto commands = runtime::ParseStepCommands(steps);
    EXPECT_TRUE(commands.ok()) << commands.status();
    for (const runtime::StepCommand& c : *commands) {
      rows.push_back(s.Apply(c).Row());
    }
    return rows;
  };
  std::vector<std::string> rows = run("choose 2; choose 9; next; next; next");
  EXPECT_THAT(rows[0], HasSubstr("| choose 2 |"));
  EXPECT_THAT(rows[1],
              HasSubstr("runtime error recorded: \"choose: the pending "
                        "choice has no such alternative\""));
  EXPECT_THAT(rows[2], HasSubstr("push \"3 \\| [5] Pullups\""));
  EXPECT_THAT(rows[3], HasSubstr("rep=5)"));
  EXPECT_THAT(rows[3], HasSubstr("push \"[10 lb] \\| 20 lb Row\""));
  EXPECT_THAT(rows[4], HasSubstr("resistance=10 lb"));
  rows = run("choose 1");
  EXPECT_THAT(rows[0], HasSubstr("runtime error recorded: \"choose: no "
                                 "choice is pending\""));
}

TEST(StepCommandChoose, ParsesAndRejects) {
  auto ok = runtime::ParseStepCommands("choose 2");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].kind, runtime::CommandKind::kChoose);
  EXPECT_EQ((*ok)[0].alternative, 2);
  EXPECT_EQ((*ok)[0].ActionText(), "choose 2");
  EXPECT_THAT(
      std::string(
          runtime::ParseStepCommands("next; choose").status().message()),
      HasSubstr("steps:1:7: 'choose' needs an alternative number"));
  EXPECT_THAT(
      std::string(runtime::ParseStepCommands("choose 0").status().message()),
      HasSubstr("steps:1:8: alternative '0' is out of range (1 to 1000)"));
  EXPECT_THAT(
      std::string(runtime::ParseStepCommands("choose 1001").status().message()),
      HasSubstr("out of range"));
  EXPECT_THAT(
      std::string(runtime::ParseStepCommands("choose b").status().message()),
      HasSubstr("steps:1:8: 'b' is not an alternative number"));
  EXPECT_THAT(
      std::string(runtime::ParseStepCommands("choose 1 2").status().message()),
      HasSubstr("unexpected '2' after 'choose'"));
}

}  // namespace
}  // namespace wod::blocks
