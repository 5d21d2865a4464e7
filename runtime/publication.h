// Publication: what one step of a session publishes — the trace row, plus
// the memory as a delta since the previous publication or as a keyframe.
//
// It is the one debug pipeline (docs/spec/recording.md §3): a recording is
// publications serialized one per line, replay rebuilds and compares them,
// and a host receives them through its SessionSink (OnPublication). The
// memory half is memory's own snapshot machinery (memory/memory_snapshot.h):
// a keyframe is the pooled MemorySnapshot of the step, a delta is
// `memory::Diff` against the previous publication's snapshot, which
// `memory::Apply` turns back into the snapshot.
//
// Owners follow the same rule as refs, so publications stay small however
// long the session runs (docs/spec/recording.md §4):
//   - `owners` holds the metadata of the owners that appear (or whose
//     metadata changed) since the previous publication; a keyframe holds
//     every live owner;
//   - `retired` names each owner retired during the step, with its metadata,
//     so history can still name it after the memory forgot it (the runtime
//     forgets it at the next step); a keyframe names every retired owner the
//     memory still holds, so it stands alone;
//   - `forgotten` lists owners whose records the memory dropped.
//
//   PublicationBuilder builder(runtime.memory(), {.keyframe_interval = 16});
//   TraceStep row = session->Apply(next);
//   Publication p = builder.Build(row);   // p.keyframe on steps 0, 16, ...
//   sink->OnPublication(p);
#ifndef WOD_RUNTIME_PUBLICATION_H_
#define WOD_RUNTIME_PUBLICATION_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "memory/memory_snapshot.h"
#include "memory/owner_info.h"
#include "memory/runtime_memory.h"
#include "runtime/step_trace.h"

namespace wod::runtime {

inline constexpr int64_t kDefaultKeyframeInterval = 16;

struct Publication {
  TraceStep trace;
  // True: `snapshot` is the whole state (live refs and live owners only).
  // False: `delta` holds what changed since the previous publication.
  bool keyframe = false;
  // The memory after the step (always set). On a delta step it equals
  // memory::Apply(previous snapshot, delta).
  std::shared_ptr<const memory::MemorySnapshot> snapshot;
  // Since the previous publication's snapshot (empty on a keyframe).
  memory::SnapshotDelta delta;
  // Owners that appeared or changed while live (keyframe: every live owner),
  // by index.
  std::vector<memory::OwnerRecord> owners;
  // Owners retired during the step (keyframe: every retired owner the
  // memory still holds), with their metadata, by index.
  std::vector<memory::OwnerRecord> retired;
  // Owners whose retired record the memory dropped (ForgetOwner), by index.
  std::vector<memory::OwnerId> forgotten;
  // Live refs and heap bytes of the whole memory after the step.
  memory::UsageStats usage;
};

class PublicationBuilder {
 public:
  struct Options {
    // A keyframe every this many steps (step index % K == 0), plus the step
    // that ends the session. Values below 1 count as 1.
    int64_t keyframe_interval = kDefaultKeyframeInterval;
  };

  // `memory` must outlive the builder.
  PublicationBuilder(const memory::RuntimeMemory& memory, Options options);
  explicit PublicationBuilder(const memory::RuntimeMemory& memory)
      : PublicationBuilder(memory, Options{}) {}

  // The publication of a step that just completed. The first one is always
  // a keyframe.
  [[nodiscard]] Publication Build(const TraceStep& step);

  // Forgets the previous publication: the next Build is a keyframe (a
  // reader that skipped steps, or that must resync, starts from it).
  void Reset() { previous_.reset(); }

  [[nodiscard]] int64_t keyframe_interval() const {
    return options_.keyframe_interval;
  }

 private:
  const memory::RuntimeMemory& memory_;
  Options options_;
  std::shared_ptr<const memory::MemorySnapshot> previous_;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_PUBLICATION_H_
