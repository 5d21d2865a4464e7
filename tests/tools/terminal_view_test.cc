// Tests of the realtime view text (tools/cli/terminal_view.h).
#include "tools/cli/terminal_view.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;

TEST(TimerText, CountdownShowsElapsedDurationAndTimeLeftRoundedUp) {
  runtime::TraceBlock block;
  block.has_timer = true;
  block.countdown = true;
  block.elapsed_ms = 35400;
  block.duration_ms = 300000;
  EXPECT_EQ(TimerText(block), "↓ 0:35 / 5:00 (4:25 left)");
  block.elapsed_ms = 301000;  // overrun: nothing left, never negative
  EXPECT_EQ(TimerText(block), "↓ 5:01 / 5:00 (0:00 left)");
}

TEST(TimerText, CountUpAndNoTimer) {
  runtime::TraceBlock block;
  EXPECT_EQ(TimerText(block), "");
  block.has_timer = true;
  block.elapsed_ms = 62999;
  EXPECT_EQ(TimerText(block), "↑ 1:02");
}

TEST(RenderTerminalView, ShowsTheStackTopFirstWithState) {
  runtime::TraceStep step;
  step.t_ms = 60000;
  runtime::TraceBlock effort;
  effort.type = "effort";
  effort.label = "5 Pullups";
  runtime::TraceBlock amrap;
  amrap.type = "AMRAP";
  amrap.label = "AMRAP 20:00";
  amrap.has_round = true;
  amrap.round_current = 2;
  amrap.has_timer = true;
  amrap.countdown = true;
  amrap.elapsed_ms = 60000;
  amrap.duration_ms = 1200000;
  amrap.paused = true;
  runtime::TraceBlock root;
  root.type = "SessionRoot";
  root.label = "Session";
  root.has_round = true;
  root.round_current = 1;
  root.round_total = 1;
  step.stack = {effort, amrap, root};
  TerminalViewState state;
  state.title = "cindy.wod";
  state.real_elapsed_ms = 61000;
  state.last_records = "push \"5 Pullups\"";
  const std::string screen = RenderTerminalView(step, state);
  EXPECT_EQ(screen.rfind("\x1b[H\x1b[2J", 0), 0u);
  EXPECT_THAT(screen, HasSubstr("wod-run — cindy.wod    ⏱ 1:01"));
  const size_t top = screen.find(" ▶ effort \"5 Pullups\"\r\n");
  const size_t middle = screen.find(
      "   AMRAP \"AMRAP 20:00\"  round 2/∞  ↓ 1:00 / 20:00 (19:00 left)  "
      "paused\r\n");
  const size_t bottom = screen.find("   SessionRoot  round 1/1\r\n");
  ASSERT_NE(top, std::string::npos) << screen;
  ASSERT_NE(middle, std::string::npos) << screen;
  ASSERT_NE(bottom, std::string::npos) << screen;
  EXPECT_LT(top, middle);
  EXPECT_LT(middle, bottom);
  EXPECT_THAT(screen, HasSubstr("last: push \"5 Pullups\""));
}

TEST(RenderTerminalView, EmptyStackAndStatus) {
  TerminalViewState state;
  state.status = "session ended";
  const std::string screen = RenderTerminalView(runtime::TraceStep{}, state);
  EXPECT_THAT(screen, HasSubstr("  — (empty)\r\n"));
  EXPECT_THAT(screen, HasSubstr("[session ended]"));
}

}  // namespace
}  // namespace wod::cli
