#include "tools/bench/json_value.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace wod::bench {

// Recursive descent over RFC 8259 JSON. Google Benchmark also writes `NaN`
// and `Infinity`-free output, but a counter can be `inf` or `nan` when a run
// measured zero time, so those two bare words are accepted as numbers.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  absl::StatusOr<JsonValue> ParseDocument() {
    JsonValue v;
    if (absl::Status s = ParseValue(v, 0); !s.ok()) return s;
    SkipSpace();
    if (pos_ != text_.size()) return Error("trailing characters");
    return v;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        fmt::format("JSON: {} at byte {}", what, pos_));
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
            text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  absl::Status ParseValue(JsonValue& out, int depth) {
    if (depth > JsonValue::kMaxDepth) return Error("nesting too deep");
    SkipSpace();
    if (pos_ >= text_.size()) return Error("unexpected end of input");
    const char c = text_[pos_];
    if (c == '{') return ParseObject(out, depth);
    if (c == '[') return ParseArray(out, depth);
    if (c == '"') {
      out.kind_ = JsonValue::Kind::kString;
      return ParseString(out.string_);
    }
    if (Consume("true")) {
      out.kind_ = JsonValue::Kind::kBool;
      out.bool_ = true;
      return absl::OkStatus();
    }
    if (Consume("false")) {
      out.kind_ = JsonValue::Kind::kBool;
      return absl::OkStatus();
    }
    if (Consume("null")) return absl::OkStatus();
    return ParseNumber(out);
  }

  absl::Status ParseObject(JsonValue& out, int depth) {
    out.kind_ = JsonValue::Kind::kObject;
    ++pos_;  // '{'
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return absl::OkStatus();
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Error("expected a member name");
      }
      std::string key;
      if (absl::Status s = ParseString(key); !s.ok()) return s;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        return Error("expected ':'");
      ++pos_;
      JsonValue value;
      if (absl::Status s = ParseValue(value, depth + 1); !s.ok()) return s;
      out.members_.emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or '}'");
    }
  }

  absl::Status ParseArray(JsonValue& out, int depth) {
    out.kind_ = JsonValue::Kind::kArray;
    ++pos_;  // '['
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return absl::OkStatus();
    }
    for (;;) {
      JsonValue item;
      if (absl::Status s = ParseValue(item, depth + 1); !s.ok()) return s;
      out.items_.push_back(std::move(item));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or ']'");
    }
  }

  static int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  absl::Status ParseHex4(uint32_t& cp) {
    if (pos_ + 4 > text_.size()) return Error("truncated \\u escape");
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = HexDigit(text_[pos_++]);
      if (d < 0) return Error("bad \\u escape");
      cp = cp * 16 + static_cast<uint32_t>(d);
    }
    return absl::OkStatus();
  }

  absl::Status ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return absl::OkStatus();
      if (static_cast<unsigned char>(c) < 0x20) {
        return Error("control character in string");
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (absl::Status s = ParseHex4(cp); !s.ok()) return s;
          // A high surrogate followed by a low one is one code point; a lone
          // surrogate becomes U+FFFD rather than invalid UTF-8.
          if (cp >= 0xD800 && cp < 0xDC00 && Consume("\\u")) {
            uint32_t low = 0;
            if (absl::Status s = ParseHex4(low); !s.ok()) return s;
            cp = (low >= 0xDC00 && low < 0xE000)
                     ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                     : 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Error("bad escape");
      }
    }
    return Error("unterminated string");
  }

  absl::Status ParseNumber(JsonValue& out) {
    out.kind_ = JsonValue::Kind::kNumber;
    const bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (Consume(negative ? "-inf" : "inf") ||
        Consume(negative ? "-Infinity" : "Infinity")) {
      out.number_ = negative ? -HUGE_VAL : HUGE_VAL;
      return absl::OkStatus();
    }
    if (Consume("nan") || Consume("NaN") || Consume("-nan")) {
      out.number_ = std::nan("");
      return absl::OkStatus();
    }
    const size_t start = pos_;
    auto digits = [&] {
      const size_t before = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        ++pos_;
      }
      return pos_ > before;
    };
    if (negative) ++pos_;
    if (!digits()) return Error("expected a value");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return Error("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        ++pos_;
      }
      if (!digits()) return Error("expected an exponent");
    }
    // strtod needs a terminated buffer; the token is short.
    const std::string token(text_.substr(start, pos_ - start));
    out.number_ = std::strtod(token.c_str(), nullptr);
    return absl::OkStatus();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

absl::StatusOr<JsonValue> JsonValue::Parse(std::string_view text) {
  return JsonParser(text).ParseDocument();
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

}  // namespace wod::bench
