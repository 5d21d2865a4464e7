// RecordingTimeline: the history of a recording file, kept in the file.
//
// A recording of a long session (2e6 steps, 1.8 GB) does not fit the
// in-memory PublicationTimeline, which keeps every step's delta and trace
// row. This store keeps, per step, a compact summary of a few bytes (the
// line's place in the file, step and time deltas, action, depth, ref count
// and bytes, record kinds and popped labels as interned ids, varint-coded
// with a checkpoint every kCheckpointSteps steps) and the index of the
// keyframe steps; everything else stays in the file. `At(i)` rebuilds a
// step as a reader joining the stream there would
// (docs/spec/recording.md §1.5): from the keyframe at or before
// i − kRetiredOwnerWindow it reads and
// rebuilds (blocks::PublicationRebuilder) each line up to i, naming the
// owners retired in the window from the step before each retirement, so the
// Frame equals the one PublicationTimeline builds for the same publications
// (docs/spec/debugger.md §2.7.3). The rebuild state is kept, so stepping
// forward reads one line, and the last few frames are cached (LRU).
//
// Memory: the compact summaries (the line's place, 3-4 bytes, and the id of
// the step's pattern: a long session repeats a few patterns of fields, each
// kept once), 4 bytes per keyframe, the interned texts, the newest step's
// snapshot and the cache, whatever the number of owners retired.
// Record texts are not kept: `Summary(i).emitted` holds each record's kind
// with an empty text, and `RecordText(i, r)` reads the text from the file.
// A Summary reference stays valid for the next kSummarySlots − 1 calls.
//
// The loader (RecordingDriver) reads the file in order and appends each
// step with its line's offset and length (AppendRecorded); the file must
// not change while it is browsed.
//
//   RecordingTimeline history(path, header_line);
//   history.AppendRecorded(publication, offset, length);  // per step
//   FramePtr step = history.At(12345);
#ifndef WOD_DEBUGGER_MODEL_RECORDING_TIMELINE_H_
#define WOD_DEBUGGER_MODEL_RECORDING_TIMELINE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "debugger/model/timeline.h"
#include "memory/memory_snapshot.h"
#include "runtime/publication.h"

namespace wod::debugger {

class RecordingTimeline final : public Timeline {
 public:
  static constexpr size_t kCheckpointSteps = 32;
  static constexpr size_t kSummarySlots = 8;
  static constexpr size_t kCachedFrames = 6;

  // `path`: the recording, read again when a step is rebuilt;
  // `header_line`: its first line (without the newline).
  RecordingTimeline(std::string path, std::string header_line);

  // Appends the step whose line is bytes [offset, offset + length) of the
  // file (without its newline). Publications arrive in step order, the
  // first one a keyframe.
  void AppendRecorded(const runtime::Publication& publication, uint64_t offset,
                      uint32_t length);
  // A publication without its line cannot be rebuilt later: only the
  // loader's AppendRecorded adds steps. This one is ignored.
  void AppendPublication(const runtime::Publication& publication) override;
  void Clear() override;

  [[nodiscard]] size_t size() const override { return count_; }
  [[nodiscard]] const StepSummary& Summary(size_t index) const override;
  [[nodiscard]] FramePtr At(size_t index) const override;
  [[nodiscard]] FramePtr Latest() const override;
  [[nodiscard]] std::shared_ptr<const memory::MemorySnapshot> SnapshotAt(
      size_t index) const override;
  [[nodiscard]] runtime::Publication PublicationAt(size_t index) const override;
  [[nodiscard]] int64_t FindPop(const std::string& label,
                                size_t from) const override;
  // Reads the file from the first step (O(file)); the inspector asks for
  // one ref at a time.
  [[nodiscard]] std::vector<std::pair<int64_t, std::string>> ValueChanges(
      RefKey id, size_t limit) const override;
  [[nodiscard]] size_t RecordCount(size_t index) const override;
  [[nodiscard]] std::string RecordKind(size_t index, size_t r) const override;
  [[nodiscard]] std::string RecordText(size_t index, size_t r) const override;
  [[nodiscard]] bool StepsFollowEachOther() const override {
    return follow_each_other_;
  }
  [[nodiscard]] std::vector<std::string> PoppedLabels() const override {
    return pop_labels_;
  }
  [[nodiscard]] size_t ByteSize() const override;
  [[nodiscard]] size_t keyframe_count() const override {
    return keyframes_.size();
  }
  // The error of the last rebuild that failed (the file changed or cannot
  // be read), OK otherwise; such a step shows its trace row without memory.
  [[nodiscard]] const absl::Status& rebuild_error() const {
    return rebuild_error_;
  }

 private:
  // One step as decoded from the compact stream.
  struct Decoded {
    uint64_t offset = 0;
    uint32_t length = 0;
    int64_t step = 0;
    int64_t t_ms = 0;
    uint32_t action = 0;
    uint32_t depth = 0;
    uint32_t ref_count = 0;
    uint64_t ref_bytes = 0;
    bool keyframe = false;
    std::vector<uint32_t> kinds;  // record kinds, interned
    std::vector<uint32_t> pops;   // per pop record: its label, interned
  };
  // The decoder's state before a step; one per kCheckpointSteps steps.
  struct Checkpoint {
    size_t pos = 0;  // into bytes_
    uint64_t line_end = 0;
    int64_t step = -1;
    int64_t t_ms = 0;
    uint32_t ref_count = 0;
    uint64_t ref_bytes = 0;
  };
  // Reads steps in order from the compact stream.
  class Decoder {
   public:
    Decoder(const RecordingTimeline& t, size_t index);
    // Continues from `state`, the decoder's state before step `index`.
    Decoder(const RecordingTimeline& t, const Checkpoint& state)
        : t_(t), at_(state) {}
    [[nodiscard]] const Checkpoint& state() const { return at_; }
    // The next step's fields into `d`.
    void Next(Decoded& d);

   private:
    const RecordingTimeline& t_;
    Checkpoint at_;
  };
  // A rebuild in progress: a reader and a rebuilder that joined the file at
  // a keyframe, and the owners retired in the last window.
  struct Cursor {
    std::unique_ptr<blocks::RecordingReader> reader;
    std::optional<blocks::PublicationRebuilder> rebuilder;
    size_t start = 0;  // the keyframe it joined at
    size_t next = 0;   // the step it reads next
    runtime::Publication last;
    // (step index, named owner), oldest first.
    std::deque<std::pair<size_t, memory::OwnerRecord>> retired;
  };
  struct CachedFrame {
    size_t index = 0;
    std::shared_ptr<const memory::MemorySnapshot> snapshot;
    FramePtr frame;
    uint64_t used = 0;
  };

  uint32_t Intern(std::vector<std::string>& table,
                  std::map<std::string, uint32_t, std::less<>>& ids,
                  std::string_view text);
  [[nodiscard]] Decoded DecodeAt(size_t index) const;
  // Moves the cursor so that its last publication is step `index`.
  absl::Status SeekCursor(size_t index) const;
  // The cached frame of `index`, rebuilding it when needed.
  [[nodiscard]] const CachedFrame& Rebuilt(size_t index) const;
  [[nodiscard]] FramePtr FrameFromCursor(size_t index) const;
  [[nodiscard]] absl::StatusOr<std::string> ReadBytes(uint64_t offset,
                                                      uint64_t length) const;

  std::string path_;
  std::string header_line_;
  std::vector<blocks::RecordedType> types_;

  // The compact per-step stream and its checkpoints.
  std::vector<uint8_t> bytes_;
  std::vector<Checkpoint> checkpoints_;
  Checkpoint tail_;  // the encoder's state after the newest step
  size_t count_ = 0;
  bool follow_each_other_ = true;
  std::vector<uint32_t> keyframes_;  // step indices, ascending
  std::vector<std::string> actions_;
  std::map<std::string, uint32_t, std::less<>> action_ids_;
  std::vector<std::string> kinds_;
  std::map<std::string, uint32_t, std::less<>> kind_ids_;
  // Distinct step patterns (every field but the line's place), at most
  // kMaxPatterns; a step names its pattern, or carries it inline.
  static constexpr size_t kMaxPatterns = size_t{1} << 16;
  std::vector<std::vector<uint8_t>> patterns_;
  std::map<std::string, uint32_t, std::less<>> pattern_ids_;
  std::vector<std::string> pop_labels_;  // first-pop order
  std::map<std::string, uint32_t, std::less<>> pop_label_ids_;
  uint64_t first_version_ = 1;  // version of step 0; unique across Clear

  // The newest step, held whole, and the owners retired in the window
  // before it (named as the loader appended them).
  runtime::Publication latest_;
  std::deque<std::pair<size_t, memory::OwnerRecord>> latest_retired_;
  mutable FramePtr latest_frame_;

  // Rebuilding is a pure function of the file and the index, so caching
  // it behind the const accessors changes nothing observable.
  mutable std::ifstream file_;
  mutable Cursor cursor_;
  mutable std::vector<CachedFrame> frames_;
  mutable uint64_t uses_ = 0;
  mutable std::array<std::pair<size_t, StepSummary>, kSummarySlots> slots_;
  mutable size_t next_slot_ = 0;
  // The decoder's state after the last summary decoded, so a scan over the
  // steps in order decodes each step once.
  mutable size_t after_index_ = 0;  // the step that state precedes
  mutable std::optional<Checkpoint> after_;
  // Record texts of the steps last asked for (step index, texts).
  mutable std::deque<std::pair<size_t, std::vector<std::string>>> texts_;
  mutable absl::Status rebuild_error_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_RECORDING_TIMELINE_H_
