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

#include "debugger/model/driver.h"
#include "debugger/model/synthetic_frames.h"

namespace wod::debugger {

class DemoDriver : public Driver {
 public:
  explicit DemoDriver(size_t refs);

  void Handle(const Intent& intent) override;

 private:
  void Tick(int64_t /*ms*/) override { StepOnce(); }
  void StepOnce();

  size_t refs_;
  SyntheticFrames gen_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_
