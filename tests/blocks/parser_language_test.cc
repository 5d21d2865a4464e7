// One test per language feature of docs/spec/language.md; expectations are
// the reference parse results listed in docs/spec/language.md §14 (numbers in
// the comments) unless a recommended deviation (docs/spec/language.md §13) is
// named.
#include <string>

#include "blocks/parser.h"
#include "blocks/statement.h"
#include "blocks/statement_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::blocks {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

std::string Fmt(const std::string& script) {
  return FormatParsedStatements(Parse(script));
}

// The single statement of `result` (a copy: results are temporaries).
Statement Only(const ParseResult& result) {
  EXPECT_EQ(result.statements.size(), 1u);
  return result.statements.empty() ? Statement{} : result.statements.front();
}

TEST(ParserLanguageTest, StatementIdIsLineNumberAndBlankLinesProduceNothing) {
  // docs/spec/language.md §14 #53.
  const ParseResult r = Parse("10 Pushups\n\n  \t\n\n5 Pullups");
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[0].id, 1);
  EXPECT_EQ(r.statements[1].id, 5);
  EXPECT_EQ(r.Find(5), &r.statements[1]);
  EXPECT_EQ(r.Find(2), nullptr);
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(ParserLanguageTest, EmptyAndWhitespaceScriptsHaveNoStatements) {
  EXPECT_EQ(Fmt(""), "(none)");
  EXPECT_EQ(Fmt("   \n\n   "), "(none)");
  EXPECT_EQ(Fmt("\r\n\r\n"), "(none)");
}

TEST(ParserLanguageTest, RepCountAndEffortWords) {
  EXPECT_EQ(Fmt("10 Pullups"), "`#1`: rep=10, effort=Pullups");  // #2
  EXPECT_EQ(Fmt("Pushups"), "`#1`: effort=Pushups");             // #1
  EXPECT_EQ(Fmt("0 Pushups"), "`#1`: rep=0, effort=Pushups");
  EXPECT_EQ(Fmt("99999999 Pushups"), "`#1`: rep=99999999, effort=Pushups");
}

TEST(ParserLanguageTest, EffortTokensOneByteApartMergeWithOneSpace) {
  EXPECT_EQ(Fmt("10 Clean & Jerk"), "`#1`: rep=10, effort=Clean & Jerk");
  EXPECT_EQ(Fmt("Pull-ups"), "`#1`: effort=Pull-ups");
  // A wider gap starts a new effort metric (docs/spec/language.md §5).
  EXPECT_EQ(Fmt("Clean  Jerk"), "`#1`: effort=Clean, effort=Jerk");
  // A metric between words splits them (docs/spec/language.md §14 #7).
  EXPECT_EQ(Fmt("5 Back Squat 225lb hard"),
            "`#1`: rep=5, effort=Back Squat, resistance=225 lb, effort=hard");
}

TEST(ParserLanguageTest, TimersParseToMilliseconds) {
  const ParseResult r =
      Parse(":30 A\n5:00 B\n05:00 C\n1:30:00 D\n1:2:3:4 E\n:90 F\n60:00 G");
  ASSERT_EQ(r.statements.size(), 7u);
  const double expected[] = {30000,    300000, 300000, 5400000,
                             93784000, 90000,  3600000};
  for (std::size_t i = 0; i < 7; ++i) {
    const Metric* d = r.statements[i].FindMetric(MetricKind::kDuration);
    ASSERT_NE(d, nullptr) << i;
    EXPECT_EQ(d->value, expected[i]) << i;
    EXPECT_FALSE(d->count_up);
    EXPECT_FALSE(d->required);
  }
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(ParserLanguageTest, DurationKeepsTimerAsWrittenForLabels) {
  const ParseResult r = Parse(":60 A\n1:00 B\n^5:00 C\n*\t:30 D\n:? E");
  ASSERT_EQ(r.statements.size(), 5u);
  const char* written[] = {":60", "1:00", "5:00", ":30", ":?"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r.statements[i].metrics[0].written, written[i]) << i;
  }
}

TEST(ParserLanguageTest, CaretMakesTimerCountUp) {
  const Statement s = Only(Parse("^5:00 Row"));  // #9
  const Metric* d = s.FindMetric(MetricKind::kDuration);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->value, 300000);
  EXPECT_TRUE(d->count_up);
  EXPECT_FALSE(s.HasHint(kHintRequiredTimer));
}

TEST(ParserLanguageTest, StarMakesTimerRequiredAndAddsParserHint) {
  const Statement s = Only(Parse("*:30 Rest"));  // #9
  const Metric* d = s.FindMetric(MetricKind::kDuration);
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->required);
  EXPECT_EQ(d->value, 30000);
  EXPECT_THAT(s.hints, ElementsAre(std::string(kHintRequiredTimer)));
  // The parser hint precedes dialect hints (scenarios/timer.md).
  EXPECT_EQ(Fmt("*5:00 Run"),
            "`#1`: duration=300000, effort=Run \u00b7 hints: "
            "behavior.required_timer, domain.cardio, workout.run, "
            "behavior.aerobic");
}

TEST(ParserLanguageTest, CollectibleTimerHasNoValueAndHintedOrigin) {
  const Statement s = Only(Parse(":? Max Effort Pushups"));  // #10
  const Metric* d = s.FindMetric(MetricKind::kDuration);
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->value.has_value());
  EXPECT_EQ(d->origin, MetricOrigin::kHinted);
  EXPECT_EQ(FormatStatement(s),
            "`#1`: duration=undefined(hinted), effort=Max Effort Pushups");
  // Two durations on one line stay two metrics (#55).
  EXPECT_THAT(
      Fmt("5:00 Run :?"),
      StartsWith(
          "`#1`: duration=300000, effort=Run, duration=undefined(hinted)"));
}

TEST(ParserLanguageTest, QuestionMarkIsCollectibleRep) {
  EXPECT_EQ(Fmt("? Pushups"), "`#1`: rep=undefined(hinted), effort=Pushups");
  EXPECT_EQ(Fmt("20 Pullups ?"),
            "`#1`: rep=20, effort=Pullups, rep=undefined(hinted)");
}

TEST(ParserLanguageTest, ParenthesisedNumberIsRounds) {
  EXPECT_EQ(Fmt("(3 Rounds)\n  10 Pushups\n  15 Air Squats"),  // #11
            "`#1` children [[2],[3]]: rounds=3; `#2` (child of #1): rep=10, "
            "effort=Pushups; `#3` (child of #1): rep=15, effort=Air Squats");
  EXPECT_EQ(Fmt("(10) Pushups"), "`#1`: rounds=10, effort=Pushups");  // #49
  EXPECT_EQ(Fmt("(0) Pushups"), "`#1`: rounds=0, effort=Pushups");
  EXPECT_EQ(Fmt("(5) 10 Pushups"), "`#1`: rounds=5, rep=10, effort=Pushups");
}

TEST(ParserLanguageTest, ParenthesisedSequenceIsRepScheme) {
  EXPECT_EQ(Fmt("(10-8-6-4-2)\n  Wall Balls"),  // #54
            "`#1` children [[2]]: rounds=5, rep=10, rep=8, rep=6, rep=4, "
            "rep=2; `#2` (child of #1): effort=Wall Balls");
  EXPECT_EQ(Fmt("(21-15-9) Thruster / Pull-up"),  // #13: `/` dropped
            "`#1`: rounds=3, rep=21, rep=15, rep=9, effort=Thruster, "
            "effort=Pull-up");
}

// docs/spec/language.md §7.2: after a movement, a note.
TEST(ParserLanguageTest, ParenthesisedWordIsRoundsLabel) {
  EXPECT_EQ(Fmt("5 Pushups (strict)"),  // #48
            "`#1`: rep=5, effort=Pushups, text={\"text\":\"strict\"}");
  const Statement s = Only(Parse("(AMRAP)"));
  const Metric* r = s.FindMetric(MetricKind::kRounds);
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->value.has_value());
  EXPECT_EQ(r->text, "AMRAP");
}

TEST(ParserLanguageTest, BareRepSchemeFollowsReferenceLexing) {
  // docs/spec/language.md §7 ⚠: without parentheses the dashes are efforts and
  // no rounds exist.
  EXPECT_EQ(Fmt("21-15-9"), "`#1`: rep=21, effort=-, rep=15, effort=-, rep=9");
}

TEST(ParserLanguageTest, RoundsWordWithoutParenthesesIsRepAndEffort) {
  EXPECT_EQ(Fmt("3 Rounds of:"), "`#1`: rep=3, effort=Rounds of");
  EXPECT_EQ(Fmt("5x5 Back Squat"), "`#1`: rep=5, effort=x5 Back Squat");
  EXPECT_EQ(Fmt("AMRAP 20 mins"),  // #51
            "`#1`: effort=AMRAP, rep=20, effort=mins \u00b7 hints: "
            "behavior.time_bound, workout.amrap");
}

TEST(ParserLanguageTest, NumberFollowedByUnitFusesIntoWeightOrDistance) {
  const Statement s = Only(Parse("5 Back Squat 225lb"));  // #4
  const Metric* w = s.FindMetric(MetricKind::kResistance);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->value, 225);
  EXPECT_EQ(w->unit, "lb");
  EXPECT_EQ(w->span.begin_column, 14);
  EXPECT_EQ(w->span.end_column, 19);
  EXPECT_EQ(Fmt("400 m Run"),
            "`#1`: distance=400 m, effort=Run \u00b7 hints: domain.cardio, "
            "workout.run, behavior.aerobic, behavior.distance_based, "
            "behavior.pace_based");
  EXPECT_THAT(Fmt("Bike 10 miles"),
              StartsWith("`#1`: effort=Bike, distance=10 miles"));
  EXPECT_THAT(Fmt("10 cal Row"),
              StartsWith("`#1`: energy=10 cal, effort=Row \u00b7"));
  EXPECT_EQ(Fmt("20 bw Pushups"), "`#1`: resistance=20 bw, effort=Pushups");
}

TEST(ParserLanguageTest, UnitIsKeptAsWrittenAndMatchedCaseInsensitively) {
  EXPECT_EQ(Fmt("3 Deadlift 140 KILOS"),
            "`#1`: rep=3, effort=Deadlift, resistance=140 KILOS");
  EXPECT_THAT(
      Fmt(":? 1 Mile Run"),
      StartsWith(
          "`#1`: duration=undefined(hinted), distance=1 Mile, effort=Run"));
}

TEST(ParserLanguageTest, UnitWordNotAfterNumberStaysEffort) {
  EXPECT_EQ(Fmt("Dip bw"), "`#1`: effort=Dip bw");  // #4
  EXPECT_EQ(Fmt("20 Pushups bw"), "`#1`: rep=20, effort=Pushups bw");
  EXPECT_EQ(Fmt("10 Pushups xyz"), "`#1`: rep=10, effort=Pushups xyz");
}

TEST(ParserLanguageTest, AtSignMarksLoad) {
  EXPECT_EQ(Fmt("10 Clean & Jerk @ 135 lb"),  // #35
            "`#1`: rep=10, effort=Clean & Jerk, resistance=135 lb");
  EXPECT_EQ(Fmt("10 Pushups @ 2.5 lb"),
            "`#1`: rep=10, effort=Pushups, resistance=2.5 lb");
  EXPECT_EQ(Fmt("Squat @95"), "`#1`: effort=Squat, resistance=95");
}

TEST(ParserLanguageTest, CollectibleWeightHasUnitButNoAmount) {
  const Statement s = Only(Parse("5 Deadlifts ?lb"));  // #6
  const Metric* w = s.FindMetric(MetricKind::kResistance);
  ASSERT_NE(w, nullptr);
  EXPECT_FALSE(w->value.has_value());
  EXPECT_EQ(w->unit, "lb");
  EXPECT_EQ(w->origin, MetricOrigin::kHinted);
}

TEST(ParserLanguageTest, FractionBeforeUnitIsOneAmount) {
  EXPECT_THAT(Fmt("1/4 mile Run"),
              StartsWith(  // #39
                  "`#1`: distance=0.25 mile, effort=Run \u00b7"));
  // Not a unit: the numbers stay reps and the slash is dropped.
  EXPECT_EQ(Fmt("1/2 pood"), "`#1`: rep=1, rep=2, effort=pood");
}

TEST(ParserLanguageTest, LeadingDotNumberIsDecimal) {
  // Recommended deviation (docs/spec/language.md §13): `.5` is 0.5, not symbol
  // + 5.
  const Statement s = Only(Parse(".5 mile Walk"));
  const Metric* d = s.FindMetric(MetricKind::kDistance);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->value, 0.5);
}

TEST(ParserLanguageTest, PipeMakesChoiceOfLikeAlternatives) {
  const Statement s = Only(Parse("185 | 125 lb Squat"));  // #40
  const Metric* c = s.FindMetric(MetricKind::kChoice);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->alternatives.size(), 2u);
  EXPECT_EQ(c->alternatives[0].kind, MetricKind::kResistance);
  EXPECT_EQ(c->alternatives[0].value, 185);
  EXPECT_EQ(c->alternatives[0].unit, "lb");
  EXPECT_EQ(c->alternatives[1].value, 125);
  EXPECT_THAT(Fmt("Run | Walk"),
              StartsWith("`#1`: choice=[effort=Run | effort="));
  // Unlike things: the pipe is dropped.
  EXPECT_THAT(Fmt(":30 | Run"), StartsWith("`#1`: duration=30000, effort=Run"));
}

TEST(ParserLanguageTest, ActionsInAllBracketForms) {
  for (const char* script : {"[:Rest]", "[: Rest]", "[Rest]"}) {
    EXPECT_EQ(Fmt(script), "`#1`: action=Rest") << script;
  }
  const Statement s = Only(Parse("[:!Start]"));
  const Metric* a = s.FindMetric(MetricKind::kAction);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->text, "Start");
  EXPECT_TRUE(a->pinned);
  EXPECT_EQ(Fmt("[Change Plates]"), "`#1`: action=Change Plates");
}

TEST(ParserLanguageTest, ClimbRouteTagOnlyInReferenceMode) {
  EXPECT_EQ(Fmt("[:Rest] 1:00"), "`#1`: action=Rest, duration=60000");
  EXPECT_EQ(
      FormatParsedStatements(Parse("[:Rest] 1:00", ParseOptions::Reference())),
      "`#1`: action=Rest, duration=60000, "
      "climb-route-name=Rest(dialect) \u00b7 hints: domain.climb, "
      "behavior.route_based");
}

TEST(ParserLanguageTest, CommentsBecomeTextMetrics) {
  EXPECT_THAT(Fmt("Run // inline comment"),
              StartsWith(  // #43
                  "`#1`: effort=Run, text={\"text\":\"inline comment\"}"));
  const Statement s = Only(Parse("// Warmup"));
  EXPECT_TRUE(s.IsLabelOnly());
  EXPECT_EQ(s.metrics[0].level, 0);
}

TEST(ParserLanguageTest, HeadingsCarryTheirLevel) {
  EXPECT_EQ(Fmt("# Heading"),
            "`#1`: text={\"text\":\"Heading\",\"level\":\"1\"}");
  EXPECT_EQ(Fmt("### H3 Title"),
            "`#1`: text={\"text\":\"H3 Title\",\"level\":\"3\"}");
  EXPECT_TRUE(Only(Parse("## Rest")).IsLabelOnly());
  // A comment with children is a group header, not a label.
  EXPECT_FALSE(Parse("// Warmup\n  10 Squats").statements[0].IsLabelOnly());
}

TEST(ParserLanguageTest, PropertyLinesMapKnownKeys) {
  EXPECT_EQ(Fmt("rpe: 8\nlocation: \"Garage\"\nsurface: indoor"),  // #27
            "`#1`: session-rpe=8; `#2`: custom=Garage; `#3`: custom=indoor");
  const Statement s = Only(Parse("location: \"Garage\""));
  EXPECT_EQ(s.metrics[0].key, "location");
  EXPECT_EQ(s.metrics[0].text, "Garage");
}

TEST(ParserLanguageTest, PropertyShapedLineWithTimerKeepsOnlyTheTimer) {
  const ParseResult r = Parse("Timer: 1:00");  // #52
  EXPECT_EQ(FormatParsedStatements(r), "`#1`: duration=60000");
  EXPECT_FALSE(r.HasErrors());
}

TEST(ParserLanguageTest, InlineObjectAddsPropertyMetrics) {
  EXPECT_EQ(Fmt("10 Pushups {\"rpe\": 8}"),  // #52
            "`#1`: rep=10, effort=Pushups, session-rpe=8");
  EXPECT_EQ(Fmt("8 Bench Press 185lb {\"rpe\": 8, \"rir\": 2}"),  // #28
            "`#1`: rep=8, effort=Bench Press, resistance=185 lb, "
            "session-rpe=8, rir=2");
}

TEST(ParserLanguageTest, IndentationBuildsImmediateChildren) {
  const ParseResult r = Parse("(5) 1:00 EMOM\n  (3)\n    Clean");
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_EQ(r.statements[0].children, (std::vector<std::vector<int>>{{2}}));
  EXPECT_EQ(r.statements[1].children, (std::vector<std::vector<int>>{{3}}));
  EXPECT_EQ(r.statements[1].parent, 1);
  EXPECT_EQ(r.statements[2].parent, 2);
  EXPECT_FALSE(r.statements[0].parent.has_value());
  EXPECT_TRUE(r.statements[2].is_leaf());
}

TEST(ParserLanguageTest, ReferenceModeListsDescendantsUnderEveryAncestor) {
  const ParseResult r = Parse("- warmup\n  - squat\n  + press\n    - run",
                              ParseOptions::Reference());  // #46
  EXPECT_EQ(r.statements[0].children,
            (std::vector<std::vector<int>>{{2, 3}, {4}}));
  EXPECT_EQ(r.statements[2].children, (std::vector<std::vector<int>>{{4}}));
}

TEST(ParserLanguageTest, TabAndSpacesAreDifferentDepths) {
  const ParseResult r = Parse("(3)\n\t10 Pushups\n    5 Pullups");  // #47
  EXPECT_EQ(r.statements[1].indent, 1);
  EXPECT_EQ(r.statements[2].indent, 4);
  EXPECT_EQ(r.statements[2].parent, 2);
}

TEST(ParserLanguageTest, PlusJoinsPreviousGroupMinusStartsNewOne) {
  EXPECT_EQ(Parse("(3)\n  + 5 Pullups\n  + 10 Pushups").statements[0].children,
            (std::vector<std::vector<int>>{{2, 3}}));  // #45
  EXPECT_EQ(Parse("(3)\n  - a\n  - b\n  - c").statements[0].children,
            (std::vector<std::vector<int>>{{2}, {3}, {4}}));
  EXPECT_EQ(Parse("(3)\n  a\n  + b\n  c").statements[0].children,
            (std::vector<std::vector<int>>{{2, 3}, {4}}));
  const ParseResult r = Parse("(3)\n  + 5 Pullups");
  EXPECT_EQ(r.statements[1].lap, GroupMarker::kCompose);
  EXPECT_EQ(FormatStatement(r.statements[1]),
            "`#2` (child of #1): group=compose, rep=5, effort=Pullups");
}

TEST(ParserLanguageTest, CrossFitKeywordsAddHints) {
  EXPECT_THAT(Only(Parse("20:00 AMRAP")).hints,
              ElementsAre("behavior.time_bound", "workout.amrap"));
  EXPECT_THAT(Only(Parse("(3) :60 emom")).hints,
              ElementsAre("behavior.repeating_interval", "workout.emom"));
  EXPECT_THAT(Only(Parse("For Time")).hints,
              ElementsAre("behavior.time_bound", "workout.for_time"));
  EXPECT_THAT(Only(Parse(":20 Tabata")).hints,
              ElementsAre("behavior.repeating_interval", "workout.tabata"));
  EXPECT_THAT(Only(Parse("10 Pushups")).hints, IsEmpty());
}

TEST(ParserLanguageTest, RoundsDurationAndChildrenMakeImplicitEmom) {
  const ParseResult with_children = Parse("(10) :60\n  5 Burpees");
  EXPECT_THAT(with_children.statements[0].hints,
              ElementsAre("behavior.repeating_interval", "workout.emom",
                          "workout.implicit_emom"));
  // Without children it is not an interval workout.
  EXPECT_THAT(Only(Parse("(10) :60")).hints, IsEmpty());
  // The parenthesised AMRAP label counts as rounds (scenarios P2 ⚠).
  EXPECT_TRUE(Parse("20:00 (AMRAP)\n  5 Pullups")
                  .statements[0]
                  .HasHint(kHintWorkoutImplicitEmom));
}

TEST(ParserLanguageTest, WodWordsAddAnalyticsHints) {
  EXPECT_THAT(
      Only(Parse("Strength Block")).hints,
      ElementsAre("domain.wod", "workout.strength", "behavior.load_bearing"));
  EXPECT_THAT(Only(Parse("[:Metcon] 12:00 AMRAP")).hints,
              ElementsAre("behavior.time_bound", "workout.amrap", "domain.wod",
                          "workout.metcon"));
}

TEST(ParserLanguageTest, CardioWordsAndDistancesAddHints) {
  EXPECT_THAT(Only(Parse("1:00 Walk")).hints,
              ElementsAre("domain.cardio", "workout.walk"));
  EXPECT_THAT(Only(Parse(":? Sprint")).hints,
              ElementsAre("domain.cardio", "workout.run", "behavior.aerobic"));
  EXPECT_THAT(Only(Parse("400 m")).hints,
              ElementsAre("domain.cardio", "behavior.distance_based",
                          "behavior.pace_based"));
  EXPECT_THAT(Only(Parse(":30 Plank")).hints, IsEmpty());
}

TEST(ParserLanguageTest, SpansLocateStatementsAndMetrics) {
  const ParseResult r = Parse("(3)\n  10 Pullups  \n");
  const Statement& child = r.statements[1];
  EXPECT_EQ(child.raw, "10 Pullups");
  EXPECT_EQ(child.span.line, 2);
  EXPECT_EQ(child.span.begin_column, 3);
  EXPECT_EQ(child.span.end_column, 13);
  EXPECT_EQ(child.span.begin_offset, 6u);
  EXPECT_EQ(child.span.end_offset, 16u);
  ASSERT_EQ(child.metrics.size(), 2u);
  EXPECT_EQ(child.metrics[1].span.begin_column, 6);
  EXPECT_EQ(child.metrics[1].span.end_column, 13);
}

TEST(ParserLanguageTest, CarriageReturnLineEndingsAreAccepted) {
  EXPECT_EQ(Fmt("(3)\r\n  10 Pullups\r\n"),
            "`#1` children [[2]]: rounds=3; `#2` (child of #1): rep=10, "
            "effort=Pullups");
}

}  // namespace
}  // namespace wod::blocks
