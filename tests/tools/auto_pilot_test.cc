// Tests of the --auto policy (tools/cli/auto_pilot.h) on hand-made steps.
#include "tools/cli/auto_pilot.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

runtime::TraceBlock Block(std::string type) {
  runtime::TraceBlock block;
  block.type = std::move(type);
  return block;
}

runtime::TraceBlock Countdown(int64_t elapsed, int64_t duration) {
  runtime::TraceBlock block = Block("Timer");
  block.has_timer = true;
  block.countdown = true;
  block.elapsed_ms = elapsed;
  block.duration_ms = duration;
  return block;
}

runtime::TraceStep StepWithTop(const runtime::TraceBlock& top) {
  runtime::TraceStep step;
  step.stack = {top, Block("SessionRoot")};
  return step;
}

std::string Decide(AutoPilot& pilot, const runtime::TraceStep& step) {
  std::optional<runtime::StepCommand> command = pilot.Next(step);
  return command.has_value() ? command->ActionText() : "(end)";
}

TEST(AutoPilot, StartsAtOnceAndStopsOnAnEmptyStack) {
  AutoPilot pilot;
  EXPECT_EQ(Decide(pilot, StepWithTop(Block("WaitingToStart"))), "userNext");
  EXPECT_EQ(Decide(pilot, runtime::TraceStep{}), "(end)");
}

TEST(AutoPilot, TicksARunningCountdown) {
  AutoPilot pilot;
  EXPECT_EQ(Decide(pilot, StepWithTop(Countdown(0, 30000))), "tick 1000 ms");
  EXPECT_EQ(Decide(pilot, StepWithTop(Countdown(1000, 30000))), "tick 1000 ms");
}

TEST(AutoPilot, WaitingBlocksGetOneSecondOfWorkThenNext) {
  AutoPilot pilot;
  const runtime::TraceStep effort = StepWithTop(Block("effort"));
  EXPECT_EQ(Decide(pilot, effort), "tick 1000 ms");
  EXPECT_EQ(Decide(pilot, effort), "userNext");
  // The same label again (an AMRAP round later) works again first.
  EXPECT_EQ(Decide(pilot, effort), "tick 1000 ms");
  EXPECT_EQ(Decide(pilot, effort), "userNext");
}

TEST(AutoPilot, FinishedOrCountUpTimersWaitForTheUser) {
  AutoPilot pilot;
  EXPECT_EQ(Decide(pilot, StepWithTop(Countdown(30000, 30000))),
            "tick 1000 ms");
  EXPECT_EQ(Decide(pilot, StepWithTop(Countdown(31000, 30000))), "userNext");
  runtime::TraceBlock countup = Block("Timer");
  countup.has_timer = true;
  EXPECT_EQ(Decide(pilot, StepWithTop(countup)), "tick 1000 ms");
  EXPECT_EQ(Decide(pilot, StepWithTop(countup)), "userNext");
}

TEST(AutoPilot, ResumesAPausedTimer) {
  AutoPilot pilot;
  runtime::TraceBlock paused = Countdown(5000, 30000);
  paused.paused = true;
  EXPECT_EQ(Decide(pilot, StepWithTop(paused)), "event `timer:resume`");
}

TEST(RunSummary, CountsRecordsAndKeepsTheLastTime) {
  RunSummary summary;
  runtime::TraceStep step;
  step.index = 0;
  summary.Add(step);
  step.index = 1;
  step.t_ms = 1201500;
  for (const char* kind :
       {"milestone", "segment", "segment", "error", "push"}) {
    runtime::TraceRecord record;
    record.kind = kind;
    step.emitted.push_back(record);
  }
  summary.Add(step);
  EXPECT_EQ(summary.steps, 1);
  EXPECT_EQ(summary.rounds, 1);
  EXPECT_EQ(summary.segments, 2);
  EXPECT_EQ(summary.errors, 1);
  EXPECT_TRUE(summary.ended);
  EXPECT_EQ(summary.Text(),
            "duration 20:01.5 (1201500 ms), 1 round, 2 segments, 1 step, 1 "
            "runtime error");
  summary.script_errors = 2;
  EXPECT_THAT(summary.Text(),
              ::testing::EndsWith(", 1 runtime error, 2 script errors"));
}

TEST(FormatDuration, ClockStyle) {
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(7000), "0:07");
  EXPECT_EQ(FormatDuration(1200000), "20:00");
  EXPECT_EQ(FormatDuration(3903000), "1:05:03");
  EXPECT_EQ(FormatDuration(1500), "0:01.5");
  EXPECT_EQ(FormatDuration(86400000), "24:00:00");
}

}  // namespace
}  // namespace wod::cli
