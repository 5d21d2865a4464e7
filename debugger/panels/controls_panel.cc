// Controls: start, next, pause/resume, abort, reset, real-time run with a
// speed factor, and ticks of a chosen size (docs/spec/debugger.md §2).
#include <imgui.h>

#include <array>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr std::array<int, 3> kSpeeds = {1, 10, 60};
constexpr std::array<int64_t, 5> kTickSizes = {100, 1000, 5000, 10000, 60000};

// Start, Next, Run/Pause, Abort, Reset.
void DrawButtons(const SessionStatus& st, std::vector<Intent>& out) {
  const bool idle = st.state == RunState::kIdle;
  const bool ended = st.state == RunState::kEnded;
  const bool running = st.state == RunState::kRunning;

  ImGui::BeginDisabled(!idle);
  if (ImGui::Button("Start")) out.push_back(Intent::Of(Intent::Kind::kStart));
  ImGui::EndDisabled();
  // Buttons wrap to the next line in a narrow panel instead of clipping.
  SameLineIfFits(ButtonWidth("Next (F10)"));
  ImGui::BeginDisabled(idle || ended);
  if (ImGui::Button("Next (F10)"))
    out.push_back(Intent::Of(Intent::Kind::kNext));
  const char* run = running ? "Pause (Space)" : "Run (Ctrl+Enter)";
  SameLineIfFits(ButtonWidth(run));
  if (ImGui::Button(run)) {
    out.push_back(
        Intent::Of(running ? Intent::Kind::kPauseResume : Intent::Kind::kRun));
  }
  SameLineIfFits(ButtonWidth("Abort (Esc)"));
  if (ImGui::Button("Abort (Esc)"))
    out.push_back(Intent::Of(Intent::Kind::kAbort));
  ImGui::EndDisabled();
  SameLineIfFits(ButtonWidth("Reset (F5)"));
  if (ImGui::Button("Reset (F5)"))
    out.push_back(Intent::Of(Intent::Kind::kReset));
}

// The speed factor, the tick size and the Tick button.
void DrawSpeedAndTick(const SessionStatus& st, std::vector<Intent>& out) {
  const bool idle = st.state == RunState::kIdle;
  const bool ended = st.state == RunState::kEnded;
  ImGui::TextUnformatted("Speed");
  for (int speed : kSpeeds) {
    ImGui::SameLine();
    std::string label = fmt::format("{}x", speed);
    if (ImGui::RadioButton(label.c_str(), st.speed == speed)) {
      out.push_back(Intent::Of(Intent::Kind::kSetSpeed, speed));
    }
  }
  SameLineIfFits(ImGui::CalcTextSize("  Tick").x + 90 + ButtonWidth("Tick") +
                 2 * ImGui::GetStyle().ItemSpacing.x);
  ImGui::TextUnformatted("  Tick");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  std::string current = fmt::format("{} ms", st.tick_ms);
  if (ImGui::BeginCombo("##tick", current.c_str())) {
    for (int64_t ms : kTickSizes) {
      std::string item = fmt::format("{} ms", ms);
      if (ImGui::Selectable(item.c_str(), ms == st.tick_ms)) {
        out.push_back(Intent::Of(Intent::Kind::kSetTickMs, ms));
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(idle || ended);
  if (ImGui::Button("Tick")) {
    out.push_back(Intent::Of(Intent::Kind::kTick, st.tick_ms));
  }
  ImGui::EndDisabled();
}

// State at a glance: run state, step, virtual time, stop reason, errors.
void DrawState(const DebuggerModel& model, const PanelInput& in,
               std::vector<Intent>& out) {
  const SessionStatus& st = *in.status;
  const bool ended = st.state == RunState::kEnded;
  const bool running = st.state == RunState::kRunning;
  const ImVec4 color = st.state == RunState::kStopped ? kTextError
                       : running                      ? kTextOk
                       : ended                        ? kTextAccent
                                                      : kTextWarn;
  TextColored(color, RunStateName(st.state));
  ImGui::SameLine();
  // The state line wraps in a narrow panel rather than being clipped.
  ImGui::PushTextWrapPos(0.0f);
  if (in.frame != nullptr) {
    Text(fmt::format("step {} of {}  ·  t = {:.1f} s  ·  {}{}", in.frame->step,
                     st.steps > 0 ? st.steps - 1 : 0,
                     static_cast<double>(in.frame->t_ms) / 1000.0,
                     in.frame->action,
                     model.following_live() ? "" : "  [history]"));
  } else {
    Text("no step yet");
  }
  ImGui::PopTextWrapPos();
  if (!st.stop_reason.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextError, st.stop_reason);
    ImGui::PopTextWrapPos();
    SameLineIfFits(ButtonWidth("Continue"));
    if (ImGui::SmallButton("Continue")) {
      out.push_back(Intent::Of(Intent::Kind::kClearStop));
    }
  }
  ImGui::PushTextWrapPos(0.0f);
  if (!st.error.empty()) TextColored(kTextError, st.error);
  if (!st.save_message.empty()) {
    TextColored(st.save_failed ? kTextError : kTextOk, st.save_message);
  }
  if (in.frame != nullptr) {
    TextColored(kTextDim,
                fmt::format("depth {}  ·  {} refs  ·  {} owners known",
                            in.frame->stack.size(), in.frame->refs.size(),
                            in.frame->owners.size()));
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

std::vector<Intent> DrawControlsPanel(const DebuggerModel& model,
                                      const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Controls");
  if (!window.open()) return out;
  DrawButtons(*in.status, out);
  DrawSpeedAndTick(*in.status, out);
  DrawState(model, in, out);
  ImGui::PushTextWrapPos(0.0f);
  TextColored(kTextDim,
              "Ctrl+Enter run · Space pause/resume · F10 next · F5 reset · "
              "Esc abort");
  ImGui::PopTextWrapPos();
  return out;
}

}  // namespace wod::debugger
