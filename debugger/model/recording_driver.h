// RecordingDriver: a Driver over a loaded recording (`wod-debug --open
// FILE.wodrec`, docs/spec/recording.md).
//
// The whole history is built up front from the file alone: the memory of
// each step is the recorded publications applied from step 0 (blocks/replay.h
// RecordingState), the stack and records come from the recorded trace. No
// runtime runs, so nothing the user does can change what is shown; session
// intents are ignored, view intents (seek, watches, jump to pop) work as on
// a live session. A damaged file still opens with every complete step; the
// load error is shown in the status (SessionStatus::error).
//
// Values are read back through this build's TypeInfos (the header's type
// registry must match) and formatted as a live frame formats them; bytes are
// each type's size plus the recorded heap bytes. Typed inspector fields are
// not available.
//
//   WOD_ASSIGN_OR_RETURN(blocks::Recording rec, blocks::LoadRecording(text));
//   WOD_ASSIGN_OR_RETURN(auto driver, RecordingDriver::Create(rec, path));
//   FramePtr last = driver->history().Latest();
#ifndef WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_
#define WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "debugger/model/driver.h"

namespace wod::debugger {

class RecordingDriver : public Driver {
 public:
  // Builds one Frame per recorded step. Errors: InvalidArgument when the
  // publications are inconsistent at some step (the message names it); the
  // frames before it are not kept then, because later steps could not be
  // trusted.
  static absl::StatusOr<std::unique_ptr<RecordingDriver>> Create(
      const blocks::Recording& recording, std::string path);

  // A recording is read-only: start, next, ticks and the rest have nothing
  // to drive (it never runs, so Update feeds nothing either).
  // Saving (the recording itself, its trace, a golden file) still works.
  void Handle(const Intent& intent) override {
    if (intent.kind == Intent::Kind::kSaveRecording ||
        intent.kind == Intent::Kind::kExportTrace ||
        intent.kind == Intent::Kind::kSaveGolden) {
      HandleStatusIntent(intent);
    }
  }
  // The loaded recording written back (header, every complete step, the end
  // line when the file had one) and its Chrome trace.
  [[nodiscard]] absl::StatusOr<std::string> RecordingText() const override;
  [[nodiscard]] absl::StatusOr<std::string> ChromeTraceText() const override;

 private:
  RecordingDriver() = default;

  blocks::Recording recording_;
};

// The Frames of every recorded step, in order (exposed for tests).
[[nodiscard]] absl::StatusOr<std::vector<FramePtr>> RecordingFrames(
    const blocks::Recording& recording);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_
