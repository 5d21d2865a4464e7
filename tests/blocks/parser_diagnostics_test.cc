// Diagnostics: every problem is reported at line:column with a message, the
// bad line keeps what it can, and the other lines still parse
// (docs/spec/language.md §12 "Recommended").
#include <string>
#include <vector>

#include "blocks/parser.h"
#include "blocks/statement_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;

// "line:col: severity: message" of every diagnostic.
std::vector<std::string> Messages(const std::string& script) {
  std::vector<std::string> out;
  for (const Diagnostic& d : Parse(script).diagnostics) {
    out.push_back(d.ToString());
  }
  return out;
}

TEST(ParserDiagnosticsTest, ValidScriptHasNoDiagnostics) {
  EXPECT_TRUE(
      Parse("(3)\n  10 Pullups 95lb\n  *:30 Rest\n").diagnostics.empty());
}

TEST(ParserDiagnosticsTest, InvalidSecondsIsLineScopedError) {
  const ParseResult r = Parse("10 Pushups\n  1:75 Run\n5 Pullups");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "2:3: error: Invalid seconds component: 75 (must be < 60 if other "
            "components present)");
  // The reference drops the whole script; we keep every other fragment.
  EXPECT_EQ(FormatParsedStatements(r),
            "`#1` children [[2]]: rep=10, effort=Pushups; `#2` (child of #1): "
            "effort=Run \u00b7 hints: "
            "domain.cardio, workout.run, behavior.aerobic; `#3`: rep=5, "
            "effort=Pullups");
}

TEST(ParserDiagnosticsTest, InvalidMinutesAndHoursAreErrors) {
  EXPECT_THAT(Messages("1:75:00 Row"),
              ::testing::ElementsAre(
                  "1:1: error: Invalid minutes component: 75 (must be < 60 "
                  "if hours or days present)"));
  EXPECT_THAT(Messages("Row 1:30:00:00"),
              ::testing::ElementsAre("1:5: error: Invalid hours component: 30 "
                                     "(must be < 24 if days present)"));
}

TEST(ParserDiagnosticsTest, TimerWithTooManyComponentsIsError) {
  const std::vector<std::string> m = Messages("1:2:3:4:5 Run");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("1:1: error: timer '1:2:3:4:5' has more than 4"));
}

TEST(ParserDiagnosticsTest, HugeNumbersAreErrorsNotOverflow) {
  const ParseResult r = Parse("99999999999999999999999 Pushups");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 1);
  EXPECT_EQ(r.diagnostics[0].column, 1);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("too large"));
  EXPECT_EQ(FormatParsedStatements(r), "`#1`: effort=Pushups");
  EXPECT_THAT(Messages("Run 9999999999:00"),
              ::testing::ElementsAre(HasSubstr("1:5: error: timer")));
  EXPECT_THAT(Messages("(123456789012345678) Pushups"),
              ::testing::ElementsAre(HasSubstr("1:2: error: number")));
}

TEST(ParserDiagnosticsTest, FifteenDigitNumbersAreAccepted) {
  const ParseResult r = Parse("999999999999999 Pushups");
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.statements[0].metrics[0].value, 999999999999999.0);
}

TEST(ParserDiagnosticsTest, FractionalRoundCountIsError) {
  EXPECT_THAT(Messages("(2.5)\n  Run"),
              ::testing::ElementsAre(
                  "1:2: error: a round count must be a whole number"));
}

TEST(ParserDiagnosticsTest, UnclosedBracketsAreErrorsAtTheOpeningBracket) {
  EXPECT_THAT(Messages("10 Pullups (3"),
              ::testing::ElementsAre("1:12: error: missing ')' to close '(' "
                                     "(did you mean \"(3)\"?)"));
  EXPECT_THAT(Messages("  [:Rest"),
              ::testing::ElementsAre("1:3: error: missing ']' to close '[' "
                                     "(did you mean \"[:Rest]\"?)"));
  EXPECT_THAT(Messages("Run {\"rpe\": 8"),
              ::testing::ElementsAre("1:5: error: missing '}' to close '{' "
                                     "(did you mean \"{\"rpe\": 8}\"?)"));
}

TEST(ParserDiagnosticsTest, UnclosedRoundsStillYieldsRounds) {
  const ParseResult r = Parse("(3\n  Run");
  EXPECT_TRUE(r.HasErrors());
  EXPECT_EQ(r.statements[0].FindMetric(MetricKind::kRounds)->value, 3);
  EXPECT_EQ(r.statements[0].children, (std::vector<std::vector<int>>{{2}}));
}

TEST(ParserDiagnosticsTest, OnlyBracketsLineProducesNoStatement) {
  const ParseResult r = Parse("(((");
  EXPECT_TRUE(r.statements.empty());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "1:1: error: missing ')' to close '(' (did you mean \"((()\"?)");
}

TEST(ParserDiagnosticsTest, UnknownCharactersAreWarningsAndDropped) {
  const ParseResult r = Parse("10 Pushups ~ 5");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "1:12: warning: unexpected character '~' ignored");
  EXPECT_FALSE(r.HasErrors());
  EXPECT_EQ(FormatParsedStatements(r), "`#1`: rep=10, effort=Pushups, rep=5");
}

TEST(ParserDiagnosticsTest, ControlBytesAreNamedInHex) {
  EXPECT_THAT(Messages(std::string("Run \x01", 5)),
              ::testing::ElementsAre(
                  "1:5: warning: unexpected character '\\x01' ignored"));
}

TEST(ParserDiagnosticsTest, ModifierWithoutTimerIsWarning) {
  EXPECT_THAT(Messages("Rest * Run"),
              ::testing::ElementsAre(
                  HasSubstr("1:6: warning: '*' must be followed by a timer")));
  // `@ Run` is an intensity note (docs/spec/language.md §9.6); an `@`
  // followed by neither a weight nor a word is dropped.
  EXPECT_THAT(Messages("Squat @"),
              ::testing::ElementsAre(HasSubstr("1:7: warning: '@' must be")));
  EXPECT_THAT(Messages("@ Run"), ::testing::IsEmpty());
}

// docs/spec/language.md §3.3: a `+` after the first token loses nothing.
TEST(ParserDiagnosticsTest, PlusInsideLineIsKept) {
  EXPECT_THAT(Messages("Clean + Jerk"), ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(Parse("Clean + Jerk")),
            "`#1`: effort=Clean + Jerk");
  EXPECT_THAT(Messages("Band 20mm +30lb"), ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(Parse("Band 20mm +30lb")),
            "`#1`: effort=Band, distance=20 mm, resistance=30 lb · hints: "
            "domain.cardio, behavior.distance_based, behavior.pace_based");
}

// docs/spec/language.md §6.5: parentheses around a timer are transparent.
TEST(ParserDiagnosticsTest, TimerInParenthesesIsKept) {
  EXPECT_THAT(Messages("(20:00) AMRAP"), ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(Parse("(20:00) AMRAP")),
            "`#1`: duration=1200000, effort=AMRAP · hints: "
            "behavior.time_bound, workout.amrap");
  EXPECT_THAT(Messages("Tabata Squats (:20 work / :10 rest)"),
              ::testing::ElementsAre(
                  HasSubstr("1:27: warning: only the first timer of a line "
                            "runs; ':10' is kept but does not run")));
  EXPECT_EQ(
      FormatParsedStatements(Parse("Tabata Squats (:20 work / :10 rest)")),
      "`#1`: effort=Tabata Squats, duration=20000, effort=work, "
      "duration=10000, effort=rest · hints: "
      "behavior.repeating_interval, workout.tabata");
  EXPECT_THAT(Messages("(20:00 AMRAP"),
              ::testing::ElementsAre("1:1: error: missing ')' to close '('"));
}

// docs/spec/language.md §8.5: an inch mark is a unit, not a string.
TEST(ParserDiagnosticsTest, InchMarkIsAUnit) {
  EXPECT_THAT(Messages("10 Box Jumps 24\""), ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(Parse("10 Box Jumps 24\"")),
            "`#1`: rep=10, effort=Box Jumps, distance=24 in · hints: "
            "domain.cardio, behavior.distance_based, behavior.pace_based");
  EXPECT_EQ(FormatParsedStatements(Parse("Box Jumps 24\"/20\"")),
            "`#1`: effort=Box Jumps, distance=24 in, distance=20 in · hints: "
            "domain.cardio, behavior.distance_based, behavior.pace_based");
  EXPECT_EQ(FormatParsedStatements(Parse("10 24-inch Box Jumps")),
            "`#1`: rep=10, distance=24 inch, effort=Box Jumps · hints: "
            "domain.cardio, behavior.distance_based, behavior.pace_based");
  EXPECT_EQ(FormatParsedStatements(Parse("Run 5k")),
            "`#1`: effort=Run, distance=5 km · hints: domain.cardio, "
            "workout.run, behavior.aerobic, behavior.distance_based, "
            "behavior.pace_based");
  // A number joined to a word names a movement (`10-to-2 Swing`).
  EXPECT_EQ(FormatParsedStatements(Parse("10 Mace 10-to-2 Swing 10lb")),
            "`#1`: rep=10, effort=Mace 10-to-2 Swing, resistance=10 lb");
  // A string after a blank is still a string.
  EXPECT_EQ(FormatParsedStatements(Parse("10 \"I Suck\" Movement")),
            "`#1`: rep=10, effort=I Suck Movement");
}

// docs/spec/language.md §9.4, §9.6: metadata and intensity notes.
TEST(ParserDiagnosticsTest, WordsAfterAtAndMultiWordValuesAreKept) {
  EXPECT_THAT(Messages("100m Freestyle @ Threshold\n5:00 Run @easy"),
              ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(Parse("5:00 Run @easy")),
            "`#1`: duration=300000, effort=Run, intensity=easy · hints: "
            "domain.cardio, workout.run, behavior.aerobic");
  EXPECT_THAT(Messages("location: Home Training Setup\ndate: 2026-05-26"),
              ::testing::IsEmpty());
  EXPECT_EQ(FormatParsedStatements(
                Parse("location: Home Training Setup\ndate: 2026-05-26")),
            "`#1`: custom=Home Training Setup; `#2`: custom=2026-05-26");
  // A value that mixes numbers and words still runs.
  EXPECT_EQ(FormatParsedStatements(Parse("Buyin: 50 Double Unders")),
            "`#1`: rep=50, effort=Double Unders");
}

// docs/spec/language.md §7.2: a parenthesised note after a movement.
TEST(ParserDiagnosticsTest, ParenthesisedWordsAfterWorkAreANote) {
  EXPECT_EQ(FormatParsedStatements(Parse("15 Pull Ups (Kipping)")),
            "`#1`: rep=15, effort=Pull Ups, text={\"text\":\"Kipping\"}");
  EXPECT_EQ(FormatParsedStatements(Parse("1 Broad Jump (65% max)")),
            "`#1`: rep=1, effort=Broad Jump, text={\"text\":\"65% max\"}");
  EXPECT_THAT(Messages("1 Broad Jump (65% max)"), ::testing::IsEmpty());
  // Without work named on the line, the count stays and the `%` is reported.
  EXPECT_THAT(Messages("(65%)\n  Run"),
              ::testing::ElementsAre("1:4: warning: '%' ignored inside '( )'"));
  EXPECT_EQ(FormatParsedStatements(Parse("20:00 (AMRAP)")),
            "`#1`: duration=1200000, rounds=AMRAP");
}

TEST(ParserDiagnosticsTest, EmptyBracketsAreWarnings) {
  EXPECT_THAT(Messages("Run ()"),
              ::testing::ElementsAre("1:5: warning: empty '( )' ignored"));
  EXPECT_THAT(
      Messages("Run [: ]"),
      ::testing::ElementsAre("1:5: warning: empty action '[ ]' ignored"));
}

TEST(ParserDiagnosticsTest, InvalidMetricObjectIsWarning) {
  EXPECT_THAT(Messages("Run {rpe: 8}"),
              ::testing::ElementsAre(
                  "1:5: warning: metric object is not a flat JSON object; "
                  "ignored"));
}

TEST(ParserDiagnosticsTest, ZeroDenominatorIsError) {
  EXPECT_THAT(
      Messages("1/0 mile Run"),
      ::testing::ElementsAre("1:3: error: division by zero in a fraction"));
}

TEST(ParserDiagnosticsTest, LineWithNothingUsableIsWarning) {
  const ParseResult r = Parse("Run\n  : /\n");
  EXPECT_EQ(r.statements.size(), 1u);
  EXPECT_THAT(Messages("Run\n  : /\n"),
              ::testing::ElementsAre(
                  "2:3: warning: nothing to do on this line; ignored"));
}

TEST(ParserDiagnosticsTest, LoneGroupMarkerIsWarningNotStatement) {
  const ParseResult r = Parse("(3)\n  -\n  5 Pullups");
  EXPECT_EQ(FormatParsedStatements(r),
            "`#1` children [[3]]: rounds=3; `#3` (child of #1): rep=5, "
            "effort=Pullups");
  EXPECT_THAT(Messages("(3)\n  -\n  5 Pullups"),
              ::testing::ElementsAre(
                  "2:3: warning: nothing to do on this line; ignored"));
}

TEST(ParserDiagnosticsTest, UnterminatedStringIsWarning) {
  EXPECT_THAT(
      Messages("Run \"fast"),
      ::testing::ElementsAre("1:5: warning: missing '\"' to close a string"));
}

TEST(ParserDiagnosticsTest, DiagnosticsAreOrderedByLineThenColumn) {
  const ParseResult r = Parse("Run ~ ]\n(2.5 ~\n~");
  ASSERT_GE(r.diagnostics.size(), 4u);
  for (std::size_t i = 1; i < r.diagnostics.size(); ++i) {
    const Diagnostic& a = r.diagnostics[i - 1];
    const Diagnostic& b = r.diagnostics[i];
    EXPECT_TRUE(a.line < b.line || (a.line == b.line && a.column <= b.column))
        << a.ToString() << " before " << b.ToString();
  }
}

}  // namespace
}  // namespace wod::blocks
