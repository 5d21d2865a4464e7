// PublicationTimeline: the debugger's history, stored as the publications
// the runtime produced (runtime/publication.h) — a memory keyframe or a
// memory::SnapshotDelta per step, plus the step's trace row and owner
// metadata — and Frames rebuilt from them on demand.
//
// It is the one debug pipeline (docs/spec/debugger.md §2.7): a live session
// (SessionDriver, through LiveRunner), a recording (RecordingDriver, whose
// lines are rebuilt into publications), an attached host and the demo all
// call AppendPublication, so the same step shows the same Frame whatever
// brought it. `At(i)` applies the deltas from the nearest keyframe
// (memory::Apply) and converts the snapshot once (MakeFrame: refs through
// memory::DebugMemoryView); the newest frames and the last scrubbed step are
// cached, so stepping and scrubbing forward apply one delta each.
//
// Owners that are gone are named from the publications' `retired`
// metadata, never from the memory, which may have forgotten them and
// recycled their slot under a new generation.
//
//   PublicationTimeline history;
//   history.AppendPublication(builder.Build(session->Start()));
//   FramePtr step0 = history.At(0);
#ifndef WOD_DEBUGGER_MODEL_PUBLICATION_TIMELINE_H_
#define WOD_DEBUGGER_MODEL_PUBLICATION_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "debugger/model/frame.h"
#include "debugger/model/timeline.h"
#include "memory/memory_snapshot.h"
#include "memory/ref_id.h"
#include "runtime/publication.h"
#include "runtime/step_trace.h"

namespace wod::debugger {

// The keyframe interval of the publications the debugger builds itself (its
// own sessions, the demo): a keyframe holds every ref, so one every 64 steps
// keeps 1,000 steps at 10,000 refs under 50 MB (docs/spec/debugger.md §4).
// Recordings and attached hosts keep their own interval.
inline constexpr int64_t kHistoryKeyframeInterval = 64;

// A step's Frame names the live owners plus the owners retired during it
// and the steps just before it, at most this many steps in all (the step
// itself included): enough for the diff against a recent step and the
// ownership checks to say "popped at step N", while a Frame and a
// file-backed history stay flat however many owners a long session retired
// (docs/spec/debugger.md §2.7.3).
inline constexpr size_t kRetiredOwnerWindow = 64;

// Frame keys of memory ids (the same packing for refs and owners).
[[nodiscard]] inline RefKey KeyOf(memory::RefId id) {
  return MakeRefKey(id.index, id.generation);
}
[[nodiscard]] inline OwnerKey KeyOf(memory::OwnerId id) {
  return MakeOwnerKey(id.index, id.generation);
}
// "o3.1" (the trace's block key, memory::ToString(OwnerId)) → OwnerKey;
// kNone when it is not one.
[[nodiscard]] OwnerKey ParseOwnerKey(std::string_view text);

// The visibility tier of a memory type: memory type names are the
// memory-tag names (runtime/memory_tag.h), so the tag table gives each entry
// its tier; other types have none.
[[nodiscard]] Visibility VisibilityOfType(std::string_view type_name);
// The `[state]` text of a trace block: "R1/3 ↓10s/60s paused complete:x".
[[nodiscard]] std::string BlockStateText(const runtime::TraceBlock& block);
// The Frame row of an owner, from its memory record.
[[nodiscard]] OwnerRow OwnerRowOf(memory::OwnerId id,
                                  const memory::OwnerInfo& info);
// The Frame row of a trace block; its owner index is left to the caller.
[[nodiscard]] BlockRow BlockRowOf(const runtime::TraceBlock& block);
// The block label of a pop record's text (`pop "5:00 Run" (completed)` →
// `5:00 Run`), or "" when it has none.
[[nodiscard]] std::string PoppedLabel(std::string_view pop_text);
// A retired owner as the history names it: a recorded retired owner carries
// only its name and release step, the rest is what was published while it
// was live, which `previous` (the memory of the step before, may be null)
// still holds (docs/spec/recording.md §4.3).
[[nodiscard]] memory::OwnerRecord NamedRetiredOwner(
    const memory::OwnerRecord& retired, const memory::MemorySnapshot* previous);

// The Frame of one step: the refs and live owners of `snapshot` (read
// through memory::DebugMemoryView), the `retired` owners, the stack and
// records of `trace`; typed fields read from `snapshot`. Owners are listed
// by key.
[[nodiscard]] FramePtr MakeFrame(
    std::shared_ptr<const memory::MemorySnapshot> snapshot,
    const runtime::TraceStep& trace,
    absl::Span<const memory::OwnerRecord> retired, uint64_t version);

// The Frame of the step after `previous` (a frame MakeFrame or this built
// from the snapshot before `delta`, with the retired owners it named),
// `retired_now` being the owners retired during this step and
// `retired_expired` those that leave the frame's window of retired owners
// at this step (retired kRetiredOwnerWindow steps ago): equal to
// MakeFrame(snapshot, trace, the owners retired in the window, version),
// but only the refs `delta` added or changed are read from `snapshot`
// (through memory::DebugMemoryView::GetByIds) and formatted, and only the
// owners that changed are converted; the other rows are copied from
// `previous`.
[[nodiscard]] FramePtr MakeFrameAfter(
    const Frame& previous,
    std::shared_ptr<const memory::MemorySnapshot> snapshot,
    const memory::SnapshotDelta& delta, const runtime::TraceStep& trace,
    absl::Span<const memory::OwnerRecord> retired_now,
    absl::Span<const memory::OwnerRecord> retired_expired, uint64_t version);

class PublicationTimeline final : public Timeline {
 public:
  PublicationTimeline() = default;

  // The entry point of every source (docs/spec/debugger.md §2.7). A
  // keyframe is kept whole; a delta is kept as its SnapshotDelta. Only the
  // newest publication's full snapshot is held besides the keyframes.
  void AppendPublication(const runtime::Publication& publication) override;
  void Clear() override;

  [[nodiscard]] size_t size() const override { return entries_.size(); }
  [[nodiscard]] const StepSummary& Summary(size_t index) const override {
    return summaries_[index];
  }
  // Cost: O(refs) from the nearest keyframe or cached step before it.
  [[nodiscard]] FramePtr At(size_t index) const override;
  [[nodiscard]] FramePtr Latest() const override;
  [[nodiscard]] std::shared_ptr<const memory::MemorySnapshot> SnapshotAt(
      size_t index) const override;
  [[nodiscard]] runtime::Publication PublicationAt(size_t index) const override;
  [[nodiscard]] int64_t FindPop(const std::string& label,
                                size_t from) const override;
  [[nodiscard]] std::vector<std::pair<int64_t, std::string>> ValueChanges(
      RefKey id, size_t limit) const override;
  [[nodiscard]] size_t ByteSize() const override { return bytes_; }
  [[nodiscard]] size_t keyframe_count() const override { return keyframes_; }

 private:
  struct Entry {
    runtime::TraceStep trace;
    uint64_t version = 0;  // the Frame version (unique across Clear)
    // A keyframe: the whole memory. Otherwise null and `delta` holds what
    // changed since the previous entry.
    std::shared_ptr<const memory::MemorySnapshot> keyframe;
    memory::SnapshotDelta delta;
    // retired_[retired_begin, retired_end) were retired during this step,
    // retired_[0, retired_end) at or before it.
    size_t retired_begin = 0;
    size_t retired_end = 0;
  };
  struct Cached {
    size_t index = 0;
    std::shared_ptr<const memory::MemorySnapshot> snapshot;
    FramePtr frame;
  };
  [[nodiscard]] FramePtr FrameOf(
      size_t index,
      std::shared_ptr<const memory::MemorySnapshot> snapshot) const;
  static size_t EntryBytes(const Entry& e);

  std::vector<Entry> entries_;
  std::vector<StepSummary> summaries_;
  // Retired owners as their publications named them, in retirement order.
  std::vector<memory::OwnerRecord> retired_;
  std::shared_ptr<const memory::MemorySnapshot> latest_snapshot_;
  uint64_t next_version_ = 0;  // never reset: versions stay unique
  size_t bytes_ = 0;
  size_t keyframes_ = 0;
  // Rebuilding is a pure function of entries_, so caching it behind the
  // const accessors changes nothing observable: the newest two steps (the
  // live view and the diff against it) and the last scrubbed step.
  mutable Cached latest_;
  mutable Cached previous_;
  mutable Cached scrub_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_PUBLICATION_TIMELINE_H_
