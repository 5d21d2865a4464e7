// SessionSink: the one output path of a running session.
//
// A runtime emits records (pushes, pops, segment results, milestones, sounds,
// runtime errors) while a turn runs, and a session completes one step per
// command. Everything a host, a recording or a debugger learns about a run
// reaches it through this interface, as typed values: a `Record` carries its
// kind, time, emitting block, completion reason, durations, metrics and
// round counter as fields (docs/spec/runtime.md §10), and a `TraceStep` is
// the row a step table shows (docs/spec/step-trace.md §2).
//
// Callbacks run on the thread that drives the session, synchronously, in
// emission order: the records of a step first (each as soon as it is
// emitted, inside the turn), then `OnStep` for the step, then
// `OnSessionEnd` once, for the step at which the stack became empty. A sink
// that asks for publications also gets `OnPublication` before each `OnStep`.
// A sink
// only observes: it must not drive the session it listens to from inside a
// callback (post the command and send it after the call returns).
//
//   class Cues : public wod::runtime::SessionSink {
//     void OnSound(const Record& r) override { Beep(r.sound); }
//     void OnSegment(const Record& r) override { Show(r.label, r.elapsed_ms); }
//   };
#ifndef WOD_RUNTIME_SESSION_SINK_H_
#define WOD_RUNTIME_SESSION_SINK_H_

#include <cstdint>

#include "runtime/publication.h"
#include "runtime/record.h"
#include "runtime/step_trace.h"

namespace wod::runtime {

class SessionSink {
 public:
  virtual ~SessionSink() = default;

  // Every record, as it is emitted. The default dispatches on the kind to
  // the typed callbacks below; override it to receive all records in one
  // place (a recording does).
  virtual void OnRecord(const Record& record);

  // A block was pushed (`label`, `level` = depth after the push).
  virtual void OnPush(const Record& /*record*/) {}
  // A block was popped (`reason`, `level` = depth after the pop).
  virtual void OnPop(const Record& /*record*/) {}
  // A result: `label`, `segment_kind`, `reason`, `elapsed_ms`, `total_ms`,
  // `metrics`, `round` (docs/spec/runtime.md §10).
  virtual void OnSegment(const Record& /*record*/) {}
  // A round boundary of a loop: `label`, `round`, `elapsed_ms` when the loop
  // is timed.
  virtual void OnMilestone(const Record& /*record*/) {}
  // A cue: `sound` ("beep", "complete", …) and, for countdown beeps, the
  // seconds remaining in `sound_second`.
  virtual void OnSound(const Record& /*record*/) {}
  // A runtime error (`error`; RuntimeErrorMessage gives its text). The
  // session goes on: errors are data, never exceptions.
  virtual void OnError(const Record& /*record*/) {}

  // One step has completed (one command, or the start of the session).
  virtual void OnStep(const TraceStep& /*step*/) {}
  // The stack became empty during `last` (the session ended or was aborted).
  virtual void OnSessionEnd(const TraceStep& /*last*/) {}

  // Publications (runtime/publication.h): the step's trace row plus a memory
  // delta or keyframe, delivered right before `OnStep`. Only a sink that
  // asks for them gets them, since each costs a snapshot of the memory:
  // return the keyframe interval K (>= 1) from PublicationKeyframeInterval
  // to receive one per step (docs/spec/recording.md §3).
  [[nodiscard]] virtual int64_t PublicationKeyframeInterval() const {
    return 0;
  }
  virtual void OnPublication(const Publication& /*publication*/) {}
  // Asked before each publication is built, so a sink with nobody to hand
  // publications to costs nothing per step (an attach endpoint with no
  // client, docs/attach.md): false skips this step's publication, no
  // snapshot is taken, and the next one built is a keyframe. True with
  // `keyframe` set asks for a keyframe now (a reader that must resync).
  struct PublicationDemand {
    bool wanted = true;
    bool keyframe = false;
  };
  [[nodiscard]] virtual PublicationDemand DemandPublication() const {
    return {};
  }
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_SESSION_SINK_H_
