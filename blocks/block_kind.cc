#include "blocks/block_kind.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "blocks/amrap_block.h"
#include "blocks/block_label.h"
#include "blocks/effort_block.h"
#include "blocks/emom_block.h"
#include "blocks/group_block.h"
#include "blocks/rounds_block.h"
#include "blocks/timer_block.h"
#include "blocks/timer_container_block.h"

namespace wod::blocks {
namespace {

// The kinds, in classification order: a statement group compiles to the
// first row whose `matches` holds. Unlike the reference, two logic kinds
// never both apply (docs/spec/runtime.md §13.22): AMRAP beats an implicit
// EMOM (parse-then-run.md P2 ⚠), and a TABATA keyword on a timer with
// children is a single work interval, not a 10-round EMOM (tabata.md TB2 ⚠).
//
//   duration + AMRAP word (or `(AMRAP)`)       → AMRAP
//   duration + EMOM word / repeating-interval  → EMOM   (implicit EMOM too)
//   duration + rounds (or the word `rounds`)   → AMRAP
//   duration                                   → Timer (leaf or container)
//   rounds                                     → Rounds (leaf or container)
//   children                                   → Group
//   otherwise                                  → effort
//
// To add a kind: write blocks/<kind>_block.{h,cc} (the block, its
// `Matches<Kind>` and `Build<Kind>`), add its enumerator and name row in
// block_kind.h, and one row here at the place its rule takes priority.
// Kinds other blocks create (SessionRoot, WaitingToStart, Rest) have no
// matcher: no statement group compiles to them.
constexpr std::array<BlockKindRow, static_cast<size_t>(BlockKind::kCount)>
    kBlockKindRows = {{
        {BlockKind::kAmrap, &MatchesAmrap, &BuildAmrap},
        {BlockKind::kEmom, &MatchesEmom, &BuildEmom},
        {BlockKind::kTimer, &MatchesTimer, &BuildTimer},
        {BlockKind::kTimerContainer, &MatchesTimerContainer,
         &BuildTimerContainer},
        {BlockKind::kRoundsLeaf, &MatchesRoundsLeaf, &BuildRoundsLeaf},
        {BlockKind::kRounds, &MatchesRounds, &BuildRounds},
        {BlockKind::kGroup, &MatchesGroup, &BuildGroup},
        {BlockKind::kEffort, &MatchesEffort, &BuildEffort},
        {BlockKind::kSessionRoot, nullptr, nullptr},
        {BlockKind::kWaitingToStart, nullptr, nullptr},
        {BlockKind::kRest, nullptr, nullptr},
    }};

// Rows follow the enum, so a kind's row is `kBlockKindRows[kind]`.
constexpr bool RowsFollowTheEnum() {
  for (size_t i = 0; i < kBlockKindRows.size(); ++i) {
    if (static_cast<size_t>(kBlockKindRows[i].kind) != i) return false;
  }
  return true;
}
// Effort matches every group, so no matching row may come after it; a
// builder exists exactly where a matcher does.
constexpr bool EffortIsTheLastMatchingRow() {
  bool after_effort = false;
  for (const BlockKindRow& row : kBlockKindRows) {
    if ((row.matches == nullptr) != (row.build == nullptr)) return false;
    if (after_effort && row.matches != nullptr) return false;
    if (row.matches == &MatchesEffort) after_effort = true;
  }
  return after_effort;
}
static_assert(RowsFollowTheEnum(), "kBlockKindRows must follow BlockKind");
static_assert(EffortIsTheLastMatchingRow(),
              "effort, which matches every group, is the last matching row");

bool WordIn(const std::vector<const Statement*>& group, std::string_view word) {
  for (const Statement* s : group) {
    for (const Metric& m : s->metrics) {
      if ((m.kind == MetricKind::kEffort || m.kind == MetricKind::kAction) &&
          HasWord(m.text, word)) {
        return true;
      }
    }
  }
  return false;
}

const Metric* FirstMetric(const std::vector<const Statement*>& group,
                          MetricKind kind) {
  for (const Statement* s : group) {
    if (const Metric* m = s->FindMetric(kind)) return m;
  }
  return nullptr;
}

runtime::LineSpan LinesOf(const std::vector<const Statement*>& group) {
  runtime::LineSpan lines;
  for (const Statement* s : group) {
    if (lines.first == 0 || s->line < lines.first) lines.first = s->line;
    lines.last = std::max(lines.last, s->line);
  }
  return lines;
}

}  // namespace

GroupTraits GroupTraits::Of(const std::vector<const Statement*>& group,
                            const std::vector<std::vector<int>>& child_groups) {
  GroupTraits t;
  t.duration = FirstMetric(group, MetricKind::kDuration);
  t.rounds = FirstMetric(group, MetricKind::kRounds);
  t.has_children = !child_groups.empty();
  t.amrap_word = WordIn(group, "amrap") ||
                 (t.rounds != nullptr && !t.rounds->value.has_value() &&
                  HasWord(t.rounds->text, "amrap"));
  // docs/spec/language.md §10: a TABATA keyword alone does not make an EMOM (⚠
  // TB2).
  const bool tabata_only = HintIn(group, kHintWorkoutTabata) &&
                           !HintIn(group, kHintWorkoutEmom) &&
                           !WordIn(group, "emom");
  t.emom = t.duration != nullptr && !tabata_only &&
           (HintIn(group, kHintRepeatingInterval) || WordIn(group, "emom"));
  t.amrap = t.duration != nullptr &&
            (t.amrap_word || t.rounds != nullptr || WordIn(group, "rounds"));
  if (t.duration != nullptr && t.rounds != nullptr && t.has_children &&
      !t.amrap_word && !t.emom && t.rounds->value.has_value()) {
    int reps = 0;
    for (const Statement* s : group) {
      for (const Metric& m : s->metrics) {
        if (m.kind == MetricKind::kRep &&
            m.span.begin_offset >= t.rounds->span.begin_offset &&
            m.span.end_offset <= t.rounds->span.end_offset) {
          ++reps;
        }
      }
    }
    t.capped_scheme = reps >= 2;
  }
  if (t.capped_scheme) t.amrap = false;
  return t;
}

BlockSpec KindInput::BaseSpec(BlockKind kind) const {
  BlockSpec spec;
  spec.type = std::string(BlockKindType(kind));
  spec.lines = LinesOf(group);
  spec.label = ComposeLabel(group, source);
  return spec;
}

const BlockKindRow& ClassifyGroup(const GroupTraits& traits) {
  const auto row = std::find_if(
      kBlockKindRows.begin(), kBlockKindRows.end(), [&](const BlockKindRow& r) {
        return r.matches != nullptr && r.matches(traits);
      });
  // Unreachable past effort, which matches every group.
  return row != kBlockKindRows.end()
             ? *row
             : kBlockKindRows[static_cast<size_t>(BlockKind::kEffort)];
}

std::vector<runtime::MetricGroup> DisplayGroups(
    const std::vector<const Statement*>& group, bool include_reps) {
  std::vector<runtime::MetricGroup> out;
  for (const Statement* s : group) {
    runtime::MetricGroup g;
    double reps = 0;
    for (const Metric& m : s->metrics) {
      switch (m.kind) {
        case MetricKind::kRep:
          if (m.value.has_value()) reps += *m.value;
          if (include_reps) g.metrics.rep.push_back(SegmentValue(m));
          break;
        case MetricKind::kResistance:
          g.metrics.resistance.push_back(SegmentValue(m));
          break;
        case MetricKind::kDistance:
          g.metrics.distance.push_back(SegmentValue(m));
          break;
        default:
          break;
      }
    }
    g.weight = reps > 0 ? reps : 1;  // docs/spec/runtime.md §10 split weights
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<Metric> CarriedMetrics(const std::vector<const Statement*>& group) {
  std::vector<Metric> carried;
  for (const Statement* s : group) {
    for (const Metric& m : s->metrics) {
      if (m.kind == MetricKind::kResistance ||
          m.kind == MetricKind::kDistance) {
        carried.push_back(m);
        // A parent's chosen weight is the child's own attribute: shown in
        // its label (docs/spec/language.md §11.2).
        carried.back().from_choice = false;
      }
    }
  }
  return carried;
}

bool HintIn(const std::vector<const Statement*>& group, std::string_view hint) {
  for (const Statement* s : group) {
    if (s->HasHint(hint)) return true;
  }
  return false;
}

memory::OwnerId KeyFor(runtime::BlockContext& ctx, const BlockSpec& spec) {
  return ctx.NewBlockKey(spec.type, spec.label, spec.lines);
}

}  // namespace wod::blocks
