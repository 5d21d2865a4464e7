#include "debugger/panels/watch_editor.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <utility>

#include "debugger/panels/panel_style.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {
constexpr const char* kPopup = "Watch…";
}  // namespace

void WatchEditor::Request(const Frame& frame, const RefRow& row) {
  open_request_ = true;
  on_ref_ = Watch::OnRef(row.id);
  on_type_ = Watch::OnType(std::string(frame.TypeName(row.type)));
  has_owner_ = row.owner < frame.owners.size();
  if (has_owner_) {
    on_owner_ =
        Watch::OnOwner(frame.owners[row.owner].id, frame.OwnerLabel(row.owner));
  }
  target_ = 0;
  error_.clear();
  // A useful start: fire when the value leaves what it is now.
  condition_ = fmt::format("value != \"{}\"", row.value);
}

absl::StatusOr<Watch> WatchEditor::Build() const {
  const Watch& base = target_ == 2 && has_owner_ ? on_owner_
                      : target_ == 1             ? on_type_
                                                 : on_ref_;
  if (condition_.find_first_not_of(' ') == std::string::npos) return base;
  return Watch::Parse(condition_, &base);
}

void WatchEditor::Draw(std::vector<Intent>& out) {
  if (open_request_) {
    ImGui::OpenPopup(kPopup);
    open_request_ = false;
  }
  if (!ImGui::BeginPopup(kPopup)) return;
  ImGui::RadioButton(on_ref_.label.c_str(), &target_, 0);
  ImGui::SameLine();
  ImGui::RadioButton(on_type_.label.c_str(), &target_, 1);
  if (has_owner_) {
    ImGui::SameLine();
    ImGui::RadioButton(on_owner_.label.c_str(), &target_, 2);
  }
  ImGui::SetNextItemWidth(320);
  const bool enter =
      ImGui::InputTextWithHint("##cond", "empty: any change", &condition_,
                               ImGuiInputTextFlags_EnterReturnsTrue);
  TextColored(kTextDim,
              "FIELD OP VALUE: value == \"R2/3\", current >= 3, "
              "round.current >= 3; OP: == != < <= > >=");
  if (!error_.empty()) TextColored(kTextError, error_);
  if (ImGui::Button("Add watch") || enter) {
    absl::StatusOr<Watch> w = Build();
    if (w.ok()) {
      Intent i = Intent::Of(Intent::Kind::kAddWatch);
      i.watch = *std::move(w);
      out.push_back(std::move(i));
      ImGui::CloseCurrentPopup();
    } else {
      error_ = std::string(w.status().message());
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace wod::debugger
