// Block labels and segment metric values from parsed statements
// (docs/spec/language.md §11 "Labels", docs/spec/step-trace.md §2.2).
//
// A label is composed from the statements of one child group in the order
// logic · primary metric · identity · attributes: `20:00 AMRAP` → "AMRAP
// 20:00", `(3) :60 EMOM` → "EMOM 3", `400 m Run` → "Run 400 m", a promoted
// rep appends (`Thrusters 21 95 lb`). Hints and collectible-free structure
// never show.
//
//   std::string label = ComposeLabel(statements, source);
//   std::string image = MetricImage(metric, source);  // "95 lb", ":30", "?"
#ifndef WOD_BLOCKS_BLOCK_LABEL_H_
#define WOD_BLOCKS_BLOCK_LABEL_H_

#include <string>
#include <string_view>
#include <vector>

#include "blocks/statement.h"

namespace wod::blocks {

// The logic keyword of a group ("AMRAP", "EMOM", "TABATA", "FOR TIME"), or ""
// when none (docs/spec/language.md §11 "logic").
std::string LogicWord(const std::vector<const Statement*>& statements);

// The printed image of one metric: durations as written (without `^`/`*`),
// rounds "3" / "AMRAP", reps "21" / "?", amounts with units "95 lb".
std::string MetricImage(const Metric& metric, std::string_view source);

// The value a segment prints for a rep / resistance / distance metric:
// "21", "undefined" for a collectible count, "95 lb", "? kg" for a
// collectible quantity with a unit (docs/spec/language.md §7.6).
std::string SegmentValue(const Metric& metric);

std::string ComposeLabel(const std::vector<const Statement*>& statements,
                         std::string_view source);

// Whole-word, case-insensitive match of `word` in `text`.
bool HasWord(std::string_view text, std::string_view word);
// Case-insensitive substring.
bool ContainsNoCase(std::string_view text, std::string_view needle);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_BLOCK_LABEL_H_
