#include "debugger/panels/debugger_window.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <string>

#include "debugger/model/navigation.h"
#include "debugger/model/session_status.h"
#include "debugger/panels/panel_style.h"

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

bool Pressed(int key) { return ImGui::IsKeyPressed(key, true); }
bool PressedOnce(int key) { return ImGui::IsKeyPressed(key, false); }

constexpr int kKeyLeftBracket = 91;
constexpr int kKeyRightBracket = 93;
constexpr const char* kConfirmAbort = "Abort the session?";
constexpr const char* kConfirmReset = "Reset the session?";

// The session can be told to run or step (not a browsed recording).
bool CanDrive(const SessionStatus& st) { return !st.browse_only; }

// Abort means something only while a session is under way.
bool CanAbort(const SessionStatus& st) {
  return CanDrive(st) && st.state != RunState::kIdle &&
         st.state != RunState::kEnded;
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

std::vector<Intent> DebuggerWindow::HandleKeys(DebuggerModel& model,
                                               const PanelInput& in) {
  std::vector<Intent> out;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && PressedOnce(kKeyQ)) {
    out.push_back(Intent::Of(Intent::Kind::kQuit));
    return out;
  }
  // Esc closes the innermost popup (a combo, a menu, a confirmation) and
  // does nothing else (docs/spec/debugger.md §2.10.1).
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (PressedOnce(kKeyEscape) && !g.OpenPopupStack.empty()) {
    ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, true);
    return out;
  }
  // While a confirmation is up, only its own keys (Enter, Esc) count.
  if (confirm_ != Confirm::kNone) return out;
  const SessionStatus* st = in.status;
  std::vector<Intent> session = HandleShortcuts();
  for (Intent& i : session) {
    const bool driving = i.kind != Intent::Kind::kReset;
    if (st != nullptr && driving && !CanDrive(*st)) continue;
    if (i.kind == Intent::Kind::kAbort && st != nullptr && !CanAbort(*st))
      continue;
    out.push_back(std::move(i));
  }
  if (io.WantTextInput || in.history == nullptr || in.history->empty())
    return out;
  const Timeline& h = *in.history;
  const int64_t last = static_cast<int64_t>(h.size()) - 1;
  const int64_t shown = model.following_live() ? last : model.cursor();
  int64_t to = -2;  // -2 = no move; -1 = follow live
  const char* none = nullptr;
  const bool shift = io.KeyShift;
  const bool ctrl = io.KeyCtrl;
  for (int dir : {-1, +1}) {
    if (!Pressed(dir < 0 ? kKeyLeft : kKeyRight)) continue;
    if (ctrl) {
      to = NextChangeOf(h, model.selected(), shown, dir);
      none = model.selected() == RefKey::kNone
                 ? "select a ref first (Ctrl+←/→ go to its changes)"
                 : "no further change of the selected ref";
    } else if (shift) {
      to = NextRecordStep(h, shown, dir);
      none = "no further step with a record";
    } else {
      to = StepFrom(h, model.active_fold(), shown, dir);
    }
  }
  if (PressedOnce(kKeyHome)) to = 0;
  if (PressedOnce(kKeyEnd)) to = -1;
  if (PressedOnce(kKeyF8)) {
    const int dir = shift ? -1 : +1;
    to = NextWatchHit(h, model.watches(), shown, dir);
    none = "no earlier watch hit in the history";
    if (to < 0 && dir > 0) {
      // Forward continue past the newest step: follow live and run until
      // a watch fires (the driver stops there).
      to = -1;
      none = nullptr;
      if (st != nullptr && CanDrive(*st) &&
          (st->state == RunState::kStepping ||
           st->state == RunState::kPaused)) {
        out.push_back(Intent::Of(Intent::Kind::kRun));
      }
    }
  }
  if (ctrl && PressedOnce(kKeyB)) {
    model.ToggleBookmark(shown);
  }
  for (int dir : {-1, +1}) {
    if (!ctrl && PressedOnce(dir < 0 ? kKeyLeftBracket : kKeyRightBracket)) {
      to = NextBookmark(model.bookmarks(), shown, dir);
      none = "no bookmark that way (Ctrl+B adds one)";
    }
  }
  if (ctrl && PressedOnce(kKeyG)) history_.FocusTimeBox();
  if (to == -2) return out;
  if (to < 0 && none != nullptr) {
    model.SetNotice(none);
    return out;
  }
  model.SetNotice("");
  out.push_back(Intent::Of(Intent::Kind::kSeek, to));
  return out;
}

void DebuggerWindow::HoldDestructive(const PanelInput& in,
                                     std::vector<Intent>& intents) {
  std::vector<Intent> kept;
  for (Intent& i : intents) {
    if (i.kind == Intent::Kind::kAbort) {
      confirm_ = Confirm::kAbort;
      continue;
    }
    // A reset of a session with history loses it: ask first.
    if (i.kind == Intent::Kind::kReset && in.history != nullptr &&
        in.history->size() > 1) {
      confirm_ = Confirm::kReset;
      continue;
    }
    kept.push_back(std::move(i));
  }
  intents = std::move(kept);
}

void DebuggerWindow::DrawConfirm(std::vector<Intent>& out) {
  if (confirm_ == Confirm::kNone) return;
  const bool abort = confirm_ == Confirm::kAbort;
  const char* name = abort ? kConfirmAbort : kConfirmReset;
  if (!confirm_opened_) {
    ImGui::OpenPopup(name);
    confirm_opened_ = true;
  }
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.4f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(name, nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize)) {
    // Closed (Esc): nothing happens.
    confirm_ = Confirm::kNone;
    confirm_opened_ = false;
    return;
  }
  Text(abort ? "Abort ends the session (the history stays)."
             : "Reset starts the script again and forgets every step "
               "of the history.");
  bool yes = ImGui::Button(abort ? "Abort" : "Reset");
  // Enter confirms once the modal is up (the key that opened it is gone).
  yes = yes || ImGui::IsKeyPressed(kKeyEnter, false);
  ImGui::SameLine();
  const bool no = ImGui::Button("Cancel");
  if (yes || no) {
    if (yes) {
      out.push_back(
          Intent::Of(abort ? Intent::Kind::kAbort : Intent::Kind::kReset));
    }
    ImGui::CloseCurrentPopup();
    confirm_ = Confirm::kNone;
    confirm_opened_ = false;
  }
  ImGui::EndPopup();
}

std::vector<Intent> DebuggerWindow::Draw(DebuggerModel& model,
                                         const PanelInput& in) {
  model.BeginUiFrame();
  // Shortcuts read last frame's WantTextInput and popups: a key typed into
  // a text box this frame never triggers an action, and Esc with a popup
  // open only closes it.
  std::vector<Intent> out = HandleKeys(model, in);
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
  HoldDestructive(in, out);
  DrawConfirm(out);
  return out;
}

ViewState DebuggerWindow::State(const DebuggerModel& model,
                                const PanelInput& in) const {
  ViewState s;
  s.pid = static_cast<int64_t>(::getpid());
  const int64_t last =
      in.history == nullptr ? -1 : static_cast<int64_t>(in.history->size()) - 1;
  s.live_step = last;
  s.following = model.following_live();
  s.step = s.following ? last : model.cursor();
  if (model.selected() != RefKey::kNone)
    s.selection = RefKeyText(model.selected());
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (!g.OpenPopupStack.empty()) {
    const ImGuiPopupData& top = g.OpenPopupStack.back();
    s.popup = top.Window != nullptr ? top.Window->Name : "popup";
  }
  if (in.status != nullptr) s.run_state = RunStateName(in.status->state);
  s.text_input = ImGui::GetIO().WantTextInput;
  s.fold = model.fold_quiet_ticks();
  s.bookmarks = model.bookmarks();
  s.widgets = model.widgets();
  return s;
}

}  // namespace wod::debugger
