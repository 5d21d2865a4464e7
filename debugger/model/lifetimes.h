// RefLifetimes: the step each ref was created at and the step it was
// released at, over a whole Timeline (docs/spec/debugger.md §2.3: the
// memory table's Created and Released columns).
//
// Ref ids are generational, so an id names one allocation for the whole
// session: its lifetime is the first step it is present in and the first
// later step it is gone from. The index follows the timeline as it grows,
// comparing only the ids of each new step with the step before it (a merge
// of two sorted lists, no value is compared), and starts over when the
// timeline was cleared (reset, another file). Refs released more than
// kKeepReleasedSteps steps before the newest step are forgotten (Of gives
// {-1, -1} for them), so the index holds the live refs and the recently
// released ones, not every allocation of a long session.
//
//   RefLifetimes lifetimes;
//   lifetimes.Update(driver.history());
//   RefLifetime l = lifetimes.Of(ref);   // l.created, l.released (-1: alive)
#ifndef WOD_DEBUGGER_MODEL_LIFETIMES_H_
#define WOD_DEBUGGER_MODEL_LIFETIMES_H_

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "debugger/model/frame.h"
#include "debugger/model/timeline.h"

namespace wod::debugger {

struct RefLifetime {
  int64_t created = -1;   // first step the ref is live in; -1 = unknown
  int64_t released = -1;  // first step it is gone again; -1 = still live
};

class RefLifetimes {
 public:
  static constexpr int64_t kKeepReleasedSteps = 4096;

  // Catches up with `timeline`: reads only the steps appended since the
  // last call (or all of them after a Clear of the timeline).
  void Update(const Timeline& timeline);
  // The lifetime of `id`; {-1, -1} when no step seen so far holds it.
  [[nodiscard]] RefLifetime Of(RefKey id) const;
  // How many steps the index has read.
  [[nodiscard]] size_t steps() const { return steps_; }

 private:
  void Prune();

  std::unordered_map<uint64_t, RefLifetime> lifetimes_;
  size_t steps_ = 0;
  FramePtr last_;               // the newest step read
  uint64_t first_version_ = 0;  // version of step 0 when it was read
  size_t prune_at_ = 0;         // index size that triggers the next prune
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_LIFETIMES_H_
