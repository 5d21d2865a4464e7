// RecordingDriver: a Driver over a loaded recording (`wod-debug --open
// FILE.wodrec`, docs/spec/recording.md).
//
// The history is the recorded publications themselves, rebuilt from the file
// alone (blocks::PublicationRebuilder: each value read back through this
// build's TypeInfo, the header's type registry must match) and appended to
// the same store as a live session's (PublicationTimeline), so a recorded
// step shows exactly the Frame its live step showed: values, bytes, owners,
// parents and typed inspector fields. No runtime runs, so nothing the user
// does can change what is shown; session intents are ignored, view intents
// (seek, watches, jump to pop) work as on a live session. A damaged file
// still opens with every complete step; the load error is shown in the
// status (SessionStatus::error).
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

// Appends the publications of every recorded step to `timeline`, in order.
// Errors: those of blocks::PublicationRebuilder (the steps before the bad
// one are appended).
absl::Status AppendRecording(const blocks::Recording& recording,
                             Timeline& timeline);
// The Frames of every recorded step, in order (exposed for tests).
[[nodiscard]] absl::StatusOr<std::vector<FramePtr>> RecordingFrames(
    const blocks::Recording& recording);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_
