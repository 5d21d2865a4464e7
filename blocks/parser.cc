#include "blocks/parser.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "blocks/lexer.h"
#include "blocks/line_parser.h"

namespace wod::blocks {
namespace {

// Limits that keep every input cheap and every result meaningful
// (docs/spec/design.md §4: no crash, no hang, clear errors). The diagnostics
// limit is DiagnosticSink::kMaxDiagnostics (line_parser.h). A line is
// measured in code points, so that replacing invalid UTF-8 bytes by U+FFFD
// (WorkoutSession, docs/spec/language.md §1.5) never moves it over the
// limit.
constexpr std::size_t kMaxLineCodePoints = 10000;
constexpr std::size_t kMaxNestingDepth = 64;

char ToUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// Case-insensitive substring test; `upper_needle` is upper case ASCII.
bool ContainsUpper(std::string_view haystack, std::string_view upper_needle) {
  if (upper_needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + upper_needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < upper_needle.size(); ++j) {
      if (ToUpper(haystack[i + j]) != upper_needle[j]) {
        match = false;
        break;
      }
    }
    if (match) return true;
  }
  return false;
}

void AddHint(Statement* s, std::string_view hint) {
  if (!s->HasHint(hint)) s->hints.emplace_back(hint);
}

// Dialects read every alternative of a choice as if it were written alone
// (docs/spec/language.md §8.4): `100m Run | Row 125m` is cardio.
bool IsWordIn(const Metric& m, std::string_view upper_word) {
  return (m.kind == MetricKind::kEffort || m.kind == MetricKind::kAction) &&
         ContainsUpper(m.text, upper_word);
}

bool HasWord(const Statement& s, std::string_view upper_word) {
  for (const Metric& m : s.metrics) {
    if (IsWordIn(m, upper_word)) return true;
    for (const Metric& alt : m.alternatives) {
      if (IsWordIn(alt, upper_word)) return true;
    }
  }
  return false;
}

// HasMetric, alternatives of choices included.
bool HasMetricOrAlternative(const Statement& s, MetricKind kind) {
  for (const Metric& m : s.metrics) {
    if (m.kind == kind) return true;
    for (const Metric& alt : m.alternatives) {
      if (alt.kind == kind) return true;
    }
  }
  return false;
}

// True when the statement's rounds come from a rep scheme (`(21-15-9)`): two
// or more reps written inside the rounds parentheses.
bool HasRepScheme(const Statement& s) {
  const Metric* rounds = s.FindMetric(MetricKind::kRounds);
  if (rounds == nullptr || !rounds->value.has_value()) return false;
  int reps = 0;
  for (const Metric& m : s.metrics) {
    if (m.kind == MetricKind::kRep &&
        m.span.begin_offset >= rounds->span.begin_offset &&
        m.span.end_offset <= rounds->span.end_offset) {
      ++reps;
    }
  }
  return reps >= 2;
}

// The keyword dialects (docs/spec/language.md §10), in the reference stack
// order: CrossFit, WOD, Cardio (then Climb, reference mode only). The Yoga and
// Habits dialects (analytics-only hints) are not implemented.
void ApplyDialects(Statement* s, const ParseOptions& options) {
  const bool amrap = HasWord(*s, "AMRAP");
  const bool emom = HasWord(*s, "EMOM");
  if (amrap) {
    AddHint(s, kHintTimeBound);
    AddHint(s, kHintWorkoutAmrap);
  }
  if (emom) {
    AddHint(s, kHintRepeatingInterval);
    AddHint(s, kHintWorkoutEmom);
  }
  if (HasWord(*s, "FOR TIME")) {
    AddHint(s, kHintTimeBound);
    AddHint(s, kHintWorkoutForTime);
  }
  if (HasWord(*s, "TABATA")) {
    AddHint(s, kHintRepeatingInterval);
    AddHint(s, kHintWorkoutTabata);
  }
  // Implicit EMOM: rounds + duration + children without an AMRAP/EMOM word
  // (`(10) :60` with children; scenarios/misc-integration.md X4). A rep
  // scheme with a duration is a time cap instead
  // (docs/spec/language.md §10.5).
  if (!amrap && !emom && !HasRepScheme(*s) &&
      HasMetricOrAlternative(*s, MetricKind::kRounds) &&
      HasMetricOrAlternative(*s, MetricKind::kDuration) &&
      !s->children.empty()) {
    AddHint(s, kHintRepeatingInterval);
    AddHint(s, kHintWorkoutEmom);
    AddHint(s, kHintWorkoutImplicitEmom);
  }

  // WOD dialect: analytics-only tags for structured-workout words.
  if (HasWord(*s, "STRENGTH")) {
    AddHint(s, "domain.wod");
    AddHint(s, "workout.strength");
    AddHint(s, "behavior.load_bearing");
  }
  if (HasWord(*s, "METCON") || HasWord(*s, "METABOLIC")) {
    AddHint(s, "domain.wod");
    AddHint(s, "workout.metcon");
  }
  if (HasWord(*s, "SKILL") || HasWord(*s, "TECHNIQUE")) {
    AddHint(s, "domain.wod");
    AddHint(s, "workout.skills");
  }
  if (HasWord(*s, "WOD")) AddHint(s, "domain.wod");
  if (HasWord(*s, "SUPERSET")) {
    AddHint(s, "domain.wod");
    AddHint(s, "workout.superset");
  }

  // Cardio: activity words, then distance tags.
  bool cardio = false;
  auto activity = [&](std::initializer_list<std::string_view> words,
                      std::string_view workout, bool aerobic) {
    for (std::string_view w : words) {
      if (HasWord(*s, w)) {
        AddHint(s, "domain.cardio");
        AddHint(s, workout);
        if (aerobic) AddHint(s, "behavior.aerobic");
        cardio = true;
        return;
      }
    }
  };
  activity({"RUN", "JOG", "SPRINT"}, "workout.run", true);
  activity({"ROW"}, "workout.row", true);
  activity({"BIKE", "CYCLE"}, "workout.bike", true);
  activity({"SWIM"}, "workout.swim", true);
  activity({"WALK"}, "workout.walk", false);
  if (HasMetricOrAlternative(*s, MetricKind::kDistance)) {
    AddHint(s, "domain.cardio");
    AddHint(s, "behavior.distance_based");
    AddHint(s, "behavior.pace_based");
  }
  (void)cardio;

  if (options.reference_climb_tags) {
    std::vector<Metric> tags;
    for (const Metric& m : s->metrics) {
      if (m.kind != MetricKind::kAction) continue;
      Metric tag = m;
      tag.kind = MetricKind::kDialect;
      tag.origin = MetricOrigin::kDialect;
      tag.name = "climb-route-name";
      tags.push_back(std::move(tag));
    }
    if (!tags.empty()) {
      for (Metric& t : tags) s->metrics.push_back(std::move(t));
      AddHint(s, "domain.climb");
      AddHint(s, "behavior.route_based");
    }
  }
}

// Adds `child` to `parent`'s child groups (docs/spec/language.md §4): `+` joins
// the previous group, anything else starts a new one.
void AddChild(Statement* parent, const Statement& child) {
  if (child.lap == GroupMarker::kCompose && !parent->children.empty()) {
    parent->children.back().push_back(child.id);
  } else {
    parent->children.push_back({child.id});
  }
}

}  // namespace

const Statement* ParseResult::Find(int id) const {
  auto it = std::lower_bound(
      statements.begin(), statements.end(), id,
      [](const Statement& s, int value) { return s.id < value; });
  if (it == statements.end() || it->id != id) return nullptr;
  return &*it;
}

ParseResult Parse(std::string_view source, const ParseOptions& options) {
  ParseResult result;
  DiagnosticSink sink(&result.diagnostics);
  // The open ancestors, as indices into result.statements
  // (docs/spec/language.md §4).
  std::vector<std::size_t> stack;
  // A leading byte order mark is not text (docs/spec/language.md §1.5):
  // line 1 starts after it. Offsets stay offsets into `source`.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  std::size_t offset = source.substr(0, kByteOrderMark.size()) == kByteOrderMark
                           ? kByteOrderMark.size()
                           : 0;
  int line_no = 0;
  while (offset < source.size()) {
    std::size_t eol = source.find('\n', offset);
    if (eol == std::string_view::npos) eol = source.size();
    ++line_no;
    std::string_view line = source.substr(offset, eol - offset);
    const std::size_t line_offset = offset;
    offset = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    // The indentation (docs/spec/language.md §4.1): its depth counts the
    // visible blanks; an invisible one (a BOM of a file pasted after
    // another) must not nest a line.
    std::size_t indent = 0;         // bytes
    std::size_t indent_column = 0;  // code points
    int depth = 0;
    while (indent < line.size()) {
      const Blank blank = BlankAt(line, indent);
      if (blank.kind == BlankKind::kNone) break;
      indent += blank.length;
      ++indent_column;
      if (blank.kind == BlankKind::kSpace) ++depth;
    }
    if (indent == line.size()) continue;  // blank line
    // Bytes bound code points: only a long line needs counting.
    if (line.size() > kMaxLineCodePoints &&
        base::CodePointCount(line) > kMaxLineCodePoints) {
      sink.Error(line_no, indent_column,
                 "line is longer than " + std::to_string(kMaxLineCodePoints) +
                     " characters; ignored");
      continue;
    }
    const std::size_t last =
        indent + TrimBlankCharacters(line.substr(indent)).size();
    const ColumnMap columns(line);

    Statement statement;
    statement.id = line_no;
    statement.line = line_no;
    statement.indent = depth;
    statement.raw = std::string(line.substr(indent, last - indent));
    statement.span.line = line_no;
    statement.span.begin_column = static_cast<int>(indent_column) + 1;
    statement.span.end_column = static_cast<int>(columns.Column0(last)) + 1;
    statement.span.begin_offset = line_offset + indent;
    statement.span.end_offset = line_offset + last;

    const std::size_t diagnostics_before = sink.count();
    LineParser parser(line, line_no, line_offset, &sink);
    parser.Run(&statement);
    // A lone `-`/`+` marks a group of nothing: not a statement.
    const bool only_lap = statement.metrics.size() == 1 &&
                          statement.metrics[0].kind == MetricKind::kGroup;
    if (only_lap) statement.metrics.clear();
    if (statement.metrics.empty()) {
      if (sink.count() == diagnostics_before) {
        sink.Warning(line_no, indent_column,
                     "nothing to do on this line; ignored");
      }
      continue;
    }
    if (parser.required_timer()) AddHint(&statement, kHintRequiredTimer);

    // Nesting by the column of the first token (docs/spec/language.md §4).
    while (!stack.empty() &&
           result.statements[stack.back()].indent >= statement.indent) {
      stack.pop_back();
    }
    if (stack.size() >= kMaxNestingDepth) {
      sink.Error(line_no, indent_column,
                 "nested deeper than " + std::to_string(kMaxNestingDepth) +
                     " levels; line ignored");
      continue;
    }
    if (!stack.empty()) {
      statement.parent = result.statements[stack.back()].id;
      if (options.reference_descendant_groups) {
        // ⚠ reference quirk: every ancestor lists the line (bounded by
        // kMaxNestingDepth, so still linear in the input).
        for (std::size_t index : stack) {
          AddChild(&result.statements[index], statement);
        }
      } else {
        AddChild(&result.statements[stack.back()], statement);
      }
    }
    stack.push_back(result.statements.size());
    result.statements.push_back(std::move(statement));
  }
  // Hints need the children (implicit EMOM), so they come last.
  for (Statement& s : result.statements) ApplyDialects(&s, options);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.line != b.line ? a.line < b.line
                                             : a.column < b.column;
                   });
  return result;
}

}  // namespace wod::blocks
