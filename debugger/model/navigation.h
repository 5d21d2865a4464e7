// Navigation: where keyboard time travel goes in a Timeline.
//
// The window moves the history cursor by one step, to the previous or next
// step that emitted a record, to the previous or next change of a ref, to
// the previous or next watch hit, to a virtual time, or to a bookmark
// (docs/spec/debugger.md §2.7.1). Long sessions are mostly ticks in which
// nothing visible happens; StepFold marks those runs so stepping and the
// slider skip them. Everything here is plain C++ over the Timeline
// interface and returns a step index (or -1 for "none"): the panels turn
// it into a kSeek intent.
//
//   StepFold fold;
//   fold.Sync(timeline);
//   int64_t to = StepFrom(timeline, fold, shown, +1);
//   int64_t t = FindStepAtTime(timeline, *ParseClock("12:30"));
#ifndef WOD_DEBUGGER_MODEL_NAVIGATION_H_
#define WOD_DEBUGGER_MODEL_NAVIGATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "debugger/model/frame.h"
#include "debugger/model/timeline.h"
#include "debugger/model/watch.h"

namespace wod::debugger {

// True when step `index` is a tick in which nothing visible changed: its
// action is a tick, it emitted no record, and the stack depth, ref count
// and bytes equal the step before (only values of existing refs moved,
// such as a timer counting; docs/spec/debugger.md §2.7.2).
[[nodiscard]] bool IsQuietTick(const Timeline& timeline, size_t index);

// Which steps are folded away, kept in step with a growing Timeline (only
// new steps are examined). The last step of a quiet run and the newest
// step are never folded, so every run shows as its final state.
class StepFold {
 public:
  // Catches up with `timeline` (rebuilds after a reset or another file).
  void Sync(const Timeline& timeline);
  [[nodiscard]] bool folded(size_t index) const {
    return index + 1 < quiet_.size() && quiet_[index] && quiet_[index + 1];
  }
  // Steps shown when folding is on, ascending (listed on the first call,
  // then kept up to date by Sync: no per-frame walk over the whole
  // history, and no entry per step until someone asks).
  [[nodiscard]] const std::vector<int64_t>& VisibleSteps() const;
  // Steps folded away in total.
  [[nodiscard]] size_t folded_count() const { return folded_; }

 private:
  std::vector<bool> quiet_;  // IsQuietTick per step
  size_t folded_ = 0;
  // The list behind VisibleSteps, once asked for.
  mutable bool listed_ = false;
  mutable std::vector<int64_t> visible_;
  uint64_t first_version_ = 0;
};

// The step `dir` (+1 / -1) away from `shown`, skipping folded steps when
// `fold` is given; clamped to the timeline.
[[nodiscard]] int64_t StepFrom(const Timeline& timeline, const StepFold* fold,
                               int64_t shown, int dir);
// The nearest step before (dir -1) or after (+1) `shown` that emitted a
// record, or -1.
[[nodiscard]] int64_t NextRecordStep(const Timeline& timeline, int64_t shown,
                                     int dir);
// The nearest step before / after `shown` at which ref `id` was added or
// changed value, or -1.
[[nodiscard]] int64_t NextChangeOf(const Timeline& timeline, RefKey id,
                                   int64_t shown, int dir);
// The nearest step before / after `shown` at which one of the enabled
// `watches` fires (against the step before it), or -1. Each step examined
// is rebuilt from the timeline: the search is bounded by `max_steps`.
[[nodiscard]] int64_t NextWatchHit(const Timeline& timeline,
                                   const std::vector<Watch>& watches,
                                   int64_t shown, int dir,
                                   size_t max_steps = 100000);
// The first step whose virtual time is at or after `t_ms` (the last step
// when the session never got there), or -1 when the timeline is empty.
[[nodiscard]] int64_t FindStepAtTime(const Timeline& timeline, int64_t t_ms);
// "mm:ss", "m:ss", "h:mm:ss" or plain seconds → milliseconds.
[[nodiscard]] absl::StatusOr<int64_t> ParseClock(std::string_view text);
// The bookmark before / after `shown` in `sorted`, or -1.
[[nodiscard]] int64_t NextBookmark(const std::vector<int64_t>& sorted,
                                   int64_t shown, int dir);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_NAVIGATION_H_
