// Watches (data breakpoints on a ref, a type or an owner) and the ownership
// checks run after every pop (docs/spec/debugger.md §2.8, §2.9). The watch
// list and the violations scroll in their own regions, so any number of
// watches fits the panel.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

void DrawWatchList(DebuggerModel& model, const PanelInput& in, float height,
                   std::vector<Intent>& out) {
  if (!ImGui::BeginChild("##watchlist", ImVec2(0, height), false)) {
    ImGui::EndChild();
    return;
  }
  // A copy: toggling one below edits the model's list.
  const std::vector<Watch> watches = model.watches();
  for (const Watch& w : watches) {
    const KeyId id(w.key);
    bool enabled = w.enabled;
    if (ImGui::Checkbox("##on", &enabled)) {
      model.SetWatchEnabled(w.key, enabled);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) {
      out.push_back(
          Intent::Of(Intent::Kind::kRemoveWatch, static_cast<int64_t>(w.key)));
    }
    ImGui::SameLine();
    bool fired = false;
    for (const WatchHit& hit : in.status->watch_hits)
      fired = fired || hit.key == w.key;
    // Hit count and the last old → new (docs/spec/debugger.md §2.8.1).
    const WatchTally* tally = nullptr;
    for (const WatchTally& t : in.status->watch_tallies) {
      if (t.key == w.key || (t.key == WatchKey::kNone && t.label == w.label))
        tally = &t;
    }
    std::string line = w.label;
    if (tally != nullptr) {
      line += fmt::format("  ·  {} hit{}  ·  last {}", tally->hits,
                          tally->hits == 1 ? "" : "s", tally->last);
    }
    if (fired) {
      CellText(line + "  (fired)", &kTextError);
    } else {
      CellText(line);
    }
  }
  for (const WatchHit& hit : in.status->watch_hits) {
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextError, hit.message);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

// The ownership violations view (docs/spec/runtime.md §14.9: no live entry
// owned by a block that is not on the stack): step, ref, type, owner and
// the step the owner was popped at; a click goes to the step and selects
// the ref.
void DrawViolations(DebuggerModel& model, const PanelInput& in,
                    std::vector<Intent>& out) {
  const std::vector<OwnershipViolation>& v = in.status->violations;
  ImGui::PushTextWrapPos(0.0f);
  if (v.empty()) {
    TextColored(kTextOk, "Ownership checks: no orphan after any pop.");
    ImGui::PopTextWrapPos();
    return;
  }
  TextColored(kTextError,
              fmt::format("Ownership violations: {} (refs alive after their "
                          "owner left the stack)",
                          v.size()));
  ImGui::PopTextWrapPos();
  if (!BeginScrollingTable("##violations", 5, 3.0f, 420.0f)) return;
  constexpr ImGuiTableColumnFlags kFixed = ImGuiTableColumnFlags_WidthFixed;
  SetupColumns({{"Step", kFixed, 40},
                {"Ref", kFixed, 46},
                {"Type", kFixed, 90},
                {"Owner", ImGuiTableColumnFlags_WidthStretch, 1.0f},
                {"Owner popped", kFixed, 90}});
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(v.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const OwnershipViolation& x = v[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      // A check reports a ref at most once per step: (step, ref) is the key.
      const KeyId step = KeyId::Step(x.step);
      const KeyId ref(x.ref);
      ImGui::TableSetColumnIndex(0);
      const std::string step_text = fmt::format("{}", x.step);
      if (ImGui::Selectable(step_text.c_str(), model.selected() == x.ref,
                            ImGuiSelectableFlags_SpanAllColumns |
                                ImGuiSelectableFlags_AllowItemOverlap)) {
        out.push_back(Intent::Of(Intent::Kind::kSeek, x.step));
        model.Select(x.ref);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", x.message.c_str());
      ImGui::TableSetColumnIndex(1);
      Text(RefKeyText(x.ref));
      ImGui::TableSetColumnIndex(2);
      CellText(x.type);
      ImGui::TableSetColumnIndex(3);
      CellText(x.released_parent ? x.owner + " (parent released)" : x.owner,
               &kTextError);
      ImGui::TableSetColumnIndex(4);
      Text(x.owner_released >= 0 ? fmt::format("{}", x.owner_released)
                                 : std::string("\u2014"));
    }
  }
  ImGui::EndTable();
}

}  // namespace

std::vector<Intent> DrawWatchesPanel(DebuggerModel& model,
                                     const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window(PanelWindowName(PanelId::kWatches));
  if (!window.open()) return out;
  if (model.watches().empty() && in.status->watch_hits.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    TextColored(kTextDim,
                "No watches: add one from the Inspector (Watch this ref).");
    ImGui::PopTextWrapPos();
  } else {
    // The list scrolls: at most about half the panel, at least two rows.
    const float row = ImGui::GetFrameHeightWithSpacing();
    const float want =
        row * static_cast<float>(model.watches().size() +
                                 in.status->watch_hits.size() * 2) +
        4.0f;
    const float height = std::clamp(
        want, row * 2.0f,
        std::max(row * 2.0f, ImGui::GetContentRegionAvail().y * 0.5f));
    DrawWatchList(model, in, height, out);
  }
  ImGui::Separator();
  DrawViolations(model, in, out);
  return out;
}

}  // namespace wod::debugger
