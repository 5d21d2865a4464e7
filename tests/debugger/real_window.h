// RealWindow: the real wod-debug under Xvfb, driven with X events from
// xdotool and read back through --state-out (tests labelled "xvfb").
//
// Starts `xvfb-run … wod-debug --layout none --state-out FILE ARGS` in its
// own process group, bounded by `timeout`, and learns the display from a
// small file the inner shell writes. Every wait polls the state file or
// the process with a deadline; nothing sleeps a fixed time. Without
// xvfb-run or xdotool the tests skip, except with CI=true, where they
// fail (a CI machine must have them: tools/wod installs both).
//
//   RealWindow w;
//   ASSERT_TRUE(w.Start("--script fran.wod"));
//   w.Key("Left");
//   ASSERT_TRUE(w.WaitFor([](const base::JsonValue& s) { ... }));
#ifndef WOD_TESTS_DEBUGGER_REAL_WINDOW_H_
#define WOD_TESTS_DEBUGGER_REAL_WINDOW_H_

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <utility>

#include "base/json.h"

namespace wod::debugger::testing {

// True when CI=true: a missing tool fails instead of skipping.
inline bool OnCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

inline bool HaveTool(const std::string& name) {
  if (name.empty()) return false;
  const std::string cmd = "command -v '" + name + "' > /dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Skips (or, on CI, fails) the test when xvfb-run or xdotool is missing.
#define WOD_REQUIRE_TOOLS(need_xdotool)                                   \
  do {                                                                    \
    const bool xvfb = ::wod::debugger::testing::HaveTool(WOD_XVFB_RUN);   \
    const bool xdo =                                                      \
        !(need_xdotool) || ::wod::debugger::testing::HaveTool("xdotool"); \
    if (!xvfb || !xdo) {                                                  \
      const char* what = !xvfb ? "xvfb-run" : "xdotool";                  \
      if (::wod::debugger::testing::OnCi()) {                             \
        FAIL() << what << " is missing (CI=true: install it)";            \
      }                                                                   \
      GTEST_SKIP() << what << " is missing";                              \
    }                                                                     \
  } while (0)

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

class RealWindow {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RealWindow(std::string name) {
    const char* dir = std::getenv("TMPDIR");
    base_ = std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "_" +
            std::to_string(::getpid());
    state_ = base_ + ".state.json";
    env_ = base_ + ".env";
    std::remove(state_.c_str());
    std::remove(env_.c_str());
  }
  ~RealWindow() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGKILL);  // the group: timeout, xvfb-run, Xvfb, app
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::remove(state_.c_str());
    std::remove(env_.c_str());
  }
  RealWindow(const RealWindow&) = delete;
  RealWindow& operator=(const RealWindow&) = delete;

  // The layout file the next Start passes (`--layout FILE`); "none" (the
  // default layout, nothing saved) unless set.
  void set_layout(std::string layout) { layout_ = std::move(layout); }

  // Starts the window; true once its first state is written and (with
  // `focus`) xdotool has found and focused it.
  bool Start(const std::string& args, bool focus = true) {
    const std::string preload =
        std::string(WOD_GL_DRIVER_PRELOAD).empty()
            ? std::string()
            : std::string("env LD_PRELOAD=") + WOD_GL_DRIVER_PRELOAD + " ";
    const std::string inner = "echo \"$DISPLAY\" > " + env_ +
                              ".tmp; echo \"$XAUTHORITY\" >> " + env_ +
                              ".tmp; mv " + env_ + ".tmp " + env_ + "; exec " +
                              preload + WOD_DEBUG_BINARY " --layout " +
                              layout_ + " --state-out " + state_ + " " + args;
    const std::string cmd =
        std::string(
            "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 "
            "LSAN_OPTIONS=suppressions=" WOD_LSAN_SUPPRESSIONS
            " exec timeout -k 5 90 ") +
        WOD_XVFB_RUN + " -a -s '-screen 0 1600x1000x24' sh -c '" + inner +
        "' > " + base_ + ".log 2>&1";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid_ < 0) return false;
    ::setpgid(pid_, pid_);
    if (!WaitFor([](const base::JsonValue&) { return true; })) return false;
    const std::string env = ReadFile(env_);
    const size_t nl = env.find('\n');
    if (nl == std::string::npos) return false;
    display_ = env.substr(0, nl);
    xauthority_ = env.substr(nl + 1);
    while (!xauthority_.empty() && xauthority_.back() == '\n')
      xauthority_.pop_back();
    if (!focus) return true;
    std::string id;
    if (Xdo("search --sync --name '^wod-debug$'", &id) != 0) return false;
    window_ = id.substr(0, id.find('\n'));
    return !window_.empty() && Xdo("windowfocus --sync " + window_) == 0;
  }

  // Runs xdotool on the window's display (bounded); returns its status.
  int Xdo(const std::string& args, std::string* out = nullptr) {
    const std::string cmd =
        "DISPLAY=" + display_ + " XAUTHORITY=" + xauthority_ +
        " timeout 20 xdotool " + args + " 2>> " + base_ + ".log";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return -1;
    char buf[256];
    std::string text;
    while (std::fgets(buf, sizeof(buf), p) != nullptr) text += buf;
    const int rc = ::pclose(p);
    if (out != nullptr) *out = text;
    if (rc != 0) {
      std::fprintf(stderr, "xdotool %s: status %d\n%s\n", args.c_str(), rc,
                   log().c_str());
    }
    return rc;
  }
  // Sends key presses (xdotool key names) to the window.
  int Key(const std::string& keys) {
    return Xdo("key --window " + window_ + " " + keys);
  }
  int Click(int x, int y) {
    return Xdo("mousemove " + std::to_string(x) + " " + std::to_string(y) +
               " click 1");
  }

  // Presses button 1 at (x, y) (screen coordinates: the window is at the
  // origin of Xvfb's screen, there is no window manager), moves to
  // (x2, y2) or releases there.
  int MouseDown(int x, int y) {
    return Xdo("mousemove " + std::to_string(x) + " " + std::to_string(y) +
               " mousedown 1");
  }
  int MouseMove(int x, int y) {
    return Xdo("mousemove " + std::to_string(x) + " " + std::to_string(y));
  }
  int MouseUp() { return Xdo("mouseup 1"); }

  // Polls the state file until `pred` holds (true) or the deadline passes.
  bool WaitFor(const std::function<bool(const base::JsonValue&)>& pred,
               std::chrono::seconds deadline = std::chrono::seconds(30)) {
    const auto end = Clock::now() + deadline;
    while (Clock::now() < end) {
      const std::string text = ReadFile(state_);
      if (!text.empty()) {
        absl::StatusOr<base::JsonValue> v = base::ParseJson(text);
        if (v.ok()) {
          last_ = text;
          if (pred(*v)) return true;
        }
      }
      if (Exited()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits for the process to end; its exit status, or -1 at the deadline.
  int WaitExit(std::chrono::seconds deadline = std::chrono::seconds(30)) {
    const auto end = Clock::now() + deadline;
    while (Clock::now() < end) {
      if (Exited()) return exit_status_;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  [[nodiscard]] const std::string& last_state() const { return last_; }
  [[nodiscard]] std::string log() const { return ReadFile(base_ + ".log"); }

 private:
  bool Exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    pid_ = 0;
    return true;
  }

  std::string base_;
  std::string state_;
  std::string env_;
  std::string display_;
  std::string xauthority_;
  std::string window_;
  std::string layout_ = "none";
  std::string last_;
  pid_t pid_ = 0;
  int exit_status_ = -1;
};

// Field helpers over a parsed state.
inline int64_t IntOf(const base::JsonValue& s, const char* key) {
  const base::JsonValue* v = s.Find(key);
  return v != nullptr ? v->integer() : -999;
}
inline bool BoolOf(const base::JsonValue& s, const char* key) {
  const base::JsonValue* v = s.Find(key);
  return v != nullptr && v->boolean();
}
inline std::string StringOf(const base::JsonValue& s, const char* key) {
  const base::JsonValue* v = s.Find(key);
  return v != nullptr && v->is_string() ? v->string() : "";
}

}  // namespace wod::debugger::testing

#endif  // WOD_TESTS_DEBUGGER_REAL_WINDOW_H_
