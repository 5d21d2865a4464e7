// Timeline: every step of a session as the debugger reads it, behind one
// interface.
//
// The drivers append the publication of each step (runtime/publication.h:
// the trace row plus a memory keyframe or delta) and the panels read steps
// back (the frame of any step, per-step summaries, the jump to a pop, a
// ref's value across steps). `PublicationTimeline` is the store behind it
// (docs/spec/debugger.md §2.7).
//
//   std::unique_ptr<Timeline> timeline =
//       std::make_unique<PublicationTimeline>();
//   timeline->AppendPublication(publication);
//   FramePtr past = timeline->At(0);
#ifndef WOD_DEBUGGER_MODEL_TIMELINE_H_
#define WOD_DEBUGGER_MODEL_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/frame.h"
#include "memory/memory_snapshot.h"
#include "runtime/publication.h"

namespace wod::debugger {

// Per-step figures kept for every step (records timeline, plot, jumps).
struct StepSummary {
  int64_t step = 0;
  std::string action;
  int64_t t_ms = 0;
  uint64_t version = 0;
  uint32_t ref_count = 0;
  uint64_t ref_bytes = 0;
  uint32_t depth = 0;
  std::vector<RecordRow> emitted;
};

class Timeline {
 public:
  virtual ~Timeline() = default;

  // Adds the next step; publications arrive in step order, the first one
  // (and the first after Clear) a keyframe.
  virtual void AppendPublication(const runtime::Publication& publication) = 0;
  // Forgets every step (reset, another file).
  virtual void Clear() = 0;

  [[nodiscard]] virtual size_t size() const = 0;
  [[nodiscard]] bool empty() const { return size() == 0; }
  // REQUIRES: index < size().
  [[nodiscard]] virtual const StepSummary& Summary(size_t index) const = 0;
  // The whole frame of step `index`. REQUIRES: index < size().
  [[nodiscard]] virtual FramePtr At(size_t index) const = 0;
  // The newest frame, or null when empty.
  [[nodiscard]] virtual FramePtr Latest() const = 0;
  // The memory of step `index` (for memory::DebugMemoryView queries), or
  // null when out of range.
  [[nodiscard]] virtual std::shared_ptr<const memory::MemorySnapshot>
  SnapshotAt(size_t index) const = 0;
  // The publication of step `index` as the store keeps it: the trace row,
  // the keyframe or delta, the snapshot after the step and the owners
  // retired during it (a history handed to another store, e.g. the UI
  // thread's). REQUIRES: index < size().
  [[nodiscard]] virtual runtime::Publication PublicationAt(
      size_t index) const = 0;
  // First step at or after `from` whose records pop the block `label`, or
  // -1.
  [[nodiscard]] virtual int64_t FindPop(const std::string& label,
                                        size_t from) const = 0;
  // (step, value) for every step at which `id` was added or changed value,
  // oldest first, at most `limit` entries (the newest ones).
  [[nodiscard]] virtual std::vector<std::pair<int64_t, std::string>>
  ValueChanges(RefKey id, size_t limit) const = 0;
  // The records of step `index` one at a time, for panels that list every
  // record of a long history: a store that keeps record texts outside
  // memory (RecordingTimeline) answers the count and kinds from memory and
  // reads a text only when asked. REQUIRES: index < size(), r <
  // RecordCount(index).
  [[nodiscard]] virtual size_t RecordCount(size_t index) const {
    return Summary(index).emitted.size();
  }
  [[nodiscard]] virtual std::string RecordKind(size_t index, size_t r) const {
    return Summary(index).emitted[r].kind;
  }
  [[nodiscard]] virtual std::string RecordText(size_t index, size_t r) const {
    return Summary(index).emitted[r].text;
  }
  // True when the store knows that every step after the first is numbered
  // one more than the step before (no hole to look for: FindGaps then
  // checks the first step only, instead of every summary each frame).
  [[nodiscard]] virtual bool StepsFollowEachOther() const { return false; }
  // Labels of the blocks popped so far, in first-pop order (the jump list).
  [[nodiscard]] virtual std::vector<std::string> PoppedLabels() const;
  // What the store holds, for the history panel's footer.
  [[nodiscard]] virtual size_t ByteSize() const = 0;
  [[nodiscard]] virtual size_t keyframe_count() const = 0;
};

// The first index whose summary is not `below` the target (a predicate on a
// StepSummary that holds for a prefix of the history: steps and virtual time
// never go back), by binary search; timeline.size() when all are below.
template <typename Below>
[[nodiscard]] size_t FirstSummaryNotBelow(const Timeline& timeline,
                                          Below below) {
  size_t lo = 0;
  size_t hi = timeline.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (below(timeline.Summary(mid))) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// A ref's value across steps as Timeline::ValueChanges reports it: fed the
// ref's state step by step, it keeps a (step, value) pair when the value
// changes and (step, "(released)") when the ref goes away.
class ValueChangeLog {
 public:
  // The ref holds `value` at `step`.
  void Seen(int64_t step, std::string value) {
    if (live_ && value == last_) return;
    changes_.emplace_back(step, value);
    last_ = std::move(value);
    live_ = true;
  }
  // The ref is gone at `step`.
  void Gone(int64_t step) {
    if (!live_) return;
    changes_.emplace_back(step, "(released)");
    live_ = false;
  }
  // The newest `limit` changes, oldest first.
  [[nodiscard]] std::vector<std::pair<int64_t, std::string>> Take(
      size_t limit) && {
    if (changes_.size() > limit) {
      changes_.erase(changes_.begin(),
                     changes_.end() - static_cast<std::ptrdiff_t>(limit));
    }
    return std::move(changes_);
  }

 private:
  std::vector<std::pair<int64_t, std::string>> changes_;
  std::string last_;
  bool live_ = false;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_TIMELINE_H_
