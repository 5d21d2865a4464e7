// Block kinds: which block a statement group compiles to, and where each
// kind lives (docs/spec/runtime.md §7, §8).
//
// `BlockKind` names every kind the runtime runs; `kBlockKindInfo` is its
// name table (static_assert'd complete like CompletionReason). The compiler
// classifies a child group by reading `GroupTraits` through the rows of
// `kBlockKindRows` (block_kind.cc): the first row whose `matches` holds
// builds the block. Each kind has one file pair, blocks/<kind>_block.{h,cc},
// holding its behaviour and its builder.
//
//   GroupTraits traits = GroupTraits::Of(group, child_groups);
//   const BlockKindRow& row = ClassifyGroup(traits);
//   std::unique_ptr<runtime::IRuntimeBlock> block = row.build(input, ctx);
#ifndef WOD_BLOCKS_BLOCK_KIND_H_
#define WOD_BLOCKS_BLOCK_KIND_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/enum_table.h"
#include "blocks/script_block.h"
#include "blocks/statement.h"
#include "runtime/runtime_block.h"

namespace wod::blocks {

class Compiler;

enum class BlockKind {
  kAmrap = 0,       // amrap_block
  kEmom,            // emom_block
  kTimer,           // timer_block: a timer leaf
  kTimerContainer,  // timer_container_block: a timer with children
  kRoundsLeaf,      // rounds_block: `(21-15-9) Thruster`, no children
  kRounds,          // rounds_block: a loop over children
  kGroup,           // group_block
  kEffort,          // effort_block
  kSessionRoot,     // session_root_block (built by the compiler,
                    // docs/spec/runtime.md §6)
  kWaitingToStart,  // waiting_to_start_block (pushed by SessionRoot)
  kRest,            // rest_block (injected by EMOM)
  kCount,           // number of enumerators; not a kind
};

struct BlockKindInfo {
  std::string_view name;  // the kind, for code and diagnostics
  std::string_view
      type;  // the block type the trace prints (docs/spec/runtime.md §8)
};

inline constexpr base::EnumTable<BlockKind, BlockKindInfo> kBlockKindInfo = {{
    {"AMRAP", "AMRAP"},
    {"EMOM", "EMOM"},
    {"Timer", "Timer"},
    {"TimerContainer", "Timer"},
    {"RoundsLeaf", "Rounds"},
    {"Rounds", "Rounds"},
    {"Group", "Group"},
    {"effort", "effort"},
    {"SessionRoot", "SessionRoot"},
    {"WaitingToStart", "WaitingToStart"},
    {"Rest", "Rest"},
}};

namespace internal {
constexpr bool BlockKindTableIsComplete() {
  for (const BlockKindInfo& info : kBlockKindInfo) {
    if (info.name.empty() || info.type.empty()) return false;
  }
  return true;
}
}  // namespace internal
static_assert(internal::BlockKindTableIsComplete(),
              "every BlockKind needs its name and block type");

[[nodiscard]] constexpr std::string_view BlockKindName(BlockKind kind) {
  return base::EnumTableAt(kBlockKindInfo, kind).name;
}
[[nodiscard]] constexpr std::string_view BlockKindType(BlockKind kind) {
  return base::EnumTableAt(kBlockKindInfo, kind).type;
}

// What classification reads from one statement group (with its promoted
// metrics appended): the first duration and rounds metrics, the children
// that run, and the words and hints that pick a logic kind.
struct GroupTraits {
  const Metric* duration = nullptr;
  const Metric* rounds = nullptr;
  bool has_children = false;
  // `AMRAP` as a word, or `(AMRAP)` as a rounds metric without a value.
  bool amrap_word = false;
  // An interval kind: a repeating-interval hint or the word EMOM, on a
  // duration, unless only a TABATA keyword says so
  // (docs/spec/language.md §10).
  bool emom = false;
  // A duration with rounds, the word `rounds` or the AMRAP word.
  bool amrap = false;
  // A rep scheme (`(21-15-9)`) with a duration and children, and no AMRAP or
  // EMOM word: Rounds with the duration as a time cap
  // (docs/spec/language.md §10.5).
  bool capped_scheme = false;

  [[nodiscard]] static GroupTraits Of(
      const std::vector<const Statement*>& group,
      const std::vector<std::vector<int>>& child_groups);
};

// Everything a kind's builder needs to build its block for one group.
struct KindInput {
  const std::vector<const Statement*>& group;
  const GroupTraits& traits;
  // The group's executable child groups (statement ids).
  const std::vector<std::vector<int>>& child_groups;
  std::string_view source;
  // Compiles the children of container kinds when they are pushed.
  const Compiler* compiler = nullptr;

  // Label and source lines set; type and display left to the kind.
  [[nodiscard]] BlockSpec BaseSpec(BlockKind kind) const;
};

using KindBuilder = std::unique_ptr<runtime::IRuntimeBlock> (*)(
    const KindInput& input, runtime::BlockContext& ctx);
using KindMatcher = bool (*)(const GroupTraits& traits);

struct BlockKindRow {
  BlockKind kind;
  // Whether a statement group with `traits` compiles to this kind; null for
  // the kinds no statement group compiles to (SessionRoot, WaitingToStart,
  // Rest), which other blocks create.
  KindMatcher matches;
  KindBuilder build;  // null exactly when `matches` is
};

// The classification: the first row of the table (block_kind.cc) whose
// `matches` holds; the last statement row matches everything (effort).
[[nodiscard]] const BlockKindRow& ClassifyGroup(const GroupTraits& traits);

// --- helpers the kinds' builders share ------------------------------------

// One display group per statement (docs/spec/runtime.md §7 builder): the values
// segments print.
[[nodiscard]] std::vector<runtime::MetricGroup> DisplayGroups(
    const std::vector<const Statement*>& group, bool include_reps);
// The resistance / distance metrics of the group, which Rounds, EMOM and
// Group blocks copy into every child they compile (metric-inheritance).
[[nodiscard]] std::vector<Metric> CarriedMetrics(
    const std::vector<const Statement*>& group);
// Whether any statement of the group has hint `hint`.
[[nodiscard]] bool HintIn(const std::vector<const Statement*>& group,
                          std::string_view hint);
// The key of a block about to be built from `spec`.
[[nodiscard]] memory::OwnerId KeyFor(runtime::BlockContext& ctx,
                                     const BlockSpec& spec);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_BLOCK_KIND_H_
