// Memory tags: what each piece of block state in RuntimeMemory is, who may
// see it, and how the debugger shows it (docs/spec/runtime.md §11.1).
//
// Every entry a block allocates carries one `MemoryTag`; child entries (a
// timer's spans, a round's results, the rep a block promotes) have tags of
// their own, so the hierarchy panel can name every node. The tag decides the
// entry's visibility tier (display / promote / private / result; non-metric
// tags have none) and its display kind. Both are constexpr tables indexed by
// the tag, with static_asserts that they cover every tag
// (docs/spec/design.md §8.14: the reference's incomplete tag → kind mapping
// cannot happen here).
//
//   MemoryTagInfo info = TagInfo(MemoryTag::kTime);
//   info.name;        // "time"
//   info.kind;        // DisplayKind::kTimer
#ifndef WOD_RUNTIME_MEMORY_TAG_H_
#define WOD_RUNTIME_MEMORY_TAG_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace wod::runtime {

enum class MemoryTag {
  kTime = 0,         // timer state: spans, duration, direction, role
  kRound,            // round counter {current, total}
  kChildrenStatus,   // child-selection cursor
  kCompletion,       // completion flag and reason (written by the stack)
  kDisplay,          // label / subtitle text shown on cards
  kControls,         // buttons
  kMetricDisplay,    // parsed (+ promoted) metrics shown on the card
  kMetricLabel,      // the block's label
  kMetricResult,     // segment data written at unmount
  kMetricPromote,    // metrics inherited by children
  kMetricRepTarget,  // the current round's rep, child of `metric:promote`
  kMetricTracked,    // tracked values (declared; private)
  kMetricHint,       // hints (private)
  kMetricNext,       // preview of the next child group (private)
  kOwnerState,       // plain per-block bookkeeping (legacy / tests)
  // Child entries (docs/spec/design.md §2: hierarchical state is a tree of
  // entries; releasing the parent releases them). Appended last so the
  // memory type ids of the tags above stay as they were.
  kTimeSpan,     // one span of a timer, child of its `time` entry
  kRoundResult,  // a segment of the current round, child of `round`
  kCount,
};

enum class Visibility {
  kNone = 0,  // non-metric tags have no tier
  kDisplay,
  kPromote,
  kPrivate,
  kResult,
  kCount,  // number of enumerators; not a tier
};

// How the debugger renders an entry.
enum class DisplayKind {
  kTimer = 0,
  kRound,
  kCursor,
  kStatus,
  kText,
  kControls,
  kMetrics,
  kResult,
  kOther,
};

struct MemoryTagInfo {
  MemoryTag tag;
  std::string_view name;
  Visibility visibility;
  DisplayKind kind;
};

inline constexpr std::array<MemoryTagInfo,
                            static_cast<size_t>(MemoryTag::kCount)>
    kMemoryTagTable = {{
        {MemoryTag::kTime, "time", Visibility::kNone, DisplayKind::kTimer},
        {MemoryTag::kRound, "round", Visibility::kNone, DisplayKind::kRound},
        {MemoryTag::kChildrenStatus, "children:status", Visibility::kNone,
         DisplayKind::kCursor},
        {MemoryTag::kCompletion, "completion", Visibility::kNone,
         DisplayKind::kStatus},
        {MemoryTag::kDisplay, "display", Visibility::kNone, DisplayKind::kText},
        {MemoryTag::kControls, "controls", Visibility::kNone,
         DisplayKind::kControls},
        {MemoryTag::kMetricDisplay, "metric:display", Visibility::kDisplay,
         DisplayKind::kMetrics},
        {MemoryTag::kMetricLabel, "metric:label", Visibility::kPrivate,
         DisplayKind::kText},
        {MemoryTag::kMetricResult, "metric:result", Visibility::kResult,
         DisplayKind::kResult},
        {MemoryTag::kMetricPromote, "metric:promote", Visibility::kPromote,
         DisplayKind::kMetrics},
        {MemoryTag::kMetricRepTarget, "metric:rep-target", Visibility::kPromote,
         DisplayKind::kMetrics},
        {MemoryTag::kMetricTracked, "metric:tracked", Visibility::kPrivate,
         DisplayKind::kMetrics},
        {MemoryTag::kMetricHint, "metric:hint", Visibility::kPrivate,
         DisplayKind::kMetrics},
        {MemoryTag::kMetricNext, "metric:next", Visibility::kPrivate,
         DisplayKind::kMetrics},
        {MemoryTag::kOwnerState, "state", Visibility::kNone,
         DisplayKind::kOther},
        {MemoryTag::kTimeSpan, "time:span", Visibility::kNone,
         DisplayKind::kTimer},
        {MemoryTag::kRoundResult, "round:result", Visibility::kNone,
         DisplayKind::kResult},
    }};

namespace internal {
constexpr bool TagTableIsComplete() {
  for (size_t i = 0; i < kMemoryTagTable.size(); ++i) {
    if (static_cast<size_t>(kMemoryTagTable[i].tag) != i) return false;
    if (kMemoryTagTable[i].name.empty()) return false;
  }
  return true;
}
}  // namespace internal

static_assert(internal::TagTableIsComplete(),
              "kMemoryTagTable must list every MemoryTag in enum order");

[[nodiscard]] constexpr const MemoryTagInfo& TagInfo(MemoryTag tag) {
  return kMemoryTagTable[static_cast<size_t>(tag)];
}

// The tag whose name is `name` (the memory type name every entry carries in
// snapshots), so tools can recover visibility and display kind from a
// snapshot entry. nullopt for a type that is not a block-state tag.
[[nodiscard]] constexpr std::optional<MemoryTag> TagFromName(
    std::string_view name) {
  for (const MemoryTagInfo& info : kMemoryTagTable) {
    if (info.name == name) return info.tag;
  }
  return std::nullopt;
}

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_MEMORY_TAG_H_
