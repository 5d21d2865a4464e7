// FormatParsedStatements: the one-line text form of parsed statements.
//
// Produces exactly the text the scenario corpus prints after "Parsed
// statements: " (scenarios/*.md), so the parser can be checked against the
// reference parser case by case, and tools can print what a script parsed
// to:
//
//   `#1` children [[2]]: rounds=3; `#2` (child of #1): rep=10, effort=Pullups
//
//   std::string text = FormatParsedStatements(Parse(script));
//   std::string one = FormatMetric(statement.metrics[0]);   // "rep=10"
#ifndef WOD_BLOCKS_STATEMENT_FORMAT_H_
#define WOD_BLOCKS_STATEMENT_FORMAT_H_

#include <string>

#include "blocks/parser.h"
#include "blocks/statement.h"

namespace wod::blocks {

// All statements joined by "; ", or "(none)" when there are none.
std::string FormatParsedStatements(const ParseResult& result);

// One statement: "`#id` (child of #p) children [[..]]: metrics · hints: …".
std::string FormatStatement(const Statement& statement);

// One metric: "duration=60000", "resistance=95 lb", "rounds=AMRAP", …
std::string FormatMetric(const Metric& metric);

// A number as the corpus prints it: integers without a decimal point,
// others in shortest round-trip form ("2.5", "0.25").
std::string FormatNumber(double value);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_STATEMENT_FORMAT_H_
