// Watches (data breakpoints on a ref, a type or an owner) and the ownership
// checks run after every pop (docs/spec/debugger.md §2.8, "Ownership checks").
#include <imgui.h>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> DrawWatchesPanel(DebuggerModel& model,
                                     const PanelInput& in) {
  std::vector<Intent> out;
  if (!ImGui::Begin("Watches & checks")) {
    ImGui::End();
    return out;
  }
  std::vector<Watch>& watches = model.watches();
  if (watches.empty()) {
    TextColored(kTextDim, "No watches: add one from the Inspector.");
  }
  for (size_t i = 0; i < watches.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::Checkbox("##on", &watches[i].enabled);
    ImGui::SameLine();
    bool fired = false;
    for (const WatchHit& hit : in.status->watch_hits)
      fired = fired || hit.watch == i;
    if (fired) {
      TextColored(kTextError, watches[i].label + "  (fired)");
    } else {
      Text(watches[i].label);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) {
      out.push_back(
          Intent::Of(Intent::Kind::kRemoveWatch, static_cast<int64_t>(i)));
    }
    ImGui::PopID();
  }
  for (const WatchHit& hit : in.status->watch_hits) {
    TextColored(kTextError, hit.message);
  }
  ImGui::Separator();
  const std::vector<OwnershipViolation>& v = in.status->violations;
  if (v.empty()) {
    TextColored(kTextOk, "Ownership checks: no orphan after any pop.");
  } else {
    TextColored(kTextError,
                fmt::format("Ownership checks: {} violation(s)", v.size()));
    for (size_t i = 0; i < v.size() && i < 50; ++i) {
      ImGui::PushID(static_cast<int>(i + 1000));
      if (ImGui::Selectable(v[i].message.c_str())) {
        out.push_back(Intent::Of(Intent::Kind::kSeek, v[i].step));
        model.Select(v[i].ref);
      }
      ImGui::PopID();
    }
  }
  ImGui::End();
  return out;
}

}  // namespace wod::debugger
