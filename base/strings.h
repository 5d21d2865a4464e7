// String helpers shared by every layer: trimming, quoting for the step
// table, JSON string escaping, and UTF-8 checks. One copy of each, so a
// label is quoted the same way in the step table, the records and the
// recordings (docs/spec/step-trace.md §2.1).
//
//   base::TrimBlanks("  Pullups\t");          // "Pullups"
//   base::QuoteLabel("say \"go\"");           // "\"say \\\"go\\\"\""
//   base::JsonQuoted("a\nb");                 // "\"a\\nb\""
//   base::IsValidUtf8("\xC3\xA9");            // true
//   base::CodePointCount("\xC3\xA9t\xC3\xA9");  // 3
#ifndef WOD_BASE_STRINGS_H_
#define WOD_BASE_STRINGS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wod::base {

// `text` without leading and trailing spaces and tabs (the blanks of the
// workout language and of markdown tables; newlines are kept).
[[nodiscard]] std::string_view TrimBlanks(std::string_view text);
// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v,
// \f, \r), whatever the locale.
[[nodiscard]] std::string_view TrimAsciiWhitespace(std::string_view text);

// The lines of `text` as views into it, split at each "\n": a final "\n"
// ends the last line rather than starting an empty one ("" is one empty
// line). A "\r" before the "\n" stays in the line.
[[nodiscard]] std::vector<std::string_view> SplitLines(std::string_view text);

// `label` in double quotes with each `"` written `\"` and nothing else
// escaped: the stack cell and record text form
// (docs/spec/step-trace.md §2.1).
[[nodiscard]] std::string QuoteLabel(std::string_view label);

// How JSON strings treat bytes that JSON does not force us to escape.
enum class JsonStrings {
  // Only `"`, `\` and bytes below 0x20 are escaped; every other byte is
  // copied as is, valid UTF-8 or not. The memory snapshot and recording
  // form (docs/spec/recording.md): the bytes round-trip exactly.
  kBytes,
  // Also escapes DEL (0x7f) and replaces each byte that does not start a
  // valid UTF-8 sequence with U+FFFD, so the output is always valid JSON
  // text (`wod-run --format json`, docs/spec/step-trace.md §4).
  kValidUtf8,
};

// Appends `value` as a JSON string literal (quotes included). `\n`, `\r`,
// `\t` use their short escapes, other control bytes `\u00XX`.
void AppendJsonString(std::string_view value, std::string& out,
                      JsonStrings mode);
[[nodiscard]] std::string JsonQuoted(std::string_view value,
                                     JsonStrings mode = JsonStrings::kBytes);

// One character decoded from UTF-8 text.
struct Utf8Char {
  uint32_t code_point = 0;  // U+FFFD for a byte that is not valid UTF-8
  size_t length = 1;        // bytes taken, 1 for an invalid byte
  bool valid = false;
};
// Decodes the character at `text[i]` (i < text.size()). A byte that does not
// start a well-formed sequence (overlong forms, surrogates, values above
// U+10FFFF, truncated sequences, stray continuation bytes) decodes as one
// invalid U+FFFD of length 1: the way ReplaceInvalidUtf8 and
// JsonStrings::kValidUtf8 read it, so columns counted on the raw text and
// on its replacement agree.
[[nodiscard]] Utf8Char DecodeUtf8(std::string_view text, size_t i);
// Length of the well-formed UTF-8 sequence starting at `text[i]` (1 for
// ASCII), or 0 when the bytes there are not valid UTF-8.
[[nodiscard]] size_t Utf8SequenceLength(std::string_view text, size_t i);
[[nodiscard]] bool IsValidUtf8(std::string_view text);
// `text` with each byte that does not start a valid sequence replaced by
// U+FFFD.
[[nodiscard]] std::string ReplaceInvalidUtf8(std::string_view text);
// The number of code points, each invalid byte counting one (as the U+FFFD
// that replaces it): the column arithmetic of every diagnostic
// (docs/spec/language.md §1.3).
[[nodiscard]] size_t CodePointCount(std::string_view text);
// Appends `code_point` (at most U+10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(uint32_t code_point, std::string& out);

}  // namespace wod::base

#endif  // WOD_BASE_STRINGS_H_
