// History (time travel): a slider scrubs every step while the runtime stays
// where it is; jump to a step or to the pop of a block; diff two steps
// (added / removed / changed, highlighted); a plot of live refs and bytes
// over steps (docs/spec/debugger.md §2.7, "plot").
#include <imgui.h>

#include <algorithm>
#include <set>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

void DrawPlot(DebuggerModel& model, const FrameHistory& history) {
  SeriesCache& s = model.series_cache();
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

void DrawDiff(DebuggerModel& model, const FrameHistory& history,
              int64_t shown) {
  DiffCache& c = model.diff_cache();
  const int64_t last = static_cast<int64_t>(history.size()) - 1;
  int64_t a = model.diff_a();
  int64_t b = model.diff_b();
  // Default pair: the previous step against the one on display.
  if (b < 0) b = shown;
  if (a < 0) a = std::max<int64_t>(0, b - 1);
  a = std::clamp<int64_t>(a, 0, last);
  b = std::clamp<int64_t>(b, 0, last);
  int ia = static_cast<int>(a);
  int ib = static_cast<int>(b);
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("A##diffa", &ia)) model.SetDiffSteps(ia, model.diff_b());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90);
  if (ImGui::InputInt("B##diffb", &ib)) model.SetDiffSteps(model.diff_a(), ib);
  ImGui::SameLine();
  if (ImGui::SmallButton("prev vs shown")) model.SetDiffSteps(-1, -1);
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
  struct Line {
    RefKey id;
    int kind;  // 0 added, 1 removed, 2 changed
  };
  const size_t n = d.added.size() + d.removed.size() + d.changed.size();
  if (n == 0) {
    TextColored(kTextDim, "No differences.");
    return;
  }
  if (ImGui::BeginTable("##diff", 4,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_BordersInnerV)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Id", ImGuiTableColumnFlags_WidthFixed, 48);
    ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, 80);
    ImGui::TableSetupColumn(fmt::format("at {}", a).c_str());
    ImGui::TableSetupColumn(fmt::format("at {}", b).c_str());
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        size_t k = static_cast<size_t>(i);
        Line line{0, 0};
        if (k < d.added.size()) {
          line = {d.added[k], 0};
        } else if (k < d.added.size() + d.removed.size()) {
          line = {d.removed[k - d.added.size()], 1};
        } else {
          line = {d.changed[k - d.added.size() - d.removed.size()], 2};
        }
        const int64_t ra = c.frame_a->FindRef(line.id);
        const int64_t rb = c.frame_b->FindRef(line.id);
        ImGui::TableNextRow();
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0,
                               line.kind == 0   ? kAddedRow
                               : line.kind == 1 ? kRemovedRow
                                                : kChangedRow);
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%u.%u", KeyIndex(line.id), KeyGeneration(line.id));
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
}

}  // namespace

std::vector<Intent> DrawHistoryPanel(DebuggerModel& model,
                                     const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("History")) {
    ImGui::End();
    return out;
  }
  if (in.history == nullptr || in.history->empty()) {
    TextColored(kTextDim, "No steps yet.");
    ImGui::End();
    return out;
  }
  const FrameHistory& h = *in.history;
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

  PanelState& ui = model.ui();
  ImGui::SetNextItemWidth(90);
  ImGui::InputInt("##jump", &ui.jump_step);
  ImGui::SameLine();
  if (ImGui::Button("Go to step")) {
    out.push_back(
        Intent::Of(Intent::Kind::kSeek, std::clamp(ui.jump_step, 0, last)));
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(150);
  if (ImGui::BeginCombo("##pop", "jump to pop of…")) {
    // Labels of blocks popped so far, in first-pop order (deterministic).
    std::vector<std::string> labels;
    std::set<std::string> seen;
    for (size_t s = 0; s < h.size(); ++s) {
      for (const RecordRow& r : h.Summary(s).emitted) {
        if (r.kind != "pop") continue;
        size_t q1 = r.text.find('"');
        size_t q2 = r.text.rfind('"');
        if (q1 == std::string::npos || q2 <= q1) continue;
        std::string label = r.text.substr(q1 + 1, q2 - q1 - 1);
        if (seen.insert(label).second) labels.push_back(label);
      }
    }
    for (size_t i = 0; i < labels.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(labels[i].c_str())) {
        Intent intent = Intent::Of(Intent::Kind::kJumpToPop,
                                   shown + 1 > last ? 0 : shown + 1);
        intent.text = labels[i];
        out.push_back(std::move(intent));
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  Text(fmt::format("{} steps · {} keyframes · {:.1f} KiB history", h.size(),
                   h.keyframe_count(),
                   static_cast<double>(h.ByteSize()) / 1024.0));
  DrawPlot(model, h);
  if (ImGui::CollapsingHeader("Diff two steps",
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    DrawDiff(model, h, shown);
  }
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
