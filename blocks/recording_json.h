// JsonValue, ParseJson, JsonOut: the small JSON reader and writer behind
// recordings (blocks/recording.h) and trace export (blocks/chrome_trace.h).
//
// We add no JSON dependency (a small line format does not need
// one), so this is the minimum
// a line-oriented format needs: a value tree, a parser that never crashes
// or hangs on any input (bounded nesting depth, bounded numbers, every
// error positioned by column), and a writer that escapes strings the same
// way the memory snapshots do (memory::internal::QuoteString), so the
// output is deterministic byte for byte.
//
//   absl::StatusOr<JsonValue> v = ParseJson(R"({"step": 3, "ok": true})");
//   const JsonValue* step = v->Find("step");     // nullptr when absent
//   int64_t n = step->integer();
//
//   JsonOut out;
//   out.BeginObject().Key("step").Int(3).Key("ok").Bool(true).EndObject();
//   out.str();  // {"step":3,"ok":true}
#ifndef WOD_BLOCKS_RECORDING_JSON_H_
#define WOD_BLOCKS_RECORDING_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::blocks {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kInteger, kNumber, kString, kArray, kObject };

  JsonValue() = default;

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::kNull; }
  [[nodiscard]] bool is_bool() const { return kind_ == Kind::kBool; }
  // A number written without fraction or exponent that fits in int64.
  [[nodiscard]] bool is_integer() const { return kind_ == Kind::kInteger; }
  [[nodiscard]] bool is_string() const { return kind_ == Kind::kString; }
  [[nodiscard]] bool is_array() const { return kind_ == Kind::kArray; }
  [[nodiscard]] bool is_object() const { return kind_ == Kind::kObject; }

  [[nodiscard]] bool boolean() const { return bool_; }
  [[nodiscard]] int64_t integer() const { return integer_; }
  [[nodiscard]] const std::string& string() const { return string_; }
  [[nodiscard]] const std::vector<JsonValue>& items() const { return items_; }
  // Object members in file order (duplicates kept; Find returns the first).
  [[nodiscard]] const std::vector<std::pair<std::string, JsonValue>>& members()
      const {
    return members_;
  }
  // The member `key` of an object, or nullptr (also for non-objects).
  [[nodiscard]] const JsonValue* Find(std::string_view key) const;

  // "null", "boolean", "integer", "number", "string", "array", "object":
  // for messages such as `field "step" must be an integer, got string`.
  [[nodiscard]] static std::string_view KindName(Kind kind);

 private:
  friend class JsonParser;
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t integer_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

// Maximum nesting of arrays and objects ParseJson accepts (deeper input is
// an error, never a stack overflow).
inline constexpr int kMaxJsonDepth = 64;

// Parses exactly one JSON value (surrounding whitespace allowed). Errors:
// InvalidArgument "column C: what is wrong" (1-based byte column).
absl::StatusOr<JsonValue> ParseJson(std::string_view text);

// Appends JSON text with no whitespace. The caller keeps the structure
// balanced; commas are inserted automatically.
class JsonOut {
 public:
  JsonOut& BeginObject();
  JsonOut& EndObject();
  JsonOut& BeginArray();
  JsonOut& EndArray();
  JsonOut& Key(std::string_view key);
  JsonOut& String(std::string_view value);
  JsonOut& Int(int64_t value);
  JsonOut& Bool(bool value);
  JsonOut& Null();
  // Inserts already valid JSON text as one value.
  JsonOut& Raw(std::string_view json);

  [[nodiscard]] const std::string& str() const { return out_; }
  [[nodiscard]] std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_RECORDING_JSON_H_
