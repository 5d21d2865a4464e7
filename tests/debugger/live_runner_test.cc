// Live inspection across threads: the driver (and its runtime) lives on the
// runner's thread, the test thread reads only published frames. Run under
// TSan in CI (label "threaded"). The clock is injected and advanced by hand,
// so results never depend on timing.
#include "debugger/model/live_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "debugger/model/demo_driver.h"

namespace wod::debugger {
namespace {

class FakeClock {
 public:
  int64_t Now() const { return ms_.load(); }
  void Advance(int64_t ms) { ms_.fetch_add(ms); }

 private:
  std::atomic<int64_t> ms_{1'000'000};
};

constexpr int kWaitMs = 20'000;  // generous: only a failure waits this long

TEST(LiveRunner, RealTimeRunFeedsOneStepPerTickOfInjectedTime) {
  FakeClock clock;
  auto demo = std::make_unique<DemoDriver>(200);
  LiveRunner runner(std::move(demo), [&clock] { return clock.Now(); });
  runner.Post(Intent::Of(Intent::Kind::kSetTickMs, 100));
  runner.Post(Intent::Of(Intent::Kind::kStart));
  runner.Post(Intent::Of(Intent::Kind::kRun));
  ASSERT_TRUE(runner.WaitForState(RunState::kRunning, kWaitMs));
  // 1,000 ms at 1x and 100 ms ticks: exactly ten more steps, however the
  // runner's polls split the interval.
  for (int i = 0; i < 10; ++i) {
    clock.Advance(100);
    runner.Wake();
  }
  ASSERT_TRUE(runner.WaitForFrames(11, kWaitMs));
  runner.Post(Intent::Of(Intent::Kind::kPauseResume));
  runner.Wake();
  LiveRunner::Published p;
  std::vector<int64_t> steps;
  // Drain until the pause is visible: every publication before it is
  // queued by then.
  for (int i = 0; i < 1000; ++i) {
    p = runner.Take();
    for (const auto& pub : runner.publications().Drain()) {
      ASSERT_NE(pub, nullptr);
      steps.push_back(pub->trace.index);
    }
    if (p.status.state == RunState::kPaused) break;
    runner.WaitForState(RunState::kPaused, 10);
  }
  ASSERT_EQ(p.status.state, RunState::kPaused);
  ASSERT_EQ(steps.size(), 11u);
  for (size_t i = 0; i < steps.size(); ++i)
    EXPECT_EQ(steps[i], static_cast<int64_t>(i));
  // Paused: time passes, nothing is fed.
  clock.Advance(5000);
  runner.Wake();
  EXPECT_FALSE(runner.WaitForFrames(12, 100));
  EXPECT_TRUE(runner.publications().Drain().empty());
}

TEST(LiveRunner, ReaderThreadSeesEveryStepInOrderWhileTheRunnerSteps) {
  FakeClock clock;
  LiveDriver live(std::make_unique<DemoDriver>(2000),
                  [&clock] { return clock.Now(); });
  live.Handle(Intent::Of(Intent::Kind::kSetTickMs, 10));
  live.Handle(Intent::Of(Intent::Kind::kSetSpeed, 10));
  live.Handle(Intent::Of(Intent::Kind::kStart));
  live.Handle(Intent::Of(Intent::Kind::kRun));
  ASSERT_TRUE(live.runner().WaitForState(RunState::kRunning, kWaitMs));
  const int steps = 200;
  std::thread advancer([&] {
    // 200 steps of 10 ms at 10x: 200 ms of clock in 1 ms slices.
    for (int i = 0; i < steps; ++i) {
      clock.Advance(1);
      live.runner().Wake();
    }
  });
  // The UI thread: take published frames and read them while the runner
  // keeps producing new ones.
  uint64_t checksum = 0;
  for (int i = 0;
       i < 100000 && live.history().size() < static_cast<size_t>(steps) + 1;
       ++i) {
    live.Update(0);
    if (FramePtr f = live.history().Latest()) {
      for (const RefRow& r : f->refs) checksum += r.value.size();
    }
    live.runner().WaitForFrames(live.history().size() + 1, 10);
  }
  advancer.join();
  live.runner().WaitForFrames(static_cast<uint64_t>(steps) + 1, kWaitMs);
  live.Update(0);
  ASSERT_EQ(live.history().size(), static_cast<size_t>(steps) + 1);
  for (size_t i = 0; i < live.history().size(); ++i) {
    EXPECT_EQ(live.history().Summary(i).step, static_cast<int64_t>(i));
  }
  EXPECT_GT(checksum, 0u);
  EXPECT_EQ(live.status().state, RunState::kRunning);
}

TEST(LiveRunner, ResetRestartsThePublishedHistory) {
  FakeClock clock;
  LiveDriver live(std::make_unique<DemoDriver>(100),
                  [&clock] { return clock.Now(); });
  live.Handle(Intent::Of(Intent::Kind::kStart));
  for (int i = 0; i < 5; ++i) live.Handle(Intent::Of(Intent::Kind::kNext));
  ASSERT_TRUE(live.runner().WaitForFrames(6, kWaitMs));
  live.Update(0);
  ASSERT_EQ(live.history().size(), 6u);
  live.Handle(Intent::Of(Intent::Kind::kReset));
  live.Handle(Intent::Of(Intent::Kind::kStart));
  ASSERT_TRUE(live.runner().WaitForFrames(7, kWaitMs));
  live.Update(0);
  EXPECT_EQ(live.history().size(), 1u);
  EXPECT_EQ(live.history().Latest()->step, 0);
}

}  // namespace
}  // namespace wod::debugger
