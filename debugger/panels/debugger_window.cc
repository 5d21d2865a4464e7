#include "debugger/panels/debugger_window.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

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
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto splitter = [&](const char* id, int index, ImVec2 pos, ImVec2 size,
                      bool vertical) -> float {
    ImGui::PushID(index);
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton(id, size);
    float delta = 0;
    const bool active = ImGui::IsItemActive();
    if (active || ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW
                                     : ImGuiMouseCursor_ResizeNS);
      draw->AddRectFilled(
          pos, ImVec2(pos.x + size.x, pos.y + size.y),
          active ? IM_COL32(120, 150, 220, 255) : IM_COL32(90, 100, 130, 255));
    }
    if (active) {
      delta =
          vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    }
    ImGui::PopID();
    return delta;
  };
  // Between columns.
  for (int c = 0; c + 1 < kColumnCount; ++c) {
    const PanelRect& r = rects_[static_cast<size_t>(layout_.column(c)[0])];
    const float dx = splitter("##col", c, ImVec2(r.x + r.w, area.y),
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
  // Shortcuts read last frame's WantTextInput: a key typed into a text box
  // this frame never triggers an action.
  std::vector<Intent> out = HandleShortcuts();
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
  const uint64_t before = layout_.generation();
  ReadCollapsed();
  if (layout_.generation() != before) ImGui::MarkIniSettingsDirty();
  return out;
}

}  // namespace wod::debugger
