// The Driver base, through DemoDriver: what every driver shares (status
// intents, real-time ticks, watches stopping the driver, view intents).
#include "debugger/model/driver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "debugger/model/debugger_model.h"
#include "debugger/model/demo_driver.h"

namespace wod::debugger {
namespace {

TEST(Driver, StatusIntentsIgnoreValuesOutOfRange) {
  DemoDriver d(50);
  d.Handle(Intent::Of(Intent::Kind::kSetTickMs, 0));
  d.Handle(Intent::Of(Intent::Kind::kSetSpeed, 0));
  d.Handle(Intent::Of(Intent::Kind::kSetSpeed, 1001));
  EXPECT_EQ(d.status().tick_ms, 100);
  EXPECT_EQ(d.status().speed, 1);
  d.Handle(Intent::Of(Intent::Kind::kSetTickMs, 250));
  d.Handle(Intent::Of(Intent::Kind::kSetSpeed, 10));
  EXPECT_EQ(d.status().tick_ms, 250);
  EXPECT_EQ(d.status().speed, 10);
}

TEST(Driver, RealTimeFeedsOneTickPerTickMsTimesSpeedAndCapsAnUpdate) {
  DemoDriver d(50);
  d.Handle(Intent::Of(Intent::Kind::kStart));
  d.Update(1000);  // not running: nothing
  EXPECT_EQ(d.history().size(), 1u);
  d.Handle(Intent::Of(Intent::Kind::kRun));
  d.Update(1000);  // 1 s at 1x, 100 ms ticks
  EXPECT_EQ(d.history().size(), 11u);
  d.Handle(Intent::Of(Intent::Kind::kSetTickMs, 1));
  d.Update(60000);  // a stalled frame: at most kMaxTicksPerUpdate ticks
  EXPECT_EQ(d.history().size(), 11u + Driver::kMaxTicksPerUpdate);
  EXPECT_EQ(d.status().steps, static_cast<int64_t>(d.history().size()));
}

TEST(Driver, AFiredWatchStopsTheDriverUntilContinue) {
  DemoDriver d(50);
  DebuggerModel model;
  ASSERT_TRUE(ApplyViewIntent(
      [] {
        Intent i = Intent::Of(Intent::Kind::kAddWatch);
        i.watch = Watch::OnType("timer");
        return i;
      }(),
      model, d.history()));
  d.SetWatches(model.watches());
  d.Handle(Intent::Of(Intent::Kind::kStart));
  d.Handle(Intent::Of(Intent::Kind::kNext));
  ASSERT_EQ(d.status().state, RunState::kStopped);
  ASSERT_FALSE(d.status().watch_hits.empty());
  EXPECT_EQ(d.status().watch_hits.front().key, model.watches().front().key);
  EXPECT_EQ(d.status().stop_reason, d.status().watch_hits.front().message);
  d.Handle(Intent::Of(Intent::Kind::kClearStop));
  EXPECT_EQ(d.status().state, RunState::kStepping);
  EXPECT_TRUE(d.status().stop_reason.empty());
  // Removing by key leaves no watch to fire.
  ASSERT_TRUE(ApplyViewIntent(
      Intent::Of(Intent::Kind::kRemoveWatch,
                 static_cast<int64_t>(model.watches().front().key)),
      model, d.history()));
  EXPECT_TRUE(model.watches().empty());
}

}  // namespace
}  // namespace wod::debugger
