#include "blocks/lexer.h"

#include <cstdint>
#include <optional>

#include "base/strings.h"

namespace wod::blocks {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes ≥ 0x80 are treated as letters so UTF-8 words ("Übung") stay whole;
// the callers stop at blanks and `：` first (docs/spec/language.md §2.3).
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

// True when a colon (`:` or `：`) at `j` is followed by a digit.
bool ColonThenDigit(std::string_view line, std::size_t j) {
  const std::size_t colon = j < line.size() ? ColonLength(line, j) : 0;
  return colon != 0 && j + colon < line.size() && IsDigit(line[j + colon]);
}

// Extends a timer past `j` over further `:digits` groups (`1:30:00`).
std::size_t SkipTimerGroups(std::string_view line, std::size_t j) {
  while (ColonThenDigit(line, j)) {
    j = SkipDigits(line, j + ColonLength(line, j));
  }
  return j;
}

// True when the non-ASCII character at line[i] ends a word: a blank or the
// fullwidth colon.
bool EndsWord(std::string_view line, std::size_t i) {
  return BlankAt(line, i).kind != BlankKind::kNone || ColonLength(line, i) != 0;
}

// The single-byte tokens (docs/spec/language.md §2) but `:` (LexOne reads
// it, with `：`), or nullopt for any other byte.
std::optional<TokenKind> PunctuationKind(char c) {
  switch (c) {
    case '@':
      return TokenKind::kAt;
    case '^':
      return TokenKind::kTrend;
    case '*':
      return TokenKind::kRest;
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
  if (ColonThenDigit(line, j)) {
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
  while (j < line.size() && (IsLetter(line[j]) || IsDigit(line[j]))) {
    if (static_cast<unsigned char>(line[j]) >= 0x80 && EndsWord(line, j)) {
      break;
    }
    ++j;
  }
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
  if (const std::size_t colon = ColonLength(line, i); colon != 0) {
    // `：` is read as `:` (docs/spec/language.md §2.4).
    const char after = i + colon < n ? line[i + colon] : '\0';
    if (after == '?') return {TokenKind::kCollectible, i + colon + 1};
    if (IsDigit(after)) {
      // `:30` — seconds only; later `:digits` groups extend it (`:1:30`).
      return {TokenKind::kTimer,
              SkipTimerGroups(line, SkipDigits(line, i + colon))};
    }
    return {TokenKind::kColon, i + colon};
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
    if (const Blank blank = BlankAt(line, i); blank.kind != BlankKind::kNone) {
      i += blank.length;
      continue;
    }
    Match match = LexOne(line, i);
    if ((line[i] == '"' || line[i] == '\'') && !tokens.empty() &&
        tokens.back().kind == TokenKind::kNumber && tokens.back().end == i) {
      // An inch or foot mark right after a number (`24"`, `6'`) is its unit,
      // not a string (docs/spec/language.md §8.5).
      match = {TokenKind::kIdent, i + 1};
    }
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

Blank BlankAt(std::string_view line, std::size_t i) {
  const char c = line[i];
  if (c == ' ' || c == '\t')
    return {BlankKind::kSpace, 1, static_cast<uint32_t>(c)};
  if (static_cast<unsigned char>(c) < 0x80) return {};
  const base::Utf8Char u = base::DecodeUtf8(line, i);
  if (!u.valid) return {};
  const uint32_t cp = u.code_point;
  // The Unicode space separators (category Zs) other than U+0020.
  if (cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
      cp == 0x202F || cp == 0x205F || cp == 0x3000) {
    return {BlankKind::kSpace, u.length, cp};
  }
  // Zero-width characters that only ever hide in pasted text: ZERO WIDTH
  // SPACE, WORD JOINER, ZERO WIDTH NO-BREAK SPACE (a BOM not at the start).
  // ZWJ and ZWNJ are not among them: they are parts of emoji and words.
  if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF) {
    return {BlankKind::kInvisible, u.length, cp};
  }
  return {};
}

std::size_t ColonLength(std::string_view line, std::size_t i) {
  if (line[i] == ':') return 1;
  // U+FF1A FULLWIDTH COLON, EF BC 9A in UTF-8.
  if (line.substr(i, 3) == "\xEF\xBC\x9A") return 3;
  return 0;
}

std::string_view TrimBlankCharacters(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past the last character that is not a blank
  bool found = false;
  for (std::size_t i = 0; i < text.size();) {
    if (const Blank blank = BlankAt(text, i); blank.kind != BlankKind::kNone) {
      i += blank.length;
      continue;
    }
    if (!found) begin = i;
    found = true;
    i += base::DecodeUtf8(text, i).length;
    end = i;
  }
  return found ? text.substr(begin, end - begin) : std::string_view();
}

ColumnMap::ColumnMap(std::string_view line) {
  bool ascii = true;
  for (const char c : line) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return;
  columns_.resize(line.size() + 1);
  uint32_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++column) {
    const std::size_t length = base::DecodeUtf8(line, i).length;
    for (std::size_t k = 0; k < length; ++k) columns_[i + k] = column;
    i += length;
  }
  columns_[line.size()] = column;
}

}  // namespace wod::blocks
