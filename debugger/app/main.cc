// wod-debug: the debugger window (Dear ImGui 1.86 on GLFW + OpenGL 3.3).
//
// Platform code lives only here (docs/spec/design.md §8.10), in the shape of
// ImGui's example_glfw_opengl3: create the window, set up this debugger's
// own ImGuiContext, loop poll → new frame → panels → render → swap, shut
// down in reverse order. `--screenshot` renders a few frames, writes the PNG
// and exits (used by the xvfb test and for docs/).
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "debugger/app/app_options.h"
#include "debugger/app/png_writer.h"
#include "debugger/app/session_factory.h"
#include "debugger/model/debugger_model.h"
#include "debugger/model/driver.h"
#include "debugger/model/stream_driver.h"
#include "debugger/panels/debugger_window.h"

namespace wod::debugger {
namespace {

// Glyphs beyond Latin-1 that the trace text uses: ↑ ↓ → · — ∞
// (docs/spec/step-trace.md).
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190,
                                    0x2193, 0x221E, 0x221E, 0};

void LoadFonts(ImGuiIO& io) {
  const char* kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::FILE* f = std::fopen(kFont, "rb")) {
    std::fclose(f);
    io.Fonts->AddFontFromFileTTF(kFont, 15.0f, nullptr, kGlyphRanges);
  } else {
    io.Fonts->AddFontDefault();  // still legible, without the arrows
  }
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

// This debugger's own ImGuiContext on `window`, made current.
ImGuiContext* StartImGui(GLFWwindow* window) {
  IMGUI_CHECKVERSION();
  ImGuiContext* context = ImGui::CreateContext();
  ImGui::SetCurrentContext(context);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing to persist
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0.0f;
  LoadFonts(io);
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
                              DebuggerModel& model, const Driver& driver) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
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
  DebuggerModel model;
  for (const std::string& type : options.watch_types) {
    model.AddWatch(Watch::OnType(type));
  }
  if (options.select_ref > 0) {
    model.Select(MakeRefKey(static_cast<uint32_t>(options.select_ref), 1));
  }
  GLFWwindow* window = OpenWindow(options);
  if (window == nullptr) return 1;
  ImGuiContext* context = StartImGui(window);
  DebuggerWindow panels;

  int frames_left = options.screenshot.empty() ? -1 : 4;
  int exit_code = 0;
  auto last = std::chrono::steady_clock::now();
  while (glfwWindowShouldClose(window) == GLFW_FALSE && frames_left != 0) {
    glfwPollEvents();
    const auto now = std::chrono::steady_clock::now();
    const int64_t real_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - last)
            .count();
    if (real_ms > 0) last = now;
    driver->SetWatches(model.watches());
    if (frames_left < 0) driver->Update(real_ms);
    const std::vector<Intent> intents =
        DrawFrame(window, panels, model, *driver);
    if (frames_left > 0 && --frames_left == 0 &&
        !Screenshot(window, options.screenshot)) {
      exit_code = 1;
    }
    glfwSwapBuffers(window);
    // Intents are applied between frames, never while panels draw.
    for (const Intent& intent : intents) {
      if (!ApplyViewIntent(intent, model, driver->history()))
        driver->Handle(intent);
    }
  }
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
