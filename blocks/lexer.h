// Lexer: one line of workout script → tokens (docs/spec/language.md §2).
//
// The language is line-oriented, so the lexer works on one line at a time
// (no newline inside `line`). It implements the reference token precedence
// (comment, heading, `:?`, timer, `@`, `^`, `*`, `:`, `/`, `|`, symbol runs,
// identifiers, `-`/`+`, numbers, strings, brackets) in one forward pass: no
// backtracking, so time is linear in the line length. Characters that start
// no token become kUnknown tokens; the parser reports them.
//
//   std::vector<Token> tokens = LexLine("  10 Pullups // warm");
//   // kNumber "10", kIdent "Pullups", kComment "// warm"
#ifndef WOD_BLOCKS_LEXER_H_
#define WOD_BLOCKS_LEXER_H_

#include <cstddef>
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
  kColon,        // `:`
  kSlash,        // `/` (never `//`)
  kPipe,         // `|`
  kSymbols,      // run of `\ . , ! $ % = &` (and `@ ^ *` inside a run)
  kIdent,        // letter then letters/digits (bytes ≥ 0x80 count as letters)
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

// Tokenizes one line (spaces and tabs separate tokens and are skipped).
std::vector<Token> LexLine(std::string_view line);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_LEXER_H_
