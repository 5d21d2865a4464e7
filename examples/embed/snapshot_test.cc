// A host's own test: run a script to a chosen step with the deterministic
// WorkoutSession, then assert on the memory snapshot with the wod matchers
// (wod::memory_testing) and a golden file.
//
// WOD_UPDATE_GOLDEN=1 ./snapshot_test rewrites the golden file after an
// intended change.
#include <memory>
#include <string_view>

#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/testing/snapshot_matchers.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace {

using ::wod::memory::testing::HasRefLabeled;
using ::wod::memory::testing::MatchesGoldenFile;

constexpr std::string_view kScript =
    "(2)\n"
    "  :03 Hollow Hold\n";

// Starts `script` and applies `commands` (the step-trace command syntax).
std::unique_ptr<wod::blocks::WorkoutSession> RunTo(std::string_view commands) {
  auto session = wod::blocks::WorkoutSession::Create(kScript);
  EXPECT_TRUE(session.ok()) << session.status();
  auto parsed = wod::runtime::ParseStepCommands(commands);
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  (*session)->Start();
  for (const auto& command : *parsed) (*session)->Apply(command);
  return *std::move(session);
}

TEST(EmbedSnapshotTest, TheRoundCounterAndTimerAfterOneSecond) {
  auto session = RunTo("next; tick 1000");
  const auto snapshot = session->runtime().memory().Snapshot();
  EXPECT_THAT(*snapshot, HasRefLabeled("round", "2", "1/2"));
  EXPECT_THAT(*snapshot, HasRefLabeled("metric:label", ":03 Hollow Hold",
                                       "\":03 Hollow Hold\""));
  EXPECT_THAT(*snapshot,
              MatchesGoldenFile(EMBED_GOLDEN_DIR "/after_one_second.golden"));
}

TEST(EmbedSnapshotTest, MemoryIsEmptyOnceTheWorkoutIsOver) {
  auto session = RunTo("next; tick 3000; tick 3000");
  EXPECT_TRUE(session->runtime().session_ended());
  EXPECT_EQ(session->runtime().memory().Snapshot()->size(), 0u);
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

}  // namespace
