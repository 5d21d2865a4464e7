// LiveRunner: a Driver on its own thread; the UI reads its publications.
//
// Live inspection across threads (docs/spec/debugger.md §3): the runtime
// (inside the Driver) belongs to the runner's thread. The UI thread never
// touches it: it posts intents, receives the publication of every step
// through memory's Publisher (the SnapshotPublisher handoff, queued: the
// immutable publications are shared, never copied) and appends them to its
// own PublicationTimeline, and takes a copy of the status under a
// std::mutex (std primitives only: Abseil's are invisible to TSan). Real
// time comes from an injected clock, the steady clock in wod-debug and a
// hand-advanced one in tests, so tests are not timing-dependent.
//
//   LiveRunner runner(std::move(driver), SteadyClockMs);
//   runner.Post(Intent::Of(Intent::Kind::kRun));
//   for (auto& p : runner.publications().Drain()) {   // on the UI thread
//     if (p == nullptr) ui_history.Clear();           // reset / other file
//     else ui_history.AppendPublication(*p);
//   }
//   LiveRunner::Published status = runner.Take();
#ifndef WOD_DEBUGGER_MODEL_LIVE_RUNNER_H_
#define WOD_DEBUGGER_MODEL_LIVE_RUNNER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "debugger/model/driver.h"
#include "memory/snapshot_publisher.h"
#include "runtime/publication.h"

namespace wod::debugger {

// Milliseconds from std::chrono::steady_clock.
int64_t SteadyClockMs();

class LiveRunner {
 public:
  using Clock = std::function<int64_t()>;  // called on the runner's thread

  // The status side of the handoff (the steps go through publications()).
  struct Published {
    SessionStatus status;
    std::vector<std::string> lifecycle;
  };
  using Publications = memory::Publisher<runtime::Publication>;

  // Starts the thread. `poll_ms` is how often the thread reads the clock
  // while running in real time.
  LiveRunner(std::unique_ptr<Driver> driver, Clock clock, int poll_ms = 5);
  ~LiveRunner();  // stops and joins the thread
  LiveRunner(const LiveRunner&) = delete;
  LiveRunner& operator=(const LiveRunner&) = delete;

  // Queues an intent for the runner's thread (session intents only).
  void Post(Intent intent);
  void SetWatches(std::vector<Watch> watches);
  // The status and lifecycle as last published. Never blocks on the
  // runtime.
  [[nodiscard]] Published Take();
  // Every step's publication, in order; nullptr when the history restarted.
  [[nodiscard]] Publications& publications() { return publications_; }
  // Blocks until at least `count` steps were published in total, or the
  // timeout (wall time) passes; returns whether the count was reached.
  bool WaitForFrames(uint64_t count, int timeout_ms);
  // Blocks until the published status is in `state`, or the timeout.
  bool WaitForState(RunState state, int timeout_ms);
  // Wakes the thread so it reads the clock now (tests advance their clock
  // and call this instead of waiting for the next poll).
  void Wake();

 private:
  void Loop();
  void PublishLocked();  // REQUIRES: mu_ held

  std::unique_ptr<Driver> driver_;  // touched only by the runner's thread
  Clock clock_;
  int poll_ms_;

  std::mutex mu_;
  std::condition_variable wake_;       // the runner waits on it
  std::condition_variable published_;  // WaitForFrames waits on it
  bool stop_ = false;
  bool woken_ = false;
  std::vector<Intent> inbox_;
  std::vector<Watch> watches_;
  bool watches_dirty_ = false;
  Published out_;
  uint64_t steps_ = 0;  // publications handed over (resets not counted)
  Publications publications_{Publications::kQueue};

  std::thread thread_;  // last: starts after everything above exists
};

// The UI thread's side of a LiveRunner, as a Driver: intents are posted to
// the runner, `Update` drains the publications and appends them to the
// UI-side history (snapshots and deltas are shared, immutable). The window
// cannot tell it from a driver on its own thread.
class LiveDriver : public Driver {
 public:
  LiveDriver(std::unique_ptr<Driver> driver, LiveRunner::Clock clock,
             int poll_ms = 5);

  void Handle(const Intent& intent) override { runner_.Post(intent); }
  // Ignores `real_ms`: the runner reads its own clock. Takes the steps.
  void Update(int64_t real_ms) override;
  // Forwards the list to the runner's thread when it changed.
  void SetWatches(const std::vector<Watch>& watches) override;
  LiveRunner& runner() { return runner_; }

 private:
  LiveRunner runner_;  // last: its thread starts once the rest exists
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_LIVE_RUNNER_H_
