#include "debugger/panels/records_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

int KindIndex(const std::string& kind) {
  for (size_t i = 0; i < kRecordKinds.size(); ++i) {
    if (kind == kRecordKinds[i]) return static_cast<int>(i);
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

}  // namespace

void RecordsPanel::RebuildRows(const Timeline& history) {
  std::string key = record_text_;
  for (bool k : kinds_) key += k ? '1' : '0';
  const uint64_t first = history.empty() ? 0 : history.Summary(0).version;
  if (rows_.history_size == history.size() && rows_.key == key &&
      rows_.first_version == first) {
    return;
  }
  // A history that only grew (a live session, a recording still loading)
  // adds the rows of its new steps; anything else starts over.
  size_t from = 0;
  if (rows_.key == key && rows_.first_version == first &&
      rows_.history_size < history.size()) {
    from = rows_.history_size;
  } else {
    rows_.rows.clear();
    rows_.sample.clear();
    rows_.total = 0;
  }
  rows_.history_size = history.size();
  rows_.key = std::move(key);
  rows_.first_version = first;
  // Unfiltered, every record is a row: count them, with the count before
  // every kSampleSteps-th step, instead of listing a row per record.
  rows_.implicit =
      record_text_.empty() &&
      std::all_of(kinds_.begin(), kinds_.end(), [](bool k) { return k; });
  if (rows_.implicit) {
    for (size_t s = from; s < history.size(); ++s) {
      if (s % kSampleSteps == 0) rows_.sample.push_back(rows_.total);
      rows_.total += history.RecordCount(s);
    }
    return;
  }
  // Counts and kinds come from memory; a text is read only when a text
  // filter asks for it (a file-backed history reads it from the file).
  for (size_t s = from; s < history.size(); ++s) {
    const size_t count = history.RecordCount(s);
    for (size_t r = 0; r < count; ++r) {
      const int kind = KindIndex(history.RecordKind(s, r));
      if (kind >= 0 && !kinds_[static_cast<size_t>(kind)]) continue;
      if (!record_text_.empty() &&
          history.RecordText(s, r).find(record_text_) == std::string::npos) {
        continue;
      }
      rows_.rows.emplace_back(static_cast<uint32_t>(s),
                              static_cast<uint32_t>(r));
    }
  }
}

std::pair<uint32_t, uint32_t> RecordsPanel::RowAt(const Timeline& history,
                                                  size_t i) const {
  if (!rows_.implicit) return rows_.rows[i];
  // The sampled step at or before the row, then step by step.
  const size_t k = static_cast<size_t>(
      std::upper_bound(rows_.sample.begin(), rows_.sample.end(), i) -
      rows_.sample.begin() - 1);
  size_t s = k * kSampleSteps;
  size_t before = rows_.sample[k];
  while (before + history.RecordCount(s) <= i)
    before += history.RecordCount(s++);
  return {static_cast<uint32_t>(s), static_cast<uint32_t>(i - before)};
}

size_t RecordsPanel::RowCount() const {
  return rows_.implicit ? rows_.total : rows_.rows.size();
}

std::vector<Intent> RecordsPanel::Draw(DebuggerModel& /*model*/,
                                       const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Records");
  if (!window.open()) return out;
  if (ImGui::RadioButton("Records", !show_lifecycle_)) show_lifecycle_ = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("Lifecycle", show_lifecycle_)) show_lifecycle_ = true;
  if (show_lifecycle_) {
    DrawLifecycle(in);
  } else {
    DrawRecords(in, out);
  }
  return out;
}

void RecordsPanel::DrawRecords(const PanelInput& in, std::vector<Intent>& out) {
  // The kind toggles live in a drop-down beside the text filter: one line,
  // so the list keeps its room in a short panel.
  int shown_kinds = 0;
  for (bool k : kinds_) shown_kinds += k ? 1 : 0;
  const std::string kinds_label =
      shown_kinds == static_cast<int>(kRecordKinds.size())
          ? std::string("all kinds")
          : fmt::format("{} of {} kinds", shown_kinds, kRecordKinds.size());
  ImGui::SetNextItemWidth(120);
  if (ImGui::BeginCombo("##kinds", kinds_label.c_str())) {
    for (size_t k = 0; k < kRecordKinds.size(); ++k) {
      ImGui::Checkbox(kRecordKinds[k], &kinds_[k]);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##rtext", "filter records", &record_text_);
  if (in.history == nullptr) return;
  RebuildRows(*in.history);
  const int64_t shown = in.frame != nullptr ? in.frame->step : -1;
  if (!ImGui::BeginTable("##records", 2,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Step", ImGuiTableColumnFlags_WidthFixed, 40);
  ImGui::TableSetupColumn("Record", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(RowCount()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto [s, r] = RowAt(*in.history, static_cast<size_t>(i));
      const std::string kind = in.history->RecordKind(s, r);
      const std::string text = in.history->RecordText(s, r);
      ImGui::TableNextRow();
      const KeyId id = KeyId::Record(s, r);
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
      const ImVec4 color = KindColor(KindIndex(kind));
      CellText(text, &color);
    }
  }
  ImGui::EndTable();
}

void RecordsPanel::DrawLifecycle(const PanelInput& in) {
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##ltext", "filter lifecycle", &lifecycle_text_);
  if (in.lifecycle == nullptr || in.lifecycle->empty()) {
    TextColored(kTextDim, "No lifecycle entries.");
    return;
  }
  if (ImGui::BeginChild("##lifecycle")) {
    for (const std::string& line : *in.lifecycle) {
      if (!lifecycle_text_.empty() &&
          line.find(lifecycle_text_) == std::string::npos) {
        continue;
      }
      Text(line);
    }
  }
  ImGui::EndChild();
}

}  // namespace wod::debugger
