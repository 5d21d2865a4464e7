// SessionStatus: what the window shows about the session driver.
//
// A plain snapshot of the driver's state (run mode, speed, source text and
// its parse diagnostics, the last watch hit, ownership violations) handed to
// the panels each frame, so panels depend on data and not on the driver.
//
//   SessionStatus status = driver.Status();
//   DrawControlsPanel(model, {.frame = f, .status = &status});
#ifndef WOD_DEBUGGER_MODEL_SESSION_STATUS_H_
#define WOD_DEBUGGER_MODEL_SESSION_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "blocks/choice_book.h"
#include "blocks/diagnostic.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

enum class RunState : uint8_t {
  kIdle,      // loaded, row 0 not run yet
  kStepping,  // started; advances only on user commands
  kRunning,   // real time: ticks fed from the clock × speed
  kPaused,    // real-time run paused by the user (timer:pause sent)
  kStopped,   // a watch or an ownership violation stopped the driver
  kEnded,     // the session ended (empty stack)
  kCount,     // number of enumerators; not a state
};
[[nodiscard]] const char* RunStateName(RunState state);

struct SourceDiagnostic {
  int line = 0;
  int column = 0;
  bool error = true;
  std::string message;
  // The did-you-mean repair, when the parser knows what was meant
  // (docs/spec/language.md §12.3).
  std::optional<blocks::FixIt> fix;
};

// How often one watch fired in this session, and its last hit.
struct WatchTally {
  WatchKey key = WatchKey::kNone;
  std::string label;  // the watch's label (watches armed before the
                      // model numbered them have no key)
  int64_t hits = 0;
  std::string last;  // "step 9: 13.1 R1/3 → R2/3"
};

// A recording being loaded while the window runs (RecordingDriver::Open):
// the progress bar's figures.
struct LoadProgress {
  bool loading = false;      // false before a load and once it is over
  uint64_t bytes_read = 0;   // of the file, header included
  uint64_t bytes_total = 0;  // the file's size when it was opened
  int64_t steps = 0;         // steps loaded so far
  double mb_per_s = 0;       // bytes_read / 1e6 per second spent loading
};

struct SessionStatus {
  RunState state = RunState::kIdle;
  int speed = 1;          // real-time factor
  int64_t tick_ms = 100;  // tick size for Tick and real time
  std::string path;       // script file, "" when built in
  std::string source;
  std::vector<SourceDiagnostic> diagnostics;
  // The choice a `choose N` would settle now (docs/spec/runtime.md §15).
  std::optional<blocks::PendingChoice> pending_choice;
  std::string error;                 // last load / command error
  std::string stop_reason;           // which watch fired / which check failed
  std::vector<WatchHit> watch_hits;  // of the step that stopped the driver
  std::vector<OwnershipViolation> violations;  // every violation so far
  int64_t steps = 0;  // steps run so far (history size)
  // A recording being browsed: nothing can run, only history moves
  // (docs/spec/debugger.md §5).
  bool browse_only = false;
  // What a browse-only source says about itself in Controls instead of the
  // recording's line: an attached or followed stream's progress
  // ("unix:/…/w.sock: following live · no gaps"); "" for a recording.
  std::string browse_note;
  std::vector<WatchTally> watch_tallies;  // one per watch that ever fired
  // The outcome of the last save from the window ("wrote fran-12.wodrec
  // (3.1 KiB)" or the error); empty before any.
  std::string save_message;
  bool save_failed = false;
  LoadProgress load;
};

// The line Controls shows when the script has parse errors ("Script has 2
// parse errors (first at line 7): see the Script panel."), or "" when it
// has none (warnings alone say nothing).
[[nodiscard]] std::string ParseErrorWarning(const SessionStatus& status);

// The word Controls shows for the run state: "Loading" while a recording
// loads (the driver is idle then, not stopped), else RunStateName.
[[nodiscard]] const char* StateWord(const SessionStatus& status);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_SESSION_STATUS_H_
