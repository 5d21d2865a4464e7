// Statement: the parsed form of one line of a workout script (the AST).
//
// The workout language is line-oriented (docs/spec/language.md §1): every
// non-blank line that yields at least one fragment becomes one Statement whose
// id is its 1-based line number. A statement holds its metrics in source order
// (durations, reps, rounds, efforts, weights, ...), the hints the keyword
// dialects attach (docs/spec/language.md §10), and its place in the indentation
// tree: its parent and its children partitioned into groups
// (docs/spec/language.md §4), each group being compiled into one runtime block
// (docs/spec/runtime.md §7).
//
// Statements are plain values: the parser fills them, the compiler reads them.
//
//   ParseResult parsed = Parse("20:00 AMRAP\n  5 Pullups\n");
//   const Statement& amrap = parsed.statements[0];
//   amrap.FindMetric(MetricKind::kDuration)->value;   // 1200000 (ms)
//   amrap.HasHint(kHintWorkoutAmrap);                 // true
//   amrap.children;                                   // {{2}}
#ifndef WOD_BLOCKS_STATEMENT_H_
#define WOD_BLOCKS_STATEMENT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wod::blocks {

// Hint strings (docs/spec/language.md §10). Hints are plain strings because
// dialects may add ones the compiler does not know; these are the ones it
// consumes.
inline constexpr std::string_view kHintTimeBound = "behavior.time_bound";
inline constexpr std::string_view kHintRepeatingInterval =
    "behavior.repeating_interval";
inline constexpr std::string_view kHintRequiredTimer =
    "behavior.required_timer";
inline constexpr std::string_view kHintInjectRest = "behavior.inject_rest";
inline constexpr std::string_view kHintWorkoutAmrap = "workout.amrap";
inline constexpr std::string_view kHintWorkoutEmom = "workout.emom";
inline constexpr std::string_view kHintWorkoutImplicitEmom =
    "workout.implicit_emom";
inline constexpr std::string_view kHintWorkoutForTime = "workout.for_time";
inline constexpr std::string_view kHintWorkoutTabata = "workout.tabata";

// A region of the source. Lines and columns are 1-based; columns count code
// points (a tab is one column, docs/spec/language.md §1.3). `end_column` is
// one past the last character, offsets are byte offsets into the whole
// source.
struct SourceSpan {
  int line = 0;
  int begin_column = 0;
  int end_column = 0;
  std::size_t begin_offset = 0;
  std::size_t end_offset = 0;
};

enum class MetricKind {
  kDuration,    // value = ms; count_up (^), required (*); no value = `:?`
  kRounds,      // value = count, or text = label such as "AMRAP" (`(AMRAP)`)
  kRep,         // value = count; no value = collectible `?`
  kEffort,      // text = exercise words ("Clean & Jerk")
  kResistance,  // value = amount (none for `?lb`), unit as written ("lb")
  kDistance,    // value = amount, unit as written ("m", "miles")
  kEnergy,      // value = amount, unit as written ("cal")
  kAction,      // text = action name, pinned for `[:!Start]`
  kText,        // text = comment or heading text; level = heading level
  kGroup,       // group = lap marker `-` (round) / `+` (compose)
  kProperty,    // key (as written) / name (typed) = text or value
  kChoice,      // alternatives: `185 | 125 lb`, `Run | Walk`
  kDialect,     // name = dialect metric (reference climb artefact only)
};

// Who produced a metric (the reference prints the non-parser ones).
enum class MetricOrigin {
  kParser,   // written in the script
  kHinted,   // a collectible placeholder (`?`, `:?`): value to be measured
  kDialect,  // added by a keyword dialect
};

enum class GroupMarker {
  kNone,     // no marker: the line starts a new child group
  kRound,    // `-`: starts a new child group (same as no marker)
  kCompose,  // `+`: joins the previous child group of the parent
};

struct Metric {
  MetricKind kind = MetricKind::kEffort;
  MetricOrigin origin = MetricOrigin::kParser;
  // Numeric payload (ms for durations, counts, amounts). Absent when the
  // value is to be collected (`?`, `:?`) or the metric is textual.
  std::optional<double> value;
  // Textual payload: effort/action/text words, a rounds label, a property's
  // string value.
  std::string text;
  // Unit as written for resistance/distance/energy ("lb", "miles", "kg").
  std::string unit;
  // kDuration: the timer as written, without `^`/`*` (":60", "1:00", ":?").
  // Labels print this image, not a re-formatted value (`:60 EMOM` is labelled
  // "EMOM :60", `1:00 Rest` "1:00 Rest"; scenarios/alternating-emom.md).
  std::string written;
  // kProperty: `key` as written, `name` the typed metric name ("session-rpe",
  // "rir", ..., "custom"). kDialect: `name` is the metric name.
  std::string key;
  std::string name;
  int level = 0;          // kText: number of '#' (0 for a `//` comment)
  bool count_up = false;  // kDuration: `^`
  bool required = false;  // kDuration: `*` (not skippable)
  bool pinned = false;    // kAction: `[:!Name]`
  GroupMarker group = GroupMarker::kNone;  // kGroup only
  // kChoice only: the alternatives one after another, each
  // `alternative_width` metrics long (`3|5` has width 1, `100m Run | Row
  // 125m` width 2; docs/spec/language.md §8.4). `selected` is the 0-based
  // alternative that runs, set by the compiler (docs/spec/runtime.md §15).
  std::vector<Metric> alternatives;
  int alternative_width = 1;
  int selected = 0;
  // A metric of the selected alternative, copied next to its choice by the
  // compiler so that timers, reps and records use it; labels show the choice
  // instead (docs/spec/language.md §11.2).
  bool from_choice = false;
  SourceSpan span;

  // kChoice: the number of alternatives.
  [[nodiscard]] int AlternativeCount() const {
    return alternative_width > 0
               ? static_cast<int>(alternatives.size()) / alternative_width
               : 0;
  }
};

struct Statement {
  int id = 0;    // 1-based line number (unique)
  int line = 0;  // same as id; kept separate for readers of spans
  // The indentation depth, which decides nesting: the leading blanks, not
  // counting invisible characters (docs/spec/language.md §4.1).
  int indent = 0;
  SourceSpan span;            // the line's content without trailing whitespace
  std::string raw;            // the source text of `span`
  std::optional<int> parent;  // id of the enclosing statement
  // Children partitioned into groups of ids (docs/spec/language.md §4): `+`
  // lines join the previous group, other lines start one. Immediate children
  // only unless ParseOptions::reference_descendant_groups is set.
  std::vector<std::vector<int>> children;
  GroupMarker lap = GroupMarker::kNone;  // the line's leading `-`/`+`
  std::vector<Metric> metrics;           // source order
  std::vector<std::string> hints;        // emission order, no duplicates

  [[nodiscard]] bool is_leaf() const { return children.empty(); }
  // A childless line holding only comments/headings (`// Warmup`, `# Day 1`).
  // docs/spec/language.md §9 and scenarios/misc-integration.md X2 recommend
  // running such lines as non-executable labels; the examples' header comments
  // rely on it.
  [[nodiscard]] bool IsLabelOnly() const {
    if (!children.empty() || metrics.empty()) return false;
    for (const Metric& m : metrics) {
      if (m.kind != MetricKind::kText) return false;
    }
    return true;
  }
  [[nodiscard]] bool HasHint(std::string_view hint) const {
    for (const std::string& h : hints) {
      if (h == hint) return true;
    }
    return false;
  }
  [[nodiscard]] bool HasMetric(MetricKind kind) const {
    return FindMetric(kind) != nullptr;
  }
  // The first metric of `kind` in source order, or nullptr.
  [[nodiscard]] const Metric* FindMetric(MetricKind kind) const {
    for (const Metric& m : metrics) {
      if (m.kind == kind) return &m;
    }
    return nullptr;
  }
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_STATEMENT_H_
