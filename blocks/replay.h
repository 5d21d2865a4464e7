// Replay of recordings: re-run a `.wodrec` and prove it identical, and
// rebuild the memory of any recorded step from the file alone.
//
// ReplayRecording re-runs the recorded script with the recorded commands on
// a fresh WorkoutSession (ids are deterministic, docs/spec/design.md §2) and
// checks, step by step: the trace row, every mutation of the journal, and
// every keyframe snapshot — reporting the first difference with its step,
// line and ref (docs/spec/recording.md: every snapshot must be
// identical, and the first difference is reported with its step and ref). It
// also checks the file against itself: the journal applied from step 0 must
// give each keyframe (keyframes plus deltas, seed 000).
//
// JournalState is that "apply the journal" half: a plain-data memory image
// (owners and refs as text) that any recorded step can be rebuilt into
// without the C++ value types, which is what a browser of recordings needs.
//
//   WOD_ASSIGN_OR_RETURN(Recording rec, LoadRecording(text));
//   absl::StatusOr<ReplayReport> report = ReplayRecording(rec);
//   if (!report.ok()) std::cerr << report.status().message();
//
//   JournalState state;
//   for (const RecordedStep& s : rec.steps) {
//     WOD_RETURN_IF_ERROR(state.ApplyStep(s));
//     RecordedSnapshot image = state.Snapshot();   // memory after step s
//   }
#ifndef WOD_BLOCKS_REPLAY_H_
#define WOD_BLOCKS_REPLAY_H_

#include <cstdint>
#include <map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "memory/mutation_journal.h"

namespace wod::blocks {

// The memory image a journal describes, kept as plain data.
class JournalState {
 public:
  // Applies one mutation. Errors: InvalidArgument when the journal is
  // inconsistent (a set of a ref that is not live, an owner created twice,
  // ...), naming the mutation's sequence number.
  absl::Status Apply(const memory::JournalEntry& entry);
  // Applies every mutation of `step`; errors also name the step and line.
  absl::Status ApplyStep(const RecordedStep& step);

  // The image now: owners by index, refs by id; `version` is the memory
  // version after the last mutation applied (0 before any).
  [[nodiscard]] RecordedSnapshot Snapshot() const;
  [[nodiscard]] size_t live_refs() const { return refs_.size(); }

 private:
  std::map<uint32_t, RecordedOwner> owners_;   // by index
  std::map<memory::RefId, RecordedRef> refs_;  // by id
  uint64_t version_ = 0;
};

struct ReplayReport {
  int64_t steps = 0;      // steps re-run and compared
  int64_t keyframes = 0;  // keyframe snapshots compared
  int64_t mutations = 0;  // journal entries compared
};

// Re-runs `recording` and compares as described above. Errors:
// FailedPrecondition "step S (line L): ..." at the first difference; the
// recording's own load error is not repeated here (the caller reports it).
absl::StatusOr<ReplayReport> ReplayRecording(const Recording& recording);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_REPLAY_H_
