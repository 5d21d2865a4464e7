#include "debugger/panels/script_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string_view>

#include "base/strings.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> ScriptPanel::Draw(DebuggerModel& model,
                                      const PanelInput& in) {
  std::vector<Intent> out;
  const std::string title =
      in.status->path.empty()
          ? std::string("Script###script")
          : fmt::format("Script — {}###script", in.status->path);
  const PanelWindow window(title.c_str());
  if (!window.open()) return out;
  ImGui::SetNextItemWidth(-70);
  bool open =
      ImGui::InputTextWithHint("##path", "path/to/script.wod", &open_path_,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  open = ImGui::Button("Open") || open;
  if (open && !open_path_.empty()) {
    Intent i = Intent::Of(Intent::Kind::kOpenFile);
    i.text = open_path_;
    out.push_back(std::move(i));
  }
  DrawPendingChoice(in, out);
  DrawSource(model, in, out);
  DrawDiagnostics(model, in, out);
  return out;
}

void ScriptPanel::DrawPendingChoice(const PanelInput& in,
                                    std::vector<Intent>& out) {
  // docs/spec/debugger.md §2.1: pick the alternative of the next choice
  // before its line starts (`choose N`, docs/spec/runtime.md §15).
  if (!in.status->pending_choice.has_value()) return;
  const blocks::PendingChoice& choice = *in.status->pending_choice;
  TextColored(kTextDim, fmt::format("choice, line {}:", choice.line));
  for (size_t i = 0; i < choice.images.size(); ++i) {
    ImGui::SameLine();
    const std::string label = fmt::format(
        "{}{}##choose{}", static_cast<int>(i) == choice.selected ? "* " : "",
        choice.images[i], i);
    if (ImGui::SmallButton(label.c_str())) {
      out.push_back(
          Intent::Of(Intent::Kind::kChoose, static_cast<int64_t>(i) + 1));
    }
  }
}

void ScriptPanel::DrawSource(DebuggerModel& model, const PanelInput& in,
                             std::vector<Intent>& out) {
  // The current statement: the top block's source lines.
  int current_begin = 0;
  int current_end = 0;
  const Frame* f = in.frame;
  if (f != nullptr && !f->stack.empty() &&
      f->stack.front().owner < f->owners.size()) {
    const OwnerRow& o = f->owners[f->stack.front().owner];
    current_begin = o.line_begin;
    current_end = o.line_end;
  }
  const std::vector<SourceDiagnostic>& diags = in.status->diagnostics;
  const float diag_height =
      diags.empty()
          ? 0.0f
          : ImGui::GetTextLineHeightWithSpacing() *
                static_cast<float>(std::min<size_t>(diags.size(), 4) + 1);
  const std::vector<std::string_view> lines =
      base::SplitLines(in.status->source);
  if (ImGui::BeginTable("##source", 2,
                        ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg,
                        ImVec2(0, -diag_height))) {
    // Follow the current statement: when it moves, scroll it into the
    // middle of the view (the clipper only draws what is visible, so a
    // line off-screen would otherwise stay off-screen).
    if (current_begin > 0 && current_begin != followed_line_) {
      followed_line_ = current_begin;
      const float row =
          ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f;
      const float y = row * static_cast<float>(current_begin - 1) -
                      ImGui::GetWindowHeight() * 0.4f;
      ImGui::SetScrollY(std::max(0.0f, y));
    }
    ImGui::TableSetupColumn("line", ImGuiTableColumnFlags_WidthFixed, 34);
    ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const int line = i + 1;
        ImGui::TableNextRow();
        bool has_diag = false;
        for (const SourceDiagnostic& d : diags)
          has_diag = has_diag || d.line == line;
        if (has_diag) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kErrorRow);
        } else if (line >= current_begin && line <= current_end &&
                   current_begin > 0) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kCurrentRow);
        } else if (model.IsLineHighlighted(line)) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kHighlightRow);
        }
        ImGui::TableSetColumnIndex(0);
        // A row-wide selectable under the text: hover reacts over the
        // whole row, not only over the characters (in the hover colour,
        // distinct from the selection's).
        const std::string line_text = fmt::format("{:3d}", line);
        ImGui::PushStyleColor(ImGuiCol_Text, kTextDim);
        ImGui::Selectable(line_text.c_str(), false,
                          ImGuiSelectableFlags_SpanAllColumns |
                              ImGuiSelectableFlags_AllowItemOverlap);
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) model.HoverLine(line);
        ImGui::TableSetColumnIndex(1);
        CellText(lines[static_cast<size_t>(i)].empty()
                     ? std::string_view(" ")
                     : lines[static_cast<size_t>(i)]);
        // A did-you-mean fix-it on this line: one click applies it.
        for (size_t k = 0; k < diags.size(); ++k) {
          if (diags[k].line != line || !diags[k].fix.has_value()) continue;
          ImGui::SameLine();
          const std::string button =
              fmt::format("→ {}##fix{}", diags[k].fix->replacement, k);
          if (ImGui::SmallButton(button.c_str())) {
            out.push_back(
                Intent::Of(Intent::Kind::kApplyFix, static_cast<int64_t>(k)));
          }
          if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", diags[k].message.c_str());
        }
      }
    }
    ImGui::EndTable();
  }
}

void ScriptPanel::DrawDiagnostics(DebuggerModel& model, const PanelInput& in,
                                  std::vector<Intent>& out) {
  const std::vector<SourceDiagnostic>& diags = in.status->diagnostics;
  for (size_t i = 0; i < diags.size() && i < 4; ++i) {
    const SourceDiagnostic& d = diags[i];
    if (d.fix.has_value()) {
      const std::string button = fmt::format("Fix##diagfix{}", i);
      if (ImGui::SmallButton(button.c_str())) {
        out.push_back(
            Intent::Of(Intent::Kind::kApplyFix, static_cast<int64_t>(i)));
      }
      ImGui::SameLine();
    }
    TextColored(d.error ? kTextError : kTextWarn,
                fmt::format("{}:{}: {}: {}", d.line, d.column,
                            d.error ? "error" : "warning", d.message));
    if (ImGui::IsItemHovered()) model.HoverLine(d.line);
  }
  if (diags.size() > 4) {
    TextColored(kTextDim,
                fmt::format("… {} more diagnostics", diags.size() - 4));
  }
}

}  // namespace wod::debugger
