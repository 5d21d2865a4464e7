// Damaged recordings: every kind of damage docs/spec/recording.md names
// (truncated mid-line, bad JSON, wrong field types, unknown version,
// out-of-order steps, missing header) gives an error naming the line and what
// is wrong, and keeps every complete step before it. Random damage never
// crashes.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "blocks/recording.h"
#include "blocks/recording_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::wod::blocks::testing::JoinLines;
using ::wod::blocks::testing::Lines;
using ::wod::blocks::testing::RecordRun;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::StatusIs;

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

class RecordingCorruption : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::RecordedRun> run =
        RecordRun("(3)\n  5 Pullups\n  :30 Rest\n", nullptr);
    ASSERT_THAT(run.status(), IsOk());
    text_ = run->text;
    lines_ = Lines(text_);
    ASSERT_GE(lines_.size(), 8u) << "header, at least 6 steps, end";
  }
  std::string text_;
  std::vector<std::string> lines_;
};

TEST_F(RecordingCorruption, IntactFileLoadsEveryStepAndTheEnd) {
  absl::StatusOr<Recording> rec = LoadRecording(text_);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(rec->error, IsOk());
  EXPECT_TRUE(rec->ended);
  EXPECT_EQ(rec->steps.size(), lines_.size() - 2);
  for (size_t i = 0; i < rec->steps.size(); ++i) {
    EXPECT_EQ(rec->steps[i].step, static_cast<int64_t>(i));
    EXPECT_EQ(rec->steps[i].line, static_cast<int64_t>(i) + 2);
  }
}

TEST_F(RecordingCorruption, TruncatedMidLineKeepsTheCompleteStepsBefore) {
  // Cut line 5 (step 3) in the middle: lines 2-4 are steps 0-2.
  std::string text = JoinLines({lines_.begin(), lines_.begin() + 4});
  text += lines_[4].substr(0, lines_[4].size() / 2);
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(rec->error, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Message(rec->error), StartsWith("line 5: truncated"));
  EXPECT_THAT(Message(rec->error), HasSubstr("step 3"));
  EXPECT_EQ(rec->steps.size(), 3u);
  EXPECT_FALSE(rec->ended);
}

TEST_F(RecordingCorruption, FileCutBetweenStepsLoadsEverythingWithoutAnEnd) {
  // What a crash after a flushed step leaves: whole lines, no end line.
  const std::string text = JoinLines({lines_.begin(), lines_.begin() + 5});
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(rec->error, IsOk());
  EXPECT_FALSE(rec->ended);
  EXPECT_EQ(rec->steps.size(), 4u);
}

TEST_F(RecordingCorruption, BadJsonNamesLineAndColumn) {
  std::vector<std::string> lines = lines_;
  lines[3] = "{\"step\":2,,}";
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(rec->error, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Message(rec->error),
            "line 4: bad JSON: column 11: expected a member name in quotes");
  EXPECT_EQ(rec->steps.size(), 2u);
}

TEST_F(RecordingCorruption, WrongFieldTypeNamesTheField) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[4].find("\"t_ms\":");
  ASSERT_NE(at, std::string::npos);
  lines[4].replace(at, 7, "\"t_ms\":\"soon\",\"x\":");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_EQ(Message(rec->error),
            "line 5: field \"t_ms\" must be an integer, got string");
  EXPECT_EQ(rec->steps.size(), 3u);
}

TEST_F(RecordingCorruption, WrongTypeInsideAMutationNamesItsPath) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[1].find("\"seq\":0");
  ASSERT_NE(at, std::string::npos);
  lines[1].replace(at, 7, "\"seq\":true");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_EQ(Message(rec->error),
            "line 2: field \"mutations[0].seq\" must be an integer, got "
            "boolean");
  EXPECT_TRUE(rec->steps.empty());
}

TEST_F(RecordingCorruption, UnknownVersionIsRefused) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[0].find("\"version\":1");
  ASSERT_NE(at, std::string::npos);
  lines[0].replace(at, 11, "\"version\":2");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(Message(rec.status()),
            "line 1: unsupported recording version 2 (this build reads "
            "version 1 only)");
}

TEST_F(RecordingCorruption, OutOfOrderStepsStopAtTheFirstGap) {
  std::vector<std::string> lines = lines_;
  lines.erase(lines.begin() + 3);  // drop step 2
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_EQ(Message(rec->error),
            "line 4: out-of-order step: expected step 2, got step 3");
  EXPECT_EQ(rec->steps.size(), 2u);
}

TEST_F(RecordingCorruption, RepeatedStepIsOutOfOrder) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 3, lines[2]);  // step 1 twice
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_EQ(Message(rec->error),
            "line 4: out-of-order step: expected step 2, got step 1");
}

TEST_F(RecordingCorruption, MissingHeaderIsRefused) {
  std::vector<std::string> lines = lines_;
  lines.erase(lines.begin());
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Message(rec.status()), StartsWith("line 1: missing header"));
}

TEST_F(RecordingCorruption, EmptyFileIsAMissingHeader) {
  absl::StatusOr<Recording> rec = LoadRecording("");
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Message(rec.status()), HasSubstr("the file is empty"));
}

TEST_F(RecordingCorruption, TextAfterTheEndLineIsAnError) {
  std::string text = text_ + lines_[1] + "\n";
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(Message(rec->error),
              HasSubstr(": unexpected text after the end line"));
  EXPECT_EQ(rec->steps.size(), lines_.size() - 2);
  EXPECT_TRUE(rec->ended);
}

TEST_F(RecordingCorruption, EndLineWithAWrongCountIsAnError) {
  std::vector<std::string> lines = lines_;
  lines.back() = EndLine(99);
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(Message(rec->error), HasSubstr("counts 99 steps"));
}

TEST_F(RecordingCorruption, BadCommandNamesItsPosition) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[2].find("\"command\":\"");
  ASSERT_NE(at, std::string::npos);
  lines[2].insert(at + 11, "nxt;");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(Message(rec->error),
              StartsWith("line 3: field \"command\": steps:1:1: unknown "
                         "command 'nxt'"));
  EXPECT_EQ(rec->steps.size(), 1u);
}

// Random damage (truncation, byte flips, line swaps) never crashes or
// hangs, and whatever loads is a prefix of the intact steps.
TEST_F(RecordingCorruption, RandomDamageNeverCrashesAndKeepsAPrefix) {
  absl::StatusOr<Recording> intact = LoadRecording(text_);
  ASSERT_THAT(intact.status(), IsOk());
  std::mt19937 rng(12345);
  const int iterations =
      std::max(20, static_cast<int>(2000 * testing::TestScale()));
  for (int i = 0; i < iterations; ++i) {
    std::string text = text_;
    const int damage = static_cast<int>(rng() % 3);
    if (damage == 0) {
      text.resize(rng() % text.size());
    } else if (damage == 1) {
      for (int k = 0; k < 3; ++k) {
        text[rng() % text.size()] = static_cast<char>(rng() % 256);
      }
    } else {
      std::vector<std::string> lines = Lines(text);
      std::swap(lines[rng() % lines.size()], lines[rng() % lines.size()]);
      text = JoinLines(lines);
    }
    absl::StatusOr<Recording> rec = LoadRecording(text);
    if (!rec.ok()) continue;
    ASSERT_LE(rec->steps.size(), intact->steps.size());
    for (size_t s = 0; s < rec->steps.size(); ++s) {
      ASSERT_EQ(rec->steps[s].step, static_cast<int64_t>(s));
    }
    if (!rec->error.ok()) {
      ASSERT_THAT(Message(rec->error), StartsWith("line "));
    }
  }
}

TEST(RecordingJson, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep(100000, '[');
  absl::StatusOr<JsonValue> v = ParseJson(deep);
  EXPECT_THAT(v.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Message(v.status()), HasSubstr("nesting too deep"));
}

TEST(RecordingJson, NumbersBeyondInt64AreNotIntegers) {
  absl::StatusOr<JsonValue> big = ParseJson("99999999999999999999");
  ASSERT_THAT(big.status(), IsOk());
  EXPECT_FALSE(big->is_integer());
  absl::StatusOr<JsonValue> min = ParseJson("-9223372036854775808");
  ASSERT_THAT(min.status(), IsOk());
  ASSERT_TRUE(min->is_integer());
  EXPECT_EQ(min->integer(), INT64_MIN);
  absl::StatusOr<JsonValue> frac = ParseJson("1.5e3");
  ASSERT_THAT(frac.status(), IsOk());
  EXPECT_EQ(frac->kind(), JsonValue::Kind::kNumber);
}

TEST(RecordingJson, EscapesRoundTripThroughWriterAndParser) {
  const std::string text = "a\"b\\c\n\t\x01 \xE2\x86\x93 end";
  JsonOut out;
  out.BeginObject().Key("s").String(text).EndObject();
  absl::StatusOr<JsonValue> v = ParseJson(out.str());
  ASSERT_THAT(v.status(), IsOk());
  ASSERT_NE(v->Find("s"), nullptr);
  EXPECT_EQ(v->Find("s")->string(), text);
  absl::StatusOr<JsonValue> pair = ParseJson("\"\\ud83d\\ude00\"");
  ASSERT_THAT(pair.status(), IsOk());
  EXPECT_EQ(pair->string(), "\xF0\x9F\x98\x80");
  EXPECT_THAT(ParseJson("\"\\ud83d\"").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace wod::blocks
