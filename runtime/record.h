// Records: what a runtime emits while it runs (docs/spec/runtime.md §10,
// docs/spec/step-trace.md §2.2).
//
// Records are appended to the runtime's record list whether or not anyone
// listens (docs/spec/runtime.md §13.32: a debugger that attaches late still
// sees the past). Each record is plain data; `ToTrace()` gives its exact trace
// text and the key/value fields the JSON lines output carries.
//
//   Record r = Record::Push(t, key, "5:00 Run", 2);
//   r.ToTrace().text;  // push "5:00 Run"
#ifndef WOD_RUNTIME_RECORD_H_
#define WOD_RUNTIME_RECORD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/enum_table.h"
#include "memory/ref_id.h"
#include "runtime/completion_reason.h"
#include "runtime/runtime_error.h"
#include "runtime/step_trace.h"

namespace wod::runtime {

enum class RecordKind {
  kPush = 0,
  kPop,
  kSegment,
  kMilestone,
  kSound,
  kError,
  kCount,
};

inline constexpr base::EnumTable<RecordKind> kRecordKindNames = {
    "push", "pop", "segment", "milestone", "sound", "error"};

static_assert(base::NoneEmpty(kRecordKindNames),
              "every RecordKind needs its name");

[[nodiscard]] constexpr std::string_view RecordKindName(RecordKind kind) {
  return base::EnumTableAt(kRecordKindNames, kind);
}

// A round counter as records show it: `cur/total` (total absent = ∞).
struct RoundValue {
  int64_t current = 0;
  std::optional<int64_t> total;
};

// The metric values a segment shows, in the fixed order of
// docs/spec/step-trace.md (rep, resistance, distance). Each holds the printed
// values in emission order; several values of one metric are joined by `|`.
struct SegmentMetrics {
  std::vector<std::string> rep;
  std::vector<std::string> resistance;
  std::vector<std::string> distance;

  [[nodiscard]] bool empty() const {
    return rep.empty() && resistance.empty() && distance.empty();
  }
  void Append(const SegmentMetrics& other);
};

struct Record {
  RecordKind kind = RecordKind::kPush;
  int64_t t_ms = 0;       // virtual time of the turn that emitted it
  memory::OwnerId block;  // the emitting block's key (null for errors)
  std::string label;      // push/pop/segment/milestone
  // Segment: the bracketed kind tag the corpus prints after the label
  // (`"TABATA :20"[Tabata]`); empty for none.
  std::string segment_kind;
  CompletionReason reason = CompletionReason::kNone;  // pop/segment
  int level = 0;  // stack level: push = depth after push; pop/segment =
                  // depth after pop; milestone = index of the looping block
  int64_t elapsed_ms = 0;               // segment, milestone
  int64_t total_ms = 0;                 // segment
  SegmentMetrics metrics;               // segment
  std::optional<RoundValue> round;      // segment/milestone
  bool milestone_has_elapsed = false;   // the looping block has a timer
  std::string sound;                    // sound name
  std::optional<int64_t> sound_second;  // countdown beeps: seconds remaining
  RuntimeErrorCode error = RuntimeErrorCode::kNextOnEmptyStack;

  static Record Push(int64_t t_ms, memory::OwnerId key, std::string label,
                     int level);
  static Record Pop(int64_t t_ms, memory::OwnerId key, std::string label,
                    CompletionReason reason, int level);
  static Record Sound(int64_t t_ms, memory::OwnerId key, std::string name,
                      std::optional<int64_t> second = std::nullopt);
  static Record Error(int64_t t_ms, RuntimeErrorCode code);

  // The exact trace text and JSON fields of this record.
  [[nodiscard]] TraceRecord ToTrace() const;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RECORD_H_
