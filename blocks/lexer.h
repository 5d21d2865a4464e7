// Lexer: one line of workout script → tokens (docs/spec/language.md §2).
//
// The language is line-oriented, so the lexer works on one line at a time
// (no newline inside `line`). It implements the reference token precedence
// (comment, heading, `:?`, timer, `@`, `^`, `*`, `:`, `/`, `|`, symbol runs,
// identifiers, `-`/`+`, numbers, strings, brackets) in one forward pass: no
// backtracking, so time is linear in the line length. Characters that start
// no token become kUnknown tokens; the parser reports them.
//
// The helpers after LexLine are the character rules the parser shares with
// the lexer: which characters are blanks (Unicode spaces and invisible
// characters included), the fullwidth colon read as `:`, and the column of
// a byte offset (columns count code points, docs/spec/language.md §1.3).
//
//   std::vector<Token> tokens = LexLine("  10 Pullups // warm");
//   // kNumber "10", kIdent "Pullups", kComment "// warm"
#ifndef WOD_BLOCKS_LEXER_H_
#define WOD_BLOCKS_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wod::blocks {

enum class TokenKind {
  kComment,      // `//` to end of line
  kHeading,      // `#`… to end of line
  kCollectible,  // `:?`
  kTimer,        // `:30`, `5:00`, `1:30:00`, `1:2:3:4`
  kAt,           // `@`
  kTrend,        // `^`
  kRest,         // `*`
  kColon,        // `:` (or the fullwidth `：`, docs/spec/language.md §2.4)
  kSlash,        // `/` (never `//`)
  kPipe,         // `|`
  kSymbols,      // run of `\ . , ! $ % = &` (and `@ ^ *` inside a run)
  kIdent,        // letter then letters/digits (non-ASCII characters other
                 // than blanks and `：` count as letters)
  kMinus,        // `-`
  kPlus,         // `+`
  kNumber,       // `10`, `2.5`, `.5` (docs/spec/language.md §13: `.5` is 0.5)
  kString,       // `"…"` with backslash escapes (text includes the quotes)
  kLBracket,     // `[`
  kRBracket,     // `]`
  kLParen,       // `(`
  kRParen,       // `)`
  kLBrace,       // `{`
  kRBrace,       // `}`
  kQuestion,     // `?`
  kUnknown,      // any other byte (one token per byte)
};

struct Token {
  TokenKind kind = TokenKind::kUnknown;
  std::size_t begin = 0;  // byte offset in the line
  std::size_t end = 0;    // one past the last byte
  // kString only: the closing quote is missing.
  bool unterminated = false;

  [[nodiscard]] std::string_view Text(std::string_view line) const {
    return line.substr(begin, end - begin);
  }
};

// Tokenizes one line (blanks separate tokens and are skipped).
std::vector<Token> LexLine(std::string_view line);

// A blank character (docs/spec/language.md §2.4): what separates tokens and
// indents lines.
enum class BlankKind {
  kNone,       // not a blank
  kSpace,      // space, tab, or a Unicode space such as U+00A0 NBSP
  kInvisible,  // U+200B, U+2060 or U+FEFF: read as a blank, with a warning
};
struct Blank {
  BlankKind kind = BlankKind::kNone;
  std::size_t length = 0;   // bytes
  uint32_t code_point = 0;  // for messages
};
// The blank at line[i] (i < line.size()), or kind kNone.
[[nodiscard]] Blank BlankAt(std::string_view line, std::size_t i);
// 1 for `:`, 3 for the fullwidth colon U+FF1A (read as `:`), else 0.
[[nodiscard]] std::size_t ColonLength(std::string_view line, std::size_t i);
// `text` without leading and trailing blanks of any kind.
[[nodiscard]] std::string_view TrimBlankCharacters(std::string_view text);

// Byte offsets of one line → 0-based columns that count code points (an
// invalid UTF-8 byte counts one), docs/spec/language.md §1.3. O(1) per
// query; an ASCII line needs no table.
class ColumnMap {
 public:
  explicit ColumnMap(std::string_view line);
  // The column of the character that starts at byte `offset` (offset ≤ the
  // line's size; the size itself maps to the number of code points).
  [[nodiscard]] std::size_t Column0(std::size_t offset) const {
    return columns_.empty() ? offset : columns_[offset];
  }

 private:
  std::vector<uint32_t> columns_;  // empty for an ASCII line
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_LEXER_H_
