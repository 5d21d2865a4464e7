#include "debugger/panels/debugger_window.h"

#include <imgui.h>

namespace wod::debugger {

namespace {

void Append(std::vector<Intent>& out, std::vector<Intent> more) {
  for (Intent& i : more) out.push_back(std::move(i));
}

// Places the next window at a fraction of the display.
void Place(float x, float y, float w, float h) {
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(d.x * x, d.y * y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(d.x * w, d.y * h), ImGuiCond_Always);
}

}  // namespace

std::vector<Intent> HandleShortcuts() {
  std::vector<Intent> out;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && (ImGui::IsKeyPressed(kKeyEnter, false) ||
                     ImGui::IsKeyPressed(kKeyKeypadEnter, false))) {
    out.push_back(Intent::Of(Intent::Kind::kRun));
    return out;
  }
  if (io.WantTextInput) return out;
  if (ImGui::IsKeyPressed(kKeySpace, false)) {
    out.push_back(Intent::Of(Intent::Kind::kPauseResume));
  }
  if (ImGui::IsKeyPressed(kKeyF10, false))
    out.push_back(Intent::Of(Intent::Kind::kNext));
  if (ImGui::IsKeyPressed(kKeyF5, false))
    out.push_back(Intent::Of(Intent::Kind::kReset));
  if (ImGui::IsKeyPressed(kKeyEscape, false)) {
    out.push_back(Intent::Of(Intent::Kind::kAbort));
  }
  return out;
}

std::vector<Intent> DebuggerWindow::Draw(DebuggerModel& model,
                                         const PanelInput& in) {
  model.BeginUiFrame();
  // Shortcuts read last frame's WantTextInput: a key typed into a text box
  // this frame never triggers an action.
  std::vector<Intent> out = HandleShortcuts();
  // Three columns: session (controls, script, stack) | memory (table,
  // hierarchy) | analysis (inspector, history + diff, records, watches).
  constexpr float kLeft = 0.30f;
  constexpr float kMid = 0.38f;
  constexpr float kRight = 1.0f - kLeft - kMid;
  Place(0, 0, kLeft, 0.17f);
  Append(out, DrawControlsPanel(model, in));
  Place(0, 0.17f, kLeft, 0.31f);
  Append(out, script_.Draw(model, in));
  Place(0, 0.48f, kLeft, 0.52f);
  Append(out, DrawStackPanel(model, in));
  Place(kLeft, 0, kMid, 0.62f);
  Append(out, memory_.Draw(model, in));
  Place(kLeft, 0.62f, kMid, 0.38f);
  Append(out, hierarchy_.Draw(model, in));
  Place(kLeft + kMid, 0, kRight, 0.36f);
  Append(out, inspector_.Draw(model, in));
  Place(kLeft + kMid, 0.36f, kRight, 0.30f);
  Append(out, history_.Draw(model, in));
  Place(kLeft + kMid, 0.66f, kRight, 0.22f);
  Append(out, records_.Draw(model, in));
  Place(kLeft + kMid, 0.88f, kRight, 0.12f);
  Append(out, DrawWatchesPanel(model, in));
  return out;
}

}  // namespace wod::debugger
