// The value types of block state kept in RuntimeMemory
// (docs/spec/runtime.md §4.4 "Timer state", §11.1).
//
// Every piece of block state — timer spans, round counters, child cursors,
// display metrics, labels, results — is one of these plain values, stored
// under the block's key with a MemoryTag, so the debugger sees all of it.
// `StateTypeInfo<T>()` describes each type once for the memory (display name,
// formatter, equality).
//
//   TimerState timer = TimerState::Countdown(60'000, now);
//   timer.Elapsed(now + 1500);  // 1500
#ifndef WOD_RUNTIME_BLOCK_STATE_H_
#define WOD_RUNTIME_BLOCK_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memory/ref_id.h"
#include "memory/type_info.h"
#include "runtime/completion_reason.h"
#include "runtime/record.h"

namespace wod::runtime {

// One timer span; an open span (no end) is running
// (docs/spec/runtime.md §4.4).
struct TimeSpan {
  int64_t start_ms = 0;
  std::optional<int64_t> end_ms;
  bool operator==(const TimeSpan&) const = default;
};

enum class TimerDirection { kUp, kDown };
// Only primary timers are shown in traces (scenarios/README.md).
enum class TimerRole { kPrimary, kSecondary, kAuto };

struct TimerState {
  std::vector<TimeSpan> spans;
  std::optional<int64_t> duration_ms;  // countdown only
  TimerDirection direction = TimerDirection::kUp;
  TimerRole role = TimerRole::kPrimary;

  bool operator==(const TimerState&) const = default;

  static TimerState Start(TimerDirection direction, TimerRole role,
                          std::optional<int64_t> duration_ms, int64_t now);
  // Σ(end − start), open spans measured to `now`
  // (docs/spec/runtime.md §4 "Elapsed"; §13.33: the runtime's clock, never the
  // wall clock).
  [[nodiscard]] int64_t Elapsed(int64_t now) const;
  // Last end − first start, pauses included (docs/spec/runtime.md §4 "Total").
  [[nodiscard]] int64_t Total(int64_t now) const;
  [[nodiscard]] bool running() const {
    return !spans.empty() && !spans.back().end_ms.has_value();
  }
  // Closes the open span (pause, unmount); no-op when already closed.
  void Stop(int64_t now);
  // Opens a new span (resume); no-op when already running.
  void Resume(int64_t now);
  // Restarts with one new open span (EMOM reset-interval,
  // docs/spec/runtime.md §4: overshoot is dropped).
  void Restart(int64_t now);
};

struct RoundState {
  int64_t current = 1;
  std::optional<int64_t> total;  // nullopt = unbounded (AMRAP)
  bool operator==(const RoundState&) const = default;
};

// Child selection cursor (docs/spec/runtime.md §9.1 ChildSelection,
// `children:status`).
struct ChildCursor {
  int next_group = 0;  // index of the next group to dispatch
  int total_groups = 0;
  bool rest_active = false;      // an injected Rest is on top of the block
  uint64_t last_round_turn = 0;  // turn of the last round advance
  int64_t rounds_this_turn = 0;  // round advances in `last_round_turn`
  bool operator==(const ChildCursor&) const = default;
};

// The metrics of one display group (one statement), as segments print them.
struct MetricGroup {
  SegmentMetrics metrics;
  // Σ reps, 1 if none (split segments, docs/spec/runtime.md §10.4).
  double weight = 1;
  bool operator==(const MetricGroup& other) const {
    return metrics.rep == other.metrics.rep &&
           metrics.resistance == other.metrics.resistance &&
           metrics.distance == other.metrics.distance && weight == other.weight;
  }
};

struct DisplayMetrics {
  std::vector<MetricGroup> groups;
  bool operator==(const DisplayMetrics&) const = default;
};

// What a popped block reports (`metric:result`): one entry per segment.
struct ResultEntry {
  int64_t elapsed_ms = 0;
  int64_t total_ms = 0;
  SegmentMetrics metrics;
  std::optional<RoundValue> round;
  bool operator==(const ResultEntry& other) const {
    return elapsed_ms == other.elapsed_ms && total_ms == other.total_ms &&
           metrics.rep == other.metrics.rep &&
           metrics.resistance == other.metrics.resistance &&
           metrics.distance == other.metrics.distance &&
           round.has_value() == other.round.has_value() &&
           (!round.has_value() || (round->current == other.round->current &&
                                   round->total == other.round->total));
  }
};

struct ResultState {
  std::vector<ResultEntry> entries;
  bool operator==(const ResultState&) const = default;
};

// The TypeInfo of each state type (display name, formatter, equality).
template <typename T>
memory::TypeInfo StateTypeInfo();

template <>
memory::TypeInfo StateTypeInfo<TimerState>();
template <>
memory::TypeInfo StateTypeInfo<RoundState>();
template <>
memory::TypeInfo StateTypeInfo<ChildCursor>();
template <>
memory::TypeInfo StateTypeInfo<DisplayMetrics>();
template <>
memory::TypeInfo StateTypeInfo<ResultState>();
template <>
memory::TypeInfo StateTypeInfo<CompletionReason>();
template <>
memory::TypeInfo StateTypeInfo<std::string>();
template <>
memory::TypeInfo StateTypeInfo<int64_t>();

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_BLOCK_STATE_H_
