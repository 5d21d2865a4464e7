#include "debugger/panels/history_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "debugger/model/navigation.h"
#include "debugger/model/stream_driver.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> HistoryPanel::Draw(DebuggerModel& model,
                                       const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window(PanelWindowName(PanelId::kHistory));
  if (!window.open()) return out;
  if (in.history == nullptr || in.history->empty()) {
    TextColored(kTextDim, "No steps yet.");
    return out;
  }
  const Timeline& h = *in.history;
  const int last = static_cast<int>(h.size()) - 1;
  const int shown =
      model.following_live() ? last : static_cast<int>(model.cursor());
  DrawScrubber(model, h, out);
  DrawJumps(h, shown, out);
  DrawTimeAndBookmarks(model, h, shown, out);
  DrawGaps(h, out);
  Text(fmt::format("{} steps · {} keyframes · {:.1f} KiB history", h.size(),
                   h.keyframe_count(),
                   static_cast<double>(h.ByteSize()) / 1024.0));
  DrawPlot(h, shown, out);
  return out;
}

void HistoryPanel::DrawScrubber(const DebuggerModel& model, const Timeline& h,
                                std::vector<Intent>& out) {
  const int last = static_cast<int>(h.size()) - 1;
  int shown = model.following_live() ? last : static_cast<int>(model.cursor());
  if (ImGui::Button("<")) {
    out.push_back(Intent::Of(Intent::Kind::kSeek,
                             StepFrom(h, model.active_fold(), shown, -1)));
  }
  ImGui::SameLine();
  if (ImGui::Button(">")) {
    out.push_back(Intent::Of(Intent::Kind::kSeek,
                             StepFrom(h, model.active_fold(), shown, +1)));
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 60);
  const StepFold* fold = model.active_fold();
  if (fold == nullptr || fold->folded_count() == 0) {
    if (ImGui::SliderInt("##step", &shown, 0, last, "step %d")) {
      out.push_back(Intent::Of(Intent::Kind::kSeek, shown));
    }
  } else {
    // The slider moves over the steps that are not folded away
    // (docs/spec/debugger.md §2.7.2).
    const std::vector<int64_t>& visible = fold->VisibleSteps();
    int pos = static_cast<int>(
        std::lower_bound(visible.begin(), visible.end(), shown) -
        visible.begin());
    pos = std::clamp(pos, 0, static_cast<int>(visible.size()) - 1);
    const std::string format = fmt::format("step {}", shown);
    if (ImGui::SliderInt("##step", &pos, 0,
                         static_cast<int>(visible.size()) - 1,
                         format.c_str())) {
      out.push_back(
          Intent::Of(Intent::Kind::kSeek, visible[static_cast<size_t>(pos)]));
    }
  }
  ImGui::SameLine();
  const bool live = model.following_live();
  if (live)
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.15f, 0.5f, 0.2f, 1.0f));
  if (ImGui::Button("Live")) out.push_back(Intent::Of(Intent::Kind::kSeek, -1));
  if (live) ImGui::PopStyleColor();
}

void HistoryPanel::DrawGaps(const Timeline& h, std::vector<Intent>& out) {
  // Holes in an attached or followed stream (docs/spec/debugger.md §7):
  // the steps around them are exact, what happened inside is unknown.
  const std::vector<HistoryGap> gaps = FindGaps(h);
  if (gaps.empty()) return;
  TextColored(kTextWarn,
              fmt::format("{} gap(s) in the history (publications not "
                          "received):",
                          gaps.size()));
  constexpr size_t kShown = 8;  // the newest ones; the count says the rest
  const size_t first = gaps.size() > kShown ? gaps.size() - kShown : 0;
  for (size_t g = first; g < gaps.size(); ++g) {
    const HistoryGap& gap = gaps[g];
    ImGui::PushID(static_cast<int>(g));
    if (ImGui::SmallButton("go")) {
      out.push_back(
          Intent::Of(Intent::Kind::kSeek, static_cast<int64_t>(gap.index)));
    }
    ImGui::SameLine();
    TextColored(kTextWarn,
                gap.first_missing == gap.last_missing
                    ? fmt::format("  step {} missing, resynced at step {}",
                                  gap.first_missing, gap.last_missing + 1)
                    : fmt::format("  steps {}-{} missing, resynced at step {}",
                                  gap.first_missing, gap.last_missing,
                                  gap.last_missing + 1));
    ImGui::PopID();
  }
}

void HistoryPanel::DrawJumps(const Timeline& h, int shown,
                             std::vector<Intent>& out) {
  const int last = static_cast<int>(h.size()) - 1;
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##jump", &jump_step_);
  ImGui::SameLine();
  if (ImGui::Button("Go to step")) {
    out.push_back(
        Intent::Of(Intent::Kind::kSeek, std::clamp(jump_step_, 0, last)));
  }
  // Narrower when the panel is (1024×700), on the next line when even that
  // does not fit: never clipped.
  ImGui::SameLine();
  const float room = ImGui::GetContentRegionAvail().x;
  if (room < 100) ImGui::NewLine();
  ImGui::SetNextItemWidth(room < 100 ? 150.0f : std::min(150.0f, room));
  if (!ImGui::BeginCombo("##pop", "jump to pop of…")) return;
  for (const std::string& label : h.PoppedLabels()) {
    // The label is the item's key (the list holds each label once).
    if (ImGui::Selectable(label.c_str())) {
      Intent intent = Intent::Of(Intent::Kind::kJumpToPop,
                                 shown + 1 > last ? 0 : shown + 1);
      intent.text = label;
      out.push_back(std::move(intent));
    }
  }
  ImGui::EndCombo();
}

void HistoryPanel::DrawTimeAndBookmarks(DebuggerModel& model, const Timeline& h,
                                        int64_t shown,
                                        std::vector<Intent>& out) {
  ImGui::SetNextItemWidth(70);
  if (focus_time_) {
    ImGui::SetKeyboardFocusHere();
    focus_time_ = false;
  }
  bool go = ImGui::InputTextWithHint("##time", "mm:ss", &time_text_,
                                     ImGuiInputTextFlags_EnterReturnsTrue);
  const ImVec2 lo = ImGui::GetItemRectMin();
  const ImVec2 hi = ImGui::GetItemRectMax();
  model.NoteWidget("time_box", static_cast<int>((lo.x + hi.x) / 2),
                   static_cast<int>((lo.y + hi.y) / 2));
  ImGui::SameLine();
  go = ImGui::Button("Go to time (Ctrl+G)") || go;
  if (go) {
    absl::StatusOr<int64_t> ms = ParseClock(time_text_);
    if (ms.ok()) {
      time_error_.clear();
      out.push_back(Intent::Of(Intent::Kind::kSeek, FindStepAtTime(h, *ms)));
    } else {
      time_error_ = std::string(ms.status().message());
    }
  }
  SameLineIfFits(ImGui::GetFrameHeight() +
                 ImGui::GetStyle().ItemInnerSpacing.x +
                 ImGui::CalcTextSize("Fold quiet ticks").x);
  bool fold = model.fold_quiet_ticks();
  if (ImGui::Checkbox("Fold quiet ticks", &fold)) model.SetFoldQuietTicks(fold);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Skip ticks in which nothing but values moved (no record, same\n"
        "stack depth and ref count): %zu steps folded",
        model.step_fold().folded_count());
  }
  if (!time_error_.empty()) TextColored(kTextError, time_error_);
  const bool marked = std::binary_search(model.bookmarks().begin(),
                                         model.bookmarks().end(), shown);
  if (ImGui::SmallButton(marked ? "Unmark (Ctrl+B)" : "Bookmark (Ctrl+B)")) {
    model.ToggleBookmark(shown);
  }
  ImGui::SameLine();
  if (model.bookmarks().empty()) {
    TextColored(kTextDim, "no bookmarks");
    return;
  }
  // A copy: a bookmark's x button edits the model's list.
  const std::vector<int64_t> marks = model.bookmarks();
  for (int64_t step : marks) {
    const KeyId id = KeyId::Step(step);
    ImGui::SameLine();
    if (ImGui::SmallButton(fmt::format("@{}", step).c_str())) {
      out.push_back(Intent::Of(Intent::Kind::kSeek, step));
    }
    ImGui::SameLine(0, 1);
    if (ImGui::SmallButton("x")) model.ToggleBookmark(step);
  }
}

void HistoryPanel::DrawPlot(const Timeline& history, int shown,
                            std::vector<Intent>& out) {
  SeriesCache& s = series_;
  if (s.history_size != history.size()) {
    // At most kPlotPoints samples, evenly spread: a plot is a few hundred
    // pixels wide, and a long history must not keep a float per step.
    s.history_size = history.size();
    s.refs.clear();
    s.kbytes.clear();
    const size_t n = std::min(history.size(), kPlotPoints);
    for (size_t p = 0; p < n; ++p) {
      const size_t i = n > 1 ? p * (history.size() - 1) / (n - 1) : 0;
      s.refs.push_back(static_cast<float>(history.Summary(i).ref_count));
      s.kbytes.push_back(static_cast<float>(history.Summary(i).ref_bytes) /
                         1024.0f);
    }
  }
  if (s.refs.empty()) return;
  const size_t at =
      std::min(static_cast<size_t>(std::max(shown, 0)), history.size() - 1);
  const StepSummary& at_summary = history.Summary(at);
  const float at_refs = static_cast<float>(at_summary.ref_count);
  const float at_kbytes = static_cast<float>(at_summary.ref_bytes) / 1024.0f;
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 4.0f;
  // The plots take the rest of the panel (at least 60 px): a taller panel
  // gives a taller plot.
  const float h = std::max(60.0f, ImGui::GetContentRegionAvail().y - 4.0f);
  const std::string refs_label =
      fmt::format("refs {:.0f} at step {}", at_refs, at);
  const std::string bytes_label =
      fmt::format("KiB {:.1f} at step {}", at_kbytes, at);
  const std::array<std::pair<const char*, const std::vector<float>*>, 2> plots =
      {{{"##refs", &s.refs}, {"##bytes", &s.kbytes}}};
  for (size_t p = 0; p < plots.size(); ++p) {
    if (p > 0) ImGui::SameLine();
    const std::vector<float>& values = *plots[p].second;
    ImGui::PlotLines(plots[p].first, values.data(),
                     static_cast<int>(values.size()), 0,
                     p == 0 ? refs_label.c_str() : bytes_label.c_str(), 0.0f,
                     FLT_MAX, ImVec2(w, h));
    // The plot's inner area, where PlotLines puts step i at i / (n - 1).
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const ImVec2 lo(ImGui::GetItemRectMin().x + pad.x,
                    ImGui::GetItemRectMin().y + pad.y);
    const ImVec2 hi(ImGui::GetItemRectMax().x - pad.x,
                    ImGui::GetItemRectMax().y - pad.y);
    // Positions are in steps (the samples spread evenly over them).
    const float span =
        history.size() > 1 ? static_cast<float>(history.size() - 1) : 1.0f;
    const float x = lo.x + (hi.x - lo.x) * static_cast<float>(at) / span;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, lo.y), ImVec2(x, hi.y),
                                        IM_COL32(255, 190, 60, 255), 2.0f);
    if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(0) && hi.x > lo.x) {
      const float t = std::clamp(
          (ImGui::GetIO().MousePos.x - lo.x) / (hi.x - lo.x), 0.0f, 1.0f);
      out.push_back(Intent::Of(Intent::Kind::kSeek,
                               static_cast<int64_t>(std::lround(t * span))));
    }
  }
}

}  // namespace wod::debugger
