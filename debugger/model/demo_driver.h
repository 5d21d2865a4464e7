// DemoDriver: a Driver over SyntheticFrames (`wod-debug --demo N`, bench).
//
// Every "next" or tick produces one synthetic step; real time feeds one
// step per tick_ms of (wall time × speed). It exercises every panel at any
// size without a runtime, which is what the 100,000-ref screenshot and the
// bench use.
//
//   DemoDriver driver(100000);
//   driver.Handle(Intent::Of(Intent::Kind::kStart));
#ifndef WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_
#define WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "debugger/model/driver.h"
#include "debugger/model/synthetic_frames.h"

namespace wod::debugger {

class DemoDriver : public Driver {
 public:
  explicit DemoDriver(size_t refs);

  void Handle(const Intent& intent) override;
  void Update(int64_t real_ms) override;
  void SetWatches(const std::vector<Watch>& watches) override {
    watches_ = watches;
  }
  [[nodiscard]] const FrameHistory& history() const override {
    return history_;
  }
  [[nodiscard]] const SessionStatus& status() const override { return status_; }
  [[nodiscard]] const std::vector<std::string>& lifecycle() const override {
    return lifecycle_;
  }

 private:
  void StepOnce();

  size_t refs_;
  SyntheticFrames gen_;
  FrameHistory history_;
  SessionStatus status_;
  std::vector<Watch> watches_;
  std::vector<std::string> lifecycle_;
  int64_t pending_ms_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_
