#include "debugger/panels/debugger_window.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "debugger/model/navigation.h"
#include "debugger/model/session_status.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr const char* kSettingsType = "WodLayout";

void Append(std::vector<Intent>& out, std::vector<Intent> more) {
  for (Intent& i : more) out.push_back(std::move(i));
}

// Places the next window at `r` (every frame: the layout owns positions).
void Place(const PanelRect& r) {
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
}

// imgui.ini glue: the layout's `key=value` lines under [WodLayout][Main].
void* SettingsOpen(ImGuiContext*, ImGuiSettingsHandler* handler,
                   const char* name) {
  return std::string_view(name) == "Main" ? handler->UserData : nullptr;
}

void SettingsReadLine(ImGuiContext*, ImGuiSettingsHandler*, void* entry,
                      const char* line) {
  if (entry != nullptr) static_cast<PanelLayout*>(entry)->ApplyIniLine(line);
}

void SettingsWriteAll(ImGuiContext*, ImGuiSettingsHandler* handler,
                      ImGuiTextBuffer* buf) {
  const auto* layout = static_cast<const PanelLayout*>(handler->UserData);
  buf->appendf("[%s][Main]\n", kSettingsType);
  for (const std::string& line : layout->ToIniLines()) {
    buf->appendf("%s\n", line.c_str());
  }
  buf->append("\n");
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
    // Nothing to drive (a browsed recording, an attached stream): F5 too
    // does nothing, and asks nothing.
    if (st != nullptr && !CanDrive(*st)) continue;
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

DebuggerWindow::~DebuggerWindow() {
  // The handler points at layout_: take it out of a context that outlives
  // this window.
  if (!settings_installed_ || ImGui::GetCurrentContext() == nullptr) return;
  ImVector<ImGuiSettingsHandler>& handlers =
      ImGui::GetCurrentContext()->SettingsHandlers;
  for (int i = 0; i < handlers.Size; ++i) {
    if (handlers[i].UserData == &layout_) {
      handlers.erase(handlers.Data + i);
      break;
    }
  }
}

void DebuggerWindow::InstallLayoutSettings() {
  ImGuiSettingsHandler handler;
  handler.TypeName = kSettingsType;
  handler.TypeHash = ImHashStr(kSettingsType);
  handler.ReadOpenFn = SettingsOpen;
  handler.ReadLineFn = SettingsReadLine;
  handler.WriteAllFn = SettingsWriteAll;
  handler.UserData = &layout_;
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(handler);
  settings_installed_ = true;
}

void DebuggerWindow::OpenSave(SaveKind kind, const PanelInput& in) {
  save_open_ = true;
  save_focus_ = true;
  save_kind_ = kind;
  const int64_t step = in.frame != nullptr ? in.frame->step : 0;
  save_path_ = DefaultSavePath(
      kind, in.status != nullptr ? in.status->path : std::string(), step);
}

void DebuggerWindow::DrawMenuBar(DebuggerModel& /*model*/,
                                 const PanelInput& in) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    for (SaveKind kind :
         {SaveKind::kRecording, SaveKind::kTrace, SaveKind::kGolden}) {
      if (ImGui::MenuItem(SaveTitle(kind))) OpenSave(kind, in);
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    for (int p = 0; p < kPanelCount; ++p) {
      const auto id = static_cast<PanelId>(p);
      bool open = !layout_.collapsed(id);
      if (ImGui::MenuItem(PanelName(id), nullptr, &open)) {
        layout_.SetCollapsed(id, !open);
        ImGui::SetWindowCollapsed(PanelWindowName(id), !open);
      }
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) {
      layout_ = PanelLayout();
      for (int p = 0; p < kPanelCount; ++p) {
        ImGui::SetWindowCollapsed(PanelWindowName(static_cast<PanelId>(p)),
                                  false);
      }
      ImGui::MarkIniSettingsDirty();
    }
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void DebuggerWindow::DrawSplitters(PanelRect area) {
  // A background window under the panels; the splitters are invisible
  // buttons in the gaps between panels.
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h), ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##wod_splitters", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  const float gap = PanelLayout::kGap;
  splitters_.clear();
  dragging_.clear();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto splitter = [&](const char* id, int index, const std::string& name,
                      ImVec2 pos, ImVec2 size, bool vertical) -> float {
    ImGui::PushID(index);
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton(id, size);
    float delta = 0;
    const bool active = ImGui::IsItemActive();
    // Where a test grabs it with the real mouse, and whether it is held.
    splitters_.push_back({name,
                          {static_cast<int>(pos.x + size.x / 2),
                           static_cast<int>(pos.y + size.y / 2)}});
    if (active) dragging_ = name;
    if (active || ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW
                                     : ImGuiMouseCursor_ResizeNS);
      draw->AddRectFilled(
          pos, ImVec2(pos.x + size.x, pos.y + size.y),
          active ? IM_COL32(120, 150, 220, 255) : IM_COL32(90, 100, 130, 255));
    }
    // Not on the frame the splitter is grabbed: a press that arrives with
    // a jump of the pointer (after an idle wait, or an X event from a tool)
    // would move it by the whole jump.
    if (active && !ImGui::IsItemActivated()) {
      delta =
          vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    }
    ImGui::PopID();
    return delta;
  };
  // Between columns.
  for (int c = 0; c + 1 < kColumnCount; ++c) {
    const PanelRect& r = rects_[static_cast<size_t>(layout_.column(c)[0])];
    const float dx =
        splitter("##col", c, fmt::format("col{}", c), ImVec2(r.x + r.w, area.y),
                 ImVec2(gap, area.h), true);
    if (dx != 0.0f) {
      layout_.MoveColumnSplitter(c, dx, area.w);
      ImGui::MarkIniSettingsDirty();
    }
  }
  // Between the panels of each column.
  for (int c = 0; c < kColumnCount; ++c) {
    const std::vector<PanelId>& panels = layout_.column(c);
    for (size_t i = 0; i + 1 < panels.size(); ++i) {
      const PanelRect& r = rects_[static_cast<size_t>(panels[i])];
      const float dy =
          splitter("##row", 100 + c * 16 + static_cast<int>(i),
                   fmt::format("row:{}", PanelName(panels[i])),
                   ImVec2(r.x, r.y + r.h), ImVec2(r.w, gap), false);
      if (dy != 0.0f) {
        layout_.MoveRowSplitter(panels[i], dy, area.h);
        ImGui::MarkIniSettingsDirty();
      }
    }
  }
  ImGui::End();
}

void DebuggerWindow::DrawSaveDialog(const PanelInput& in,
                                    std::vector<Intent>& out) {
  if (!save_open_) return;
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(d.x * 0.5f, d.y * 0.35f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(d.x - 40.0f, 560.0f), 0),
                           ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  bool open = true;
  if (ImGui::Begin(
          "Save###wod_save", &open,
          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    Text(SaveTitle(save_kind_));
    if (save_kind_ == SaveKind::kGolden && in.frame != nullptr) {
      TextColored(kTextDim, fmt::format("the memory of step {} ({} refs)",
                                        in.frame->step, in.frame->refs.size()));
    }
    if (save_focus_) {
      ImGui::SetKeyboardFocusHere();
      save_focus_ = false;
    }
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##savepath", &save_path_,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Save") || enter) {
      Intent i = Intent::Of(
          save_kind_ == SaveKind::kRecording ? Intent::Kind::kSaveRecording
          : save_kind_ == SaveKind::kTrace   ? Intent::Kind::kExportTrace
                                             : Intent::Kind::kSaveGolden,
          in.frame != nullptr ? in.frame->step : 0);
      i.text = save_path_;
      out.push_back(std::move(i));
    }
    ImGui::SameLine();
    if (ImGui::Button("Close")) open = false;
    // The outcome of the last save (the driver writes the file between
    // frames), errors in red.
    if (in.status != nullptr && !in.status->save_message.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      TextColored(in.status->save_failed ? kTextError : kTextOk,
                  in.status->save_message);
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::End();
  if (!open) save_open_ = false;
}

void DebuggerWindow::ReadCollapsed() {
  for (int p = 0; p < kPanelCount; ++p) {
    const auto id = static_cast<PanelId>(p);
    if (const ImGuiWindow* w = ImGui::FindWindowByName(PanelWindowName(id))) {
      layout_.SetCollapsed(id, w->Collapsed);
      // What the content needed (title bar and padding included), so the
      // next frame keeps Controls unclipped whatever the font.
      if (!w->Collapsed) {
        // This frame's extent (ContentSize still holds the last frame's).
        const float content = w->DC.CursorMaxPos.y - w->DC.CursorStartPos.y;
        layout_.SetContentHeight(
            id, content + w->TitleBarHeight() + w->WindowPadding.y * 2.0f);
      }
    }
  }
}

std::vector<Intent> DebuggerWindow::Draw(DebuggerModel& model,
                                         const PanelInput& in) {
  model.BeginUiFrame();
  ApplyPalette();
  // Shortcuts read last frame's WantTextInput and popups: a key typed into
  // a text box this frame never triggers an action, and Esc with a popup
  // open only closes it.
  std::vector<Intent> out = HandleKeys(model, in);
  DrawMenuBar(model, in);
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float top = ImGui::GetFrameHeight();  // the menu bar
  const PanelRect area{0, top, d.x, std::max(d.y - top, 1.0f)};
  rects_ = layout_.Compute(area);
  DrawSplitters(area);
  auto place = [this](PanelId id) {
    Place(rects_[static_cast<size_t>(id)]);
    // The collapse state loaded with the layout, once; afterwards the
    // title bars (and the View menu) are the source of truth.
    if (!collapse_applied_) {
      ImGui::SetNextWindowCollapsed(layout_.collapsed(id), ImGuiCond_Always);
    }
  };
  place(PanelId::kControls);
  Append(out, DrawControlsPanel(model, in));
  place(PanelId::kScript);
  Append(out, script_.Draw(model, in));
  place(PanelId::kStack);
  Append(out, DrawStackPanel(model, in));
  place(PanelId::kWatches);
  Append(out, DrawWatchesPanel(model, in));
  place(PanelId::kMemory);
  Append(out, memory_.Draw(model, in));
  place(PanelId::kHierarchy);
  Append(out, hierarchy_.Draw(model, in));
  place(PanelId::kInspector);
  Append(out, inspector_.Draw(model, in));
  place(PanelId::kHistory);
  Append(out, history_.Draw(model, in));
  place(PanelId::kDiff);
  Append(out, diff_.Draw(model, in));
  place(PanelId::kRecords);
  Append(out, records_.Draw(model, in));
  collapse_applied_ = true;
  DrawSaveDialog(in, out);
  HoldDestructive(in, out);
  DrawConfirm(out);
  const uint64_t before = layout_.generation();
  ReadCollapsed();
  if (layout_.generation() != before) ImGui::MarkIniSettingsDirty();
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
  for (const auto& splitter : splitters_) s.widgets.push_back(splitter);
  for (int c = 0; c < kColumnCount; ++c) {
    s.columns.push_back(static_cast<int64_t>(
        rects_[static_cast<size_t>(layout_.column(c)[0])].w));
  }
  s.dragging = dragging_;
  return s;
}

}  // namespace wod::debugger
