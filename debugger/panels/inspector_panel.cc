// Inspector: the selected ref's fields, its owner chain ("why is this
// alive") and its value across steps (docs/spec/debugger.md §2.5).
#include <imgui.h>

#include <algorithm>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

void Field(const char* name, std::string_view value) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  TextColored(kTextDim, name);
  ImGui::TableSetColumnIndex(1);
  ImGui::PushTextWrapPos(0.0f);
  Text(value);
  ImGui::PopTextWrapPos();
}

}  // namespace

std::vector<Intent> DrawInspectorPanel(DebuggerModel& model,
                                       const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("Inspector")) {
    ImGui::End();
    return out;
  }
  const Frame* f = in.frame;
  const int64_t at =
      f == nullptr || model.selected() == 0 ? -1 : f->FindRef(model.selected());
  if (model.selected() == 0) {
    TextColored(kTextDim, "Select a ref in the memory table or the hierarchy.");
  } else if (at < 0) {
    TextColored(kTextWarn, fmt::format("ref {} is not live at this step",
                                       RefKeyText(model.selected())));
  } else {
    const RefRow& r = f->refs[static_cast<size_t>(at)];
    if (ImGui::BeginTable("##fields", 2, ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 70);
      ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
      Field("id", RefKeyText(r.id));
      Field("type", f->TypeName(r.type));
      Field("owner", f->OwnerLabel(r.owner));
      Field("parent",
            r.parent == 0 ? std::string("(root)") : RefKeyText(r.parent));
      Field("visibility", VisibilityName(r.visibility));
      Field("bytes", fmt::format("{}", r.bytes));
      Field("value", r.value);
      ImGui::EndTable();
    }
    // Typed fields through the type's field visitor, when the frame still
    // knows its snapshot (the live step and keyframes).
    FieldsCache& cache = model.fields_cache();
    if (!cache.valid || cache.version != f->version || cache.ref != r.id) {
      cache.valid = true;
      cache.version = f->version;
      cache.ref = r.id;
      cache.fields.clear();
      if (f->fields != nullptr) cache.fields = f->fields->Fields(r.id);
    }
    {
      const std::vector<std::pair<std::string, std::string>>& fields =
          cache.fields;
      if (!fields.empty() && ImGui::BeginTable("##typed", 2,
                                               ImGuiTableFlags_BordersInnerV |
                                                   ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 90);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        for (const auto& [name, text] : fields) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          TextColored(kTextAccent, name);
          ImGui::TableSetColumnIndex(1);
          Text(text);
        }
        ImGui::EndTable();
      }
    }
    ImGui::Separator();
    TextColored(kTextAccent, "Why is this alive");
    for (const std::string& line : model.WhyAlive()) Text(line);
    if (ImGui::SmallButton("Watch this ref")) {
      Intent i = Intent::Of(Intent::Kind::kAddWatch);
      i.watch = Watch::OnRef(r.id);
      out.push_back(std::move(i));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Watch its type")) {
      Intent i = Intent::Of(Intent::Kind::kAddWatch);
      i.watch = Watch::OnType(std::string(f->TypeName(r.type)));
      out.push_back(std::move(i));
    }
    ImGui::SameLine();
    if (r.owner < f->owners.size() && ImGui::SmallButton("Watch its owner")) {
      Intent i = Intent::Of(Intent::Kind::kAddWatch);
      i.watch = Watch::OnOwner(f->owners[r.owner].id, f->OwnerLabel(r.owner));
      out.push_back(std::move(i));
    }
  }
  if (model.selected() != 0 && in.history != nullptr) {
    ValueHistoryCache& cache = model.value_history_cache();
    if (cache.ref != model.selected() ||
        cache.history_size != in.history->size()) {
      cache.ref = model.selected();
      cache.history_size = in.history->size();
      cache.changes = in.history->ValueChanges(cache.ref, 200);
    }
    ImGui::Separator();
    TextColored(kTextAccent, "Value across steps (click to go there)");
    // At least a few rows tall even when the fields above filled the window.
    const float rows_height =
        std::max(ImGui::GetContentRegionAvail().y,
                 ImGui::GetTextLineHeightWithSpacing() * 4);
    if (ImGui::BeginTable("##values", 2,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                          ImVec2(0, rows_height))) {
      ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthFixed, 44);
      ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
      for (size_t i = 0; i < cache.changes.size(); ++i) {
        const auto& [step, value] = cache.changes[i];
        ImGui::TableNextRow();
        ImGui::PushID(static_cast<int>(i));
        if (f != nullptr && step == f->step) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kCurrentRow);
        }
        ImGui::TableSetColumnIndex(0);
        const std::string label = fmt::format("{}", step);
        if (ImGui::Selectable(label.c_str(), false,
                              ImGuiSelectableFlags_SpanAllColumns)) {
          out.push_back(Intent::Of(Intent::Kind::kSeek, step));
        }
        ImGui::TableSetColumnIndex(1);
        Text(value);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
