#include "debugger/panels/inspector_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string_view>

#include "debugger/model/diff_view.h"
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

void DrawPlainFields(DebuggerModel& model, const Frame& f, const RefRow& r) {
  if (!ImGui::BeginTable("##fields", 2, ImGuiTableFlags_BordersInnerV)) return;
  ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 70);
  ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
  Field("id", RefKeyText(r.id));
  Field("type", f.TypeName(r.type));
  Field("owner", OwnerText(f, r.owner));
  if (r.parent == RefKey::kNone) {
    Field("parent", "(root)");
  } else {
    // The parent is a link: clicking selects it.
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    TextColored(kTextDim, "parent");
    ImGui::TableSetColumnIndex(1);
    const std::string parent = RefKeyText(r.parent);
    ImGui::PushStyleColor(ImGuiCol_Text, kTextAccent);
    if (ImGui::SmallButton(parent.c_str())) model.Select(r.parent);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) model.HoverRef(r.parent);
  }
  Field("visibility", VisibilityName(r.visibility));
  Field("bytes", fmt::format("{}", r.bytes));
  Field("value", r.value);
  ImGui::EndTable();
}

// The "Watch this ref / its type / its owner" buttons.
void DrawWatchButtons(const Frame& f, const RefRow& r,
                      std::vector<Intent>& out) {
  auto add = [&out](Watch watch) {
    Intent i = Intent::Of(Intent::Kind::kAddWatch);
    i.watch = std::move(watch);
    out.push_back(std::move(i));
  };
  if (ImGui::SmallButton("Watch this ref")) add(Watch::OnRef(r.id));
  ImGui::SameLine();
  if (ImGui::SmallButton("Watch its type")) {
    add(Watch::OnType(std::string(f.TypeName(r.type))));
  }
  ImGui::SameLine();
  if (r.owner < f.owners.size() && ImGui::SmallButton("Watch its owner")) {
    add(Watch::OnOwner(f.owners[r.owner].id, OwnerText(f, r.owner)));
  }
}

}  // namespace

std::vector<Intent> InspectorPanel::Draw(DebuggerModel& model,
                                         const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Inspector");
  if (!window.open()) return out;
  const Frame* f = in.frame;
  const RefKey selected = model.selected();
  const int64_t at =
      f == nullptr || selected == RefKey::kNone ? -1 : f->FindRef(selected);
  if (selected == RefKey::kNone) {
    // Wrapped: a narrow column (1024×700) would clip it.
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextDim, "Select a ref in the memory table or the hierarchy.");
    ImGui::PopTextWrapPos();
  } else if (at < 0) {
    TextColored(kTextWarn, fmt::format("ref {} is not live at this step",
                                       RefKeyText(selected)));
  } else {
    DrawRef(model, *f, f->refs[static_cast<size_t>(at)], out);
  }
  if (selected != RefKey::kNone && in.history != nullptr) {
    DrawValues(model, f, *in.history, out);
  }
  watch_editor_.Draw(out);
  return out;
}

void InspectorPanel::DrawRef(DebuggerModel& model, const Frame& f,
                             const RefRow& r, std::vector<Intent>& out) {
  DrawPlainFields(model, f, r);
  DrawTypedFields(f, r);
  ImGui::Separator();
  TextColored(kTextAccent, "Why is this alive (click a ref or an owner)");
  // Copy: a click below changes the selection the chain came from.
  const std::vector<WhyAliveLink> chain = model.WhyAliveLinks();
  for (size_t i = 0; i < chain.size(); ++i) {
    const WhyAliveLink& link = chain[i];
    ImGui::PushID(static_cast<int>(i));  // one line per chain position
    if (link.ref == RefKey::kNone && link.owner == OwnerKey::kNone) {
      Text(link.text);
    } else {
      const bool current = link.ref != RefKey::kNone
                               ? link.ref == model.selected()
                               : link.owner == model.owner_filter();
      if (ImGui::Selectable(link.text.c_str(), current)) {
        if (link.ref != RefKey::kNone) {
          model.Select(link.ref);
        } else {
          // An owner: the memory table shows its refs (toggle).
          model.SetOwnerFilter(current ? OwnerKey::kNone : link.owner);
        }
      }
      if (ImGui::IsItemHovered()) {
        if (link.ref != RefKey::kNone) model.HoverRef(link.ref);
        if (link.owner != OwnerKey::kNone) model.HoverBlock(link.owner);
      }
    }
    ImGui::PopID();
  }
  DrawWatchButtons(f, r, out);
  ImGui::SameLine();
  if (ImGui::SmallButton("Watch…")) watch_editor_.Request(f, r);
}

void InspectorPanel::DrawTypedFields(const Frame& f, const RefRow& r) {
  // Typed fields through the type's field visitor, when the frame still
  // knows its snapshot (the live step and keyframes).
  if (!fields_.valid || fields_.version != f.version || fields_.ref != r.id) {
    fields_.valid = true;
    fields_.version = f.version;
    fields_.ref = r.id;
    fields_.fields.clear();
    if (f.fields != nullptr) fields_.fields = f.fields->Fields(r.id);
  }
  if (fields_.fields.empty() ||
      !ImGui::BeginTable(
          "##typed", 2,
          ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg)) {
    return;
  }
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, 90);
  ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
  for (const auto& [name, text] : fields_.fields) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    TextColored(kTextAccent, name);
    ImGui::TableSetColumnIndex(1);
    Text(text);
  }
  ImGui::EndTable();
}

void InspectorPanel::DrawValues(DebuggerModel& model, const Frame* f,
                                const Timeline& history,
                                std::vector<Intent>& out) {
  if (values_.ref != model.selected() ||
      values_.history_size != history.size()) {
    values_.ref = model.selected();
    values_.history_size = history.size();
    values_.changes = history.ValueChanges(values_.ref, 200);
  }
  ImGui::Separator();
  TextColored(kTextAccent, "Value across steps (click to go there)");
  // At least a few rows tall even when the fields above filled the window.
  const float rows_height = std::max(ImGui::GetContentRegionAvail().y,
                                     ImGui::GetTextLineHeightWithSpacing() * 4);
  if (!ImGui::BeginTable("##values", 2,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                         ImVec2(0, rows_height))) {
    return;
  }
  ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthFixed, 44);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const auto& [step, value] : values_.changes) {
    ImGui::TableNextRow();
    const KeyId id = KeyId::Step(step);  // one change per step
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
    CellText(value);
  }
  ImGui::EndTable();
}

}  // namespace wod::debugger
