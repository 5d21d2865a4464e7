#include "debugger/model/driver.h"

#include <algorithm>

namespace wod::debugger {

bool ApplyViewIntent(const Intent& intent, DebuggerModel& model,
                     const FrameHistory& history) {
  switch (intent.kind) {
    case Intent::Kind::kSeek: {
      const int64_t last = static_cast<int64_t>(history.size()) - 1;
      // Seeking to the newest step, or past it, follows live again.
      if (intent.value < 0 || intent.value >= last) {
        model.SetCursor(-1);
      } else {
        model.SetCursor(intent.value);
      }
      return true;
    }
    case Intent::Kind::kJumpToPop: {
      int64_t at = history.FindPop(
          intent.text, static_cast<size_t>(std::max<int64_t>(0, intent.value)));
      if (at < 0) at = history.FindPop(intent.text, 0);  // wrap around
      if (at >= 0) {
        const int64_t last = static_cast<int64_t>(history.size()) - 1;
        model.SetCursor(at >= last ? -1 : at);
      }
      return true;
    }
    case Intent::Kind::kAddWatch:
      model.watches().push_back(intent.watch);
      return true;
    case Intent::Kind::kRemoveWatch:
      if (intent.value >= 0 &&
          static_cast<size_t>(intent.value) < model.watches().size()) {
        model.watches().erase(model.watches().begin() + intent.value);
      }
      return true;
    default:
      return false;
  }
}

FramePtr FrameToShow(const DebuggerModel& model, const FrameHistory& history) {
  if (history.empty()) return nullptr;
  if (model.following_live() ||
      static_cast<size_t>(model.cursor()) >= history.size()) {
    return history.Latest();
  }
  return history.At(static_cast<size_t>(model.cursor()));
}

}  // namespace wod::debugger
