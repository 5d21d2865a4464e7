#include "base/json.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <istream>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "base/enum_table.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace wod::base {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

namespace {

constexpr EnumTable<JsonValue::Kind> kKindNames = {
    "null", "boolean", "integer", "number", "string", "array", "object"};
static_assert(NoneEmpty(kKindNames), "every JsonValue::Kind needs a name");

}  // namespace

std::string_view JsonValue::KindName(Kind kind) {
  return EnumTableAt(kKindNames, kind, std::string_view("?"));
}

// Recursive descent over one value; recursion is bounded by
// JsonReadOptions::max_depth so hostile input cannot overflow the stack
// (docs/spec/design.md §7: loaders are fuzzed).
class JsonParser {
 public:
  JsonParser(std::string_view text, JsonReadOptions options)
      : text_(text), options_(options) {}

  absl::StatusOr<JsonValue> ParseDocument() {
    JsonValue value;
    SkipSpace();
    if (absl::Status s = ParseValue(value, 0); !s.ok()) return s;
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text after the value");
    return value;
  }

 private:
  // Columns count code points, like every column wod prints
  // (docs/spec/language.md §1.3); counted only on the error path.
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(fmt::format(
        "column {}: {}", CodePointCount(text_.substr(0, pos_)) + 1, what));
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' ||
                        Peek() == '\r')) {
      ++pos_;
    }
  }
  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  absl::Status ParseValue(JsonValue& out, int depth) {
    if (AtEnd()) return Error("unexpected end of line, expected a value");
    const char c = Peek();
    if (c == '{') return ParseObject(out, depth + 1);
    if (c == '[') return ParseArray(out, depth + 1);
    if (c == '"') {
      out.kind_ = JsonValue::Kind::kString;
      return ParseString(out.string_);
    }
    if (options_.allow_non_finite && ParseNonFinite(out)) {
      return absl::OkStatus();
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
    if (Consume("true")) {
      out.kind_ = JsonValue::Kind::kBool;
      out.bool_ = true;
      return absl::OkStatus();
    }
    if (Consume("false")) {
      out.kind_ = JsonValue::Kind::kBool;
      out.bool_ = false;
      return absl::OkStatus();
    }
    if (Consume("null")) {
      out.kind_ = JsonValue::Kind::kNull;
      return absl::OkStatus();
    }
    return Error(fmt::format("unexpected character '{}'", EscapeChar(c)));
  }

  static std::string EscapeChar(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return fmt::format("\\x{:02x}", u);
    return std::string(1, c);
  }

  absl::Status ParseObject(JsonValue& out, int depth) {
    if (depth > options_.max_depth) return Error("nesting too deep");
    out.kind_ = JsonValue::Kind::kObject;
    ++pos_;  // '{'
    SkipSpace();
    if (!AtEnd() && Peek() == '}') {
      ++pos_;
      return absl::OkStatus();
    }
    for (;;) {
      SkipSpace();
      if (AtEnd()) return Error("unexpected end of line inside an object");
      if (Peek() != '"') return Error("expected a member name in quotes");
      std::string key;
      if (absl::Status s = ParseString(key); !s.ok()) return s;
      SkipSpace();
      if (AtEnd() || Peek() != ':') return Error("expected ':'");
      ++pos_;
      SkipSpace();
      JsonValue value;
      if (absl::Status s = ParseValue(value, depth); !s.ok()) return s;
      out.members_.emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (AtEnd()) return Error("unexpected end of line inside an object");
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or '}'");
    }
  }

  absl::Status ParseArray(JsonValue& out, int depth) {
    if (depth > options_.max_depth) return Error("nesting too deep");
    out.kind_ = JsonValue::Kind::kArray;
    ++pos_;  // '['
    SkipSpace();
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      return absl::OkStatus();
    }
    for (;;) {
      SkipSpace();
      JsonValue value;
      if (absl::Status s = ParseValue(value, depth); !s.ok()) return s;
      out.items_.push_back(std::move(value));
      SkipSpace();
      if (AtEnd()) return Error("unexpected end of line inside an array");
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or ']'");
    }
  }

  absl::Status ParseNumber(JsonValue& out) {
    const size_t start = pos_;
    bool negative = false;
    if (Peek() == '-') {
      negative = true;
      ++pos_;
    }
    if (AtEnd() || Peek() < '0' || Peek() > '9') {
      return Error("expected a digit");
    }
    // Accumulate as a negative number so INT64_MIN fits.
    int64_t value = 0;
    bool overflow = false;
    bool leading_zero = Peek() == '0';
    size_t digits = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      const int d = Peek() - '0';
      if (value < (std::numeric_limits<int64_t>::min() + d) / 10) {
        overflow = true;
      } else {
        value = value * 10 - d;
      }
      ++digits;
      ++pos_;
    }
    if (leading_zero && digits > 1) {
      pos_ = start;
      return Error("a number may not start with 0");
    }
    bool fraction = false;
    if (!AtEnd() && Peek() == '.') {
      fraction = true;
      ++pos_;
      if (AtEnd() || Peek() < '0' || Peek() > '9') {
        return Error("expected a digit after '.'");
      }
      while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      fraction = true;
      ++pos_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
      if (AtEnd() || Peek() < '0' || Peek() > '9') {
        return Error("expected a digit in the exponent");
      }
      while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++pos_;
    }
    if (!negative && value == std::numeric_limits<int64_t>::min()) {
      overflow = true;
    }
    if (fraction || overflow) {
      // Recordings only use integers; other numbers are their own kind so
      // that field checks can name them ("must be an integer, got number").
      out.kind_ = JsonValue::Kind::kNumber;
      // strtod needs a terminated buffer; the token is short.
      const std::string token(text_.substr(start, pos_ - start));
      out.number_ = std::strtod(token.c_str(), nullptr);
      return absl::OkStatus();
    }
    out.kind_ = JsonValue::Kind::kInteger;
    out.integer_ = negative ? value : -value;
    out.number_ = static_cast<double>(out.integer_);
    return absl::OkStatus();
  }

  bool ParseNonFinite(JsonValue& out) {
    const bool negative = Peek() == '-';
    double value = 0;
    if (Consume(negative ? "-inf" : "inf") ||
        Consume(negative ? "-Infinity" : "Infinity")) {
      value = negative ? -HUGE_VAL : HUGE_VAL;
    } else if (Consume("nan") || Consume("NaN") || Consume("-nan")) {
      value = std::nan("");
    } else {
      return false;
    }
    out.kind_ = JsonValue::Kind::kNumber;
    out.number_ = value;
    return true;
  }

  absl::StatusOr<uint32_t> ParseHex4() {
    if (text_.size() - pos_ < 4) return Error("truncated \\u escape");
    uint32_t code = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = text_[pos_++];
      code <<= 4;
      if (h >= '0' && h <= '9') {
        code |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        --pos_;
        return Error("bad hex digit in \\u escape");
      }
    }
    return code;
  }

  absl::Status ParseString(std::string& out) {
    ++pos_;  // '"'
    for (;;) {
      if (AtEnd()) return Error("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return absl::OkStatus();
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Error("control character inside a string");
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (AtEnd()) return Error("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          absl::StatusOr<uint32_t> code = ParseHex4();
          if (!code.ok()) return code.status();
          uint32_t cp = *code;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            // A high surrogate must be followed by a low one.
            if (!Consume("\\u")) return Error("unpaired surrogate");
            absl::StatusOr<uint32_t> low = ParseHex4();
            if (!low.ok()) return low.status();
            if (*low < 0xDC00 || *low > 0xDFFF) {
              return Error("unpaired surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Error("unpaired surrogate");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          --pos_;
          return Error(fmt::format("bad escape '\\{}'", EscapeChar(e)));
      }
    }
  }

  std::string_view text_;
  JsonReadOptions options_;
  size_t pos_ = 0;
};

absl::StatusOr<JsonValue> ParseJson(std::string_view text,
                                    JsonReadOptions options) {
  return JsonParser(text, options).ParseDocument();
}

// ---- JsonWriter
// ----------------------------------------------------------------

void JsonWriter::Separate() {
  if (need_comma_) out_ += ',';
  need_comma_ = true;
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_ += '{';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_ += '[';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(key, out_, strings_);
  out_ += ':';
  need_comma_ = false;  // the value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(value, out_, strings_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::StringOrNull(std::string_view value) {
  return value.empty() ? Null() : String(value);
}

JsonWriter& JsonWriter::IntOrNull(std::optional<int64_t> value) {
  return value.has_value() ? Int(*value) : Null();
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
  return *this;
}

// ---- JsonLineReader ---------------------------------------------------------

bool JsonLineReader::Next(JsonLine& line) {
  if (stopped_) return false;
  line.too_long = false;
  if (in_ != nullptr) {
    // Byte by byte through the stream buffer (no copy beyond the line, and
    // no more than max_line_bytes_ + 1 bytes read for a line that never
    // ends).
    std::streambuf* in = in_->rdbuf();
    if (in == nullptr || !in_->good()) return false;
    buffer_.clear();
    bool any = false;
    line.complete = false;
    // Bytes gather in a small block appended in one go (a push_back per
    // byte costs more than the scan).
    char block[4096];
    size_t held = 0;
    size_t size = 0;  // bytes of the line so far
    while (true) {
      const int c = in->sbumpc();
      if (c == std::char_traits<char>::eof()) {
        in_->setstate(std::ios::eofbit);
        break;
      }
      any = true;
      if (c == '\n') {
        line.complete = true;
        break;
      }
      if (size >= max_line_bytes_) {
        line.too_long = true;
        stopped_ = true;
        break;
      }
      if (held == sizeof(block)) {
        buffer_.append(block, held);
        held = 0;
      }
      block[held++] = static_cast<char>(c);
      ++size;
    }
    buffer_.append(block, held);
    if (!any) return false;
    line.text = buffer_;
  } else {
    if (pos_ >= text_.size()) return false;
    const size_t end = text_.find('\n', pos_);
    line.complete = end != std::string_view::npos;
    const size_t stop = line.complete ? end : text_.size();
    if (stop - pos_ > max_line_bytes_) {
      line.complete = false;
      line.too_long = true;
      stopped_ = true;
      line.text = text_.substr(pos_, max_line_bytes_);
      pos_ = text_.size();
    } else {
      line.text = text_.substr(pos_, stop - pos_);
      pos_ = line.complete ? end + 1 : text_.size();
    }
  }
  line.number = ++number_;
  return true;
}

}  // namespace wod::base
