// WatchEditor: the "Watch…" popup of the Inspector and the memory table.
//
// A watch on the chosen ref, its type or its owner, with an optional
// condition on a typed field (`value == "R2/3"`, `current >= 3`, or a
// whole `round.current >= 3`; docs/spec/debugger.md §2.8.1). A panel owns
// one editor, asks it to open for a ref, and draws it at window level
// every frame (ImGui popups live in the ID stack that opened them).
//
//   if (ImGui::MenuItem("Watch…")) editor_.Request(frame, row);
//   editor_.Draw(out);
#ifndef WOD_DEBUGGER_PANELS_WATCH_EDITOR_H_
#define WOD_DEBUGGER_PANELS_WATCH_EDITOR_H_

#include <string>
#include <vector>

#include "debugger/model/frame.h"
#include "debugger/model/intent.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

class WatchEditor {
 public:
  // Opens the popup on the next Draw for `row` of `frame`.
  void Request(const Frame& frame, const RefRow& row);
  // Draws the popup when open; an accepted watch becomes a kAddWatch.
  void Draw(std::vector<Intent>& out);

  // The watch the editor would add now (tests), or an error.
  [[nodiscard]] absl::StatusOr<Watch> Build() const;
  void set_condition(std::string text) { condition_ = std::move(text); }
  void set_target(int target) { target_ = target; }

 private:
  bool open_request_ = false;
  int target_ = 0;  // 0 ref, 1 type, 2 owner
  Watch on_ref_;
  Watch on_type_;
  Watch on_owner_;
  bool has_owner_ = false;
  std::string condition_;
  std::string error_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_WATCH_EDITOR_H_
