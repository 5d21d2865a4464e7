// Diagnostic: one problem found in a script, anchored at `line:column`.
//
// The parser never throws and never gives up on a whole script: each bad
// line gets a diagnostic and the other lines still parse
// (docs/spec/language.md §12, "Recommended"). Lines and columns are 1-based; a
// column counts code points (docs/spec/language.md §1.3).
//
//   for (const Diagnostic& d : Parse(text).diagnostics) {
//     std::cerr << d.ToString() << "\n";   // "3:7: error: invalid seconds ..."
//   }
#ifndef WOD_BLOCKS_DIAGNOSTIC_H_
#define WOD_BLOCKS_DIAGNOSTIC_H_

#include <optional>
#include <string>
#include <string_view>

namespace wod::blocks {

enum class Severity {
  kWarning,  // the line was understood, something on it was ignored
  kError,    // part of the line (or all of it) could not be used
};

// A did-you-mean repair (docs/spec/language.md §12.3): replace the
// characters [column, end_column) of `line` (1-based, code points, end
// exclusive) by `replacement`. The diagnostic's message already ends with
// `(did you mean "…"?)` quoting the repaired text.
struct FixIt {
  int line = 0;
  int column = 0;
  int end_column = 0;
  std::string replacement;
};

struct Diagnostic {
  int line = 0;
  int column = 0;
  std::string message;
  Severity severity = Severity::kError;
  std::optional<FixIt> fix;  // when the parser knows what was meant

  [[nodiscard]] std::string ToString() const {
    std::string out =
        std::to_string(line) + ":" + std::to_string(column) +
        (severity == Severity::kError ? ": error: " : ": warning: ");
    out += message;
    return out;
  }
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_DIAGNOSTIC_H_
