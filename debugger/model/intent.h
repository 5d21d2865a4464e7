// Intent: what the user asked for in a frame, returned by the panels.
//
// Panels never touch the runtime (docs/spec/design.md §5): view state
// such as filters and selection lives in the DebuggerModel and panels edit it
// directly, while everything that drives the session or moves through
// history comes back as an Intent that the host loop applies between frames.
//
//   for (const Intent& intent : DrawControlsPanel(model, input)) {
//     driver.Handle(intent);
//   }
#ifndef WOD_DEBUGGER_MODEL_INTENT_H_
#define WOD_DEBUGGER_MODEL_INTENT_H_

#include <cstdint>
#include <string>

#include "debugger/model/watch.h"

namespace wod::debugger {

struct Intent {
  enum class Kind : uint8_t {
    kStart,        // run row 0 (startSession)
    kNext,         // one user `next`
    kPauseResume,  // toggle: pause the real-time run or resume it
    kAbort,        // `abort` event
    kReset,        // a fresh session from the same source
    kRun,          // run in real time at the current speed
    kTick,         // one `tick value` ms
    kSetSpeed,     // value = speed factor (1, 10, 60)
    kSetTickMs,    // value = the tick size used by kTick and real time
    kOpenFile,     // text = path
    kSeek,         // value = step to show; -1 = follow live
    kJumpToPop,    // text = block label; value = search from this step
    kAddWatch,     // watch
    kRemoveWatch,  // value = the WatchKey of the watch
    kClearStop,    // acknowledge a fired watch / violation
    kQuit,         // close the window (Ctrl+Q); the host ends its loop
    kApplyFix,     // value = index of a diagnostic with a fix-it: reload
                   // the script with it applied (docs/spec/debugger.md §2.1)
    kChoose,       // value = alternative N: `choose N` on the pending choice
    // Saving (docs/spec/debugger.md §2.13); text = path. Drivers write the
    // file and report in SessionStatus::save_message.
    kSaveRecording,  // the session so far as a .wodrec recording
    kExportTrace,    // the session so far as a Chrome trace
    kSaveGolden,     // value = the step whose memory to save (golden text)
  };
  Kind kind = Kind::kNext;
  int64_t value = 0;
  std::string text;
  Watch watch;

  static Intent Of(Kind kind, int64_t value = 0) {
    Intent i;
    i.kind = kind;
    i.value = value;
    return i;
  }
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_INTENT_H_
