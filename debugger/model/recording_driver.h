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
//
// A file opened with `Open` is loaded incrementally, a slice of lines per
// Update (per UI frame), into a file-backed RecordingTimeline: memory stays
// bounded however long the recording, the window stays responsive and
// scrubbable while it loads, and the status carries the progress (bytes
// read of the file's size, steps, MB/s). A recording built in memory
// (`Create`) is appended whole to an in-memory PublicationTimeline.
//
//   WOD_ASSIGN_OR_RETURN(auto driver, RecordingDriver::Open(path));
//   driver->Update(real_ms);          // each frame: load a slice
//   driver->LoadAll();                // or everything now (--screenshot)
//   FramePtr last = driver->history().Latest();
#ifndef WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_
#define WOD_DEBUGGER_MODEL_RECORDING_DRIVER_H_

#include <chrono>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "debugger/model/driver.h"
#include "debugger/model/recording_timeline.h"

namespace wod::debugger {

class RecordingDriver : public Driver {
 public:
  // Builds one Frame per recorded step. Errors: InvalidArgument when the
  // publications are inconsistent at some step (the message names it); the
  // frames before it are not kept then, because later steps could not be
  // trusted.
  static absl::StatusOr<std::unique_ptr<RecordingDriver>> Create(
      const blocks::Recording& recording, std::string path);
  // Opens the recording at `path` for incremental loading: reads its header
  // only (the steps come with Update, LoadSome or LoadAll). Errors:
  // NotFound when the file cannot be opened; those of the header
  // (blocks::RecordingReader, PublicationRebuilder::Create).
  static absl::StatusOr<std::unique_ptr<RecordingDriver>> Open(
      const std::string& path);

  // The lines a slice reads between two looks at the clock.
  static constexpr int kLinesPerClockCheck = 64;
  // How long one Update may load: most of a 60 Hz frame.
  static constexpr std::chrono::milliseconds kUpdateBudget{12};

  // Loads steps for about `budget`, at most `max_steps` of them. True while
  // the file has more. A damaged line ends the load with the complete
  // steps before it kept and the error in the status.
  bool LoadSome(std::chrono::steady_clock::duration budget,
                int64_t max_steps = std::numeric_limits<int64_t>::max());
  // Loads the rest of the file.
  void LoadAll();
  [[nodiscard]] bool loading() const { return status().load.loading; }
  // Loads a slice while loading (the window's frame).
  void Update(int64_t real_ms) override;

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
  explicit RecordingDriver(std::unique_ptr<Timeline> history)
      : Driver(std::move(history)) {}
  // The next complete line of the file (without its newline) and its
  // offset; nullopt when there is none yet or at the end (eof_ set).
  std::optional<std::string_view> NextLine(uint64_t& offset);
  // Ends the load; `error` (may be OK) goes to the status.
  void FinishLoad(absl::Status error);

  // Create: the recording, whole. Open: empty.
  blocks::Recording recording_;

  // Open: the file-backed store and the loader's state.
  RecordingTimeline* file_history_ = nullptr;  // owned by the base
  std::string path_;
  std::ifstream in_;
  std::string buffer_;          // bytes read, not yet consumed
  size_t buffer_pos_ = 0;       // first unconsumed byte of buffer_
  uint64_t buffer_offset_ = 0;  // file offset of buffer_[0]
  bool eof_ = false;
  bool last_line_complete_ = true;  // false: the file ended inside it
  uint64_t steps_end_ = 0;          // end of the last step line, newline incl.
  bool ended_ = false;              // the end line was read
  int64_t lines_ = 1;               // lines consumed, the header included
  std::unique_ptr<blocks::RecordingReader> reader_;
  std::optional<blocks::PublicationRebuilder> rebuilder_;
  std::chrono::steady_clock::duration load_time_{};
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
