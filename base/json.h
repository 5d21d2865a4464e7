// The one JSON writer and reader of wod: JsonWriter builds compact JSON
// text, ParseJson reads one document into a JsonValue tree, and
// JsonLineReader streams a newline-delimited file (one document per line,
// the recording format of docs/spec/recording.md) without holding more than
// one line. Used by the recordings, the trace export, `wod-run --format
// json`, bench-report and the memory text forms; docs/base.md says why this
// is written here instead of taken from a JSON package.
//
// The parser never crashes or hangs on any input (nesting is bounded, every
// error names its 1-based column, counting code points) and the writer is
// deterministic byte for byte.
//
//   base::JsonWriter out(base::JsonStrings::kBytes);
//   out.BeginObject().Key("step").Int(3).Key("ok").Bool(true).EndObject();
//   out.str();  // {"step":3,"ok":true}
//
//   absl::StatusOr<base::JsonValue> v = base::ParseJson(out.str());
//   const base::JsonValue* step = v->Find("step");  // nullptr when absent
//   int64_t n = step->integer();
//
//   base::JsonLineReader lines(&file);  // or lines(text)
//   base::JsonLine line;
//   while (lines.Next(line)) { /* line.number, line.text, line.complete */ }
#ifndef WOD_BASE_JSON_H_
#define WOD_BASE_JSON_H_

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base/strings.h"

namespace wod::base {

// Appends JSON text with no whitespace. Separators are inserted for you;
// the caller keeps Begin/End balanced. Strings are escaped by the
// JsonStrings mode given at construction.
class JsonWriter {
 public:
  explicit JsonWriter(JsonStrings strings = JsonStrings::kValidUtf8)
      : strings_(strings) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // The optional values of the JSON forms: null for "" and for nullopt.
  JsonWriter& StringOrNull(std::string_view value);
  JsonWriter& IntOrNull(std::optional<int64_t> value);
  // Inserts already valid JSON text (e.g. a memory snapshot) as one value.
  JsonWriter& Raw(std::string_view json);

  [[nodiscard]] const std::string& str() const { return out_; }
  [[nodiscard]] std::string Take() { return std::move(out_); }

 private:
  void Separate();

  JsonStrings strings_;
  std::string out_;
  bool need_comma_ = false;
};

class JsonValue {
 public:
  enum class Kind {
    kNull,
    kBool,
    kInteger,
    kNumber,
    kString,
    kArray,
    kObject,
    kCount,  // number of enumerators; not a kind
  };

  JsonValue() = default;

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::kNull; }
  [[nodiscard]] bool is_bool() const { return kind_ == Kind::kBool; }
  // A number written without fraction or exponent that fits in int64.
  [[nodiscard]] bool is_integer() const { return kind_ == Kind::kInteger; }
  // Any number, integer or not.
  [[nodiscard]] bool is_number() const {
    return kind_ == Kind::kInteger || kind_ == Kind::kNumber;
  }
  [[nodiscard]] bool is_string() const { return kind_ == Kind::kString; }
  [[nodiscard]] bool is_array() const { return kind_ == Kind::kArray; }
  [[nodiscard]] bool is_object() const { return kind_ == Kind::kObject; }

  // Accessors return a neutral value (false, 0, "", empty) for another
  // kind, so callers check kind() where the difference matters.
  [[nodiscard]] bool boolean() const { return bool_; }
  [[nodiscard]] int64_t integer() const { return integer_; }
  // The value of any number (integers converted).
  [[nodiscard]] double number() const { return number_; }
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
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

struct JsonReadOptions {
  // Maximum nesting of arrays and objects (deeper input is an error, never
  // a stack overflow).
  int max_depth = 64;
  // Also accept the bare words inf, -inf, Infinity, -Infinity, nan, NaN and
  // -nan as numbers (Google Benchmark writes them for counters of runs that
  // measured zero time).
  bool allow_non_finite = false;
};

// Parses exactly one JSON value (surrounding whitespace allowed). Errors:
// InvalidArgument "column C: what is wrong" (1-based, counting code points).
absl::StatusOr<JsonValue> ParseJson(std::string_view text,
                                    JsonReadOptions options = {});

// One line of newline-delimited JSON: its text without the '\n', its
// 1-based number, and whether it ended with '\n' (false when the input ends
// mid-line, i.e. a write was cut short).
struct JsonLine {
  std::string_view text;
  int64_t number = 0;
  bool complete = false;
  // The line is longer than the reader's max_line_bytes: `text` holds its
  // first max_line_bytes bytes, and the reader stopped there (it read at
  // most one byte more, so an endless line from a pipe costs no more).
  bool too_long = false;
};

// Streams the lines of NDJSON from a text in memory or from a stream (one
// line buffered at a time). The view in JsonLine stays valid until the next
// call to Next.
class JsonLineReader {
 public:
  explicit JsonLineReader(std::string_view text) : text_(text) {}
  explicit JsonLineReader(std::istream* in) : in_(in) {}

  // Lines longer than this come back cut with `too_long` set, and nothing
  // after them is read: the reader keeps no more than this in memory.
  void set_max_line_bytes(size_t bytes) { max_line_bytes_ = bytes; }
  [[nodiscard]] size_t max_line_bytes() const { return max_line_bytes_; }

  // False at the end of the input (and after a line that was too long).
  bool Next(JsonLine& line);

 private:
  size_t max_line_bytes_ = static_cast<size_t>(-1);
  bool stopped_ = false;
  std::string_view text_;
  size_t pos_ = 0;
  std::istream* in_ = nullptr;
  std::string buffer_;
  int64_t number_ = 0;
};

}  // namespace wod::base

#endif  // WOD_BASE_JSON_H_
