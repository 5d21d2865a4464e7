// Watches (data breakpoints on a ref, a type or an owner) and the ownership
// checks run after every pop (docs/spec/debugger.md §2).
#include <imgui.h>

#include "debugger/panels/panel_input.h"
#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<Intent> DrawWatchesPanel(DebuggerModel& model,
                                     const PanelInput& in) {
  std::vector<Intent> out;
  const PanelWindow window("Watches & checks");
  if (!window.open()) return out;
  if (model.watches().empty()) {
    TextColored(kTextDim, "No watches: add one from the Inspector.");
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
      TextColored(kTextError, line + "  (fired)");
    } else {
      Text(line);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("remove")) {
      out.push_back(
          Intent::Of(Intent::Kind::kRemoveWatch, static_cast<int64_t>(w.key)));
    }
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
      // A check reports a ref at most once per step: (step, ref) is the key.
      const KeyId step = KeyId::Step(v[i].step);
      const KeyId ref(v[i].ref);
      if (ImGui::Selectable(v[i].message.c_str())) {
        out.push_back(Intent::Of(Intent::Kind::kSeek, v[i].step));
        model.Select(v[i].ref);
      }
    }
  }
  return out;
}

}  // namespace wod::debugger
