#include "base/strings.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fmt/format.h"

namespace wod::base {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool IsAsciiWhitespace(char c) {
  return IsBlank(c) || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The escape JSON requires for `c`, or an empty view when `c` is copied.
std::string_view ShortEscape(char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return {};
  }
}

}  // namespace

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  if (!text.empty() && text.back() == '\n') lines.pop_back();
  return lines;
}

std::string_view TrimAsciiWhitespace(std::string_view text) {
  while (!text.empty() && IsAsciiWhitespace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsAsciiWhitespace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string QuoteLabel(std::string_view label) {
  std::string out = "\"";
  out.reserve(label.size() + 2);
  for (const char c : label) {
    if (c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void AppendJsonString(std::string_view value, std::string& out,
                      JsonStrings mode) {
  out += '"';
  size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    if (const std::string_view escape = ShortEscape(c); !escape.empty()) {
      out += escape;
      ++i;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || (byte == 0x7f && mode == JsonStrings::kValidUtf8)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
      ++i;
      continue;
    }
    if (mode == JsonStrings::kBytes || byte < 0x80) {
      out += c;
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(value, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    out.append(value.substr(i, length));
    i += length;
  }
  out += '"';
}

std::string JsonQuoted(std::string_view value, JsonStrings mode) {
  std::string out;
  out.reserve(value.size() + 2);
  AppendJsonString(value, out, mode);
  return out;
}

Utf8Char DecodeUtf8(std::string_view text, size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return {b0, 1, true};
  constexpr Utf8Char kInvalid{0xFFFD, 1, false};
  size_t length = 0;
  uint32_t min = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    min = 0x80;
    cp = b0 & 0x1Fu;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
    cp = b0 & 0x0Fu;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    min = 0x10000;
    cp = b0 & 0x07u;
  } else {
    return kInvalid;
  }
  if (i + length > text.size()) return kInvalid;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return kInvalid;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return kInvalid;
  }
  return {cp, length, true};
}

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const Utf8Char c = DecodeUtf8(text, i);
  return c.valid ? c.length : 0;
}

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    // ASCII first: most text is, and it needs no decoding.
    i += static_cast<unsigned char>(text[i]) < 0x80
             ? 1
             : DecodeUtf8(text, i).length;
  }
  return count;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

}  // namespace wod::base
