// wod-debug as a real window under Xvfb: the PNG it writes is not blank,
// and at 1024×700 and 2560×1400 no panel region is empty (label "xvfb").
// An attached or followed stream renders too.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#include "debugger/model/layout.h"

namespace {

std::string TempPng(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "_" +
         std::to_string(::getpid()) + ".png";
}

// The environment every wod-debug run of these tests gets. Leak checking
// stays on (in the ASan build; the variables are ignored elsewhere). Mesa's
// software GL driver leaks a few bytes from a module it unloads at exit:
// preloading it keeps it mapped so LeakSanitizer can name it, and
// tests/debugger/lsan.supp suppresses that one library only. `preload` goes
// after xvfb-run, right before the binary.
struct DebugEnv {
  std::string env;
  std::string preload;
};

DebugEnv SanitizerEnv() {
  DebugEnv e;
  e.env =
      "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "
      "LSAN_OPTIONS=suppressions=" WOD_LSAN_SUPPRESSIONS " ";
  if (!std::string(WOD_GL_DRIVER_PRELOAD).empty()) {
    e.preload = std::string("env LD_PRELOAD=") + WOD_GL_DRIVER_PRELOAD + " ";
  }
  return e;
}

// Runs wod-debug with `args` under xvfb-run and checks its screenshot.
void ExpectRenderedScreenshot(const std::string& args, const char* name) {
  const std::string png = TempPng(name);
  std::remove(png.c_str());
  const DebugEnv e = SanitizerEnv();
  const std::string cmd = e.env + WOD_XVFB_RUN +
                          " -a -s \"-screen 0 1600x1000x24\" " + e.preload +
                          WOD_DEBUG_BINARY " --layout none " + args +
                          " --screenshot " + png + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  int w = 0;
  int h = 0;
  int channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "no PNG at " << png;
  EXPECT_EQ(w, 1600);
  EXPECT_EQ(h, 1000);
  // Not blank: many distinct colours, and no colour covers (nearly) all of it.
  std::set<unsigned> colours;
  size_t background = 0;
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  for (size_t i = 0; i < n; ++i) {
    const unsigned c = static_cast<unsigned>(pixels[i * 3]) << 16 |
                       static_cast<unsigned>(pixels[i * 3 + 1]) << 8 |
                       static_cast<unsigned>(pixels[i * 3 + 2]);
    colours.insert(c);
    background += c == 0x141419u ? 1 : 0;  // glClearColor(0.08, 0.08, 0.10)
  }
  stbi_image_free(pixels);
  std::remove(png.c_str());
  EXPECT_GT(colours.size(), 20u);
  EXPECT_LT(background, n * 9 / 10);
}

TEST(WodDebugScreenshot, DemoFramesRenderANonBlankWindow) {
  ExpectRenderedScreenshot("--demo 2000", "wod_debug_demo");
}

TEST(WodDebugScreenshot, RealScriptWithStepsRendersANonBlankWindow) {
  ExpectRenderedScreenshot(std::string("--script ") + WOD_EXAMPLES_DIR +
                               "/fran.wod --steps \"next; tick 1000; next\"",
                           "wod_debug_fran");
}

// Every panel region of a `w`×`h` screenshot of Fran holds something:
// several colours, and little of the clear colour (a region left to the
// background would be a "black hole").
void ExpectNoEmptyPanel(int w, int h, const std::string& ini) {
  const std::string png =
      TempPng(("wod_debug_regions_" + std::to_string(w)).c_str());
  std::remove(png.c_str());
  const DebugEnv e = SanitizerEnv();
  const std::string cmd =
      e.env + WOD_XVFB_RUN + " -a -s \"-screen 0 2560x1400x24\" " + e.preload +
      WOD_DEBUG_BINARY + " --layout " + ini + " --size " + std::to_string(w) +
      "x" + std::to_string(h) + " --script " + WOD_EXAMPLES_DIR +
      "/fran.wod --steps \"next; tick 1000; next; tick 5000\" --select 3"
      " --screenshot " +
      png + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  int pw = 0;
  int ph = 0;
  int channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &pw, &ph, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "no PNG at " << png;
  ASSERT_EQ(pw, w);
  ASSERT_EQ(ph, h);
  // The window's own layout: a 21 px menu bar (15 px font), then the
  // panels (debugger/model/layout.h).
  constexpr float kMenu = 21.0f;
  const wod::debugger::PanelLayout layout;
  const auto rects = layout.Compute(
      {0, kMenu, static_cast<float>(w), static_cast<float>(h) - kMenu});
  for (int p = 0; p < wod::debugger::kPanelCount; ++p) {
    const auto& r = rects[static_cast<size_t>(p)];
    const char* name =
        wod::debugger::PanelName(static_cast<wod::debugger::PanelId>(p));
    std::set<unsigned> colours;
    size_t background = 0;
    size_t n = 0;
    for (int y = static_cast<int>(r.y) + 4; y < static_cast<int>(r.y + r.h) - 4;
         ++y) {
      for (int x = static_cast<int>(r.x) + 4;
           x < static_cast<int>(r.x + r.w) - 4; ++x) {
        const unsigned char* px = pixels + (static_cast<size_t>(y) * w + x) * 3;
        const unsigned c = static_cast<unsigned>(px[0]) << 16 |
                           static_cast<unsigned>(px[1]) << 8 | px[2];
        colours.insert(c);
        background += c == 0x141419u ? 1 : 0;
        ++n;
      }
    }
    ASSERT_GT(n, 1000u) << name;
    EXPECT_GT(colours.size(), 8u) << name << " at " << w << "x" << h;
    EXPECT_LT(background, n / 4)
        << name << " at " << w << "x" << h << " is mostly background";
  }
  stbi_image_free(pixels);
  std::remove(png.c_str());
}

TEST(WodDebugScreenshot, NoPanelIsEmptyAt1024x700Or2560x1400) {
  // The first run also saves its layout into a directory it creates.
  const std::string dir = TempPng("wod_debug_layout_dir");
  const std::string ini = dir + "/wod/imgui.ini";
  ExpectNoEmptyPanel(1024, 700, ini);
  std::ifstream in(ini);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("[WodLayout][Main]\ncolumns="), std::string::npos)
      << ini << ":\n"
      << text.str();
  std::remove(ini.c_str());
  std::remove((dir + "/wod").c_str());
  std::remove(dir.c_str());
  ExpectNoEmptyPanel(2560, 1400, "none");
}

// Two real processes: `wod-run --auto --publish unix:PATH --publish-wait`
// waits for the debugger, `wod-debug --attach unix:PATH --screenshot` follows
// the whole session and writes the PNG at the end line. Both are bounded
// (`timeout` for wod-run, --timeout for wod-debug).
TEST(WodDebugScreenshot, AttachedToWodRunPublishRendersTheSession) {
  char templ[] = "/tmp/wod-shot-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  const std::string dir = templ;
  const std::string address = "unix:" + dir + "/w.sock";
  // Wait for the socket with inotify (a real process creates it).
  const int watch = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(inotify_add_watch(watch, dir.c_str(), IN_CREATE), 0);
  const std::string script = std::string(WOD_EXAMPLES_DIR) + "/fran.wod";
  const pid_t host = fork();
  ASSERT_GE(host, 0);
  if (host == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execl("/usr/bin/timeout", "timeout", "120", WOD_RUN_BINARY, script.c_str(),
          "--auto", "--publish", address.c_str(), "--publish-wait",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  pollfd pfd{watch, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 60'000), 1) << "wod-run made no socket in 60 s";
  close(watch);
  ExpectRenderedScreenshot("--attach " + address + " --timeout 60",
                           "wod_debug_attach");
  int status = 0;
  ASSERT_EQ(waitpid(host, &status, 0), host);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  rmdir(dir.c_str());
}

TEST(WodDebugScreenshot, AttachWithoutAnEndWithinTheTimeoutExits1) {
  // A recording that never ends: --follow waits for its end line.
  char templ[] = "/tmp/wod-shot-XXXXXX";
  ASSERT_NE(mkdtemp(templ), nullptr);
  const std::string file = std::string(templ) + "/open.wodrec";
  const std::string record =
      std::string(WOD_RUN_BINARY) + " " + WOD_EXAMPLES_DIR +
      "/fran.wod --steps next --record " + file + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(record.c_str()), 0);
  // Cut the end line off: the writer looks still busy.
  const std::string cut = "sed -i '$d' " + file;
  ASSERT_EQ(std::system(cut.c_str()), 0);
  const std::string cmd = std::string(WOD_DEBUG_BINARY) + " --follow " + file +
                          " --timeout 1 --screenshot " + file +
                          ".png > /dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 1);
  std::remove(file.c_str());
  rmdir(templ);
}

TEST(WodDebugScreenshot, BadArgumentsFailWithoutAWindow) {
  const std::string cmd =
      std::string(WOD_DEBUG_BINARY) + " --demo nope > /dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  // Bad --steps are reported before any window opens, too.
  const std::string steps =
      std::string(WOD_DEBUG_BINARY) + " --steps \"nxt\" > /dev/null 2>&1";
  const int rc2 = std::system(steps.c_str());
  ASSERT_TRUE(WIFEXITED(rc2));
  EXPECT_EQ(WEXITSTATUS(rc2), 2);
}

}  // namespace
