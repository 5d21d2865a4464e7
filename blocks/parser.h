// Parse: workout-script text → statements (+ line:column diagnostics).
//
// Implements docs/spec/language.md: a line-oriented lexer and fragment
// parser, unit fusion (docs/spec/language.md §8), indentation nesting with
// `-`/`+` child groups (docs/spec/language.md §4) and the keyword dialect
// hints the compiler consumes (docs/spec/language.md §10). The parser is a pure
// function of its input: no global state, deterministic output, linear time, no
// recursion, and it never crashes on any input (fuzzed).
//
//   ParseResult parsed = Parse("(3)\n  10 Pullups\n  :30 Rest\n");
//   if (parsed.HasErrors()) { /* show parsed.diagnostics */ }
//   for (const Statement& s : parsed.statements) { ... }   // ids 1, 2, 3
#ifndef WOD_BLOCKS_PARSER_H_
#define WOD_BLOCKS_PARSER_H_

#include <string_view>
#include <vector>

#include "blocks/diagnostic.h"
#include "blocks/statement.h"

namespace wod::blocks {

// Switches between the recommended behaviour (defaults) and the reference
// engine's observable quirks, so that scenario tables recorded from the
// reference can be reproduced exactly when wanted.
struct ParseOptions {
  // docs/spec/language.md §4 step 4 (⚠): the reference lists every deeper
  // descendant as an extra child group of each ancestor, which runs
  // grandchildren twice (scenarios/nesting.md). Off: immediate children only.
  bool reference_descendant_groups = false;
  // docs/spec/language.md §9/§10 (⚠): the reference Climb dialect tags every
  // action as a route name (`climb-route-name` metric + domain.climb hints).
  // Off: not emitted.
  bool reference_climb_tags = false;

  // Everything the reference engine does, quirks included.
  static ParseOptions Reference() {
    ParseOptions options;
    options.reference_descendant_groups = true;
    options.reference_climb_tags = true;
    return options;
  }
};

struct ParseResult {
  std::vector<Statement> statements;    // ascending id (= line number)
  std::vector<Diagnostic> diagnostics;  // ascending (line, column)

  [[nodiscard]] bool HasErrors() const {
    for (const Diagnostic& d : diagnostics) {
      if (d.severity == Severity::kError) return true;
    }
    return false;
  }
  // The statement with `id`, or nullptr. O(log n).
  [[nodiscard]] const Statement* Find(int id) const;
};

// Parses a whole script. Never fails: problems are diagnostics.
ParseResult Parse(std::string_view source, const ParseOptions& options = {});

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_PARSER_H_
