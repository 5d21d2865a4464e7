// JsonValue: a small read-only JSON document model, enough to read Google
// Benchmark's `--benchmark_out` files in bench-report without a dependency
// the CI image does not install.
//
// Objects keep their members in file order, so anything printed from them is
// deterministic. Parsing never crashes on bad input: it returns
// InvalidArgument with the byte offset, and nesting is capped (kMaxDepth).
//
//   absl::StatusOr<JsonValue> doc = JsonValue::Parse(text);
//   if (!doc.ok()) return doc.status();
//   for (const JsonValue& b : doc->Find("benchmarks")->items()) {
//     std::string_view name = b.Find("name")->string_value();
//   }
#ifndef WOD_TOOLS_BENCH_JSON_VALUE_H_
#define WOD_TOOLS_BENCH_JSON_VALUE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::bench {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  static constexpr int kMaxDepth = 128;

  static absl::StatusOr<JsonValue> Parse(std::string_view text);

  JsonValue() = default;

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_array() const { return kind_ == Kind::kArray; }

  // Accessors return a neutral value (false, 0, "", empty) for another kind,
  // so callers check kind() where the difference matters.
  bool bool_value() const { return kind_ == Kind::kBool && bool_; }
  double number_value() const { return kind_ == Kind::kNumber ? number_ : 0; }
  const std::string& string_value() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::pair<std::string, JsonValue>>& members() const {
    return members_;
  }

  // The first member named `key` of an object, nullptr if absent.
  const JsonValue* Find(std::string_view key) const;

 private:
  friend class JsonParser;

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_JSON_VALUE_H_
