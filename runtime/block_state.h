// The value types of block state kept in RuntimeMemory
// (docs/spec/runtime.md §4.4 "Timer state", §11.1).
//
// Every piece of block state — timer spans, round counters, child cursors,
// display metrics, labels, results — is one of these plain values, stored
// under the block's key with a MemoryTag, so the debugger sees all of it.
// Hierarchical state is stored as a tree of entries: a timer's spans under
// the timer, the current round's results under the round counter
// (docs/spec/design.md §2). `StateTypeInfo<T>()` describes each type once for
// the memory: display name, formatter, equality, one named field per leaf
// (the inspector and watch conditions: `round.current`, `time:span.end_ms`,
// `metric:result.entries[0].elapsed_ms`) and a text form that Parse reads
// back exactly, so a recording or an attached debugger rebuilds the same
// typed values (docs/spec/runtime.md §11.4).
//
//   TimerReading timer{TimerState{60'000, TimerDirection::kDown}, {{0, {}}}};
//   timer.Elapsed(1500);  // 1500
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
// (docs/spec/runtime.md §4.4). Each span is its own `time:span` entry, a
// child of the timer's `time` entry: a pause closes the open span, a resume
// adds one, an EMOM interval restart releases them all and opens a new one.
struct TimeSpan {
  int64_t start_ms = 0;
  std::optional<int64_t> end_ms;
  bool operator==(const TimeSpan&) const = default;
};

enum class TimerDirection { kUp, kDown };
// Only primary timers are shown in traces (scenarios/README.md).
enum class TimerRole { kPrimary, kSecondary, kAuto };

// What the `time` entry holds: the timer's fixed configuration. Its spans
// are the entry's children, so the debugger shows the timer as a tree.
struct TimerState {
  std::optional<int64_t> duration_ms;  // countdown only
  TimerDirection direction = TimerDirection::kUp;
  TimerRole role = TimerRole::kPrimary;

  bool operator==(const TimerState&) const = default;
};

// A timer as read back from memory: its configuration and its spans, in
// start order. The arithmetic of docs/spec/runtime.md §4.4 lives here.
//
//   TimerReading t{TimerState{60'000, TimerDirection::kDown}, {{0, 500}}};
//   t.Elapsed(900);  // 500
struct TimerReading {
  TimerState state;
  std::vector<TimeSpan> spans;

  // Σ(end − start), open spans measured to `now`
  // (docs/spec/runtime.md §4 "Elapsed"; §13.33: the runtime's clock, never the
  // wall clock).
  [[nodiscard]] int64_t Elapsed(int64_t now) const;
  // Last end − first start, pauses included (docs/spec/runtime.md §4 "Total").
  [[nodiscard]] int64_t Total(int64_t now) const;
  [[nodiscard]] bool running() const {
    return !spans.empty() && !spans.back().end_ms.has_value();
  }
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

// One segment a child block reported when it popped, kept as a `round:result`
// child of its container's `round` entry until the next round starts (the
// segment record keeps the value for good, docs/spec/runtime.md §10).
struct RoundResult {
  std::string label;
  ResultEntry entry;
  bool operator==(const RoundResult&) const = default;
};

// The TypeInfo of each state type (display name, formatter, equality,
// fields, serialize/parse; Parse(Serialize(v)) == v for every value).
template <typename T>
memory::TypeInfo StateTypeInfo();

template <>
memory::TypeInfo StateTypeInfo<TimerState>();
template <>
memory::TypeInfo StateTypeInfo<TimeSpan>();
template <>
memory::TypeInfo StateTypeInfo<RoundResult>();
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
