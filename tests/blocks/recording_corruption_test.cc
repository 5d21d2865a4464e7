// Damaged recordings: every kind of damage docs/spec/recording.md names
// (truncated mid-line, bad JSON, wrong field types, unknown version,
// out-of-order steps, missing header) gives an error naming the line and what
// is wrong, and keeps every complete step before it. Random damage never
// crashes.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.h"
#include "blocks/recording.h"
#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
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
  EXPECT_THAT(
      Message(rec->error),
      StartsWith(fmt::format(
          "line 5: truncated: the file ends inside this line, after {} bytes "
          "and no newline (the recording was interrupted); steps 0-2 before "
          "it are complete and kept (JSON column ",
          lines_[4].size() / 2)));
  EXPECT_EQ(rec->steps.size(), 3u);
  EXPECT_FALSE(rec->ended);
}

TEST_F(RecordingCorruption, CutEndLineIsNotCalledAStep) {
  // Every step line whole, the end line cut: the message must not guess
  // "step N" for a line that is the end line.
  std::string text =
      JoinLines({lines_.begin(), lines_.begin() + (lines_.size() - 1)});
  text += lines_.back().substr(0, 5);
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(rec->error, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(Message(rec->error),
              HasSubstr(fmt::format("steps 0-{} before it are complete",
                                    lines_.size() - 3)));
  EXPECT_THAT(Message(rec->error), Not(HasSubstr("middle of step")));
  EXPECT_EQ(rec->steps.size(), lines_.size() - 2);
}

TEST_F(RecordingCorruption, CutFirstStepSaysNothingIsKept) {
  std::string text = lines_[0] + "\n" + lines_[1].substr(0, 10);
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(Message(rec->error),
              HasSubstr("after 10 bytes and no newline (the recording was "
                        "interrupted); no step before it is complete"));
  text = lines_[0] + "\n" + lines_[1] + "\n" + lines_[2].substr(0, 10);
  rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_THAT(Message(rec->error),
              HasSubstr("step 0 before it is complete and kept"));
}

TEST_F(RecordingCorruption, StreamedLoadMatchesTheLoadFromText) {
  std::string cut = JoinLines({lines_.begin(), lines_.begin() + 4});
  cut += lines_[4].substr(0, lines_[4].size() / 2);
  for (const std::string& text : {text_, cut, std::string()}) {
    absl::StatusOr<Recording> from_text = LoadRecording(text);
    std::istringstream stream(text);
    absl::StatusOr<Recording> streamed = LoadRecording(stream);
    ASSERT_EQ(streamed.status(), from_text.status());
    if (!from_text.ok()) continue;
    EXPECT_EQ(streamed->error, from_text->error);
    EXPECT_EQ(streamed->ended, from_text->ended);
    ASSERT_EQ(streamed->steps.size(), from_text->steps.size());
    for (size_t i = 0; i < streamed->steps.size(); ++i) {
      EXPECT_EQ(StepLine(streamed->steps[i], streamed->header.types),
                StepLine(from_text->steps[i], from_text->header.types));
      EXPECT_EQ(streamed->steps[i].line, from_text->steps[i].line);
    }
  }
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

TEST_F(RecordingCorruption, WrongTypeInsideAKeyframeNamesItsPath) {
  std::vector<std::string> lines = lines_;
  const size_t keyframe = lines[1].find("\"keyframe\":");
  ASSERT_NE(keyframe, std::string::npos);
  const size_t at = lines[1].find("\"type\":", keyframe);
  ASSERT_NE(at, std::string::npos);
  lines[1].replace(at, 7, "\"type\":true,\"x\":");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  ASSERT_THAT(rec.status(), IsOk());
  EXPECT_EQ(Message(rec->error),
            "line 2: field \"keyframe.refs[0].type\" must be an integer, got "
            "boolean");
  EXPECT_TRUE(rec->steps.empty());
}

TEST_F(RecordingCorruption, UnknownVersionIsRefused) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[0].find("\"version\":4");
  ASSERT_NE(at, std::string::npos);
  lines[0].replace(at, 11, "\"version\":5");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(Message(rec.status()),
            "line 1: unsupported recording version 5 (this build reads "
            "version 4 only)");
  // Versions 2 (stack blocks and record texts whole on every step) and 3
  // (display text for the values of metrics, results and cursors) are
  // refused by name: a version-4 step cannot be read by their rules.
  for (const char* old : {"2", "3"}) {
    lines[0].replace(at, 11, std::string("\"version\":") + old);
    rec = LoadRecording(JoinLines(lines));
    EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kUnimplemented));
    EXPECT_EQ(Message(rec.status()),
              std::string("line 1: recording format version ") + old +
                  " is no longer read; re-record it with this wod-run");
  }
}

// The header carries each type's field schema; another build's schema is
// refused, naming both (docs/spec/recording.md §2.2).
TEST_F(RecordingCorruption, FieldSchemaOfAnotherBuildIsRefused) {
  std::vector<std::string> lines = lines_;
  const std::string ours = "\"fields\":[\"current\",\"total\"]";
  const std::string renamed = "\"fields\":[\"current\",\"of\"]";
  const size_t at = lines[0].find(ours);
  ASSERT_NE(at, std::string::npos) << lines[0];
  lines[0].replace(at, ours.size(), renamed);
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Message(rec.status()),
            "line 1: type 1 \"round\" has the fields [current,of], this "
            "build's has [current,total] (the recording was made by another "
            "build of wod; re-record it)");
  lines[0].replace(at, renamed.size(), "\"fields\":[\"current\",7]");
  rec = LoadRecording(JoinLines(lines));
  EXPECT_EQ(Message(rec.status()),
            "line 1: field \"types[1].fields[1]\" must be a string");
}

TEST_F(RecordingCorruption, VersionOneIsNoLongerRead) {
  absl::StatusOr<Recording> rec = LoadRecording(
      "{\"format\":\"wodrec\",\"version\":1,\"source\":\"a.wod\","
      "\"keyframe_interval\":16,\"script\":\"\"}\n");
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(Message(rec.status()),
            "line 1: recording format version 1 is no longer read; re-record "
            "it with this wod-run");
}

TEST_F(RecordingCorruption, TypeRegistryOfAnotherBuildIsRefused) {
  std::vector<std::string> lines = lines_;
  const size_t at = lines[0].find("\"name\":\"");
  ASSERT_NE(at, std::string::npos);
  lines[0].insert(at + 8, "renamed-");
  absl::StatusOr<Recording> rec = LoadRecording(JoinLines(lines));
  EXPECT_THAT(rec.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Message(rec.status()),
              HasSubstr("is not this build's type \"time\""));
}

TEST_F(RecordingCorruption, AnotherCompilersSpellingOfACppTypeStillLoads) {
  // g++ and clang spell std::string differently; both builds must read the
  // other's recordings (docs/spec/recording.md §2.2).
  std::vector<std::string> lines = lines_;
  const size_t at = lines[0].find("\"cpp\":\"");
  ASSERT_NE(at, std::string::npos);
  lines[0].insert(at + 7, "other::");
  EXPECT_TRUE(LoadRecording(JoinLines(lines)).ok());
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

// docs/spec/recording.md §8.4: each limit stops the reader at its line with
// a clear message, keeping the complete steps before it.
TEST_F(RecordingCorruption, RecordingLimitsLineLengthKeepsTheStepsBefore) {
  RecordingLimits limits;
  limits.max_line_bytes = 0;
  for (const std::string& line : lines_) {
    limits.max_line_bytes = std::max(limits.max_line_bytes, line.size());
  }
  // Step 2 (line 4) padded past the limit with whitespace (valid JSON).
  std::vector<std::string> lines = lines_;
  lines[3] += std::string(limits.max_line_bytes, ' ');
  const std::string text = JoinLines(lines);
  for (const bool streamed : {false, true}) {
    std::istringstream stream(text);
    absl::StatusOr<std::unique_ptr<RecordingReader>> reader =
        streamed ? RecordingReader::Open(stream, limits)
                 : RecordingReader::Open(text, limits);
    ASSERT_THAT(reader.status(), IsOk());
    RecordedStep step;
    int64_t read = 0;
    while ((*reader)->Next(step)) ++read;
    EXPECT_EQ(read, 2);
    EXPECT_THAT((*reader)->error(),
                StatusIs(absl::StatusCode::kResourceExhausted));
    EXPECT_THAT(Message((*reader)->error()),
                HasSubstr(fmt::format(
                    "line 4: longer than the {} bytes a line may hold "
                    "(reading stopped there); steps 0-1 before it are "
                    "complete and kept",
                    limits.max_line_bytes)));
  }
  limits.max_line_bytes = 10;
  const absl::Status header = RecordingReader::Open(text_, limits).status();
  EXPECT_THAT(header, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(Message(header), HasSubstr("line 1: the header is longer than "
                                         "the 10 bytes a line may hold"));
}

TEST_F(RecordingCorruption, RecordingLimitsEntriesAndSteps) {
  RecordingLimits limits;
  limits.max_list_entries = 1;  // step 0's keyframe has several refs
  absl::StatusOr<std::unique_ptr<RecordingReader>> reader =
      RecordingReader::Open(text_, limits);
  ASSERT_THAT(reader.status(), IsOk());
  RecordedStep step;
  EXPECT_FALSE((*reader)->Next(step));
  EXPECT_THAT(Message((*reader)->error()),
              HasSubstr("line 2: field \"stack\" holds"));
  EXPECT_THAT(Message((*reader)->error()),
              HasSubstr("entries, more than the 1 a list may hold"));

  limits = RecordingLimits{};
  limits.max_steps = 2;
  reader = RecordingReader::Open(text_, limits);
  ASSERT_THAT(reader.status(), IsOk());
  int64_t read = 0;
  while ((*reader)->Next(step)) ++read;
  EXPECT_EQ(read, 2);
  EXPECT_THAT((*reader)->error(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(Message((*reader)->error()),
              HasSubstr("line 4: more than the 2 steps a recording may hold; "
                        "steps 0-1 before it are complete and kept"));
}

// The reader hands out the steps LoadRecording keeps, one at a time.
TEST_F(RecordingCorruption, RecordingReaderStreamsTheStepsLoadRecordingKeeps) {
  absl::StatusOr<Recording> whole = LoadRecording(text_);
  ASSERT_THAT(whole.status(), IsOk());
  std::istringstream stream(text_);
  absl::StatusOr<std::unique_ptr<RecordingReader>> reader =
      RecordingReader::Open(stream);
  ASSERT_THAT(reader.status(), IsOk());
  RecordedStep step;
  size_t i = 0;
  while ((*reader)->Next(step)) {
    ASSERT_LT(i, whole->steps.size());
    EXPECT_EQ(StepLine(step, whole->header.types),
              StepLine(whole->steps[i], whole->header.types));
    ++i;
  }
  EXPECT_EQ(i, whole->steps.size());
  EXPECT_TRUE((*reader)->ended());
  EXPECT_THAT((*reader)->error(), IsOk());
}

}  // namespace
}  // namespace wod::blocks
