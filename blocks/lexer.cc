#include "blocks/lexer.h"

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

}  // namespace

std::vector<Token> LexLine(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = line.size();
  auto emit = [&tokens](TokenKind kind, std::size_t begin, std::size_t end) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    tokens.push_back(t);
  };
  while (i < n) {
    const char c = line[i];
    const char next = i + 1 < n ? line[i + 1] : '\0';
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    // Precedence follows docs/spec/language.md §2: earlier rows win at one
    // position.
    if (c == '/' && next == '/') {
      emit(TokenKind::kComment, i, n);
      break;
    }
    if (c == '#') {
      emit(TokenKind::kHeading, i, n);
      break;
    }
    if (c == ':' && next == '?') {
      emit(TokenKind::kCollectible, i, i + 2);
      i += 2;
      continue;
    }
    if (c == ':' && IsDigit(next)) {
      // `:30` — seconds only; later `:digits` groups extend it (`:1:30`).
      std::size_t j = SkipDigits(line, i + 1);
      while (j + 1 < n && line[j] == ':' && IsDigit(line[j + 1])) {
        j = SkipDigits(line, j + 1);
      }
      emit(TokenKind::kTimer, i, j);
      i = j;
      continue;
    }
    if (IsDigit(c)) {
      std::size_t j = SkipDigits(line, i);
      if (j + 1 < n && line[j] == ':' && IsDigit(line[j + 1])) {
        while (j + 1 < n && line[j] == ':' && IsDigit(line[j + 1])) {
          j = SkipDigits(line, j + 1);
        }
        emit(TokenKind::kTimer, i, j);
        i = j;
        continue;
      }
      if (j + 1 < n && line[j] == '.' && IsDigit(line[j + 1])) {
        j = SkipDigits(line, j + 1);
      }
      emit(TokenKind::kNumber, i, j);
      i = j;
      continue;
    }
    if (c == '.' && IsDigit(next)) {
      // Recommended deviation (docs/spec/language.md §13): `.5` is 0.5.
      const std::size_t j = SkipDigits(line, i + 1);
      emit(TokenKind::kNumber, i, j);
      i = j;
      continue;
    }
    switch (c) {
      case '@':
        emit(TokenKind::kAt, i, i + 1);
        ++i;
        continue;
      case '^':
        emit(TokenKind::kTrend, i, i + 1);
        ++i;
        continue;
      case '*':
        emit(TokenKind::kRest, i, i + 1);
        ++i;
        continue;
      case ':':
        emit(TokenKind::kColon, i, i + 1);
        ++i;
        continue;
      case '/':
        emit(TokenKind::kSlash, i, i + 1);
        ++i;
        continue;
      case '|':
        emit(TokenKind::kPipe, i, i + 1);
        ++i;
        continue;
      case '-':
        emit(TokenKind::kMinus, i, i + 1);
        ++i;
        continue;
      case '+':
        emit(TokenKind::kPlus, i, i + 1);
        ++i;
        continue;
      case '[':
        emit(TokenKind::kLBracket, i, i + 1);
        ++i;
        continue;
      case ']':
        emit(TokenKind::kRBracket, i, i + 1);
        ++i;
        continue;
      case '(':
        emit(TokenKind::kLParen, i, i + 1);
        ++i;
        continue;
      case ')':
        emit(TokenKind::kRParen, i, i + 1);
        ++i;
        continue;
      case '{':
        emit(TokenKind::kLBrace, i, i + 1);
        ++i;
        continue;
      case '}':
        emit(TokenKind::kRBrace, i, i + 1);
        ++i;
        continue;
      case '?':
        emit(TokenKind::kQuestion, i, i + 1);
        ++i;
        continue;
      default:
        break;
    }
    if (IsSymbol(c)) {
      std::size_t j = i + 1;
      while (j < n && IsSymbol(line[j]) &&
             !(line[j] == '.' && j + 1 < n && IsDigit(line[j + 1]))) {
        ++j;
      }
      emit(TokenKind::kSymbols, i, j);
      i = j;
      continue;
    }
    if (IsLetter(c)) {
      std::size_t j = i + 1;
      while (j < n && (IsLetter(line[j]) || IsDigit(line[j]))) ++j;
      emit(TokenKind::kIdent, i, j);
      i = j;
      continue;
    }
    if (c == '"') {
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
      Token t;
      t.kind = TokenKind::kString;
      t.begin = i;
      t.end = j;
      t.unterminated = !closed;
      tokens.push_back(t);
      i = j;
      continue;
    }
    emit(TokenKind::kUnknown, i, i + 1);
    ++i;
  }
  return tokens;
}

}  // namespace wod::blocks
