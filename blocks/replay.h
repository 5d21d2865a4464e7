// Replay of recordings: re-run a `.wodrec` and prove it identical, and
// rebuild the memory of any recorded step from the file alone.
//
// ReplayRecording re-runs the recorded script with the recorded commands on
// a fresh WorkoutSession (ids are deterministic, docs/spec/design.md §2),
// builds each step's publication exactly as the recorder did, and compares
// every field the recording holds — the trace row with its keys, record
// fields and usage, each delta entry, each keyframe, each owner — reporting
// the first difference with its step, line, field path and ref
// (docs/spec/recording.md §9). It also checks the file against itself: the
// deltas applied from step 0 must give each keyframe.
//
// RecordingState is that "apply the publications" half: the memory image of
// a step as plain data, rebuilt from a keyframe plus the deltas after it.
// Deltas name every removed ref, so a release costs O(removed refs · log n)
// whatever the depth of the parent chain (docs/spec/recording.md §5.3).
//
//   WOD_ASSIGN_OR_RETURN(Recording rec, LoadRecording(text));
//   absl::StatusOr<ReplayReport> report = ReplayRecording(rec);
//   if (!report.ok()) std::cerr << report.status().message();
//
//   RecordingState state;
//   for (const RecordedStep& s : rec.steps) {
//     WOD_RETURN_IF_ERROR(state.ApplyStep(s));
//     RecordedSnapshot image = state.Snapshot();   // memory after step s
//   }
#ifndef WOD_BLOCKS_REPLAY_H_
#define WOD_BLOCKS_REPLAY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "memory/snapshot_assembler.h"
#include "memory/type_info.h"
#include "runtime/publication.h"

namespace wod::blocks {

// The memory image that a recording's publications describe.
class RecordingState {
 public:
  // Applies one step's publication. A keyframe replaces the live refs and
  // the live owners (retired owners already known are kept, so an image
  // built from step 0 names every owner the live memory still names); a
  // delta must start at the image's version. Errors: InvalidArgument naming
  // the step, line and ref or owner when the publication does not fit the
  // image (a removed or changed ref that is not live, an added one that is,
  // a parent that is not live, a version gap).
  absl::Status ApplyStep(const RecordedStep& step);

  // The image now: owners by index, refs by id.
  [[nodiscard]] RecordedSnapshot Snapshot() const;
  [[nodiscard]] size_t live_refs() const { return refs_.size(); }
  // Map operations made so far (finds, inserts, erases): the work counter
  // the O(subtree) test bounds.
  [[nodiscard]] int64_t operations() const { return operations_; }

 private:
  absl::Status Apply(const RecordedMemory& m);

  std::map<uint32_t, RecordedOwner> owners_;   // by index
  std::map<memory::RefId, RecordedRef> refs_;  // by id
  uint64_t version_ = 0;
  bool started_ = false;
  int64_t operations_ = 0;
};

// The values of a recording as this build shows them: the header's type
// registry resolved to this build's TypeInfos, so a value reads the same as
// in a live frame (display text through the type's formatter, bytes = the
// value's size + its recorded heap bytes).
class RecordedTypes {
 public:
  // Errors: InvalidArgument when a recorded type is not in this build.
  static absl::StatusOr<RecordedTypes> Resolve(
      const std::vector<RecordedType>& types);
  // The display text of a recorded value (the serialization read back and
  // formatted; types without a parser already store their display text).
  [[nodiscard]] std::string Display(std::string_view type,
                                    std::string_view value) const;
  // Inline size + heap bytes, as the live memory counts a ref.
  [[nodiscard]] int64_t Bytes(std::string_view type, int64_t heap) const;

 private:
  std::shared_ptr<const memory::TypeTable> table_;
};

// Rebuilds the publications a recording holds (runtime::Publication, with
// real memory snapshots and memory::SnapshotDelta), one step at a time, from
// the file alone: each value is read back through this build's TypeInfo
// (memory::SnapshotAssembler), so the debugger shows a recorded step exactly
// as the live step it recorded (docs/spec/recording.md §2.2). The steps of a
// recording, of a file still being written or of an attached stream are fed
// in order; the first must be a keyframe.
//
//   WOD_ASSIGN_OR_RETURN(PublicationRebuilder rebuilder,
//                        PublicationRebuilder::Create(rec.header.types));
//   for (const RecordedStep& s : rec.steps) {
//     WOD_ASSIGN_OR_RETURN(runtime::Publication p, rebuilder.Rebuild(s));
//     timeline.AppendPublication(p);
//   }
class PublicationRebuilder {
 public:
  // Errors: InvalidArgument when a recorded type is not in this build.
  static absl::StatusOr<PublicationRebuilder> Create(
      const std::vector<RecordedType>& types);

  // The publication of `step`. Errors: InvalidArgument naming the step, line
  // and ref or owner when it does not continue the steps before it (as
  // RecordingState::ApplyStep) or a value cannot be read back; every later
  // call then returns that error (the steps after it cannot be trusted).
  absl::StatusOr<runtime::Publication> Rebuild(const RecordedStep& step);
  // Publications are missing before the next step (a stream's gap,
  // docs/spec/recording.md §1.5): forgets the image, so the next step must
  // be a keyframe and stands alone, as a stream's first step does. Owners
  // forgotten during the gap are not carried over.
  void MarkGap();

 private:
  PublicationRebuilder() = default;
  // Owner records as the memory held them (retired ones keep what was
  // published when they appeared).
  memory::OwnerRecord OwnerRecordOf(const RecordedOwner& o) const;

  std::vector<memory::TypeId> type_ids_;  // by recorded type index
  std::map<std::string, memory::TypeId, std::less<>> by_name_;
  std::shared_ptr<const memory::TypeTable> table_;
  std::unique_ptr<memory::SnapshotAssembler> assembler_;
  std::unique_ptr<RecordingState> state_;  // validates each step
  std::set<uint32_t> live_owners_;         // indices
  std::shared_ptr<const memory::MemorySnapshot> previous_;
  absl::Status broken_;
};

struct ReplayReport {
  int64_t steps = 0;      // steps re-run and compared
  int64_t keyframes = 0;  // keyframe publications compared
  int64_t refs = 0;       // delta and keyframe ref entries compared
};

// Re-runs `recording` and compares as described above. Errors:
// FailedPrecondition "step S (line L, ACTION): ..." at the first difference;
// the recording's own load error is not repeated here (the caller reports
// it).
absl::StatusOr<ReplayReport> ReplayRecording(const Recording& recording);
// The same, streamed: reads and replays one step at a time, so memory does
// not grow with the recording (docs/spec/recording.md §9). Stops at the
// reader's first problem (reader.error(), which the caller reports) after
// replaying the complete steps before it.
absl::StatusOr<ReplayReport> ReplayRecording(RecordingReader& reader);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_REPLAY_H_
