// Applying did-you-mean repairs: the text of a script with the fix-its of
// its diagnostics applied (docs/spec/language.md §12.3).
//
// `wod-run --check --fix` prints the result; the debugger's Script panel
// reloads a session from it. A fix-it names its characters by line and
// code-point columns, so it is applied to the text it was parsed from.
//
//   ParseResult parsed = Parse(text);
//   std::string fixed = ApplyFixIts(text, parsed.diagnostics);
//   // "3 rounds\n  10 Pullups\n" → "(3)\n  10 Pullups\n"
#ifndef WOD_BLOCKS_FIX_IT_H_
#define WOD_BLOCKS_FIX_IT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "blocks/diagnostic.h"

namespace wod::blocks {

// `source` with `fix` applied. InvalidArgument when its line or columns are
// not in `source` (a fix-it of another text).
absl::StatusOr<std::string> ApplyFixIt(std::string_view source,
                                       const FixIt& fix);

// `source` with the fix-its of every diagnostic that has one. A fix-it that
// overlaps one already taken on its line, or does not fit `source`, is
// skipped; the others are applied from the end of each line so that their
// columns stay right.
[[nodiscard]] std::string ApplyFixIts(
    std::string_view source, const std::vector<Diagnostic>& diagnostics);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_FIX_IT_H_
