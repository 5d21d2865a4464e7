// Record → load → replay is identical for every example
// (docs/spec/recording.md), and replay reports the first difference of a
// tampered recording with its step and ref.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "base/json.h"
#include "base/strings.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "runtime/step_command.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;
using ::wod::blocks::testing::ExampleFiles;
using ::wod::blocks::testing::JoinLines;
using ::wod::blocks::testing::Lines;
using ::wod::blocks::testing::ReadFile;
using ::wod::blocks::testing::RecordRun;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::StatusIs;

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(RecordingReplay, EveryExampleUnderAutoReplaysIdentically) {
  const auto examples = ExampleFiles();
  ASSERT_GE(examples.size(), 10u);
  for (const auto& path : examples) {
    SCOPED_TRACE(path.filename().string());
    absl::StatusOr<testing::RecordedRun> run =
        RecordRun(ReadFile(path), nullptr);
    ASSERT_THAT(run.status(), IsOk());
    absl::StatusOr<Recording> loaded = LoadRecording(run->text);
    ASSERT_THAT(loaded.status(), IsOk());
    EXPECT_THAT(loaded->error, IsOk());
    EXPECT_TRUE(loaded->ended);
    ASSERT_EQ(loaded->steps.size(), run->rows.size());
    // The auto run ends its session, so the last step keyframes.
    EXPECT_TRUE(loaded->steps.back().trace.session_ended);
    EXPECT_TRUE(loaded->steps.back().memory.keyframe);
    for (size_t i = 0; i < run->rows.size(); ++i) {
      ASSERT_EQ(loaded->steps[i].trace.Row(), run->rows[i]) << "step " << i;
    }
    absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
    ASSERT_THAT(report.status(), IsOk()) << Message(report.status());
    EXPECT_EQ(report->steps, static_cast<int64_t>(run->rows.size()));
    EXPECT_GE(report->keyframes, 2);
    EXPECT_GT(report->refs, 0);
  }
}

TEST(RecordingReplay, FixedCommandListWithPauseAbortAndAdvanceReplays) {
  absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(
          "next; tick 1000; pause; tick 500; resume; advance 250; tick 1000; "
          "next; event custom:thing; next; abort; next");
  ASSERT_THAT(commands.status(), IsOk());
  for (const auto& path : ExampleFiles()) {
    SCOPED_TRACE(path.filename().string());
    absl::StatusOr<testing::RecordedRun> run =
        RecordRun(ReadFile(path), &*commands, /*keyframe_interval=*/3);
    ASSERT_THAT(run.status(), IsOk());
    absl::StatusOr<Recording> loaded = LoadRecording(run->text);
    ASSERT_THAT(loaded.status(), IsOk());
    ASSERT_THAT(loaded->error, IsOk());
    ASSERT_EQ(loaded->steps.size(), commands->size() + 1);
    for (size_t i = 1; i < loaded->steps.size(); ++i) {
      ASSERT_TRUE(loaded->steps[i].command.has_value());
      EXPECT_EQ(CommandText(*loaded->steps[i].command),
                CommandText((*commands)[i - 1]));
    }
    absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
    ASSERT_THAT(report.status(), IsOk()) << Message(report.status());
  }
}

TEST(RecordingReplay, RecordingTheSameRunTwiceGivesTheSameBytes) {
  const std::string script = ReadFile(ExampleFiles().front());
  absl::StatusOr<testing::RecordedRun> a = RecordRun(script, nullptr);
  absl::StatusOr<testing::RecordedRun> b = RecordRun(script, nullptr);
  ASSERT_THAT(a.status(), IsOk());
  ASSERT_THAT(b.status(), IsOk());
  EXPECT_EQ(a->text, b->text);
}

// The publications alone rebuild the memory of every step (full history
// without re-running), equal to a snapshot of the live session taken at that
// step.
TEST(RecordingReplay, PublicationsRebuildTheLiveMemoryAtEveryStep) {
  for (const auto& path : ExampleFiles()) {
    SCOPED_TRACE(path.filename().string());
    absl::StatusOr<testing::RecordedRun> run =
        RecordRun(ReadFile(path), nullptr, /*keyframe_interval=*/1000);
    ASSERT_THAT(run.status(), IsOk());
    absl::StatusOr<Recording> loaded = LoadRecording(run->text);
    ASSERT_THAT(loaded.status(), IsOk());
    RecordingState state;
    for (size_t i = 0; i < loaded->steps.size(); ++i) {
      ASSERT_THAT(state.ApplyStep(loaded->steps[i]), IsOk());
      std::optional<std::string> difference =
          FirstDifference(run->images[i], state.Snapshot(),
                          /*compare_version=*/true);
      ASSERT_FALSE(difference.has_value())
          << "step " << i << ": " << *difference;
    }
    EXPECT_EQ(state.live_refs(), 0u) << "memory is empty once the session ends";
  }
}

// A keyframe whose value was edited: the replay names step, line and ref.
TEST(RecordingReplay, TamperedKeyframeValueIsReportedWithStepAndRef) {
  absl::StatusOr<testing::RecordedRun> run =
      RecordRun(ReadFile(ExampleFiles().front()), nullptr, 4);
  ASSERT_THAT(run.status(), IsOk());
  std::vector<std::string> lines = Lines(run->text);
  // Step 4 is line 6 (header on line 1); edit the first ref value of its
  // keyframe.
  std::string& line = lines[5];
  const size_t keyframe = line.find("\"keyframe\":");
  ASSERT_NE(keyframe, std::string::npos);
  const size_t value = line.find("\"value\":\"", keyframe);
  ASSERT_NE(value, std::string::npos);
  line.insert(value + 9, "tampered");
  absl::StatusOr<Recording> loaded = LoadRecording(JoinLines(lines));
  ASSERT_THAT(loaded.status(), IsOk());
  ASSERT_THAT(loaded->error, IsOk());
  absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
  EXPECT_THAT(report.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Message(report.status()), HasSubstr("step 4 (line 6"));
  EXPECT_THAT(Message(report.status()), HasSubstr("ref #"));
  EXPECT_THAT(Message(report.status()), HasSubstr("tampered"));
}

TEST(RecordingReplay, TamperedDeltaIsReportedWithItsStepAndRef) {
  absl::StatusOr<testing::RecordedRun> run =
      RecordRun(ReadFile(ExampleFiles().front()), nullptr);
  ASSERT_THAT(run.status(), IsOk());
  std::vector<std::string> lines = Lines(run->text);
  // The first step after row 0 whose delta carries a value (line k holds
  // step k - 1); add a character to that value.
  size_t k = 2;
  size_t value = std::string::npos;
  for (; k + 1 < lines.size(); ++k) {
    const size_t delta = lines[k].find("\"delta\":{");
    if (delta == std::string::npos) continue;  // a keyframe step
    value = lines[k].find("\"value\":\"", delta);
    if (value != std::string::npos) break;
  }
  ASSERT_NE(value, std::string::npos) << "some step writes a value";
  lines[k].insert(value + 9, "X");
  absl::StatusOr<Recording> loaded = LoadRecording(JoinLines(lines));
  ASSERT_THAT(loaded.status(), IsOk());
  ASSERT_THAT(loaded->error, IsOk());
  absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
  EXPECT_THAT(report.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Message(report.status()),
              HasSubstr(fmt::format("step {} (line {}", k - 1, k + 1)));
  EXPECT_THAT(Message(report.status()), HasSubstr("delta."));
  EXPECT_THAT(Message(report.status()), HasSubstr("(ref #"));
}

// Hand edits of fields that are not memory (docs/spec/recording.md §9): each
// fails replay, naming the field.
TEST(RecordingReplay, EveryTamperedFieldFailsReplay) {
  struct Case {
    std::string from;  // the first occurrence after the header is edited
    std::string to;
    std::string field;  // the field the message names
  };
  const std::vector<Case> cases = {
      {"\"live_refs\":", "\"live_refs\":999999", "usage.live_refs"},
      {"\"key\":\"o", "\"key\":\"o9", ".key"},
      // An unknown kind gives no text, so the edit writes one
      // (docs/spec/recording.md §3.3).
      {"\"kind\":\"push\"", "\"kind\":\"bogus\",\"text\":\"push\"", ".kind"},
      {"\"elapsed_ms\":", "\"elapsed_ms\":7", ".elapsed_ms"},
  };
  absl::StatusOr<testing::RecordedRun> run =
      RecordRun(ReadFile(ExampleFiles().front()), nullptr);
  ASSERT_THAT(run.status(), IsOk());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.from);
    std::vector<std::string> lines = Lines(run->text);
    bool edited = false;
    for (size_t k = 1; k < lines.size() && !edited; ++k) {
      const size_t at = lines[k].find(c.from);
      if (at == std::string::npos) continue;
      lines[k].replace(at, c.from.size(), c.to);
      edited = true;
    }
    ASSERT_TRUE(edited);
    absl::StatusOr<Recording> loaded = LoadRecording(JoinLines(lines));
    ASSERT_THAT(loaded.status(), IsOk());
    ASSERT_THAT(loaded->error, IsOk()) << Message(loaded->error);
    absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
    EXPECT_THAT(report.status(),
                StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_THAT(Message(report.status()), HasSubstr(c.field));
  }
}

TEST(RecordingReplay, EditedScriptDivergesAtTheFirstDifferentRow) {
  absl::StatusOr<testing::RecordedRun> run = RecordRun("3:00 Run\n", nullptr);
  ASSERT_THAT(run.status(), IsOk());
  absl::StatusOr<Recording> loaded = LoadRecording(run->text);
  ASSERT_THAT(loaded.status(), IsOk());
  Recording edited = *loaded;
  edited.header.script = "2:00 Run\n";
  absl::StatusOr<ReplayReport> report = ReplayRecording(edited);
  EXPECT_THAT(report.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  // Either the trace row or a mutation (an owner's label) differs first.
  EXPECT_THAT(Message(report.status()), HasSubstr("differs"));
  EXPECT_THAT(Message(report.status()), HasSubstr("2:00 Run"));
}

// docs/spec/recording.md §1.3: a script that is not valid UTF-8 still gives
// a recording whose every line is valid UTF-8 JSON, whose header holds the
// script as the session ran it (U+FFFD), and which replays identically.
TEST(RecordingReplay, InvalidUtf8ScriptRecordsValidUtf8AndReplays) {
  const std::string script =
      "(2) R\xFFunde\n  10 Pull\xC3ups \xE2\x82\n  [Go\x80] :30\n";
  absl::StatusOr<testing::RecordedRun> run = RecordRun(script, nullptr);
  ASSERT_THAT(run.status(), IsOk());
  for (const std::string& line : Lines(run->text)) {
    ASSERT_TRUE(base::IsValidUtf8(line)) << line;
    ASSERT_THAT(base::ParseJson(line).status(), IsOk()) << line;
  }
  absl::StatusOr<Recording> loaded = LoadRecording(run->text);
  ASSERT_THAT(loaded.status(), IsOk());
  ASSERT_THAT(loaded->error, IsOk());
  EXPECT_EQ(loaded->header.script, base::ReplaceInvalidUtf8(script));
  EXPECT_NE(loaded->header.script, script);
  EXPECT_THAT(run->text, HasSubstr("Pull\xEF\xBF\xBDups"));
  absl::StatusOr<ReplayReport> report = ReplayRecording(*loaded);
  ASSERT_THAT(report.status(), IsOk()) << Message(report.status());
  EXPECT_EQ(report->steps, static_cast<int64_t>(run->rows.size()));
}

}  // namespace
}  // namespace wod::blocks
