// The idle window costs (almost) nothing: after a second without input
// and without a new step, wod-debug waits for events and draws nothing, so
// it uses at most 3% of one core (utime + stime of all its threads over
// 10 s, under xvfb-run at 1600×1000; docs/spec/debugger.md §2.15). Labelled
// "perf": registered only in builds without sanitizers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/debugger/real_window.h"

namespace wod::debugger::testing {
namespace {

// utime + stime of process `pid` (all its threads), in clock ticks; -1
// when it is gone.
int64_t CpuTicks(int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');  // the name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  int64_t utime = 0;
  int64_t stime = 0;
  // Fields after the name start at 3 (state); utime is 14, stime 15.
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoll(f);
    if (i == 15) stime = std::stoll(f);
  }
  return utime + stime;
}

TEST(IdleWindow, UsesAtMostThreePercentOfOneCore) {
  WOD_REQUIRE_TOOLS(false);
  RealWindow w("wod_idle");
  ASSERT_TRUE(w.Start(std::string("--script ") + WOD_EXAMPLES_DIR +
                          "/fran.wod --steps \"next\"",
                      /*focus=*/false))
      << w.log();
  int64_t pid = 0;
  ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
    pid = IntOf(s, "pid");
    return pid > 0 && IntOf(s, "live_step") == 1;
  })) << w.last_state();
  // Let it settle (startup, the first frames, the 1 s before idle), then
  // measure 10 s; the process is polled, never slept on blindly.
  using Clock = std::chrono::steady_clock;
  const auto settle = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < settle) {
    ASSERT_GE(CpuTicks(pid), 0) << "wod-debug ended\n" << w.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const int64_t before = CpuTicks(pid);
  const auto start = Clock::now();
  const auto end = start + std::chrono::seconds(10);
  while (Clock::now() < end) {
    ASSERT_GE(CpuTicks(pid), 0) << "wod-debug ended\n" << w.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const int64_t after = CpuTicks(pid);
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = static_cast<double>(after - before) /
                     static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double share = cpu / seconds;
  std::printf("idle wod-debug: %.3f s CPU over %.1f s = %.2f%% of one core\n",
              cpu, seconds, share * 100.0);
  EXPECT_LE(share, 0.03);
}

}  // namespace
}  // namespace wod::debugger::testing
