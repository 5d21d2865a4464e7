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

// Why the run buttons are disabled while a recording is browsed or a
// stream is followed.
constexpr const char* kBrowseOnly =
    "A recording is browsed, or a session running in another process is\n"
    "followed: there is no runtime here to start, step or run.\n"
    "Move through its steps with the History slider, ←/→,"
    " Shift+←/→ and Home/End.";

void BrowseOnlyTooltip(const SessionStatus& st) {
  if (st.browse_only &&
      ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("%s", kBrowseOnly);
  }
}

// Start, Next, Run/Pause, Abort, Reset. A browsed recording has none of
// them active (docs/spec/debugger.md §2.10).
void DrawButtons(const SessionStatus& st, std::vector<Intent>& out) {
  const bool idle = st.state == RunState::kIdle;
  const bool ended = st.state == RunState::kEnded;
  const bool running = st.state == RunState::kRunning;
  const bool browse = st.browse_only;

  ImGui::BeginDisabled(!idle || browse);
  if (ImGui::Button("Start")) out.push_back(Intent::Of(Intent::Kind::kStart));
  ImGui::EndDisabled();
  BrowseOnlyTooltip(st);
  // Buttons wrap to the next line in a narrow panel instead of clipping.
  SameLineIfFits(ButtonWidth("Next (F10)"));
  ImGui::BeginDisabled(idle || ended || browse);
  if (ImGui::Button("Next (F10)"))
    out.push_back(Intent::Of(Intent::Kind::kNext));
  BrowseOnlyTooltip(st);
  const char* run = running ? "Pause (Space)" : "Run (Ctrl+Enter)";
  SameLineIfFits(ButtonWidth(run));
  if (ImGui::Button(run)) {
    out.push_back(
        Intent::Of(running ? Intent::Kind::kPauseResume : Intent::Kind::kRun));
  }
  BrowseOnlyTooltip(st);
  SameLineIfFits(ButtonWidth("Abort (Esc)"));
  if (ImGui::Button("Abort (Esc)"))
    out.push_back(Intent::Of(Intent::Kind::kAbort));
  BrowseOnlyTooltip(st);
  ImGui::EndDisabled();
  SameLineIfFits(ButtonWidth("Reset (F5)"));
  ImGui::BeginDisabled(browse);
  if (ImGui::Button("Reset (F5)"))
    out.push_back(Intent::Of(Intent::Kind::kReset));
  ImGui::EndDisabled();
  BrowseOnlyTooltip(st);
}

// The speed factor, the tick size and the Tick button.
void DrawSpeedAndTick(DebuggerModel& model, const SessionStatus& st,
                      std::vector<Intent>& out) {
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
  const bool open = ImGui::BeginCombo("##tick", current.c_str());
  {
    // Noted for --state-out (tests click it); the item rect is the combo's
    // even while its popup is open.
    const ImVec2 lo = ImGui::GetItemRectMin();
    const ImVec2 hi = ImGui::GetItemRectMax();
    model.NoteWidget("tick_combo", static_cast<int>((lo.x + hi.x) / 2),
                     static_cast<int>((lo.y + hi.y) / 2));
  }
  if (open) {
    for (int64_t ms : kTickSizes) {
      std::string item = fmt::format("{} ms", ms);
      if (ImGui::Selectable(item.c_str(), ms == st.tick_ms)) {
        out.push_back(Intent::Of(Intent::Kind::kSetTickMs, ms));
      }
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(idle || ended || st.browse_only);
  if (ImGui::Button("Tick")) {
    out.push_back(Intent::Of(Intent::Kind::kTick, st.tick_ms));
  }
  ImGui::EndDisabled();
  BrowseOnlyTooltip(st);
}

// A recording loading while the window runs: a bar of the bytes read, the
// steps so far and the speed; once loaded, one line with the totals.
void DrawLoadProgress(const LoadProgress& load) {
  if (load.bytes_total == 0) return;
  const double mb = static_cast<double>(load.bytes_read) / 1e6;
  if (load.loading) {
    const float fraction =
        static_cast<float>(static_cast<double>(load.bytes_read) /
                           static_cast<double>(load.bytes_total));
    const std::string overlay = fmt::format(
        "loading {:.1f} of {:.1f} MB · {} steps · {:.0f} MB/s", mb,
        static_cast<double>(load.bytes_total) / 1e6, load.steps, load.mb_per_s);
    ImGui::ProgressBar(fraction, ImVec2(-1.0f, 0.0f), overlay.c_str());
  } else {
    TextColored(kTextDim,
                fmt::format("loaded {:.1f} MB · {} steps · {:.0f} MB/s", mb,
                            load.steps, load.mb_per_s));
  }
}

// State at a glance: run state, step, virtual time, stop reason, errors.
void DrawState(const DebuggerModel& model, const PanelInput& in,
               std::vector<Intent>& out) {
  const SessionStatus& st = *in.status;
  const bool ended = st.state == RunState::kEnded;
  const bool running = st.state == RunState::kRunning;
  // A recording still loading is not stopped: it says so in the accent
  // colour, not in the error red of a stopped session.
  const bool loading = st.load.loading;
  const ImVec4 color = loading                          ? kTextAccent
                       : st.state == RunState::kStopped ? kTextError
                       : running                        ? kTextOk
                       : ended                          ? kTextAccent
                                                        : kTextWarn;
  TextColored(color, StateWord(st));
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
  if (st.browse_only) {
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextAccent,
                st.browse_note.empty()
                    ? std::string_view("Recording: browse only (no runtime).")
                    : std::string_view(st.browse_note));
    ImGui::PopTextWrapPos();
    DrawLoadProgress(st.load);
  } else if (!st.stop_reason.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextError, st.stop_reason);
    ImGui::PopTextWrapPos();
    SameLineIfFits(ButtonWidth("Continue"));
    if (ImGui::SmallButton("Continue")) {
      out.push_back(Intent::Of(Intent::Kind::kClearStop));
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("F10 steps on as well, without Continue.");
    }
  }
  ImGui::PushTextWrapPos(0.0f);
  // A script with parse errors says so where the session starts
  // (docs/spec/debugger.md §2.10).
  const std::string warning = ParseErrorWarning(st);
  if (!warning.empty()) TextColored(kTextWarn, warning);
  if (!model.notice().empty()) TextColored(kTextWarn, model.notice());
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

std::vector<Intent> DrawControlsPanel(DebuggerModel& model,
                                      const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Controls");
  if (!window.open()) return out;
  DrawButtons(*in.status, out);
  DrawSpeedAndTick(model, *in.status, out);
  DrawState(model, in, out);
  ImGui::PushTextWrapPos(0.0f);
  // Only the keys that do something here.
  TextColored(kTextDim,
              in.status->browse_only
                  ? "←/→ step · Shift+←/→ record · Home/End · keys…"
                  : "Ctrl+Enter run · Space pause · F10 next · F5 reset · "
                    "Esc abort · keys…");
  ImGui::PopTextWrapPos();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "←/→ step (folded ticks skipped) · Shift+←/→ step with a record\n"
        "Ctrl+←/→ change of the selected ref · Home/End first step / live\n"
        "F8 / Shift+F8 next / previous watch hit · Ctrl+G go to time\n"
        "Ctrl+B bookmark · [ ] previous / next bookmark · Ctrl+Q quit\n"
        "Esc closes an open popup first; Abort and Reset ask first.");
  }
  return out;
}

}  // namespace wod::debugger
