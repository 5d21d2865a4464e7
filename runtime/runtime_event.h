// Events a ScriptRuntime handles (docs/spec/runtime.md §3).
//
// Events are addressed by name. The runtime itself handles `next` (advance
// the current block, or record an error on an empty stack) and `abort` (drain
// the stack); every other event is offered to the blocks on the stack, bottom
// to top, each block deciding by scope whether it listens (`tick` reaches
// every block — "bubble" scope — while `timer:pause` / `timer:resume` reach
// only the current block — "active" scope, docs/spec/runtime.md §3 and
// state-transitions.md). Unknown events are no-ops.
//
//   runtime.Handle(RuntimeEvent::Named(kEventTimerPause));
#ifndef WOD_RUNTIME_RUNTIME_EVENT_H_
#define WOD_RUNTIME_RUNTIME_EVENT_H_

#include <string>
#include <string_view>
#include <utility>

namespace wod::runtime {

inline constexpr std::string_view kEventNext = "next";
inline constexpr std::string_view kEventTick = "tick";
inline constexpr std::string_view kEventAbort = "abort";
inline constexpr std::string_view kEventTimerPause = "timer:pause";
inline constexpr std::string_view kEventTimerResume = "timer:resume";
inline constexpr std::string_view kEventTimerComplete = "timer:complete";

struct RuntimeEvent {
  std::string name;

  static RuntimeEvent Named(std::string_view name) {
    return RuntimeEvent{std::string(name)};
  }
  [[nodiscard]] bool Is(std::string_view other) const { return name == other; }
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RUNTIME_EVENT_H_
