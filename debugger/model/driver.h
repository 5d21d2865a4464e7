// Driver: what feeds the debugger with steps, behind one interface.
//
// The window only ever talks to a Driver: `SessionDriver` runs a real
// WorkoutSession, `DemoDriver` replays synthetic frames (`--demo N`, the
// bench), and a recording loader can implement the same interface (the
// seam for `wod-debug --open FILE.wodrec`). Session intents (start, next,
// pause, ...) go to `Handle`; view intents (seek, watches) are applied to
// the model by `ApplyViewIntent`, never to the runtime.
//
//   std::unique_ptr<Driver> driver = ...;
//   for (const Intent& i : intents) {
//     if (!ApplyViewIntent(i, model, driver->history())) driver->Handle(i);
//   }
//   driver->Update(real_elapsed_ms);   // real-time mode feeds ticks
#ifndef WOD_DEBUGGER_MODEL_DRIVER_H_
#define WOD_DEBUGGER_MODEL_DRIVER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/frame_history.h"
#include "debugger/model/intent.h"
#include "debugger/model/session_status.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

class Driver {
 public:
  virtual ~Driver() = default;

  // Applies a session intent (kStart, kNext, kPauseResume, kAbort, kReset,
  // kRun, kTick, kSetSpeed, kSetTickMs, kOpenFile, kClearStop).
  virtual void Handle(const Intent& intent) = 0;
  // Real time: feeds ticks for `real_ms` of wall time × speed while running.
  virtual void Update(int64_t real_ms) = 0;
  // The watches to evaluate after each step (the model owns the list).
  virtual void SetWatches(const std::vector<Watch>& watches) = 0;

  [[nodiscard]] virtual const FrameHistory& history() const = 0;
  [[nodiscard]] virtual const SessionStatus& status() const = 0;
  // The runtime's lifecycle ring buffer as text lines, oldest first.
  [[nodiscard]] virtual const std::vector<std::string>& lifecycle() const = 0;
};

// Applies view intents (kSeek, kJumpToPop, kAddWatch, kRemoveWatch) to the
// model. Returns false for session intents, which belong to the Driver.
bool ApplyViewIntent(const Intent& intent, DebuggerModel& model,
                     const FrameHistory& history);

// The frame the window should show: the live one, or the cursor's step.
[[nodiscard]] FramePtr FrameToShow(const DebuggerModel& model,
                                   const FrameHistory& history);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DRIVER_H_
