// WorkoutSession: one script compiled and driven, step by step.
//
// The embedding API of the interpreter: parse a script, compile it onto a
// fresh ScriptRuntime with a VirtualClock, start the session (row 0 of a step
// table) and apply commands. Every call returns the TraceStep the step tables
// show. wod-run, the scenario verifier, the debugger and the tests all drive
// scripts through this one class, so they cannot disagree.
//
//   WOD_ASSIGN_OR_RETURN(auto session, WorkoutSession::Create(text));
//   TraceStep row0 = session->Start();
//   TraceStep row1 = session->Apply(command);
#ifndef WOD_BLOCKS_WORKOUT_SESSION_H_
#define WOD_BLOCKS_WORKOUT_SESSION_H_

#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "blocks/choice_book.h"
#include "blocks/parser.h"
#include "memory/mutation_observer.h"
#include "runtime/session_sink.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::runtime {
class ScriptRuntime;
}  // namespace wod::runtime

namespace wod::blocks {

class WorkoutSession {
 public:
  // Parses and compiles `source`. Parse errors are data of the session (the
  // reference engine runs an unparseable script as an empty one); only API
  // misuse fails here.
  static absl::StatusOr<std::unique_ptr<WorkoutSession>> Create(
      std::string_view source);

  virtual ~WorkoutSession() = default;

  // Runs the implicit row 0 (startSession). Called once, first; a second
  // call pushes nothing and returns an empty row. `Apply` before `Start`
  // starts the session first.
  virtual runtime::TraceStep Start() = 0;
  // Runs one command to completion and returns its row. `tick N` advances
  // the session's VirtualClock by N ms then dispatches a tick; `advance N`
  // only moves the clock; `event NAME` dispatches NAME (`next` and `abort`
  // included); `choose N` settles the pending choice on its alternative N
  // (a runtime error record when there is none or N is out of range).
  virtual runtime::TraceStep Apply(const runtime::StepCommand& command) = 0;

  // Attaches (nullptr detaches) an observer of every memory mutation (the
  // recording journal, blocks/recording.h). Attach before Start() to see
  // the whole session; observing never changes the trace.
  virtual void AttachMemoryObserver(memory::MutationObserver* observer) = 0;

  // Attaches (nullptr detaches) the session's output sink: every record as
  // it is emitted, every completed step, and the end of the session
  // (runtime/session_sink.h). Attach before Start() to see the whole
  // session; listening never changes the trace. A sink that asks for
  // publications (SessionSink::PublicationKeyframeInterval) also receives
  // one per step, the first a keyframe.
  virtual void AttachSink(runtime::SessionSink* sink) = 0;

  // The runtime, for snapshots, records, CheckInvariants and the debugger
  // (const reads only).
  [[nodiscard]] virtual const runtime::ScriptRuntime& runtime() const = 0;
  // The parse result (statements and line:column diagnostics).
  [[nodiscard]] virtual const ParseResult& parsed() const = 0;
  // The choice the next `choose N` command settles (its line, its
  // alternatives' images, the one selected so far), or nullopt when none is
  // pending (docs/spec/runtime.md §15).
  [[nodiscard]] virtual std::optional<PendingChoice> PendingChoiceToSettle()
      const = 0;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_WORKOUT_SESSION_H_
