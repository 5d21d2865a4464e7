#include "debugger/panels/history_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <set>
#include <string>

#include "debugger/model/stream_driver.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// Labels of blocks popped so far, in first-pop order (deterministic).
std::vector<std::string> PoppedLabels(const Timeline& h) {
  std::vector<std::string> labels;
  std::set<std::string> seen;
  for (size_t s = 0; s < h.size(); ++s) {
    for (const RecordRow& r : h.Summary(s).emitted) {
      if (r.kind != "pop") continue;
      const size_t q1 = r.text.find('"');
      const size_t q2 = r.text.rfind('"');
      if (q1 == std::string::npos || q2 <= q1) continue;
      std::string label = r.text.substr(q1 + 1, q2 - q1 - 1);
      if (seen.insert(label).second) labels.push_back(std::move(label));
    }
  }
  return labels;
}

}  // namespace

std::vector<Intent> HistoryPanel::Draw(DebuggerModel& model,
                                       const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("History");
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
  DrawGaps(h, out);
  Text(fmt::format("{} steps · {} keyframes · {:.1f} KiB history", h.size(),
                   h.keyframe_count(),
                   static_cast<double>(h.ByteSize()) / 1024.0));
  DrawPlot(h);
  if (ImGui::CollapsingHeader("Diff two steps",
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    DrawDiff(h, shown);
  }
  return out;
}

void HistoryPanel::DrawScrubber(const DebuggerModel& model, const Timeline& h,
                                std::vector<Intent>& out) {
  const int last = static_cast<int>(h.size()) - 1;
  int shown = model.following_live() ? last : static_cast<int>(model.cursor());
  if (ImGui::Button("<"))
    out.push_back(Intent::Of(Intent::Kind::kSeek, std::max(0, shown - 1)));
  ImGui::SameLine();
  if (ImGui::Button(">"))
    out.push_back(Intent::Of(Intent::Kind::kSeek, std::min(last, shown + 1)));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 60);
  if (ImGui::SliderInt("##step", &shown, 0, last, "step %d")) {
    out.push_back(Intent::Of(Intent::Kind::kSeek, shown));
  }
  ImGui::SameLine();
  const bool live = model.following_live();
  if (live)
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.15f, 0.5f, 0.2f, 1.0f));
  if (ImGui::Button("Live")) out.push_back(Intent::Of(Intent::Kind::kSeek, -1));
  if (live) ImGui::PopStyleColor();
}

void HistoryPanel::DrawGaps(const Timeline& h, std::vector<Intent>& out) {
  // Holes in an attached or followed stream (docs/spec/debugger.md §6):
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
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  if (!ImGui::BeginCombo("##pop", "jump to pop of…")) return;
  for (const std::string& label : PoppedLabels(h)) {
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

void HistoryPanel::DrawPlot(const Timeline& history) {
  SeriesCache& s = series_;
  if (s.history_size != history.size()) {
    s.history_size = history.size();
    s.refs.clear();
    s.kbytes.clear();
    for (size_t i = 0; i < history.size(); ++i) {
      s.refs.push_back(static_cast<float>(history.Summary(i).ref_count));
      s.kbytes.push_back(static_cast<float>(history.Summary(i).ref_bytes) /
                         1024.0f);
    }
  }
  if (s.refs.empty()) return;
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 4.0f;
  const std::string refs_label = fmt::format("refs {:.0f}", s.refs.back());
  const std::string bytes_label = fmt::format("KiB {:.1f}", s.kbytes.back());
  ImGui::PlotLines("##refs", s.refs.data(), static_cast<int>(s.refs.size()), 0,
                   refs_label.c_str(), 0.0f, FLT_MAX, ImVec2(w, 48));
  ImGui::SameLine();
  ImGui::PlotLines("##bytes", s.kbytes.data(),
                   static_cast<int>(s.kbytes.size()), 0, bytes_label.c_str(),
                   0.0f, FLT_MAX, ImVec2(w, 48));
}

void HistoryPanel::DrawDiff(const Timeline& history, int64_t shown) {
  const int64_t last = static_cast<int64_t>(history.size()) - 1;
  int64_t a = diff_a_;
  int64_t b = diff_b_;
  // Default pair: the previous step against the one on display.
  if (b < 0) b = shown;
  if (a < 0) a = std::max<int64_t>(0, b - 1);
  a = std::clamp<int64_t>(a, 0, last);
  b = std::clamp<int64_t>(b, 0, last);
  int ia = static_cast<int>(a);
  int ib = static_cast<int>(b);
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("A##diffa", &ia)) diff_a_ = ia;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("B##diffb", &ib)) diff_b_ = ib;
  ImGui::SameLine();
  if (ImGui::SmallButton("prev vs shown")) {
    diff_a_ = -1;
    diff_b_ = -1;
  }
  DiffCache& c = diff_;
  if (c.a != a || c.b != b || c.history_size != history.size()) {
    c.a = a;
    c.b = b;
    c.history_size = history.size();
    c.frame_a = history.At(static_cast<size_t>(a));
    c.frame_b = history.At(static_cast<size_t>(b));
    c.diff = Diff(*c.frame_a, *c.frame_b);
  }
  const FrameDiff& d = c.diff;
  ImGui::SameLine();
  Text(fmt::format("+{} -{} ~{}", d.added.size(), d.removed.size(),
                   d.changed.size()));
  if (d.empty()) {
    TextColored(kTextDim, "No differences.");
    return;
  }
  DrawDiffRows();
}

void HistoryPanel::DrawDiffRows() {
  const DiffCache& c = diff_;
  const FrameDiff& d = c.diff;
  if (!ImGui::BeginTable("##diff", 4,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                             ImGuiTableFlags_BordersInnerV)) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Id", ImGuiTableColumnFlags_WidthFixed, 48);
  ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, 80);
  ImGui::TableSetupColumn(fmt::format("at {}", c.a).c_str());
  ImGui::TableSetupColumn(fmt::format("at {}", c.b).c_str());
  ImGui::TableHeadersRow();
  const size_t n = d.added.size() + d.removed.size() + d.changed.size();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const size_t k = static_cast<size_t>(i);
      RefKey id = RefKey::kNone;
      ImU32 color = kChangedRow;
      if (k < d.added.size()) {
        id = d.added[k];
        color = kAddedRow;
      } else if (k < d.added.size() + d.removed.size()) {
        id = d.removed[k - d.added.size()];
        color = kRemovedRow;
      } else {
        id = d.changed[k - d.added.size() - d.removed.size()];
      }
      const int64_t ra = c.frame_a->FindRef(id);
      const int64_t rb = c.frame_b->FindRef(id);
      ImGui::TableNextRow();
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, color);
      ImGui::TableSetColumnIndex(0);
      ImGui::Text("%u.%u", KeyIndex(id), KeyGeneration(id));
      ImGui::TableSetColumnIndex(1);
      const Frame& tf = rb >= 0 ? *c.frame_b : *c.frame_a;
      const RefRow& tr = tf.refs[static_cast<size_t>(rb >= 0 ? rb : ra)];
      Text(tf.TypeName(tr.type));
      ImGui::TableSetColumnIndex(2);
      if (ra >= 0) Text(c.frame_a->refs[static_cast<size_t>(ra)].value);
      ImGui::TableSetColumnIndex(3);
      if (rb >= 0) Text(c.frame_b->refs[static_cast<size_t>(rb)].value);
    }
  }
  ImGui::EndTable();
}

}  // namespace wod::debugger
