// Driver: what feeds the debugger with steps, behind one interface.
//
// The window only ever talks to a Driver: `SessionDriver` runs a real
// WorkoutSession, `DemoDriver` replays synthetic frames (`--demo N`, the
// bench), `RecordingDriver` browses a loaded recording and `LiveDriver`
// shows a driver running on its own thread. Session intents (start, next,
// pause, ...) go to `Handle`; view intents (seek, watches) are applied to
// the model by `ApplyViewIntent`, never to the runtime.
//
// The base holds what every driver shares: the timeline of steps (behind
// the Timeline interface: the publications of the steps), the status, the
// lifecycle lines and the watches; the intents that only change the status
// (speed, tick size, continue); appending a step's publication and
// evaluating the watches on it; and the real-time clock that turns wall
// time × speed into ticks.
//
//   std::unique_ptr<Driver> driver = ...;
//   for (const Intent& i : intents) {
//     if (!ApplyViewIntent(i, model, driver->history())) driver->Handle(i);
//   }
//   driver->Update(real_elapsed_ms);   // real-time mode feeds ticks
#ifndef WOD_DEBUGGER_MODEL_DRIVER_H_
#define WOD_DEBUGGER_MODEL_DRIVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/model/session_status.h"
#include "debugger/model/timeline.h"
#include "debugger/model/watch.h"
#include "runtime/publication.h"

namespace wod::debugger {

class Driver {
 public:
  virtual ~Driver() = default;
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Applies a session intent (kStart, kNext, kPauseResume, kAbort, kReset,
  // kRun, kTick, kSetSpeed, kSetTickMs, kOpenFile, kClearStop).
  virtual void Handle(const Intent& intent) = 0;
  // Real time: while running, feeds one Tick(tick_ms) for every tick_ms of
  // `real_ms` × speed (at most kMaxTicksPerUpdate per call).
  virtual void Update(int64_t real_ms);
  // The watches to evaluate after each step (the model owns the list).
  virtual void SetWatches(const std::vector<Watch>& watches) {
    watches_ = watches;
  }

  // The session so far as a `.wodrec` recording and as a Chrome trace
  // (docs/spec/debugger.md §2.13). Unimplemented for drivers that have no
  // session to record (synthetic frames).
  [[nodiscard]] virtual absl::StatusOr<std::string> RecordingText() const;
  [[nodiscard]] virtual absl::StatusOr<std::string> ChromeTraceText() const;
  // Writes RecordingText() to `path` (base::WriteFileAtomically) and returns
  // the bytes written; drivers whose recording is too large to hold in
  // memory (an attached stream) write it in chunks instead.
  [[nodiscard]] virtual absl::StatusOr<uint64_t> WriteRecording(
      const std::string& path) const;
  // Called on the driver's thread with each publication appended to the
  // history, and with nullptr when the history restarts (reset, another
  // file): LiveRunner hands them to the UI thread (memory::Publisher).
  using PublicationTap = std::function<void(const runtime::Publication*)>;
  void SetPublicationTap(PublicationTap tap) { tap_ = std::move(tap); }

  [[nodiscard]] const Timeline& history() const { return *history_; }
  [[nodiscard]] const SessionStatus& status() const { return status_; }
  // The runtime's lifecycle ring buffer as text lines, oldest first.
  [[nodiscard]] const std::vector<std::string>& lifecycle() const {
    return lifecycle_;
  }

  // Real time never feeds more ticks than this per Update, so a stalled
  // frame (or a huge speed × tick ratio) cannot hang the window.
  static constexpr int kMaxTicksPerUpdate = 256;

 protected:
  // `history` is the store behind the timeline (a PublicationTimeline by
  // default).
  explicit Driver(std::unique_ptr<Timeline> history = nullptr);

  // One real-time tick of `ms` (Update calls it while running).
  virtual void Tick(int64_t /*ms*/) {}
  // kSetSpeed, kSetTickMs and kClearStop, which only change the status,
  // and the save intents (kSaveRecording, kExportTrace, kSaveGolden), which
  // write a file and report in the status; false for every other intent.
  bool HandleStatusIntent(const Intent& intent);
  // The ownership checks (docs/spec/debugger.md §2.9) on a step that popped
  // a block: violations are kept in the status and stop the driver.
  void CheckOwnershipAfterPop(const Frame& frame);
  // Appends the publication of a step (the one entry point of every
  // source), counts it and evaluates the watches against the step before
  // it; a hit stops the driver unless the session ended.
  void AppendStep(const runtime::Publication& publication);
  // Forgets every step (reset, another file) and tells the tap.
  void ClearHistory();
  // Stops the driver for `reason` (kept in the status) unless it ended.
  void Stop(std::string reason);
  // Forgets the wall time not yet turned into ticks.
  void ResetRealTime() { pending_ms_ = 0; }

  [[nodiscard]] Timeline& mutable_history() { return *history_; }
  [[nodiscard]] SessionStatus& mutable_status() { return status_; }
  [[nodiscard]] std::vector<std::string>& mutable_lifecycle() {
    return lifecycle_;
  }
  [[nodiscard]] const std::vector<Watch>& watches() const { return watches_; }

 private:
  // Writes the file of a save intent; the outcome goes to the status.
  void Save(const Intent& intent);

  std::unique_ptr<Timeline> history_;
  SessionStatus status_;
  std::vector<std::string> lifecycle_;
  std::vector<Watch> watches_;
  int64_t pending_ms_ = 0;
  PublicationTap tap_;
};

// Applies view intents (kSeek, kJumpToPop, kAddWatch, kRemoveWatch) to the
// model. Returns false for session intents, which belong to the Driver.
bool ApplyViewIntent(const Intent& intent, DebuggerModel& model,
                     const Timeline& history);

// The frame the window should show: the live one, or the cursor's step.
[[nodiscard]] FramePtr FrameToShow(const DebuggerModel& model,
                                   const Timeline& history);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DRIVER_H_
