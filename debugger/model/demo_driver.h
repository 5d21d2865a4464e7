// DemoDriver: a Driver over SyntheticFrames (`wod-debug --demo N`, bench).
//
// Every "next" or tick produces one synthetic step; real time feeds one
// step per tick_ms of (wall time × speed). It exercises every panel at any
// size without a script, which is what the 100,000-ref screenshot and the
// bench use. Each synthetic step is played into a real memory::RuntimeMemory
// (owners created and retired, refs allocated, changed and released) and
// published with runtime::PublicationBuilder, so the demo feeds the history
// exactly as a live session does (docs/spec/debugger.md §2.7).
//
//   DemoDriver driver(100000);
//   driver.Handle(Intent::Of(Intent::Kind::kStart));
#ifndef WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_
#define WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "debugger/model/driver.h"
#include "debugger/model/synthetic_frames.h"
#include "memory/runtime_memory.h"
#include "runtime/publication.h"

namespace wod::debugger {

// Plays successive Frames into a real memory and publishes each one: the
// demo's bridge from synthetic pictures to publications.
class FrameMirror {
 public:
  FrameMirror();
  // The publication of `frame`, the memory having changed from the
  // previous frame to it. Ids are the memory's own, not the frame's.
  [[nodiscard]] runtime::Publication Publish(FramePtr frame);

 private:
  std::unique_ptr<memory::RuntimeMemory> memory_;
  std::vector<memory::TypeTag<std::string>> types_;
  std::map<RefKey, memory::RefId> refs_;
  std::map<OwnerKey, memory::OwnerId> owners_;
  FramePtr previous_;
  std::unique_ptr<runtime::PublicationBuilder> builder_;
};

class DemoDriver : public Driver {
 public:
  explicit DemoDriver(size_t refs);

  void Handle(const Intent& intent) override;

 private:
  void Tick(int64_t /*ms*/) override { StepOnce(); }
  void StepOnce();

  size_t refs_;
  SyntheticFrames gen_;
  std::unique_ptr<FrameMirror> mirror_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DEMO_DRIVER_H_
