// Virtual time at its limits: `--steps` accepts any number of `tick N` with
// N up to 2^53 ms (docs/spec/step-trace.md), so a long command list can push
// the clock past int64. Time must stop at VirtualClock::kMaxMs instead of
// wrapping (signed overflow is undefined behaviour), never go back
// (docs/spec/runtime.md §4), and timers must still expire.
#include <cstdint>
#include <memory>
#include <string>

#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "runtime/runtime_clock.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod {
namespace {

using runtime::VirtualClock;
using ::wod::memory::testing::IsOk;

constexpr int64_t kMaxStepMs = int64_t{1} << 53;  // docs/spec/step-trace.md

TEST(VirtualClockTest, AdvanceStopsAtTheCeilingInsteadOfWrapping) {
  VirtualClock clock;
  int64_t previous = clock.NowMs();
  for (int i = 0; i < 1100; ++i) {  // 1100 × 2^53 > 2^63
    clock.Advance(kMaxStepMs);
    ASSERT_GE(clock.NowMs(), previous) << "time went back at advance " << i;
    previous = clock.NowMs();
  }
  EXPECT_EQ(clock.NowMs(), VirtualClock::kMaxMs);
  clock.Advance(INT64_MAX);
  EXPECT_EQ(clock.NowMs(), VirtualClock::kMaxMs);
}

TEST(VirtualClockTest, StartBeyondTheCeilingIsClamped) {
  const VirtualClock clock(INT64_MAX);
  EXPECT_EQ(clock.NowMs(), VirtualClock::kMaxMs);
}

TEST(VirtualClockTest, NegativeAndZeroAdvancesAreIgnored) {
  VirtualClock clock(500);
  clock.Advance(-100);
  clock.Advance(0);
  EXPECT_EQ(clock.NowMs(), 500);
  clock.Advance(250);
  EXPECT_EQ(clock.NowMs(), 750);
}

TEST(VirtualClockTest, TimerStillExpiresAfterAThousandMaximalAdvances) {
  auto session = blocks::WorkoutSession::Create("5:00 Run\n");
  ASSERT_THAT(session, IsOk());
  (*session)->Start();
  std::string steps = "next";
  for (int i = 0; i < 1100; ++i) steps += "; advance 9007199254740992";
  steps += "; tick 1";
  const auto commands = runtime::ParseStepCommands(steps);
  ASSERT_THAT(commands, IsOk());
  int64_t previous_t = 0;
  runtime::TraceStep last;
  for (const runtime::StepCommand& command : *commands) {
    last = (*session)->Apply(command);
    ASSERT_GE(last.t_ms, previous_t) << "time went back";
    previous_t = last.t_ms;
    ASSERT_THAT((*session)->runtime().CheckInvariants(), IsOk());
  }
  // The final tick finds the 5:00 timer long expired: the workout ends.
  EXPECT_TRUE((*session)->runtime().session_ended());
  EXPECT_EQ((*session)->runtime().memory().size(), 0u);
  EXPECT_LE(last.t_ms, VirtualClock::kMaxMs);
}

}  // namespace
}  // namespace wod
