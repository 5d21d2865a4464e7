// WorkoutHost: real time (scaled by speed) becomes ticks, events act at the
// instant they are made, and every output reaches the sink, typed.
#include "blocks/workout_host.h"

#include <chrono>
#include <string>
#include <vector>

#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/record.h"
#include "runtime/session_sink.h"

namespace wod::blocks {
namespace {

using Clock = WorkoutHost::Clock;
using ::testing::ElementsAre;
using namespace std::chrono_literals;

// Writes every callback as a line, so tests can assert on order and values.
class LogSink : public runtime::SessionSink {
 public:
  void OnPush(const runtime::Record& r) override {
    log.push_back("push " + r.label);
  }
  void OnSegment(const runtime::Record& r) override {
    log.push_back("segment " + r.label + " " + std::to_string(r.elapsed_ms));
  }
  void OnSound(const runtime::Record& r) override {
    log.push_back("sound " + r.sound);
  }
  void OnError(const runtime::Record& r) override {
    log.push_back("error " +
                  std::string(runtime::RuntimeErrorMessage(r.error)));
  }
  void OnStep(const runtime::TraceStep& step) override {
    log.push_back("step " + std::to_string(step.index) + " @" +
                  std::to_string(step.t_ms));
  }
  void OnSessionEnd(const runtime::TraceStep& last) override {
    log.push_back("end @" + std::to_string(last.t_ms));
    ++ends;
  }
  std::vector<std::string> log;
  int ends = 0;
};

TEST(WorkoutHostTest, SpeedTurnsRealTimeIntoWorkoutTime) {
  LogSink sink;
  auto host = WorkoutHost::Create(":03 Plank\n", {&sink, 100.0});
  ASSERT_TRUE(host.ok()) << host.status();
  const Clock::time_point t0{};
  (*host)->Start(t0);
  (*host)->Next(t0);
  EXPECT_FALSE((*host)->ended());
  // 30 ms of real time at 100× is the whole 3 s timer.
  EXPECT_FALSE((*host)->Tick(t0 + 30ms));
  EXPECT_TRUE((*host)->ended());
  EXPECT_EQ((*host)->elapsed_ms(), 3000);
  EXPECT_THAT(
      sink.log,
      ElementsAre("push Session", "push Ready to Start", "step 0 @0",
                  "segment Ready to Start 0", "push :03 Plank", "step 1 @0",
                  "sound timer-complete", "segment :03 Plank 3000",
                  "segment Session 3000", "step 2 @3000", "end @3000"));
  EXPECT_EQ(sink.ends, 1);
  // After the end nothing more happens and nothing is sent.
  const size_t lines = sink.log.size();
  (*host)->Next(t0 + 40ms);
  EXPECT_FALSE((*host)->Tick(t0 + 50ms));
  EXPECT_EQ(sink.log.size(), lines);
}

TEST(WorkoutHostTest, FractionsOfAMillisecondCarryOverWithoutDrift) {
  auto host = WorkoutHost::Create("20:00 AMRAP\n  5 Pullups\n", {nullptr, 1.5});
  ASSERT_TRUE(host.ok());
  const Clock::time_point t0{};
  (*host)->Start(t0);
  (*host)->Next(t0);
  (*host)->Tick(t0 + 1ms);  // 1.5 → 1
  EXPECT_EQ((*host)->elapsed_ms(), 1);
  (*host)->Tick(t0 + 2ms);  // 3.0 → 3
  EXPECT_EQ((*host)->elapsed_ms(), 3);
  (*host)->Tick(t0 + 2ms + 100us);  // 3.15 → nothing to feed
  EXPECT_EQ((*host)->last_step().index, 3);
  // A clock that runs backwards is taken as standing still.
  (*host)->Tick(t0);
  EXPECT_EQ((*host)->elapsed_ms(), 3);
  EXPECT_FALSE((*host)->ended());
}

TEST(WorkoutHostTest, PauseAndResumeReachTheActiveTimer) {
  auto host = WorkoutHost::Create(":10 Plank\n");
  ASSERT_TRUE(host.ok());
  const Clock::time_point t0{};
  (*host)->Start(t0);
  (*host)->Next(t0);
  (*host)->Pause(t0 + 2s);
  EXPECT_TRUE((*host)->paused());
  (*host)->Tick(t0 + 20s);  // paused: the timer does not expire
  EXPECT_FALSE((*host)->ended());
  (*host)->Resume(t0 + 20s);
  EXPECT_FALSE((*host)->paused());
  (*host)->Tick(t0 + 28s);  // 2 s before the pause + 8 s after it
  EXPECT_TRUE((*host)->ended());
}

TEST(WorkoutHostTest, AbortEndsTheSessionOnce) {
  LogSink sink;
  auto host = WorkoutHost::Create("5 Pullups\n10 Pushups\n", {&sink});
  ASSERT_TRUE(host.ok());
  (*host)->Start(Clock::time_point{});
  (*host)->Abort(Clock::time_point{} + 1s);
  EXPECT_TRUE((*host)->ended());
  EXPECT_EQ(sink.ends, 1);
  EXPECT_TRUE((*host)->last_step().stack.empty());
}

TEST(WorkoutHostTest, TheSinkSeesTheSameTraceAsADeterministicSession) {
  // The host is a WorkoutSession fed by a clock: the same ticks give the
  // same rows as the deterministic mode.
  LogSink sink;
  auto host = WorkoutHost::Create("(2)\n  :03 Plank\n  5 Pushups\n", {&sink});
  ASSERT_TRUE(host.ok());
  auto session = WorkoutSession::Create("(2)\n  :03 Plank\n  5 Pushups\n");
  ASSERT_TRUE(session.ok());
  const Clock::time_point t0{};
  (*host)->Start(t0);
  (*session)->Start();
  (*host)->Next(t0);
  runtime::StepCommand next;
  next.kind = runtime::CommandKind::kNext;
  runtime::StepCommand tick;
  tick.kind = runtime::CommandKind::kTick;
  tick.ms = 3000;
  EXPECT_EQ((*session)->Apply(next).Row(), (*host)->last_step().Row());
  (*host)->Tick(t0 + 3s);
  EXPECT_EQ((*session)->Apply(tick).Row(), (*host)->last_step().Row());
}

TEST(WorkoutHostTest, EmptyScriptHasNothingToRun) {
  auto host = WorkoutHost::Create("");
  ASSERT_TRUE(host.ok());
  (*host)->Start();
  EXPECT_TRUE((*host)->ended());
  EXPECT_FALSE((*host)->Tick());
}

TEST(WorkoutHostTest, RejectsASpeedThatIsNotAPositiveFiniteNumber) {
  for (double speed : {0.0, -1.0, 2e6}) {
    auto host = WorkoutHost::Create("5 Pullups\n", {nullptr, speed});
    EXPECT_EQ(host.status().code(), absl::StatusCode::kInvalidArgument)
        << speed;
  }
}

TEST(WorkoutHostTest, RuntimeErrorsReachTheSinkAsData) {
  LogSink sink;
  auto session = WorkoutSession::Create("");
  ASSERT_TRUE(session.ok());
  (*session)->AttachSink(&sink);
  (*session)->Start();
  runtime::StepCommand next;
  next.kind = runtime::CommandKind::kNext;
  (*session)->Apply(next);  // next on an empty stack
  ASSERT_FALSE(sink.log.empty());
  EXPECT_THAT(sink.log[sink.log.size() - 2], ::testing::StartsWith("error "));
}

// docs/spec/runtime.md §15: the host picks a choice's alternative before its
// line starts; a bad pick is refused with a status and sends nothing.
TEST(WorkoutHostTest, ChooseSettlesThePendingChoice) {
  LogSink sink;
  auto host = WorkoutHost::Create("5:00|10:00 ? KB Snatch\n3|5 Pullups\n",
                                  {&sink, 1.0});
  ASSERT_TRUE(host.ok()) << host.status();
  const Clock::time_point t0{};
  (*host)->Start(t0);
  ASSERT_TRUE((*host)->pending_choice().has_value());
  EXPECT_EQ((*host)->pending_choice()->line, 1);
  EXPECT_THAT((*host)->pending_choice()->images, ElementsAre("5:00", "10:00"));

  const absl::Status too_far = (*host)->Choose(3, t0);
  EXPECT_EQ(too_far.code(), absl::StatusCode::kOutOfRange) << too_far;
  EXPECT_THAT(std::string(too_far.message()),
              ::testing::HasSubstr("2 alternatives"));
  const int64_t steps_before = (*host)->last_step().index;

  ASSERT_TRUE((*host)->Choose(2, t0).ok());
  EXPECT_EQ((*host)->last_step().index, steps_before + 1);
  EXPECT_EQ((*host)->last_step().action, "choose 2");
  EXPECT_EQ((*host)->pending_choice()->line, 2);  // the next one
  (*host)->Next(t0);
  // The 10:00 alternative runs: a 600 s countdown labelled with both.
  ASSERT_FALSE((*host)->last_step().stack.empty());
  EXPECT_EQ((*host)->last_step().stack.front().label,
            "5:00 | [10:00] ? KB Snatch");
  EXPECT_EQ((*host)->last_step().stack.front().duration_ms, 600000);

  // Line 1 has started and line 2 was not picked: the first alternative.
  (*host)->Next(t0);
  EXPECT_EQ((*host)->last_step().stack.front().label, "[3] | 5 Pullups");
  const absl::Status none = (*host)->Choose(1, t0);
  EXPECT_EQ(none.code(), absl::StatusCode::kFailedPrecondition) << none;
}

}  // namespace
}  // namespace wod::blocks
