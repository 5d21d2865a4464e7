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

#include "runtime/step_trace.h"

namespace wod::cli {

// Builds one JSON value left to right. Separators are inserted for you;
// the caller is responsible for balanced Begin/End calls.
//
//   JsonWriter json;
//   json.BeginObject();
//   json.Key("step"); json.Int(1);
//   json.EndObject();
//   json.str();  // {"step":1}
class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  void Null();
  // Inserts already-serialized JSON (e.g. a memory snapshot) as a value.
  void Raw(std::string_view json);

  [[nodiscard]] const std::string& str() const { return out_; }

 private:
  void BeforeValue();

  std::string out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

// Appends `value` as a JSON string literal (quotes included). Invalid UTF-8
// bytes are replaced by U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string_view value, std::string& out);

// One step as a single-line JSON object (no trailing newline). When
// `snapshot_json` is set it is added verbatim as the `snapshot` member.
[[nodiscard]] std::string StepToJson(
    const runtime::TraceStep& step,
    std::optional<std::string_view> snapshot_json = std::nullopt);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_JSON_WRITER_H_
