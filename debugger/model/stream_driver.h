// StreamDriver: a Driver that follows publications as they arrive, from a
// session running elsewhere (AttachDriver, `wod-debug --attach unix:PATH`)
// or a recording still being written (FollowDriver, `wod-debug --follow
// FILE.wodrec`).
//
// The stream is the recording format (docs/spec/recording.md §1.5): a
// header line, then one publication per step, each read by the recording
// reader (blocks::RecordingReader, fed a line at a time), rebuilt into the
// runtime's publication (blocks::PublicationRebuilder) and appended to the
// PublicationTimeline — the same path as RecordingDriver — then an end. Every
// step that has arrived stays in the timeline, so time travel works over
// all of it while new steps come in. Where publications are missing (a gap
// line: the host dropped deltas for a slow debugger; or a late attach) the
// next step is a keyframe with a later index: the driver counts the gap and
// logs it, and the history panel marks the hole between the two steps.
//
// Nothing is sent back: session intents are ignored, view intents (seek,
// watches) work as on a live session.
//
// What "Save recording" writes back — the header and step lines as they
// came — is kept in a LineSpool (an anonymous temporary file in $TMPDIR),
// never in memory, so a long attached session costs no memory beyond its
// history (docs/spec/debugger.md §7). When the spool cannot be created or
// written (a full disk), following goes on and saving is refused with the
// reason.
//
//   std::unique_ptr<StreamDriver> d = ...;   // AttachDriver::Connect(...)
//   d->Update(real_ms);                       // each frame: take what came
//   absl::Status s = d->RunToEnd(absl::Seconds(30));  // --screenshot
#ifndef WOD_DEBUGGER_MODEL_STREAM_DRIVER_H_
#define WOD_DEBUGGER_MODEL_STREAM_DRIVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/model/driver.h"
#include "debugger/model/line_spool.h"
#include "debugger/model/timeline.h"

namespace wod::debugger {

// One thing read from a stream: the attach reader's result, whatever the
// source (a socket, a followed file, a test's list).
using StreamChunk = attach::ReadResult;

// Where a StreamDriver's lines come from.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // The next chunk, waiting at most `timeout`. An error ends the stream
  // (the host went away without an end line, the file cannot be read).
  virtual absl::StatusOr<StreamChunk> Next(absl::Duration timeout) = 0;
};

// How a StreamDriver keeps the lines it received (for saving).
struct StreamOptions {
  // The directory of the spool file; empty: LineSpool::DefaultDir().
  std::string spool_dir;
  // A spool to use instead of creating one (tests: one whose appends fail).
  std::unique_ptr<LineSpool> spool;
};

// A hole in a timeline: the steps before `index` whose publications never
// arrived (a late attach, or deltas dropped for a slow debugger).
struct HistoryGap {
  size_t index = 0;           // the timeline entry right after the hole
  int64_t first_missing = 0;  // step numbers missing, inclusive
  int64_t last_missing = 0;
};
// Every hole, found from the step numbers the timeline keeps (any store
// behind Timeline): O(steps).
[[nodiscard]] std::vector<HistoryGap> FindGaps(const Timeline& timeline);

class StreamDriver : public Driver {
 public:
  // Lines taken per Update at most, so a burst cannot stall the window.
  static constexpr int kMaxLinesPerUpdate = 512;

  // Read-only: there is nothing to drive. The save dialogs still write:
  // the stream so far as a recording or a Chrome trace, a step's golden
  // text (docs/spec/debugger.md §2.13).
  void Handle(const Intent& intent) override {
    using K = Intent::Kind;
    if (intent.kind == K::kSaveRecording || intent.kind == K::kExportTrace ||
        intent.kind == K::kSaveGolden) {
      HandleStatusIntent(intent);
    }
  }
  // Takes what has arrived, waiting at most a millisecond for it.
  void Update(int64_t real_ms) override;

  // The steps received so far as a `.wodrec` recording: the stream's header
  // and step lines as they came (the recorder's form), then an end line,
  // so the file opens with every step's frame as it was shown here.
  // FailedPrecondition when the history has a hole (a late attach, dropped
  // publications: a recording holds every step from 0) or before the
  // header arrived.
  // FailedPrecondition too when the spool failed (saving is off).
  // Reads the whole spool into memory: for small streams and tests; the
  // Save dialog uses WriteRecording.
  [[nodiscard]] absl::StatusOr<std::string> RecordingText() const override;
  // The same recording written to `path` straight from the spool, a chunk
  // at a time (bounded memory whatever the stream's length).
  [[nodiscard]] absl::StatusOr<uint64_t> WriteRecording(
      const std::string& path) const override;
  // That recording as a Chrome trace (blocks::ExportChromeTrace), loaded
  // from the spool.
  [[nodiscard]] absl::StatusOr<std::string> ChromeTraceText() const override;

  // Bytes of received lines in the spool (each with its newline), 0 once
  // saving is off; and why saving is off (OK while it works).
  [[nodiscard]] uint64_t spooled_bytes() const {
    return spool_ == nullptr ? 0 : spool_->size();
  }
  [[nodiscard]] const LineSpool* spool() const { return spool_.get(); }
  [[nodiscard]] const absl::Status& spool_error() const { return spool_error_; }

  // Reads until the end of the stream. OK at the end line;
  // DeadlineExceeded when `timeout` passes first; the stream's error (the
  // host went away, a damaged line) otherwise.
  absl::Status RunToEnd(absl::Duration timeout);

  [[nodiscard]] bool ended() const { return ended_; }
  // Holes in the history: gap lines plus a late start (first step > 0).
  [[nodiscard]] int64_t gaps() const { return gaps_; }
  // Steps missing in those holes.
  [[nodiscard]] int64_t missing_steps() const { return missing_steps_; }
  // The error that ended the stream, OK while it goes on or ended well.
  [[nodiscard]] const absl::Status& error() const { return error_; }

 protected:
  // `name` is what the status shows ("unix:/…/w.sock", a file path).
  StreamDriver(std::unique_ptr<StreamSource> source, std::string name,
               StreamOptions options = {});

 private:
  // Takes one chunk (waiting at most `timeout`); false when nothing came
  // or the stream is over.
  bool Take(absl::Duration timeout);
  void Fail(absl::Status status);
  void ShowProgress();
  // Appends a received line to the spool; a failure turns saving off.
  void Spool(std::string_view line);
  // Why a recording cannot be saved now, OK when it can.
  [[nodiscard]] absl::Status CanSave() const;

  std::unique_ptr<StreamSource> source_;
  std::string name_;
  // Set by the header: the one reader of the format, and the publications
  // it describes.
  std::unique_ptr<blocks::RecordingReader> reader_;
  std::optional<blocks::PublicationRebuilder> rebuilder_;
  // The header line and every step line appended to the history, each
  // with its newline (what RecordingText writes back); null once saving is
  // off (spool_error_) or impossible (a hole).
  std::unique_ptr<LineSpool> spool_;
  absl::Status spool_error_;
  bool ended_ = false;
  bool gap_pending_ = false;
  int64_t gaps_ = 0;
  int64_t missing_steps_ = 0;
  int64_t last_step_ = -1;
  absl::Status error_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_STREAM_DRIVER_H_
