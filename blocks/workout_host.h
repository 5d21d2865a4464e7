// WorkoutHost: a workout run for real, from the host's own loop.
//
// `WorkoutSession` is the deterministic mode: the caller moves a virtual
// clock with `tick N` commands, so tests and step tables are exact.
// `WorkoutHost` wraps one session for an app that runs a workout in front of
// an athlete: it turns the real time that passed between calls into ticks
// (scaled by `speed`), sends the athlete's events (next, pause, resume,
// abort) at the instant they were made, and hands every output to a
// `runtime::SessionSink` (cues, segment results, milestones, runtime errors,
// each step, the end of the session).
//
// Time: pass "now" to each call (a host with its own frame clock, and tests),
// or call the overloads without it, which read `std::chrono::steady_clock`
// (the host then owns no clock). Time never runs backwards: a `now` earlier
// than the last one is taken as the last one.
//
// Threads: a WorkoutHost, its session and its runtime belong to the thread
// that calls them; sink callbacks run on that thread, inside the call. A UI
// thread never reads live memory: publish from the sink, e.g.
//
//   void OnStep(const TraceStep&) override {
//     publisher.Publish(host->session().runtime().memory().Snapshot());
//   }
//
// and read `publisher.Latest()` from the UI thread
// (memory/snapshot_publisher.h).
//
//   WOD_ASSIGN_OR_RETURN(auto host, WorkoutHost::Create(text, {&sink}));
//   host->Start();
//   while (!host->ended()) {
//     if (UserPressedNext()) host->Next();
//     host->Tick();
//     SleepFor(16ms);
//   }
#ifndef WOD_BLOCKS_WORKOUT_HOST_H_
#define WOD_BLOCKS_WORKOUT_HOST_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "runtime/session_sink.h"
#include "runtime/step_trace.h"

namespace wod::blocks {

struct WorkoutHostOptions {
  // Receives every output; may be null (then read `last_step()`).
  runtime::SessionSink* sink = nullptr;
  // Workout milliseconds per real millisecond: 1 is real time, 100 runs a
  // `:03` timer in 30 ms of real time (demos, tests). Must be finite and in
  // (0, 1e6].
  double speed = 1.0;
};

class WorkoutHost {
 public:
  using Clock = std::chrono::steady_clock;

  // Parses and compiles `source` (parse diagnostics are in
  // `session().parsed()`); InvalidArgument for a bad `speed`.
  static absl::StatusOr<std::unique_ptr<WorkoutHost>> Create(
      std::string_view source, WorkoutHostOptions options = {});

  WorkoutHost(const WorkoutHost&) = delete;
  WorkoutHost& operator=(const WorkoutHost&) = delete;

  // Starts the session at `now` (row 0 of its trace). Later calls do
  // nothing. Every other call starts the session first if needed.
  void Start(Clock::time_point now);
  void Start() { Start(Clock::now()); }

  // Feeds the time since the last call as one tick (none when no whole
  // workout millisecond has passed). Returns false once the session ended.
  bool Tick(Clock::time_point now);
  bool Tick() { return Tick(Clock::now()); }

  // The athlete's events. Each feeds the elapsed time first, so the event
  // acts at the instant it was made; after the end they do nothing.
  void Next(Clock::time_point now);
  void Next() { Next(Clock::now()); }
  void Pause(Clock::time_point now);
  void Pause() { Pause(Clock::now()); }
  void Resume(Clock::time_point now);
  void Resume() { Resume(Clock::now()); }
  void Abort(Clock::time_point now);
  void Abort() { Abort(Clock::now()); }

  // Picks alternative `alternative` (1-based) of the pending choice before
  // its line starts (`3|5 Pullups`: 2 runs 5 Pullups;
  // docs/spec/runtime.md §15). FailedPrecondition when no choice is pending,
  // OutOfRange when it has fewer alternatives; nothing is sent then.
  absl::Status Choose(int alternative, Clock::time_point now);
  absl::Status Choose(int alternative) {
    return Choose(alternative, Clock::now());
  }
  // The choice the next Choose settles, or nullopt
  // (docs/spec/runtime.md §15).
  [[nodiscard]] std::optional<PendingChoice> pending_choice() const {
    return session_->PendingChoiceToSettle();
  }

  // True once the stack has become empty (the workout ended or was aborted).
  [[nodiscard]] bool ended() const { return ended_; }
  // True when the active (top) block is paused.
  [[nodiscard]] bool paused() const;
  // Workout time since the start, in ms (real time × speed).
  [[nodiscard]] int64_t elapsed_ms() const { return last_.t_ms; }
  // The latest step (the stack as it stands, what it emitted).
  [[nodiscard]] const runtime::TraceStep& last_step() const { return last_; }
  [[nodiscard]] const WorkoutSession& session() const { return *session_; }

 private:
  WorkoutHost(std::unique_ptr<WorkoutSession> session, double speed);

  void Feed(Clock::time_point now);
  void Send(const runtime::StepCommand& command);

  std::unique_ptr<WorkoutSession> session_;
  double speed_;
  bool started_ = false;
  bool ended_ = false;
  Clock::time_point start_{};
  int64_t fed_ms_ = 0;  // workout time already given to the session
  runtime::TraceStep last_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_WORKOUT_HOST_H_
