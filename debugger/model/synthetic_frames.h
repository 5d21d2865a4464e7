// SyntheticFrames: deterministic Frames of any size, for tests, the bench
// and `wod-debug --demo N`.
//
// Builds a session-like picture without a runtime: a stack of blocks
// (SessionRoot, Rounds, Timer, effort), each owning refs of several types
// (round, timer, metric, label, span) with parent/child links, plus a few
// records per step. `Step()` advances it the way ticks and pushes would:
// some values change, now and then a block is pushed or popped.
//
//   SyntheticFrames gen(/*refs=*/10000);
//   FramePtr f0 = gen.Current();
//   FramePtr f1 = gen.Step();
#ifndef WOD_DEBUGGER_MODEL_SYNTHETIC_FRAMES_H_
#define WOD_DEBUGGER_MODEL_SYNTHETIC_FRAMES_H_

#include <cstddef>
#include <cstdint>

#include "debugger/model/frame.h"

namespace wod::debugger {

class SyntheticFrames {
 public:
  // `refs`: about how many live refs each frame holds (at least a dozen).
  // `changes_per_step`: values changed by each Step(). Versions start at
  // `first_version`, so a generator that replaces another (a reset) never
  // reuses a version the window has cached.
  explicit SyntheticFrames(size_t refs, size_t changes_per_step = 8,
                           uint64_t first_version = 1);
  // The version of Current().
  [[nodiscard]] uint64_t version() const { return version_; }

  [[nodiscard]] FramePtr Current() const { return current_; }
  // The next step; every 10th step pops the top block and pushes a new one.
  FramePtr Step();

 private:
  void PushBlock(const char* kind, const char* label, int line, size_t refs);
  void PopTop();
  RefKey NewRef(uint32_t type, uint32_t owner, RefKey parent,
                std::string value);

  Frame frame_;
  FramePtr current_;
  size_t target_refs_;
  size_t changes_per_step_;
  uint32_t next_index_ = 1;
  uint64_t next_owner_ = 1;
  uint64_t version_ = 1;
  uint64_t rng_ = 0x9e3779b97f4a7c15ull;  // deterministic, per instance
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_SYNTHETIC_FRAMES_H_
