// Tests of the --steps language (runtime/step_command.h,
// docs/spec/step-trace.md "Commands"): every command form, separators, and the
// position of every kind of error.
#include "runtime/step_command.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::runtime {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Actions(const std::vector<StepCommand>& commands) {
  std::vector<std::string> out;
  for (const StepCommand& c : commands) out.push_back(c.ActionText());
  return out;
}

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<std::vector<StepCommand>> parsed = ParseStepCommands(text);
  if (parsed.ok()) return "(parsed)";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(parsed.status().message());
}

TEST(ParseStepCommands, ParsesEveryCommandWithItsPrintedAction) {
  absl::StatusOr<std::vector<StepCommand>> parsed = ParseStepCommands(
      "next; tick 1000; advance 5; event timer:pause; pause; resume; abort; "
      "event a.B-c_9");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(
      Actions(*parsed),
      ElementsAre("userNext", "tick 1000 ms", "advance 5 ms",
                  "event `timer:pause`", "event `timer:pause`",
                  "event `timer:resume`", "event `abort`", "event `a.B-c_9`"));
  EXPECT_EQ((*parsed)[1].kind, CommandKind::kTick);
  EXPECT_EQ((*parsed)[1].ms, 1000);
  EXPECT_EQ((*parsed)[2].kind, CommandKind::kAdvance);
  EXPECT_EQ((*parsed)[3].event, "timer:pause");
}

TEST(ParseStepCommands, SeparatorsSpacesAndEmptyItems) {
  absl::StatusOr<std::vector<StepCommand>> parsed =
      ParseStepCommands(" ;;\n  next  ;\t tick   0 \r\n\n;abort;");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(Actions(*parsed),
              ElementsAre("userNext", "tick 0 ms", "event `abort`"));
  EXPECT_EQ((*parsed)[0].line, 2);
  EXPECT_EQ((*parsed)[0].column, 3);
  EXPECT_EQ((*parsed)[1].line, 2);
  EXPECT_EQ((*parsed)[1].column, 12);
  EXPECT_EQ((*parsed)[2].line, 4);
  EXPECT_EQ((*parsed)[2].column, 2);
}

TEST(ParseStepCommands, EmptyTextIsNoCommands) {
  for (std::string_view text : {"", "   ", ";;;", "\n\n"}) {
    absl::StatusOr<std::vector<StepCommand>> parsed = ParseStepCommands(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_TRUE(parsed->empty()) << "'" << text << "'";
  }
}

TEST(ParseStepCommands, UnknownCommandNamesItsPosition) {
  EXPECT_EQ(ErrorOf("next; nxt"), "steps:1:7: unknown command 'nxt'");
  EXPECT_EQ(ErrorOf("next\n  tick 5\n Next"),
            "steps:3:2: unknown command 'Next'");
  EXPECT_EQ(ErrorOf("\x01"), "steps:1:1: unknown command '\\x01'");
}

TEST(ParseStepCommands, ColumnsCountCodePoints) {
  // "é" is two bytes but one column.
  EXPECT_EQ(ErrorOf("next; é; x"), "steps:1:7: unknown command 'é'");
  EXPECT_EQ(ErrorOf("é"), "steps:1:1: unknown command 'é'");
  EXPECT_EQ(ErrorOf("next;é;zz"), "steps:1:6: unknown command 'é'");
}

TEST(ParseStepCommands, MissingNumberPointsAtTheCommand) {
  EXPECT_EQ(ErrorOf("next; tick"),
            "steps:1:7: 'tick' needs a whole number of milliseconds");
  EXPECT_EQ(ErrorOf("advance ;next"),
            "steps:1:1: 'advance' needs a whole number of milliseconds");
}

TEST(ParseStepCommands, BadNumberPointsAtTheNumber) {
  for (std::string_view bad : {"-5", "1.5", "+5", "1e3", "10ms", "0x10"}) {
    EXPECT_EQ(ErrorOf(std::string("tick ") + std::string(bad)),
              "steps:1:6: '" + std::string(bad) +
                  "' is not a whole number of milliseconds");
  }
  EXPECT_EQ(ErrorOf("next\nadvance  abc"),
            "steps:2:10: 'abc' is not a whole number of milliseconds");
}

TEST(ParseStepCommands, NumberRangeIsZeroToTwoPow53) {
  absl::StatusOr<std::vector<StepCommand>> max =
      ParseStepCommands("tick 9007199254740992");
  ASSERT_TRUE(max.ok()) << max.status();
  EXPECT_EQ((*max)[0].ms, int64_t{1} << 53);
  EXPECT_EQ(ErrorOf("tick 9007199254740993"),
            "steps:1:6: '9007199254740993' ms is out of range (0 to 2^53)");
  // Far beyond int64: still a clean error, no overflow.
  EXPECT_EQ(ErrorOf("next; advance 99999999999999999999999999"),
            "steps:1:15: '99999999999999999999999999' ms is out of range (0 "
            "to 2^53)");
}

TEST(ParseStepCommands, EventNameErrors) {
  EXPECT_EQ(ErrorOf("event"),
            "steps:1:1: 'event' needs a name ([A-Za-z0-9:_.-]+)");
  EXPECT_EQ(ErrorOf("next; event ab$c"),
            "steps:1:15: invalid character '$' in event name 'ab$c' (allowed: "
            "A-Z a-z 0-9 : _ . -)");
  EXPECT_EQ(ErrorOf("event `abort`"),
            "steps:1:7: invalid character '`' in event name '`abort`' "
            "(allowed: A-Z a-z 0-9 : _ . -)");
}

TEST(ParseStepCommands, ExtraWordsAreErrors) {
  EXPECT_EQ(ErrorOf("next now"), "steps:1:6: unexpected 'now' after 'next'");
  EXPECT_EQ(ErrorOf("tick 1000 ms"),
            "steps:1:11: unexpected 'ms' after 'tick'");
  EXPECT_EQ(ErrorOf("event a b"), "steps:1:9: unexpected 'b' after 'event'");
  EXPECT_EQ(ErrorOf("abort  please"),
            "steps:1:8: unexpected 'please' after 'abort'");
}

TEST(ParseStepCommands, FirstErrorWinsAndNothingIsReturned) {
  absl::StatusOr<std::vector<StepCommand>> parsed =
      ParseStepCommands("next; next; bogus; tick x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(std::string(parsed.status().message()),
            "steps:1:13: unknown command 'bogus'");
}

TEST(ParseStepCommands, LongGarbageIsQuotedShortAndPrintable) {
  const std::string garbage(1000, 'x');
  const std::string message = ErrorOf(garbage);
  EXPECT_LT(message.size(), 100u);
  EXPECT_THAT(message,
              ::testing::StartsWith("steps:1:1: unknown command 'xxx"));
}

}  // namespace
}  // namespace wod::runtime
