// Reading step tables out of markdown
// (docs/spec/step-trace.md §3).
//
// The scenario corpus (`tests/scenarios/*.md`) and the deviations file are
// plain markdown. This reader knows only the text contract, never what a
// block or a record means, so it reads scenario files nobody has seen yet:
//   - sections are `## ` headings outside fenced blocks;
//   - every table whose header row starts `| # | Action` is one case;
//   - its script is the nearest fenced block before it in the same section,
//     byte for byte (an empty block is the empty script);
//   - the case is `file.md:ID`, plus `#k` (1-based) when the section holds
//     more than one table;
//   - cells split on unescaped `|` and are trimmed; `\|` stays escaped.
//
//   absl::StatusOr<std::vector<ScenarioCase>> cases =
//       ReadScenarioFile("amrap.md", text);
//   for (const ScenarioCase& c : *cases) Run(c.script, c.rows);
#ifndef WOD_TOOLS_CLI_SCENARIO_FILE_H_
#define WOD_TOOLS_CLI_SCENARIO_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::cli {

// One data row of a step table (header and separator rows excluded).
struct TableRow {
  int line = 0;                    // 1-based line in the markdown file
  std::vector<std::string> cells;  // trimmed, `\|` kept escaped
};

// One step table and the script it runs.
struct ScenarioCase {
  std::string name;         // "amrap.md:A1#2"
  std::string section_id;   // "A1" (first word of the `## ` heading)
  bool has_script = false;  // false: no fenced block before it in the section
  std::string script;       // the fenced block's content, byte for byte
  int script_line = 0;      // line of the opening fence
  int table_line = 0;       // line of the `| # | Action` header row
  std::vector<TableRow> rows;
};

// A replacement table for one case (docs/spec/step-trace.md §3.1).
struct Deviation {
  std::string name;    // the case it replaces, e.g. "amrap.md:A1#2"
  std::string reason;  // text after `Reason:`
  int line = 0;        // line of the `## ` heading
  int table_line = 0;
  std::vector<TableRow> rows;
};

// Splits one table row on unescaped `|` and trims every cell (spaces and
// tabs). The outer pipes delimit the row: "| a | b\|c |" → {"a", "b\|c"}.
[[nodiscard]] std::vector<std::string> SplitTableRow(std::string_view line);

// Reads every case of one scenario file. `file_name` is the name used in
// case names and messages (callers pass the base name). Fails with
// InvalidArgument "FILE:LINE: message" on malformed structure: an unclosed
// fence, a header row without a separator row, a row without an Action cell,
// two cases with one name.
absl::StatusOr<std::vector<ScenarioCase>> ReadScenarioFile(
    std::string_view file_name, std::string_view text);

// Reads a deviations file: one `## NAME` section per deviating case with a
// `Reason:` line and a replacement step table. Other `## ` sections without
// a table (an introduction) are allowed; a section named like a case
// (`….md:ID`) without a table, a table without a reason, or two deviations
// for one case are errors.
absl::StatusOr<std::vector<Deviation>> ReadDeviationsFile(
    std::string_view file_name, std::string_view text);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_SCENARIO_FILE_H_
