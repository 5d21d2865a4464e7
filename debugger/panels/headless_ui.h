// HeadlessUi: an ImGui context without a backend, for panel tests and the
// debugger bench.
//
// Headless ImGui 1.86 needs io.DisplaySize and io.DeltaTime set and the font
// atlas built (GetTexDataAsRGBA32) before NewFrame; keys are pressed through
// io.KeysDown indexed by GLFW key codes. Each instance owns its context, makes
// it current before every frame, and owns the window (with its panels' state)
// it draws, as one wod-debug window does.
//
//   HeadlessUi ui;
//   UiInput press;
//   press.keys = {kKeyF10};
//   std::vector<Intent> intents = ui.Frame(model, input, press);
#ifndef WOD_DEBUGGER_PANELS_HEADLESS_UI_H_
#define WOD_DEBUGGER_PANELS_HEADLESS_UI_H_

#include <imgui.h>

#include <vector>

#include "debugger/panels/debugger_window.h"

namespace wod::debugger {

struct UiInput {
  std::vector<int> keys;  // GLFW key codes pressed during this frame
  bool ctrl = false;
  bool shift = false;
  ImVec2 mouse = ImVec2(-1, -1);
  bool mouse_down = false;
  std::vector<ImWchar> chars;
};

class HeadlessUi {
 public:
  HeadlessUi() : context_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    // The same key map as imgui_impl_glfw (GLFW key codes).
    io.KeyMap[ImGuiKey_Space] = kKeySpace;
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = kKeyKeypadEnter;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_Home] = kKeyHome;
    io.KeyMap[ImGuiKey_End] = kKeyEnd;
  }
  ~HeadlessUi() { ImGui::DestroyContext(context_); }
  HeadlessUi(const HeadlessUi&) = delete;
  HeadlessUi& operator=(const HeadlessUi&) = delete;

  // One full frame: input, NewFrame, every panel, Render.
  std::vector<Intent> Frame(DebuggerModel& model, const PanelInput& in,
                            const UiInput& input = {}) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    for (bool& down : io.KeysDown) down = false;
    for (int k : input.keys) io.KeysDown[k] = true;
    io.KeyCtrl = input.ctrl;
    io.KeyShift = input.shift;
    io.MousePos = input.mouse;
    io.MouseDown[0] = input.mouse_down;
    for (ImWchar c : input.chars) io.AddInputCharacter(c);
    ImGui::NewFrame();
    std::vector<Intent> intents = window_.Draw(model, in);
    ImGui::Render();
    return intents;
  }

  // Moves the mouse to `at`, presses and releases: three frames. Returns
  // the intents of all three.
  std::vector<Intent> Click(DebuggerModel& model, const PanelInput& in,
                            ImVec2 at) {
    std::vector<Intent> all;
    for (int phase = 0; phase < 3; ++phase) {
      UiInput i;
      i.mouse = at;
      i.mouse_down = phase == 1;
      for (Intent& intent : Frame(model, in, i))
        all.push_back(std::move(intent));
    }
    return all;
  }

  // Right-clicks at `at` (opens a context menu): three frames.
  std::vector<Intent> RightClick(DebuggerModel& model, const PanelInput& in,
                                 ImVec2 at) {
    std::vector<Intent> all;
    for (int phase = 0; phase < 3; ++phase) {
      ImGui::SetCurrentContext(context_);
      ImGui::GetIO().MouseDown[1] = phase == 1;
      UiInput i;
      i.mouse = at;
      for (Intent& intent : Frame(model, in, i))
        all.push_back(std::move(intent));
    }
    ImGui::GetIO().MouseDown[1] = false;
    return all;
  }

  ImGuiContext* context() const { return context_; }
  DebuggerWindow& window() { return window_; }

 private:
  ImGuiContext* context_;
  DebuggerWindow window_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_HEADLESS_UI_H_
