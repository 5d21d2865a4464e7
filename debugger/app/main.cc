// wod-debug: the debugger window (Dear ImGui 1.86 on GLFW + OpenGL 3.3).
//
// Platform code lives only here (docs/spec/design.md §8.10), in the shape of
// ImGui's example_glfw_opengl3: create the window, set up this debugger's
// own ImGuiContext, loop poll → new frame → panels → render → swap, shut
// down in reverse order. `--screenshot` renders a few frames, writes the PNG
// and exits (used by the xvfb test and for docs/). When nothing happens
// (no input for a second, no new step) the loop sleeps in
// glfwWaitEventsTimeout and draws nothing (docs/spec/debugger.md §2.15).
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "debugger/app/app_options.h"
#include "debugger/app/png_writer.h"
#include "debugger/app/session_factory.h"
#include "debugger/model/debugger_model.h"
#include "debugger/model/driver.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/stream_driver.h"
#include "debugger/model/view_state.h"
#include "debugger/panels/debugger_window.h"

namespace wod::debugger {
namespace {

// Glyphs beyond Latin-1 that the trace text uses: ↑ ↓ → · — ∞
// (docs/spec/step-trace.md).
// − (U+2212) is the diff's "removed" sign.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027,
                                    0x2190, 0x2193, 0x2212, 0x2212,
                                    0x221E, 0x221E, 0};

void LoadFonts(ImGuiIO& io) {
  const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::FILE* f = std::fopen(kFont, "rb")) {
    std::fclose(f);
    io.Fonts->AddFontFromFileTTF(kFont, 15.0f, nullptr, kGlyphRanges);
  } else {
    io.Fonts->AddFontDefault();  // still legible, without the arrows
  }
}

// When the user last did something in the window (any GLFW input or
// window event); reached from the callbacks through the window's user
// pointer, so no global state.
struct Activity {
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  // Key presses (GLFW key, mods) in arrival order, for KeyReplay.
  std::deque<std::pair<int, int>> presses;
  void Touch() { last = std::chrono::steady_clock::now(); }
};

// ImGui 1.86 reads keys as held-down flags once per frame, so a key
// pressed and released between two frames (xdotool, a fast typist, a
// frame after an idle wait) would never be seen. Each frame replays at
// most one such press: held down, with its modifiers, for that frame only.
class KeyReplay {
 public:
  // Before ImGui::NewFrame (after the backend's NewFrame).
  void Begin(GLFWwindow* window, Activity& activity) {
    ImGuiIO& io = ImGui::GetIO();
    int restored = -1;
    if (replayed_ >= 0 || mods_set_) {
      if (replayed_ >= 0) io.KeysDown[replayed_] = Down(window, replayed_);
      io.KeyCtrl = Down(window, GLFW_KEY_LEFT_CONTROL) ||
                   Down(window, GLFW_KEY_RIGHT_CONTROL);
      io.KeyShift = Down(window, GLFW_KEY_LEFT_SHIFT) ||
                    Down(window, GLFW_KEY_RIGHT_SHIFT);
      restored = replayed_;
      replayed_ = -1;
      mods_set_ = false;
    }
    while (!activity.presses.empty()) {
      const auto [key, mods] = activity.presses.front();
      // The same key again needs one frame up first, or ImGui would see
      // it held rather than pressed twice.
      if (key == restored) break;
      activity.presses.pop_front();
      if (key < 0 || key >= static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) {
        continue;
      }
      // The modifiers of the press hold for this frame: events sent to a
      // window (xdotool key --window) carry them in the event only, with
      // no press of the modifier key itself.
      io.KeyCtrl = (mods & GLFW_MOD_CONTROL) != 0;
      io.KeyShift = (mods & GLFW_MOD_SHIFT) != 0;
      mods_set_ = true;
      if (!io.KeysDown[key]) {  // released already: hold it this frame
        io.KeysDown[key] = true;
        replayed_ = key;
      }
      break;
    }
  }
  [[nodiscard]] bool pending(const Activity& activity) const {
    return replayed_ >= 0 || mods_set_ || !activity.presses.empty();
  }

 private:
  static bool Down(GLFWwindow* window, int key) {
    return glfwGetKey(window, key) == GLFW_PRESS;
  }
  int replayed_ = -1;
  bool mods_set_ = false;
};

Activity& ActivityOf(GLFWwindow* window) {
  return *static_cast<Activity*>(glfwGetWindowUserPointer(window));
}

// Installed before ImGui's backend, which chains to them.
void WatchActivity(GLFWwindow* window, Activity* activity) {
  glfwSetWindowUserPointer(window, activity);
  glfwSetKeyCallback(
      window, [](GLFWwindow* w, int key, int, int action, int mods) {
        Activity& a = ActivityOf(w);
        a.Touch();
        const bool modifier =
            key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER;
        if (action == GLFW_PRESS && !modifier && a.presses.size() < 64) {
          a.presses.emplace_back(key, mods);
        }
      });
  glfwSetCharCallback(
      window, [](GLFWwindow* w, unsigned int) { ActivityOf(w).Touch(); });
  glfwSetCursorPosCallback(
      window, [](GLFWwindow* w, double, double) { ActivityOf(w).Touch(); });
  glfwSetMouseButtonCallback(
      window, [](GLFWwindow* w, int, int, int) { ActivityOf(w).Touch(); });
  glfwSetScrollCallback(
      window, [](GLFWwindow* w, double, double) { ActivityOf(w).Touch(); });
  glfwSetWindowFocusCallback(window,
                             [](GLFWwindow* w, int) { ActivityOf(w).Touch(); });
  glfwSetCursorEnterCallback(window,
                             [](GLFWwindow* w, int) { ActivityOf(w).Touch(); });
  glfwSetFramebufferSizeCallback(
      window, [](GLFWwindow* w, int, int) { ActivityOf(w).Touch(); });
  glfwSetWindowRefreshCallback(window,
                               [](GLFWwindow* w) { ActivityOf(w).Touch(); });
}

// What tells "the driver changed something" apart from idling.
struct DriverMark {
  int64_t steps = -1;
  RunState state = RunState::kIdle;
  size_t history = 0;
  std::string error;
  std::string stop;
  bool operator==(const DriverMark&) const = default;
};

DriverMark MarkOf(const Driver& driver) {
  return {driver.status().steps, driver.status().state, driver.history().size(),
          driver.status().error, driver.status().stop_reason};
}

// Rewrites --state-out when the state's text changed.
void WriteState(const std::string& path, const DebuggerWindow& panels,
                const DebuggerModel& model, const Driver& driver,
                std::string& last) {
  if (path.empty()) return;
  PanelInput in;
  in.frame = model.frame();
  in.history = &driver.history();
  in.status = &driver.status();
  std::string json = ViewStateJson(panels.State(model, in));
  if (json == last) return;
  absl::Status written = WriteFileAtomically(path, json);
  if (!written.ok()) {
    std::fprintf(stderr, "wod-debug: %s\n", written.ToString().c_str());
  }
  last = std::move(json);
}

void GlfwError(int code, const char* text) {
  std::fprintf(stderr, "wod-debug: GLFW error %d: %s\n", code, text);
}

// A GLFW window with an OpenGL 3.3 core context, current; null (after a
// message) when there is no display or no such context.
GLFWwindow* OpenWindow(const AppOptions& options) {
  glfwSetErrorCallback(GlfwError);
  if (glfwInit() == GLFW_FALSE) {
    std::fprintf(stderr, "wod-debug: cannot initialise GLFW (no display?)\n");
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height,
                                        "wod-debug", nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "wod-debug: cannot open an OpenGL 3.3 window\n");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.screenshot.empty() ? 1 : 0);
  return window;
}

// Creates the directory of `path` and its parents (mkdir -p); false when
// that fails (the layout is then not saved, the window still opens).
bool MakeParentDirectories(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      std::fprintf(stderr, "wod-debug: cannot create '%s': %s\n", dir.c_str(),
                   std::strerror(errno));
      return false;
    }
  }
  return true;
}

// This debugger's own ImGuiContext on `window`, made current. `ini` is the
// layout file ("" = none); it must outlive the context (ImGui keeps the
// pointer).
ImGuiContext* StartImGui(GLFWwindow* window, DebuggerWindow& panels,
                         const std::string& ini, Activity* activity) {
  IMGUI_CHECKVERSION();
  ImGuiContext* context = ImGui::CreateContext();
  ImGui::SetCurrentContext(context);
  ImGuiIO& io = ImGui::GetIO();
  // The layout (splitters, collapsed panels, table columns) persists in
  // `ini`, loaded on the first frame and saved when it changes
  // (docs/spec/debugger.md §6).
  io.IniFilename = nullptr;
  panels.InstallLayoutSettings();
  if (!ini.empty() && MakeParentDirectories(ini)) {
    io.IniFilename = ini.c_str();
  }
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0.0f;
  LoadFonts(io);
  WatchActivity(window, activity);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");
  return context;
}

void StopImGui(ImGuiContext* context, GLFWwindow* window) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(context);
  glfwDestroyWindow(window);
  glfwTerminate();
}

// Draws one frame of every panel into the framebuffer; returns the
// frame's intents.
std::vector<Intent> DrawFrame(GLFWwindow* window, DebuggerWindow& panels,
                              DebuggerModel& model, const Driver& driver,
                              KeyReplay& keys, Activity& activity) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  keys.Begin(window, activity);
  ImGui::NewFrame();
  std::vector<Intent> intents =
      panels.Draw(model, BeginPanelFrame(model, driver));
  ImGui::Render();
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return intents;
}

// Writes the framebuffer of `window` to `path`; false (after a message)
// when that fails.
bool Screenshot(GLFWwindow* window, const std::string& path) {
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  absl::Status written = WriteFramebufferPng(path, w, h);
  if (!written.ok()) {
    std::fprintf(stderr, "wod-debug: %s\n", written.ToString().c_str());
    return false;
  }
  std::printf("wod-debug: wrote %s (%dx%d)\n", path.c_str(), w, h);
  return true;
}

int Run(const AppOptions& options) {
  absl::StatusOr<std::unique_ptr<Driver>> made = MakeDriver(options);
  if (!made.ok()) {
    std::fprintf(stderr, "wod-debug: %s\n", made.status().ToString().c_str());
    return 2;
  }
  std::unique_ptr<Driver> driver = std::move(*made);
  if (auto* stream = dynamic_cast<StreamDriver*>(driver.get());
      stream != nullptr && !options.screenshot.empty()) {
    // --attach / --follow with --screenshot: the picture is of the whole
    // stream, taken once it has ended.
    const absl::Status ended = stream->RunToEnd(
        options.timeout_s > 0 ? absl::Seconds(options.timeout_s)
                              : absl::InfiniteDuration());
    if (!ended.ok()) {
      std::fprintf(stderr, "wod-debug: %s\n",
                   std::string(ended.message()).c_str());
      return 1;
    }
  }
  if (auto* recording = dynamic_cast<RecordingDriver*>(driver.get());
      recording != nullptr && !options.screenshot.empty()) {
    // --open with --screenshot: the picture is of the whole file, or of the
    // load part-way (--load-steps: the progress bar showing).
    if (options.load_steps >= 0) {
      recording->LoadSome(std::chrono::hours(1), options.load_steps);
    } else {
      recording->LoadAll();
    }
  }
  DebuggerModel model;
  for (const std::string& type : options.watch_types) {
    model.AddWatch(Watch::OnType(type));
  }
  if (options.select_ref > 0) {
    model.Select(MakeRefKey(static_cast<uint32_t>(options.select_ref), 1));
  }
  GLFWwindow* window = OpenWindow(options);
  if (window == nullptr) return 1;
  // A screenshot never reads or writes the user's layout: it shows the
  // default one unless a file is named.
  const std::string ini =
      options.screenshot.empty() || !options.layout.empty()
          ? LayoutIniPath(options, std::getenv("XDG_CONFIG_HOME"),
                          std::getenv("HOME"))
          : std::string();
  DebuggerWindow panels;
  Activity activity;
  ImGuiContext* context = StartImGui(window, panels, ini, &activity);
  KeyReplay keys;

  const bool interactive = options.screenshot.empty();
  int frames_left = interactive ? -1 : 4;
  int exit_code = 0;
  std::string state_text;
  auto last = std::chrono::steady_clock::now();
  DriverMark mark = MarkOf(*driver);
  bool idle = false;
  while (glfwWindowShouldClose(window) == GLFW_FALSE && frames_left != 0) {
    if (idle) {
      // Nothing to draw: sleep until an event, or until it is time to
      // look for a new step of a live driver.
      glfwWaitEventsTimeout(0.1);
    } else {
      glfwPollEvents();
    }
    const auto now = std::chrono::steady_clock::now();
    const int64_t real_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - last)
            .count();
    if (real_ms > 0) last = now;
    driver->SetWatches(model.watches());
    if (frames_left < 0) driver->Update(real_ms);
    const DriverMark now_mark = MarkOf(*driver);
    if (!(now_mark == mark) || driver->status().state == RunState::kRunning) {
      activity.Touch();
      mark = now_mark;
    }
    // Idle: no input for a second and no change from the driver.
    idle = interactive && now - activity.last > std::chrono::seconds(1);
    if (idle) continue;
    const std::vector<Intent> intents =
        DrawFrame(window, panels, model, *driver, keys, activity);
    if (frames_left > 0 && --frames_left == 0 &&
        !Screenshot(window, options.screenshot)) {
      exit_code = 1;
    }
    glfwSwapBuffers(window);
    // Intents are applied between frames, never while panels draw.
    for (const Intent& intent : intents) {
      if (intent.kind == Intent::Kind::kQuit) {
        glfwSetWindowShouldClose(window, GLFW_TRUE);
        continue;
      }
      if (!ApplyViewIntent(intent, model, driver->history()))
        driver->Handle(intent);
    }
    if (!intents.empty() || keys.pending(activity)) activity.Touch();
    WriteState(options.state_out, panels, model, *driver, state_text);
  }
  // Saves the layout (ImGui saves on DestroyContext when it has a file).
  StopImGui(context, window);
  return exit_code;
}

}  // namespace
}  // namespace wod::debugger

int main(int argc, char** argv) try {
  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<wod::debugger::AppOptions> options =
      wod::debugger::ParseAppOptions(args);
  if (!options.ok()) {
    std::fprintf(stderr, "wod-debug: %s\n%s",
                 std::string(options.status().message()).c_str(),
                 wod::debugger::AppUsage());
    return 2;
  }
  if (options->help) {
    std::printf("%s", wod::debugger::AppUsage());
    return 0;
  }
  return wod::debugger::Run(*options);
} catch (const std::exception& e) {
  // Errors are absl::Status; anything thrown (std::bad_alloc) still ends
  // with a message and status 3 rather than abort()'s 134.
  std::fprintf(stderr, "wod-debug: internal error: %s\n", e.what());
  return 3;
}
