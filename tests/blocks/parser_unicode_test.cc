// Encoding and invisible characters (docs/spec/language.md §1.3, §1.5,
// and docs/spec/language.md §2.4): a byte order mark is skipped, Unicode
// spaces are blanks, invisible characters and the fullwidth colon are read
// as what they look like with a warning at their column, invalid UTF-8 is
// warned about once per line, and every column counts code points.
#include <string>
#include <vector>

#include "base/strings.h"
#include "blocks/parser.h"
#include "blocks/statement_format.h"
#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::wod::memory::testing::IsOk;

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr char kNbsp[] = "\xC2\xA0";
constexpr char kIdeographicSpace[] = "\xE3\x80\x80";
constexpr char kZwsp[] = "\xE2\x80\x8B";
constexpr char kFullwidthColon[] = "\xEF\xBC\x9A";

std::vector<std::string> Messages(const std::string& script) {
  std::vector<std::string> out;
  for (const Diagnostic& d : Parse(script).diagnostics) {
    out.push_back(d.ToString());
  }
  return out;
}

const Metric* FindMetric(const Statement& s, MetricKind kind) {
  for (const Metric& m : s.metrics) {
    if (m.kind == kind) return &m;
  }
  return nullptr;
}

TEST(ParserUnicodeTest, LeadingByteOrderMarkIsSkipped) {
  const std::string script = std::string(kBom) + "20:00 AMRAP\n  10 Pullups\n";
  const ParseResult r = Parse(script);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(FormatParsedStatements(r),
            FormatParsedStatements(Parse("20:00 AMRAP\n  10 Pullups\n")));
  ASSERT_EQ(r.statements.size(), 2u);
  const Metric* duration = FindMetric(r.statements[0], MetricKind::kDuration);
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->value, 1'200'000);  // 20 minutes, not 0 s
  // Columns start after the mark; offsets stay offsets into the text.
  EXPECT_EQ(r.statements[0].span.begin_column, 1);
  EXPECT_EQ(r.statements[0].span.begin_offset, 3u);
  EXPECT_EQ(r.statements[1].parent, 1);
}

TEST(ParserUnicodeTest, ByteOrderMarkLaterIsAnIgnoredInvisibleCharacter) {
  const ParseResult r = Parse(std::string("10 Pullups\n") + kBom + "5 Squats");
  EXPECT_THAT(Messages(std::string("10 Pullups\n") + kBom + "5 Squats"),
              ElementsAre("2:1: warning: invisible character U+FEFF ZERO "
                          "WIDTH NO-BREAK SPACE ignored"));
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_FALSE(r.statements[1].parent.has_value());  // not nested
  EXPECT_EQ(r.statements[1].indent, 0);
}

TEST(ParserUnicodeTest, UnicodeSpacesIndentAndSeparateLikeSpaces) {
  const std::string nbsp_script = std::string("(2)\n") + kNbsp + kNbsp +
                                  "10 Clean" + kNbsp + "&" + kIdeographicSpace +
                                  "Jerk" + kNbsp + "\n";
  const ParseResult r = Parse(nbsp_script);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(FormatParsedStatements(r),
            FormatParsedStatements(Parse("(2)\n  10 Clean & Jerk\n")));
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_EQ(r.statements[1].parent, 1);
  EXPECT_EQ(r.statements[1].indent, 2);
  // Trailing NBSP trimmed from the span and raw text; columns are code
  // points.
  EXPECT_EQ(r.statements[1].raw,
            std::string("10 Clean") + kNbsp + "&" + kIdeographicSpace + "Jerk");
  EXPECT_EQ(r.statements[1].span.begin_column, 3);
  EXPECT_EQ(r.statements[1].span.end_column, 18);
}

TEST(ParserUnicodeTest, UnicodeSpacesAreTrimmedFromActionsAndComments) {
  const ParseResult r = Parse(std::string("[") + kNbsp + "Start" + kNbsp +
                              "] // " + "note" + kIdeographicSpace);
  ASSERT_EQ(r.statements.size(), 1u);
  EXPECT_EQ(FormatParsedStatements(r),
            FormatParsedStatements(Parse("[Start] // note")));
}

TEST(ParserUnicodeTest, ZeroWidthSpaceIsIgnoredWithAWarning) {
  const std::string script = std::string("20:00") + kZwsp + "AMRAP\n  10 Pull" +
                             kZwsp + "ups\n  [Sta" + kZwsp + "rt]\n";
  EXPECT_THAT(
      Messages(script),
      ElementsAre(
          "1:6: warning: invisible character U+200B ZERO WIDTH SPACE ignored",
          "2:10: warning: invisible character U+200B ZERO WIDTH SPACE ignored",
          "3:7: warning: invisible character U+200B ZERO WIDTH SPACE "
          "ignored"));
  EXPECT_EQ(
      FormatParsedStatements(Parse(script)),
      FormatParsedStatements(Parse("20:00 AMRAP\n  10 Pullups\n  [Start]\n")));
}

TEST(ParserUnicodeTest, ZeroWidthCharactersInsideTextAreKept) {
  const std::string script = std::string("// a") + kZwsp + "b\n\"x" + kZwsp +
                             "y\" Run\n# h" + kZwsp + "\n";
  EXPECT_TRUE(Parse(script).diagnostics.empty());
}

TEST(ParserUnicodeTest, FullwidthColonIsReadAsAColonWithAWarning) {
  const std::string script = std::string("20") + kFullwidthColon +
                             "00 AMRAP\n  Reps" + kFullwidthColon + "10\n  " +
                             kFullwidthColon + "? Run\n  [" + kFullwidthColon +
                             "Rest]\n";
  EXPECT_THAT(Messages(script),
              ElementsAre("1:3: warning: fullwidth colon U+FF1A read as ':'",
                          "2:7: warning: fullwidth colon U+FF1A read as ':'",
                          "3:3: warning: fullwidth colon U+FF1A read as ':'",
                          "4:4: warning: fullwidth colon U+FF1A read as ':'"));
  const ParseResult r = Parse(script);
  EXPECT_EQ(FormatParsedStatements(r),
            FormatParsedStatements(
                Parse("20:00 AMRAP\n  Reps:10\n  :? Run\n  [:Rest]\n")));
  const Metric* duration = FindMetric(r.statements[0], MetricKind::kDuration);
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->value, 1'200'000);
  EXPECT_EQ(duration->written, "20:00");  // the label shows ':'
}

TEST(ParserUnicodeTest, ColumnsCountCodePoints) {
  // 'ä' is one column, not two bytes.
  EXPECT_THAT(Messages("L\xC3\xA4ufe 1:75"),
              ElementsAre(HasSubstr("1:7: error: Invalid seconds")));
  EXPECT_THAT(Messages("\xE2\x86\x92\xE2\x86\x92 )"),
              ElementsAre("1:4: warning: unexpected character ')' ignored"));
  const ParseResult r = Parse(
      "\xC3\x9C"
      "bung 5kg");
  ASSERT_EQ(r.statements.size(), 1u);
  const Metric* weight = FindMetric(r.statements[0], MetricKind::kResistance);
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ(weight->span.begin_column, 7);
  EXPECT_EQ(weight->span.end_column, 10);
}

TEST(ParserUnicodeTest, InvalidUtf8IsWarnedOncePerLine) {
  EXPECT_THAT(
      Messages("10 Pull\xFFups \xFE\n\xE2\x82 1:75\nok\n\x80"),
      ElementsAre(
          "1:8: warning: invalid UTF-8 (byte 0xFF); every invalid byte of "
          "the line is read as U+FFFD",
          "2:1: warning: invalid UTF-8 (byte 0xE2); every invalid byte of "
          "the line is read as U+FFFD",
          HasSubstr("2:4: error: Invalid seconds"),
          HasSubstr("4:1: warning: invalid UTF-8 (byte 0x80)")));
}

TEST(ParserUnicodeTest, LineLimitCountsCodePoints) {
  // 6,000 two-byte letters: 12,000 bytes but 6,000 characters.
  std::string wide;
  for (int i = 0; i < 6000; ++i) wide += "\xC3\xA4";
  EXPECT_TRUE(Parse(wide).diagnostics.empty());
  EXPECT_THAT(Messages(std::string(10001, 'x')),
              ElementsAre(HasSubstr("longer than 10000 characters")));
}

// docs/spec/language.md §1.5: the session runs invalid bytes as U+FFFD and
// keeps the diagnostics of the text as written.
TEST(ParserUnicodeTest, SessionRunsInvalidUtf8AsReplacementCharacters) {
  const std::string script = "10 Pull\xFFups\n";
  absl::StatusOr<std::unique_ptr<WorkoutSession>> session =
      WorkoutSession::Create(script);
  ASSERT_THAT(session, IsOk());
  ASSERT_EQ((*session)->parsed().diagnostics.size(), 1u);
  EXPECT_EQ((*session)->parsed().diagnostics[0].ToString(),
            "1:8: warning: invalid UTF-8 (byte 0xFF); every invalid byte of "
            "the line is read as U+FFFD");
  std::string rows = (*session)->Start().Row();
  rows +=
      (*session)
          ->Apply(runtime::MakeStepCommand(runtime::CommandKind::kNext, 0, ""))
          .Row();
  EXPECT_TRUE(base::IsValidUtf8(rows)) << rows;
  EXPECT_THAT(rows, HasSubstr("Pull\xEF\xBF\xBDups"));
}

}  // namespace
}  // namespace wod::blocks
