#include "blocks/lexer.h"

#include <optional>

namespace wod::blocks {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes ≥ 0x80 are treated as letters so UTF-8 words ("Übung") stay whole.
bool IsLetter(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

// The symbol-run alphabet of docs/spec/language.md §2 row 11.
bool IsSymbol(char c) {
  switch (c) {
    case '\\':
    case '.':
    case ',':
    case '@':
    case '!':
    case '$':
    case '%':
    case '^':
    case '*':
    case '=':
    case '&':
      return true;
    default:
      return false;
  }
}

std::size_t SkipDigits(std::string_view s, std::size_t i) {
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i;
}

// Extends a timer past `j` over further `:digits` groups (`1:30:00`).
std::size_t SkipTimerGroups(std::string_view line, std::size_t j) {
  while (j + 1 < line.size() && line[j] == ':' && IsDigit(line[j + 1])) {
    j = SkipDigits(line, j + 1);
  }
  return j;
}

// The single-byte tokens (docs/spec/language.md §2), or nullopt for any other
// byte.
std::optional<TokenKind> PunctuationKind(char c) {
  switch (c) {
    case '@':
      return TokenKind::kAt;
    case '^':
      return TokenKind::kTrend;
    case '*':
      return TokenKind::kRest;
    case ':':
      return TokenKind::kColon;
    case '/':
      return TokenKind::kSlash;
    case '|':
      return TokenKind::kPipe;
    case '-':
      return TokenKind::kMinus;
    case '+':
      return TokenKind::kPlus;
    case '[':
      return TokenKind::kLBracket;
    case ']':
      return TokenKind::kRBracket;
    case '(':
      return TokenKind::kLParen;
    case ')':
      return TokenKind::kRParen;
    case '{':
      return TokenKind::kLBrace;
    case '}':
      return TokenKind::kRBrace;
    case '?':
      return TokenKind::kQuestion;
    default:
      return std::nullopt;
  }
}

// The token found at one position: its kind and where it ends.
struct Match {
  TokenKind kind;
  std::size_t end;
  bool unterminated = false;  // kString only
};

// At a digit: a timer (`5:00`, `1:30:00`) or a number (`10`, `2.5`).
Match LexNumberOrTimer(std::string_view line, std::size_t i) {
  const std::size_t n = line.size();
  std::size_t j = SkipDigits(line, i);
  if (j + 1 < n && line[j] == ':' && IsDigit(line[j + 1])) {
    return {TokenKind::kTimer, SkipTimerGroups(line, j)};
  }
  if (j + 1 < n && line[j] == '.' && IsDigit(line[j + 1])) {
    j = SkipDigits(line, j + 1);
  }
  return {TokenKind::kNumber, j};
}

// A run of symbol bytes; a `.` before a digit ends it (it starts a number).
Match LexSymbols(std::string_view line, std::size_t i) {
  const std::size_t n = line.size();
  std::size_t j = i + 1;
  while (j < n && IsSymbol(line[j]) &&
         !(line[j] == '.' && j + 1 < n && IsDigit(line[j + 1]))) {
    ++j;
  }
  return {TokenKind::kSymbols, j};
}

// A letter, then letters and digits.
Match LexIdent(std::string_view line, std::size_t i) {
  std::size_t j = i + 1;
  while (j < line.size() && (IsLetter(line[j]) || IsDigit(line[j]))) ++j;
  return {TokenKind::kIdent, j};
}

// A `"…"` string with backslash escapes; to the end of the line when the
// closing quote is missing.
Match LexString(std::string_view line, std::size_t i) {
  const std::size_t n = line.size();
  std::size_t j = i + 1;
  bool closed = false;
  while (j < n) {
    if (line[j] == '\\' && j + 1 < n) {
      j += 2;
      continue;
    }
    if (line[j] == '"') {
      closed = true;
      ++j;
      break;
    }
    ++j;
  }
  if (j > n) j = n;
  return {TokenKind::kString, j, !closed};
}

// The token that starts at line[i] (not a space or tab). Precedence follows
// docs/spec/language.md §2: earlier rows win at one position.
Match LexOne(std::string_view line, std::size_t i) {
  const std::size_t n = line.size();
  const char c = line[i];
  const char next = i + 1 < n ? line[i + 1] : '\0';
  if (c == '/' && next == '/') return {TokenKind::kComment, n};
  if (c == '#') return {TokenKind::kHeading, n};
  if (c == ':' && next == '?') return {TokenKind::kCollectible, i + 2};
  if (c == ':' && IsDigit(next)) {
    // `:30` — seconds only; later `:digits` groups extend it (`:1:30`).
    return {TokenKind::kTimer, SkipTimerGroups(line, SkipDigits(line, i + 1))};
  }
  if (IsDigit(c)) return LexNumberOrTimer(line, i);
  if (c == '.' && IsDigit(next)) {
    // Recommended deviation (docs/spec/language.md §13): `.5` is the number
    // 0.5.
    return {TokenKind::kNumber, SkipDigits(line, i + 1)};
  }
  if (const std::optional<TokenKind> kind = PunctuationKind(c)) {
    return {*kind, i + 1};
  }
  if (IsSymbol(c)) return LexSymbols(line, i);
  if (IsLetter(c)) return LexIdent(line, i);
  if (c == '"') return LexString(line, i);
  return {TokenKind::kUnknown, i + 1};
}

}  // namespace

std::vector<Token> LexLine(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
      continue;
    }
    const Match match = LexOne(line, i);
    Token t;
    t.kind = match.kind;
    t.begin = i;
    t.end = match.end;
    t.unterminated = match.unterminated;
    tokens.push_back(t);
    i = match.end;
  }
  return tokens;
}

}  // namespace wod::blocks
