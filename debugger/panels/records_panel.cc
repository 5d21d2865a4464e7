// Records timeline (push/pop/segment/milestone/sound/error) and the
// runtime's lifecycle ring buffer, both filterable; clicking a record moves
// the history cursor to its step (docs/spec/debugger.md §2.6).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <array>
#include <cstdio>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr std::array<const char*, 6> kKinds = {"push",      "pop",   "segment",
                                               "milestone", "sound", "error"};

int KindIndex(const std::string& kind) {
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (kind == kKinds[i]) return static_cast<int>(i);
  }
  return -1;
}

ImVec4 KindColor(int kind) {
  switch (kind) {
    case 0:
      return kTextOk;
    case 1:
      return kTextAccent;
    case 2:
    case 3:
      return kTextWarn;
    case 5:
      return kTextError;
    default:
      return kTextDim;
  }
}

void RebuildRows(const FrameHistory& history, const PanelState& ui,
                 RecordsCache& cache) {
  std::string key = ui.record_text;
  for (bool k : ui.record_kinds) key += k ? '1' : '0';
  if (cache.history_size == history.size() && cache.key == key) return;
  cache.history_size = history.size();
  cache.key = std::move(key);
  cache.rows.clear();
  for (size_t s = 0; s < history.size(); ++s) {
    const std::vector<RecordRow>& emitted = history.Summary(s).emitted;
    for (size_t r = 0; r < emitted.size(); ++r) {
      const int kind = KindIndex(emitted[r].kind);
      if (kind >= 0 && !ui.record_kinds[kind]) continue;
      if (!ui.record_text.empty() &&
          emitted[r].text.find(ui.record_text) == std::string::npos) {
        continue;
      }
      cache.rows.emplace_back(static_cast<uint32_t>(s),
                              static_cast<uint32_t>(r));
    }
  }
}

}  // namespace

std::vector<Intent> DrawRecordsPanel(DebuggerModel& model,
                                     const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("Records")) {
    ImGui::End();
    return out;
  }
  PanelState& ui = model.ui();
  if (ImGui::RadioButton("Records", !ui.show_lifecycle))
    ui.show_lifecycle = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("Lifecycle", ui.show_lifecycle))
    ui.show_lifecycle = true;
  if (!ui.show_lifecycle) {
    for (size_t k = 0; k < kKinds.size(); ++k) {
      if (k > 0) ImGui::SameLine();
      ImGui::Checkbox(kKinds[k], &ui.record_kinds[k]);
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##rtext", "filter records", &ui.record_text);
    if (in.history == nullptr) {
      ImGui::End();
      return out;
    }
    RecordsCache& cache = model.records_cache();
    RebuildRows(*in.history, ui, cache);
    const int64_t shown = in.frame != nullptr ? in.frame->step : -1;
    if (ImGui::BeginTable("##records", 2,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthFixed, 40);
      ImGui::TableSetupColumn("Record", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(cache.rows.size()));
      while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const auto [s, r] = cache.rows[static_cast<size_t>(i)];
          const RecordRow& rec = in.history->Summary(s).emitted[r];
          ImGui::TableNextRow();
          ImGui::PushID(i);
          if (static_cast<int64_t>(s) == shown) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kCurrentRow);
          }
          ImGui::TableSetColumnIndex(0);
          char step_text[24];
          std::snprintf(step_text, sizeof(step_text), "%u", s);
          if (ImGui::Selectable(step_text, false,
                                ImGuiSelectableFlags_SpanAllColumns)) {
            out.push_back(Intent::Of(Intent::Kind::kSeek, s));
          }
          ImGui::TableSetColumnIndex(1);
          TextColored(KindColor(KindIndex(rec.kind)), rec.text);
          ImGui::PopID();
        }
      }
      ImGui::EndTable();
    }
  } else {
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##ltext", "filter lifecycle", &ui.lifecycle_text);
    if (in.lifecycle == nullptr || in.lifecycle->empty()) {
      TextColored(kTextDim, "No lifecycle entries.");
    } else if (ImGui::BeginChild("##lifecycle")) {
      for (const std::string& line : *in.lifecycle) {
        if (!ui.lifecycle_text.empty() &&
            line.find(ui.lifecycle_text) == std::string::npos) {
          continue;
        }
        Text(line);
      }
    }
    if (in.lifecycle != nullptr && !in.lifecycle->empty()) ImGui::EndChild();
  }
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
