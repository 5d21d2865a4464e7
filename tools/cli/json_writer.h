// JSON lines for `wod-run --format json` (docs/spec/step-trace.md §4).
//
// One object per step, on one line, carrying the same information as the
// table row: `step`, `action`, `t_ms`, `depth`, `session_ended`, `stack`
// (objects with `type`, `label`, `key`, `round`, `timer`, `paused`,
// `complete`), `emitted` (objects with `kind`, the record's fields and its
// `text`) and `row` (the table row itself). Keys are written in a fixed order
// and strings are UTF-8 as is (only JSON's mandatory escapes), so the output
// is deterministic and byte-comparable.
//
//   std::cout << StepToJson(step) << "\n";
//   std::cout << StepToJson(step, snapshot_json) << "\n";  // --snapshot
#ifndef WOD_TOOLS_CLI_JSON_WRITER_H_
#define WOD_TOOLS_CLI_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "runtime/step_trace.h"

namespace wod::cli {

// The CLI writes with base::JsonWriter's default, JsonStrings::kValidUtf8:
// invalid UTF-8 bytes become U+FFFD so every line is valid JSON.
using JsonWriter = base::JsonWriter;

// One step as a single-line JSON object (no trailing newline). When
// `snapshot_json` is set it is added verbatim as the `snapshot` member.
[[nodiscard]] std::string StepToJson(
    const runtime::TraceStep& step,
    std::optional<std::string_view> snapshot_json = std::nullopt);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_JSON_WRITER_H_
