#include "blocks/line_parser.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "blocks/lexer.h"
#include "fmt/format.h"

namespace wod::blocks {
namespace {

// Integers up to 15 digits are exact in a double (< 2^53).
constexpr std::size_t kMaxIntegerDigits = 15;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

char ToUpper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ToUpper(a[i]) != ToUpper(b[i])) return false;
  }
  return true;
}
// The unit registry of the Units dialect (docs/spec/language.md §8): spelling →
// the metric kind a fused quantity becomes. The unit is kept as written.
struct UnitSpelling {
  std::string_view spelling;
  MetricKind kind;
};
constexpr UnitSpelling kUnits[] = {
    {"m", MetricKind::kDistance},
    {"meter", MetricKind::kDistance},
    {"meters", MetricKind::kDistance},
    {"metre", MetricKind::kDistance},
    {"metres", MetricKind::kDistance},
    {"km", MetricKind::kDistance},
    {"kilometer", MetricKind::kDistance},
    {"kilometers", MetricKind::kDistance},
    {"kilometre", MetricKind::kDistance},
    {"kilometres", MetricKind::kDistance},
    {"cm", MetricKind::kDistance},
    {"centimeter", MetricKind::kDistance},
    {"centimeters", MetricKind::kDistance},
    {"centimetre", MetricKind::kDistance},
    {"centimetres", MetricKind::kDistance},
    {"mm", MetricKind::kDistance},
    {"millimeter", MetricKind::kDistance},
    {"millimeters", MetricKind::kDistance},
    {"millimetre", MetricKind::kDistance},
    {"millimetres", MetricKind::kDistance},
    {"ft", MetricKind::kDistance},
    {"foot", MetricKind::kDistance},
    {"feet", MetricKind::kDistance},
    {"in", MetricKind::kDistance},
    {"inch", MetricKind::kDistance},
    {"inches", MetricKind::kDistance},
    {"yd", MetricKind::kDistance},
    {"yard", MetricKind::kDistance},
    {"yards", MetricKind::kDistance},
    {"mi", MetricKind::kDistance},
    {"mile", MetricKind::kDistance},
    {"miles", MetricKind::kDistance},
    {"kg", MetricKind::kResistance},
    {"kilo", MetricKind::kResistance},
    {"kilos", MetricKind::kResistance},
    {"kilogram", MetricKind::kResistance},
    {"kilograms", MetricKind::kResistance},
    {"g", MetricKind::kResistance},
    {"gram", MetricKind::kResistance},
    {"grams", MetricKind::kResistance},
    {"lb", MetricKind::kResistance},
    {"lbs", MetricKind::kResistance},
    {"pound", MetricKind::kResistance},
    {"pounds", MetricKind::kResistance},
    {"bw", MetricKind::kResistance},
    {"bodyweight", MetricKind::kResistance},
    {"cal", MetricKind::kEnergy},
    {"cals", MetricKind::kEnergy},
    {"calorie", MetricKind::kEnergy},
    {"calories", MetricKind::kEnergy},
    {"kcal", MetricKind::kEnergy},
    {"kcals", MetricKind::kEnergy},
    {"kilocalorie", MetricKind::kEnergy},
    {"kilocalories", MetricKind::kEnergy},
    // Inch and foot marks after a number (`24"`, `6'`): the lexer makes them
    // words only there (docs/spec/language.md §8.5).
    {"\"", MetricKind::kDistance},
    {"'", MetricKind::kDistance},
};

std::optional<MetricKind> UnitKind(std::string_view word) {
  for (const UnitSpelling& u : kUnits) {
    if (EqualsIgnoreCase(word, u.spelling)) return u.kind;
  }
  return std::nullopt;
}

// Property keys with typed metrics (docs/spec/language.md §5); others are
// "custom".
std::string PropertyName(std::string_view key) {
  constexpr std::pair<std::string_view, std::string_view> kTyped[] = {
      {"rpe", "session-rpe"}, {"rir", "rir"},       {"intensity", "intensity"},
      {"load", "load"},       {"volume", "volume"}, {"work", "work"},
  };
  for (const auto& [k, name] : kTyped) {
    if (EqualsIgnoreCase(key, k)) return std::string(name);
  }
  return "custom";
}

// True when a rounds label names a workout logic (docs/spec/language.md §10):
// `(AMRAP)`, `(EMOM)`, `(Tabata)`, `(For Time)`.
bool IsLogicLabel(std::string_view label) {
  constexpr std::string_view kLogic[] = {"AMRAP", "EMOM", "TABATA", "FOR TIME"};
  for (std::string_view word : kLogic) {
    for (std::size_t i = 0; i + word.size() <= label.size(); ++i) {
      if (EqualsIgnoreCase(label.substr(i, word.size()), word)) return true;
    }
  }
  return false;
}

// A printable rendering of a byte for messages (control bytes as \xNN).
std::string Printable(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out += kHex[u >> 4];
  out += kHex[u & 0xf];
  return out;
}

// Shortens long source excerpts quoted in messages.
std::string Excerpt(std::string_view s) {
  constexpr std::size_t kMax = 24;
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) out += Printable(s[i]);
  if (s.size() > kMax) out += "...";
  return out;
}
// The name of an invisible character (BlankKind::kInvisible) in messages.
std::string_view InvisibleName(uint32_t code_point) {
  switch (code_point) {
    case 0x200B:
      return "ZERO WIDTH SPACE";
    case 0x2060:
      return "WORD JOINER";
    default:
      return "ZERO WIDTH NO-BREAK SPACE";  // U+FEFF
  }
}

// `text` with each fullwidth colon written `:` (docs/spec/language.md §2.4).
std::string WithAsciiColons(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t colon = ColonLength(text, i);
    if (colon > 1) {
      out += ':';
      i += colon;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// `text` without its invisible characters: they are ignored
// (docs/spec/language.md §2.4).
std::string WithoutInvisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Blank blank = BlankAt(text, i);
    if (blank.kind == BlankKind::kInvisible) {
      i += blank.length;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// A number read from one token (ParseNumber; ParseTimer's value is in ms),
// or why it could not be read.
struct NumberOrError {
  std::optional<double> value;
  std::string error;
};

// Parses a kNumber token's text (`10`, `2.5`, `.5`).
NumberOrError ParseNumber(std::string_view text) {
  NumberOrError result;
  const std::size_t dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  if (integer.size() > kMaxIntegerDigits) {
    result.error = "number '" + Excerpt(text) +
                   "' is too large (at most 15 integer digits)";
    return result;
  }
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last) {
    result.error = "invalid number '" + Excerpt(text) + "'";
    return result;
  }
  result.value = value;
  return result;
}

// Parses a kTimer token (`:30`, `5:00`, `1:30:00`, `1:2:3:4`) into ms and
// validates components as docs/spec/language.md §6 describes — but the error is
// reported against the line instead of failing the whole script
// (docs/spec/language.md §13).
NumberOrError ParseTimer(std::string_view text) {
  NumberOrError result;
  std::vector<std::string_view> parts;
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  while (true) {
    const std::size_t colon = rest.find(':');
    parts.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
    if (parts.size() > 4) break;
  }
  if (parts.size() > 4) {
    result.error = "timer '" + Excerpt(text) +
                   "' has more than 4 components (days:hours:minutes:seconds)";
    return result;
  }
  // parts are most-significant first; walk them as s, m, h, d.
  std::uint64_t component[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view digits = parts[parts.size() - 1 - i];
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    if (digits.size() > 9) {
      result.error = "timer '" + Excerpt(text) + "' is too large";
      return result;
    }
    std::uint64_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    component[i] = v;
  }
  const std::size_t n = parts.size();
  if (n > 1 && component[0] > 59) {
    result.error =
        "Invalid seconds component: " + std::to_string(component[0]) +
        " (must be < 60 if other components present)";
    return result;
  }
  if (n > 2 && component[1] > 59) {
    result.error =
        "Invalid minutes component: " + std::to_string(component[1]) +
        " (must be < 60 if hours or days present)";
    return result;
  }
  if (n > 3 && component[2] > 23) {
    result.error = "Invalid hours component: " + std::to_string(component[2]) +
                   " (must be < 24 if days present)";
    return result;
  }
  // Each component has ≤ 9 digits, so this cannot overflow 64 bits.
  const std::uint64_t seconds =
      ((component[3] * 24 + component[2]) * 60 + component[1]) * 60 +
      component[0];
  const double ms = static_cast<double>(seconds) * 1000.0;
  if (ms > kMaxExactInteger) {
    result.error = "timer '" + Excerpt(text) + "' is too large";
    return result;
  }
  result.value = ms;
  return result;
}
}  // namespace

void DiagnosticSink::Add(int line, std::size_t column0, Severity severity,
                         std::string message, std::optional<FixIt> fix) {
  if (out_->size() > kMaxDiagnostics) return;
  Diagnostic d;
  d.line = line;
  d.column = static_cast<int>(column0) + 1;
  d.severity = severity;
  if (out_->size() == kMaxDiagnostics) {
    d.severity = Severity::kError;
    d.message = "too many problems; further diagnostics are suppressed";
  } else {
    d.message = std::move(message);
    d.fix = std::move(fix);
  }
  out_->push_back(std::move(d));
}

void LineParser::ReportCharacters() {
  for (std::size_t i = 0; i < line_.size();) {
    if (static_cast<unsigned char>(line_[i]) < 0x80) {
      ++i;
      continue;
    }
    const base::Utf8Char c = base::DecodeUtf8(line_, i);
    if (!c.valid) {
      // Once per line: one bad byte rarely comes alone.
      sink_->Warning(line_no_, Column0(i),
                     fmt::format("invalid UTF-8 (byte 0x{:02X}); every "
                                 "invalid byte of the line is read as U+FFFD",
                                 static_cast<unsigned char>(line_[i])));
      break;
    }
    i += c.length;
  }
  // Tokens are separated by blanks only, so the gaps hold every invisible
  // character outside comments, headings and strings.
  std::size_t gap = 0;
  for (std::size_t k = 0; k <= tokens_.size(); ++k) {
    const std::size_t gap_end =
        k < tokens_.size() ? tokens_[k].begin : line_.size();
    for (std::size_t i = gap; i < gap_end;) {
      const Blank blank = BlankAt(line_, i);
      if (blank.kind == BlankKind::kInvisible) {
        sink_->Warning(
            line_no_, Column0(i),
            fmt::format("invisible character U+{:04X} {} ignored",
                        blank.code_point, InvisibleName(blank.code_point)));
      }
      i += blank.kind == BlankKind::kNone ? 1 : blank.length;
    }
    if (k == tokens_.size()) break;
    const Token& t = tokens_[k];
    gap = t.end;
    if (t.kind != TokenKind::kColon && t.kind != TokenKind::kTimer &&
        t.kind != TokenKind::kCollectible) {
      continue;
    }
    for (std::size_t i = t.begin; i < t.end; ++i) {
      if (ColonLength(line_, i) > 1) {
        sink_->Warning(line_no_, Column0(i),
                       "fullwidth colon U+FF1A read as ':'");
      }
    }
  }
}

namespace {

bool IsWholeNumber(std::string_view text) {
  if (text.empty() || text.size() > kMaxIntegerDigits) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// `x` or `x` followed by digits (`3x`, `5x5`: the lexer reads `5` then the
// identifier `x5`, docs/spec/language.md §2.2).
bool IsTimesWord(std::string_view text) {
  if (text.empty() || (text[0] != 'x' && text[0] != 'X')) return false;
  return text.size() == 1 || IsWholeNumber(text.substr(1));
}

bool IsOneOf(std::string_view word,
             std::initializer_list<std::string_view> spellings) {
  for (std::string_view s : spellings) {
    if (EqualsIgnoreCase(word, s)) return true;
  }
  return false;
}

}  // namespace

void LineParser::Suggest(std::size_t first, std::size_t last,
                         std::string message, std::string replacement) {
  FixIt fix;
  fix.line = line_no_;
  fix.column = static_cast<int>(Column0(tokens_[first].begin)) + 1;
  fix.end_column = static_cast<int>(Column0(tokens_[last].end)) + 1;
  message += " (did you mean \"" + replacement + "\"?)";
  fix.replacement = std::move(replacement);
  sink_->Add(line_no_, Column0(tokens_[first].begin), Severity::kWarning,
             std::move(message), std::move(fix));
}

void LineParser::SuggestFor(std::size_t first, std::size_t last,
                            std::string_view why, std::string replacement) {
  Suggest(first, last,
          "'" + Excerpt(SpanText(first, last)) + "' " + std::string(why),
          std::move(replacement));
}

void LineParser::ReportUnclosed(const Token& open, std::size_t content_end,
                                char close) {
  const std::string opening(1, line_[open.begin]);
  FixIt fix;
  fix.line = line_no_;
  fix.column = static_cast<int>(Column0(open.begin)) + 1;
  fix.end_column = static_cast<int>(Column0(content_end)) + 1;
  fix.replacement =
      std::string(line_.substr(open.begin, content_end - open.begin)) + close;
  std::string message =
      "missing '" + std::string(1, close) + "' to close '" + opening + "'";
  // docs/spec/language.md §12.3: a line with a comment would put the
  // bracket inside the excerpt; the repair is the same.
  message += " (did you mean \"" + fix.replacement + "\"?)";
  sink_->Add(line_no_, Column0(open.begin), Severity::kError,
             std::move(message), std::move(fix));
}

std::size_t LineParser::CloserOrComment(std::size_t from,
                                        TokenKind close) const {
  std::size_t j = from;
  while (j < tokens_.size() && tokens_[j].kind != close &&
         tokens_[j].kind != TokenKind::kComment) {
    ++j;
  }
  return j;
}

std::string_view LineParser::SpanText(std::size_t first,
                                      std::size_t last) const {
  return line_.substr(tokens_[first].begin,
                      tokens_[last].end - tokens_[first].begin);
}

void LineParser::SuggestRoundHeaders(std::size_t k) {
  // docs/spec/language.md §12.3: each form reads as reps and efforts and
  // runs once (docs/spec/language.md §7.4); the fix-it writes the structure
  // the author meant.
  const std::size_t n = tokens_.size();
  auto kind = [&](std::size_t i) {
    return i < n ? tokens_[i].kind : TokenKind::kUnknown;
  };
  auto text = [&](std::size_t i) {
    return i < n ? tokens_[i].Text(line_) : std::string_view();
  };
  auto adjacent = [&](std::size_t i) {  // token i+1 touches token i
    return i + 1 < n && tokens_[i].end == tokens_[i + 1].begin;
  };
  if (kind(k) == TokenKind::kNumber && IsWholeNumber(text(k))) {
    const std::string count(text(k));
    // `3 rounds`, `5 Sets`, `3 Rounds of:`.
    if (kind(k + 1) == TokenKind::kIdent &&
        IsOneOf(text(k + 1), {"round", "rounds", "set", "sets"})) {
      std::size_t last = k + 1;
      if (kind(last + 1) == TokenKind::kIdent &&
          EqualsIgnoreCase(text(last + 1), "of")) {
        ++last;
      }
      if (kind(last + 1) == TokenKind::kColon) ++last;
      SuggestFor(k, last,
                 "is read as reps and an effort and runs once; a round "
                 "count needs parentheses",
                 "(" + count + ")");
      return;
    }
    // `3x`, `5x5`, `3x10`.
    if (adjacent(k) && kind(k + 1) == TokenKind::kIdent &&
        IsTimesWord(text(k + 1))) {
      const std::string_view times = text(k + 1);
      std::string replacement = "(" + count + ")";
      if (times.size() > 1) {
        replacement += " " + std::string(times.substr(1));
      }
      Suggest(k, k + 1,
              "'" + count + std::string(times) +
                  "' is read as reps and an effort and runs once; sets "
                  "are written as a round count in parentheses",
              std::move(replacement));
      return;
    }
    // `21-15-9`: two or more whole numbers of at most three digits joined
    // by `-` (`2026-05-26` is a date, not reps).
    auto is_reps = [&](std::size_t i) {
      return kind(i) == TokenKind::kNumber && IsWholeNumber(text(i)) &&
             text(i).size() <= 3;
    };
    std::size_t last = k;
    std::size_t numbers = 1;
    while (is_reps(k) && kind(last + 1) == TokenKind::kMinus &&
           is_reps(last + 2)) {
      last += 2;
      ++numbers;
    }
    if (numbers >= 2 &&
        !(adjacent(last) && kind(last + 1) == TokenKind::kIdent)) {
      std::string scheme;
      for (std::size_t i = k; i <= last; i += 2) {
        if (!scheme.empty()) scheme += '-';
        scheme += text(i);
      }
      SuggestFor(k, last,
                 "is read as reps and runs once; a rep scheme needs "
                 "parentheses",
                 "(" + scheme + ")");
      return;
    }
    return;
  }
  if (kind(k) != TokenKind::kIdent || kind(k + 1) != TokenKind::kNumber ||
      !IsWholeNumber(text(k + 1))) {
    return;
  }
  const std::string minutes(text(k + 1));
  std::size_t last = k + 1;
  if (kind(last + 1) == TokenKind::kIdent &&
      IsOneOf(text(last + 1), {"min", "mins", "minute", "minutes"})) {
    ++last;
  }
  if (EqualsIgnoreCase(text(k), "EMOM")) {
    // `EMOM 10`: ten one-minute rounds.
    SuggestFor(k, last,
               "has no interval timer and runs once; an EMOM is a round "
               "count and an interval",
               "(" + minutes + ") :60 EMOM");
  } else if (EqualsIgnoreCase(text(k), "AMRAP")) {
    // `AMRAP 20 mins`: a 20-minute cap.
    SuggestFor(k, last,
               "has no timer and runs once; an AMRAP needs its time as "
               "a timer",
               minutes + ":00 AMRAP");
  }
}

void LineParser::Run(Statement* statement) {
  ReportCharacters();
  std::size_t k = 0;
  bool keyed = false;  // `Key: …` (a date or a note, not a header)
  if (IsPropertyLine()) {
    EmitProperty();
    Finish(statement);
    return;
  }
  if (const std::size_t value_end = MetadataValueEnd(); value_end != 0) {
    EmitMetadata(value_end);
    for (k = value_end; k < tokens_.size();) k = Fragment(k);
    Finish(statement);
    return;
  }
  if (tokens_.size() >= 2 && tokens_[0].kind == TokenKind::kIdent &&
      tokens_[1].kind == TokenKind::kColon) {
    // docs/spec/language.md §3: a property line whose value does not fit is
    // dropped and the rest re-read as an ordinary line (`Timer: 1:00`).
    sink_->Warning(line_no_, Column0(tokens_[0].begin),
                   "'" + Excerpt(tokens_[0].Text(line_)) +
                       ":' is not a property (its value must be one word, "
                       "number or string); the key is ignored");
    k = 2;
    keyed = true;
  }
  if (k < tokens_.size() && (tokens_[k].kind == TokenKind::kMinus ||
                             tokens_[k].kind == TokenKind::kPlus)) {
    // docs/spec/language.md §4: a leading `-`/`+` is the lap (group) marker.
    Metric m = MakeMetric(MetricKind::kGroup, tokens_[k].begin, tokens_[k].end);
    m.group = tokens_[k].kind == TokenKind::kMinus ? GroupMarker::kRound
                                                   : GroupMarker::kCompose;
    statement->lap = m.group;
    Push(std::move(m));
    ++k;
  }
  if (!keyed) SuggestRoundHeaders(k);
  while (k < tokens_.size()) k = Fragment(k);
  Finish(statement);
}

Metric LineParser::MakeMetric(MetricKind kind, std::size_t begin,
                              std::size_t end) const {
  Metric m;
  m.kind = kind;
  m.span.line = line_no_;
  m.span.begin_column = static_cast<int>(Column0(begin)) + 1;
  m.span.end_column = static_cast<int>(Column0(end)) + 1;
  m.span.begin_offset = line_offset_ + begin;
  m.span.end_offset = line_offset_ + end;
  return m;
}

void LineParser::Push(Metric m) {
  effort_open_ = false;
  Item item;
  item.metric = std::move(m);
  items_.push_back(std::move(item));
}

void LineParser::Warn(const Token& t, std::string message) {
  sink_->Warning(line_no_, Column0(t.begin), std::move(message));
}

void LineParser::Error(const Token& t, std::string message) {
  sink_->Error(line_no_, Column0(t.begin), std::move(message));
}

std::size_t LineParser::MetadataValueEnd() const {
  if (tokens_.size() < 4 || tokens_[0].kind != TokenKind::kIdent ||
      tokens_[1].kind != TokenKind::kColon) {
    return 0;
  }
  // docs/spec/language.md §9.4: words only (`Home Training Setup`) or
  // numbers only (`2026-05-26`); anything that runs keeps the line a block
  // line (`Timer: 1:00`, `Cash out: 50 Double Unders`).
  bool words = false;
  bool numbers = false;
  std::size_t end = 2;
  for (; end < tokens_.size(); ++end) {
    switch (tokens_[end].kind) {
      case TokenKind::kIdent:
      case TokenKind::kString:
        words = true;
        break;
      case TokenKind::kNumber:
        numbers = true;
        break;
      case TokenKind::kSymbols:
      case TokenKind::kMinus:
      case TokenKind::kPlus:
      case TokenKind::kSlash:
      case TokenKind::kColon:
        break;
      case TokenKind::kComment:
      case TokenKind::kHeading:
        return words != numbers ? end : 0;
      default:
        return 0;
    }
  }
  return words != numbers ? end : 0;
}

void LineParser::EmitMetadata(std::size_t value_end) {
  const Token& key = tokens_[0];
  const Token& last = tokens_[value_end - 1];
  Metric m = MakeMetric(MetricKind::kProperty, key.begin, last.end);
  m.key = std::string(key.Text(line_));
  m.name = PropertyName(m.key);
  m.text = WithoutInvisible(SpanText(2, value_end - 1));
  Push(std::move(m));
}

bool LineParser::IsPropertyLine() const {
  if (tokens_.size() != 3) return false;
  if (tokens_[0].kind != TokenKind::kIdent ||
      tokens_[1].kind != TokenKind::kColon) {
    return false;
  }
  const Token& v = tokens_[2];
  return v.kind == TokenKind::kIdent || v.kind == TokenKind::kNumber ||
         (v.kind == TokenKind::kString && !v.unterminated);
}

void LineParser::EmitProperty() {
  const Token& key = tokens_[0];
  const Token& v = tokens_[2];
  Metric m = MakeMetric(MetricKind::kProperty, key.begin, v.end);
  m.key = std::string(key.Text(line_));
  m.name = PropertyName(m.key);
  if (v.kind == TokenKind::kNumber) {
    NumberOrError n = ParseNumber(v.Text(line_));
    if (!n.value) {
      Error(v, n.error);
      return;
    }
    m.value = n.value;
  } else if (v.kind == TokenKind::kString) {
    m.text = Unquote(v.Text(line_));
  } else {
    m.text = std::string(v.Text(line_));
  }
  Push(std::move(m));
}

std::string LineParser::Unquote(std::string_view quoted) {
  std::string out;
  if (!quoted.empty() && quoted.front() == '"') quoted.remove_prefix(1);
  if (!quoted.empty() && quoted.back() == '"') quoted.remove_suffix(1);
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] == '\\' && i + 1 < quoted.size()) {
      ++i;
      const char c = quoted[i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += quoted[i];
    }
  }
  return out;
}

std::size_t LineParser::Fragment(std::size_t k) {
  const Token& t = tokens_[k];
  switch (t.kind) {
    case TokenKind::kComment: {
      Metric m = MakeMetric(MetricKind::kText, t.begin, t.end);
      m.text = std::string(TrimBlankCharacters(t.Text(line_).substr(2)));
      Push(std::move(m));
      return k + 1;
    }
    case TokenKind::kHeading: {
      std::string_view text = t.Text(line_);
      int level = 0;
      while (!text.empty() && text.front() == '#') {
        ++level;
        text.remove_prefix(1);
      }
      Metric m = MakeMetric(MetricKind::kText, t.begin, t.end);
      m.text = std::string(TrimBlankCharacters(text));
      m.level = level;
      Push(std::move(m));
      return k + 1;
    }
    case TokenKind::kTrend:
    case TokenKind::kRest:
    case TokenKind::kTimer:
    case TokenKind::kCollectible:
      return Duration(k);
    case TokenKind::kLParen:
      return Rounds(k);
    case TokenKind::kLBracket:
      return Action(k);
    case TokenKind::kLBrace:
      return Object(k);
    case TokenKind::kNumber:
      if (JoinedToWord(k)) {
        // docs/spec/language.md §8.5: `10-to-2 Swing`, `1-Arm Swing` name a
        // movement; the numbers are part of its name.
        const std::size_t first = k;
        while (k < tokens_.size() &&
               (k == first || tokens_[k].begin == tokens_[k - 1].end) &&
               (tokens_[k].kind == TokenKind::kNumber ||
                tokens_[k].kind == TokenKind::kMinus ||
                tokens_[k].kind == TokenKind::kIdent)) {
          EffortPiece(tokens_[k]);
          ++k;
        }
        return k;
      }
      return Quantity(k);
    case TokenKind::kAt:
    case TokenKind::kQuestion:
      return Quantity(k);
    case TokenKind::kIdent:
    case TokenKind::kSymbols:
    case TokenKind::kMinus:
    case TokenKind::kString:
      EffortPiece(t);
      return k + 1;
    case TokenKind::kPipe: {
      effort_open_ = false;
      Item item;
      item.is_pipe = true;
      item.metric = MakeMetric(MetricKind::kChoice, t.begin, t.end);
      items_.push_back(std::move(item));
      return k + 1;
    }
    case TokenKind::kSlash:
    case TokenKind::kColon:
      // An unconsumed `/` and a stray `:` are dropped silently, as the
      // reference does (`3 Rounds of:`, `Thruster / Pull-up`).
      effort_open_ = false;
      return k + 1;
    case TokenKind::kPlus:
      // docs/spec/language.md §3.3: `+` after the first token adds what
      // follows: before a number or `@` it is that quantity's sign
      // (`20mm +30lb`), elsewhere it is effort text (`Snatch + Squat`).
      if (k + 1 < tokens_.size() && tokens_[k + 1].begin == t.end &&
          (tokens_[k + 1].kind == TokenKind::kNumber ||
           tokens_[k + 1].kind == TokenKind::kAt)) {
        effort_open_ = false;
        return k + 1;
      }
      EffortPiece(t);
      return k + 1;
    case TokenKind::kRParen:
      if (k == transparent_close_) {
        // The `)` of a parenthesised timer (docs/spec/language.md §6.5).
        effort_open_ = false;
        return k + 1;
      }
      effort_open_ = false;
      Warn(t,
           "unexpected character '" + Printable(line_[t.begin]) + "' ignored");
      return k + 1;
    case TokenKind::kRBracket:
    case TokenKind::kRBrace:
    case TokenKind::kUnknown:
      effort_open_ = false;
      Warn(t,
           "unexpected character '" + Printable(line_[t.begin]) + "' ignored");
      return k + 1;
  }
  return k + 1;
}

std::size_t LineParser::Duration(std::size_t k) {
  const std::size_t begin = tokens_[k].begin;
  bool count_up = false;
  bool required = false;
  while (k < tokens_.size() && (tokens_[k].kind == TokenKind::kTrend ||
                                tokens_[k].kind == TokenKind::kRest)) {
    if (tokens_[k].kind == TokenKind::kTrend) count_up = true;
    if (tokens_[k].kind == TokenKind::kRest) required = true;
    ++k;
  }
  if (k >= tokens_.size() || (tokens_[k].kind != TokenKind::kTimer &&
                              tokens_[k].kind != TokenKind::kCollectible)) {
    effort_open_ = false;
    sink_->Warning(line_no_, Column0(begin),
                   std::string("'") + line_[begin] +
                       "' must be followed by a timer such as 5:00; ignored");
    return k;
  }
  const Token& timer = tokens_[k];
  Metric m = MakeMetric(MetricKind::kDuration, begin, timer.end);
  m.count_up = count_up;
  m.required = required;
  // As `:` would have been written (docs/spec/language.md §2.4).
  m.written = WithAsciiColons(timer.Text(line_));
  if (timer.kind == TokenKind::kCollectible) {
    m.origin = MetricOrigin::kHinted;  // `:?` — measured, not planned
  } else {
    NumberOrError d = ParseTimer(m.written);
    if (!d.value) {
      effort_open_ = false;
      Error(timer, d.error);
      return k + 1;
    }
    m.value = d.value;
  }
  // docs/spec/language.md §5: `*` adds the parser hint behavior.required_timer.
  if (required) required_timer_ = true;
  if (m.value.has_value()) {
    if (timed_) {
      // docs/spec/language.md §13.9: kept in the statement, but a block has
      // one timer.
      Warn(timer, "only the first timer of a line runs; '" +
                      Excerpt(m.written) +
                      "' is kept but does not run (write the intervals as "
                      "child lines, e.g. ':20 Work' / ':10 Rest')");
    }
    timed_ = true;
  }
  Push(std::move(m));
  return k + 1;
}

std::size_t LineParser::Rounds(std::size_t k) {
  const Token& open = tokens_[k];
  // docs/spec/language.md §6.5: parentheses around a timer (`(20:00) AMRAP`,
  // `(:20 work / :10 rest)`) are read as if they were not there.
  for (std::size_t i = k + 1; i < tokens_.size(); ++i) {
    const TokenKind kind = tokens_[i].kind;
    if (kind == TokenKind::kRParen || kind == TokenKind::kLParen ||
        kind == TokenKind::kComment || kind == TokenKind::kHeading) {
      break;
    }
    if (kind == TokenKind::kTimer || kind == TokenKind::kCollectible) {
      std::size_t close = i;
      while (close < tokens_.size() &&
             tokens_[close].kind != TokenKind::kRParen &&
             tokens_[close].kind != TokenKind::kLParen &&
             tokens_[close].kind != TokenKind::kComment &&
             tokens_[close].kind != TokenKind::kHeading) {
        ++close;
      }
      if (close < tokens_.size() && tokens_[close].kind == TokenKind::kRParen) {
        transparent_close_ = close;
      } else {
        Error(open, "missing ')' to close '('");
      }
      effort_open_ = false;
      return k + 1;
    }
  }
  std::size_t j = k + 1;
  std::vector<std::pair<double, const Token*>> numbers;
  std::string words;
  bool bad_number = false;
  bool warned_inside = false;
  bool closed = false;
  std::string warning;
  std::size_t warning_at = 0;
  while (j < tokens_.size() && tokens_[j].kind != TokenKind::kRParen) {
    const Token& t = tokens_[j];
    if (t.kind == TokenKind::kNumber) {
      NumberOrError n = ParseNumber(t.Text(line_));
      if (n.value) {
        numbers.emplace_back(*n.value, &t);
      } else {
        Error(t, n.error);
        bad_number = true;
      }
    } else if (t.kind == TokenKind::kIdent) {
      if (!words.empty()) words += ' ';
      words += t.Text(line_);
    } else if (t.kind == TokenKind::kComment || t.kind == TokenKind::kHeading) {
      break;  // the line's comment, outside the unclosed parenthesis
    } else if (t.kind != TokenKind::kMinus && !warned_inside) {
      // One warning per parenthesis keeps `((((…` from flooding.
      warning = "'" + Excerpt(t.Text(line_)) + "' ignored inside '( )'";
      warning_at = t.begin;
      warned_inside = true;
    }
    ++j;
  }
  std::size_t end;
  std::size_t next;
  if (j < tokens_.size() && tokens_[j].kind == TokenKind::kRParen) {
    end = tokens_[j].end;
    next = j + 1;
    closed = true;
  } else {
    end = j > k + 1 ? tokens_[j - 1].end : open.end;
    ReportUnclosed(open, end, ')');
    next = j;
  }
  // A closed count or label may turn out to be a note (Finish); anything
  // else reports what it ignored now.
  const bool may_be_note =
      closed && !bad_number &&
      (numbers.size() == 1 || (numbers.empty() && !words.empty()));
  if (!warning.empty() && !may_be_note) {
    sink_->Warning(line_no_, Column0(warning_at), warning);
    warning.clear();
  }
  auto keep_text = [&] {
    Item& item = items_.back();
    item.paren_text = WithoutInvisible(TrimBlankCharacters(
        line_.substr(open.end, tokens_[j].begin - open.end)));
    item.paren_warning = std::move(warning);
    item.paren_warning_at = warning_at;
  };
  if (bad_number) {
    effort_open_ = false;
    return next;
  }
  if (numbers.size() == 1) {
    const double v = numbers[0].first;
    if (v != static_cast<double>(static_cast<std::int64_t>(v))) {
      effort_open_ = false;
      if (!warning.empty()) {
        sink_->Warning(line_no_, Column0(warning_at), warning);
      }
      Error(*numbers[0].second, "a round count must be a whole number");
      return next;
    }
    // `(3 Rounds)`, `(5 Sets)`: words are ignored when a number is there.
    Metric m = MakeMetric(MetricKind::kRounds, open.begin, end);
    m.value = v;
    Push(std::move(m));
    if (closed) keep_text();
    // docs/spec/runtime.md §9: `(0)` completes as soon as it is pushed, so
    // its children never run; almost always a typo, and the source of
    // zero-time loops when it is nested in other rounds.
    if (v == 0) Warn(open, "(0) runs no rounds; its children never run");
  } else if (numbers.size() >= 2) {
    // `(21-15-9)`: rounds = count of numbers, then one rep per number.
    Metric rounds = MakeMetric(MetricKind::kRounds, open.begin, end);
    rounds.value = static_cast<double>(numbers.size());
    Push(std::move(rounds));
    for (const auto& [value, token] : numbers) {
      Metric rep = MakeMetric(MetricKind::kRep, token->begin, token->end);
      rep.value = value;
      Push(std::move(rep));
    }
  } else if (!words.empty()) {
    // `(AMRAP)`, `(strict)`: a rounds label.
    Metric m = MakeMetric(MetricKind::kRounds, open.begin, end);
    m.text = std::move(words);
    Push(std::move(m));
    if (closed) keep_text();
  } else {
    effort_open_ = false;
    if (closed) Warn(open, "empty '( )' ignored");
  }
  return next;
}

std::size_t LineParser::Action(std::size_t k) {
  const Token& open = tokens_[k];
  const std::size_t j = CloserOrComment(k + 1, TokenKind::kRBracket);
  std::size_t content_end;
  std::size_t end;
  std::size_t next;
  if (j < tokens_.size() && tokens_[j].kind == TokenKind::kRBracket) {
    content_end = tokens_[j].begin;
    end = tokens_[j].end;
    next = j + 1;
  } else {
    content_end = j > k + 1 ? tokens_[j - 1].end : open.end;
    ReportUnclosed(open, content_end, ']');
    end = content_end;
    next = j;
  }
  std::string_view text =
      TrimBlankCharacters(line_.substr(open.end, content_end - open.end));
  if (!text.empty() && ColonLength(text, 0) != 0) {
    text = TrimBlankCharacters(text.substr(ColonLength(text, 0)));
  }
  bool pinned = false;
  if (!text.empty() && text.front() == '!') {
    pinned = true;
    text = TrimBlankCharacters(text.substr(1));
  }
  if (text.empty()) {
    effort_open_ = false;
    Warn(open, "empty action '[ ]' ignored");
    return next;
  }
  Metric m = MakeMetric(MetricKind::kAction, open.begin, end);
  m.text = WithoutInvisible(text);
  m.pinned = pinned;
  Push(std::move(m));
  return next;
}

std::size_t LineParser::Object(std::size_t k) {
  const Token& open = tokens_[k];
  const std::size_t j = CloserOrComment(k + 1, TokenKind::kRBrace);
  effort_open_ = false;
  if (j >= tokens_.size() || tokens_[j].kind != TokenKind::kRBrace) {
    ReportUnclosed(open, j > k + 1 ? tokens_[j - 1].end : open.end, '}');
    return j;
  }
  const std::string_view body =
      line_.substr(open.begin, tokens_[j].end - open.begin);
  std::vector<Metric> pairs;
  if (!ParseJsonObject(body, open.begin, &pairs)) {
    Warn(open, "metric object is not a flat JSON object; ignored");
    return j + 1;
  }
  for (Metric& m : pairs) Push(std::move(m));
  return j + 1;
}

bool LineParser::ParseJsonObject(std::string_view body, std::size_t base,
                                 std::vector<Metric>* out) const {
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < body.size()) {
      const Blank blank = BlankAt(body, i);
      if (blank.kind == BlankKind::kNone) break;
      i += blank.length;
    }
  };
  auto read_string = [&](std::string* s) {
    if (i >= body.size() || body[i] != '"') return false;
    const std::size_t start = i;
    ++i;
    while (i < body.size() && body[i] != '"') {
      if (body[i] == '\\') ++i;
      ++i;
    }
    if (i >= body.size()) return false;
    ++i;
    *s = Unquote(body.substr(start, i - start));
    return true;
  };
  skip_ws();
  if (i >= body.size() || body[i] != '{') return false;
  ++i;
  skip_ws();
  if (i < body.size() && body[i] == '}') return i + 1 == body.size();
  while (true) {
    skip_ws();
    const std::size_t pair_begin = i;
    std::string key;
    if (!read_string(&key)) return false;
    skip_ws();
    if (i >= body.size() || body[i] != ':') return false;
    ++i;
    skip_ws();
    Metric m = MakeMetric(MetricKind::kProperty, base + pair_begin, base);
    m.key = key;
    m.name = PropertyName(key);
    if (i < body.size() && body[i] == '"') {
      if (!read_string(&m.text)) return false;
    } else {
      const std::size_t start = i;
      while (i < body.size() && body[i] != ',' && body[i] != '}' &&
             body[i] != ' ' && body[i] != '\t') {
        ++i;
      }
      const std::string_view word = body.substr(start, i - start);
      if (word == "true" || word == "false" || word == "null") {
        m.text = std::string(word);
      } else {
        double v = 0;
        const auto [ptr, ec] =
            std::from_chars(word.data(), word.data() + word.size(), v);
        if (word.empty() || ec != std::errc() ||
            ptr != word.data() + word.size()) {
          return false;
        }
        m.value = v;
      }
    }
    m.span.end_column = static_cast<int>(Column0(base + i)) + 1;
    m.span.end_offset = line_offset_ + base + i;
    out->push_back(std::move(m));
    skip_ws();
    if (i < body.size() && body[i] == ',') {
      ++i;
      continue;
    }
    if (i < body.size() && body[i] == '}') return i + 1 == body.size();
    return false;
  }
}

std::size_t LineParser::Quantity(std::size_t k) {
  const Token& first = tokens_[k];
  const bool at = first.kind == TokenKind::kAt;
  if (at) {
    ++k;
    if (k < tokens_.size() && (tokens_[k].kind == TokenKind::kIdent ||
                               tokens_[k].kind == TokenKind::kString)) {
      return IntensityNote(k - 1);
    }
    if (k >= tokens_.size() || (tokens_[k].kind != TokenKind::kNumber &&
                                tokens_[k].kind != TokenKind::kQuestion)) {
      effort_open_ = false;
      Warn(first, "'@' must be followed by a weight such as 95lb; ignored");
      return k;
    }
  }
  const Token& amount_token = tokens_[k];
  std::optional<double> amount;
  std::size_t end = amount_token.end;
  if (amount_token.kind == TokenKind::kNumber) {
    NumberOrError n = ParseNumber(amount_token.Text(line_));
    if (!n.value) {
      effort_open_ = false;
      Error(amount_token, n.error);
      return k + 1;
    }
    amount = n.value;
    // Fractions fuse only between plain numbers followed by a unit.
    if (k + 3 < tokens_.size() && tokens_[k + 1].kind == TokenKind::kSlash &&
        tokens_[k + 2].kind == TokenKind::kNumber &&
        tokens_[k + 3].kind == TokenKind::kIdent &&
        UnitKind(tokens_[k + 3].Text(line_))) {
      NumberOrError d = ParseNumber(tokens_[k + 2].Text(line_));
      if (d.value && *d.value != 0) {
        amount = *amount / *d.value;
        end = tokens_[k + 2].end;
        k += 2;
      } else if (d.value) {
        effort_open_ = false;
        Error(tokens_[k + 2], "division by zero in a fraction");
        return k + 4;
      }
    }
  }
  ++k;
  Metric m = MakeMetric(MetricKind::kRep, first.begin, end);
  m.value = amount;
  if (!amount) m.origin = MetricOrigin::kHinted;
  // A unit joined by a hyphen names a size, not a count: `24-inch Box Jumps`,
  // `5-Foot Precisions` (docs/spec/language.md §8.5).
  std::size_t unit_k = k;
  if (amount && k + 1 < tokens_.size() &&
      tokens_[k].kind == TokenKind::kMinus &&
      tokens_[k].begin == tokens_[k - 1].end &&
      tokens_[k + 1].kind == TokenKind::kIdent &&
      tokens_[k + 1].begin == tokens_[k].end &&
      UnitKind(tokens_[k + 1].Text(line_))) {
    unit_k = k + 1;
  }
  if (unit_k < tokens_.size() && tokens_[unit_k].kind == TokenKind::kIdent) {
    const Token& unit = tokens_[unit_k];
    const std::string_view written = unit.Text(line_);
    const bool attached = amount && unit.begin == tokens_[unit_k - 1].end;
    std::optional<MetricKind> kind = UnitKind(written);
    std::string unit_text(written);
    // docs/spec/language.md §8.5: an inch or foot mark, or a `k` written
    // against the number (`5k`), is the unit it abbreviates; the mark itself
    // would read as a quote in labels.
    if (written == "\"") {
      unit_text = "in";
    } else if (written == "'") {
      unit_text = "ft";
    } else if (!kind && attached && EqualsIgnoreCase(written, "k")) {
      kind = MetricKind::kDistance;
      unit_text = "km";
    }
    if (kind) {
      m.kind = *kind;
      m.unit = std::move(unit_text);
      m.span = MakeMetric(*kind, first.begin, unit.end).span;
      Push(std::move(m));
      return unit_k + 1;
    }
  }
  // `@95` without a unit is still a load (unit filled later,
  // docs/spec/language.md §5).
  if (at) m.kind = MetricKind::kResistance;
  Push(std::move(m));
  return k;
}

bool LineParser::JoinedToWord(std::size_t k) const {
  // NUMBER "-" IDENT with no blanks, the word not a unit (`5-Foot` is a
  // size, docs/spec/language.md §8.5).
  return k + 2 < tokens_.size() && tokens_[k + 1].kind == TokenKind::kMinus &&
         tokens_[k + 1].begin == tokens_[k].end &&
         tokens_[k + 2].kind == TokenKind::kIdent &&
         tokens_[k + 2].begin == tokens_[k + 1].end &&
         !UnitKind(tokens_[k + 2].Text(line_));
}

std::size_t LineParser::IntensityNote(std::size_t k) {
  const Token& at = tokens_[k];
  std::size_t j = k + 1;
  std::string note;
  std::size_t end = at.end;
  // The words after `@`, while they touch or are one blank apart (as effort
  // words join, docs/spec/language.md §5.3).
  while (j < tokens_.size()) {
    const Token& t = tokens_[j];
    const bool word = t.kind == TokenKind::kIdent ||
                      t.kind == TokenKind::kString ||
                      (t.kind == TokenKind::kMinus && !note.empty());
    if (!word || (!note.empty() && t.begin > end + 1)) break;
    if (!note.empty() && t.begin > end) note += ' ';
    note += t.kind == TokenKind::kString ? Unquote(t.Text(line_))
                                         : std::string(t.Text(line_));
    if (t.kind == TokenKind::kString && t.unterminated) {
      Warn(t, "missing '\"' to close a string");
    }
    end = t.end;
    ++j;
  }
  // docs/spec/language.md §9.6: `@ Threshold`, `@easy` is an intensity note.
  Metric m = MakeMetric(MetricKind::kProperty, at.begin, end);
  m.key = "@";
  m.name = "intensity";
  m.text = std::move(note);
  Push(std::move(m));
  return j;
}

void LineParser::EffortPiece(const Token& t) {
  std::string_view text = t.Text(line_);
  std::string piece =
      t.kind == TokenKind::kString ? Unquote(text) : std::string(text);
  if (t.kind == TokenKind::kString && t.unterminated) {
    Warn(t, "missing '\"' to close a string");
  }
  // The blanks since the previous piece; invisible ones do not count
  // (`Pull<U+200B>ups` is `Pullups`, docs/spec/language.md §2.4).
  int blanks = 0;
  for (std::size_t i = effort_end_;
       effort_open_ && i < t.begin && blanks < 2;) {
    const Blank blank = BlankAt(line_, i);
    if (blank.kind == BlankKind::kNone) {
      blanks = 2;  // not adjacent (cannot happen between two pieces)
      break;
    }
    if (blank.kind == BlankKind::kSpace) ++blanks;
    i += blank.length;
  }
  if (effort_open_ && !items_.empty() && t.begin >= effort_end_ &&
      blanks <= 1) {
    Metric& m = items_.back().metric;
    if (blanks == 1) m.text += ' ';
    m.text += piece;
    m.span.end_column = static_cast<int>(Column0(t.end)) + 1;
    m.span.end_offset = line_offset_ + t.end;
    effort_end_ = t.end;
    return;
  }
  Metric m = MakeMetric(MetricKind::kEffort, t.begin, t.end);
  m.text = std::move(piece);
  Push(std::move(m));
  effort_open_ = true;
  effort_end_ = t.end;
}

bool LineParser::IsQuantity(MetricKind kind) {
  return kind == MetricKind::kRep || kind == MetricKind::kResistance ||
         kind == MetricKind::kDistance || kind == MetricKind::kEnergy;
}

bool LineParser::IsMeasure(MetricKind kind) {
  return kind == MetricKind::kResistance || kind == MetricKind::kDistance ||
         kind == MetricKind::kEnergy;
}

namespace {

// Two alternatives are alike when their metric kinds match as multisets
// (docs/spec/language.md §8.4); with one metric each, a bare number also
// matches a measured quantity (`185 | 125 lb`).
bool AlikeAlternatives(const std::vector<Metric>& a, std::size_t a_begin,
                       const std::vector<Metric>& b, std::size_t b_begin,
                       std::size_t width) {
  auto is_measure = [](MetricKind k) {
    return k == MetricKind::kResistance || k == MetricKind::kDistance ||
           k == MetricKind::kEnergy;
  };
  if (width == 1) {
    const MetricKind x = a[a_begin].kind;
    const MetricKind y = b[b_begin].kind;
    if (x == MetricKind::kText || x == MetricKind::kGroup) return false;
    return x == y || (x == MetricKind::kRep && is_measure(y)) ||
           (is_measure(x) && y == MetricKind::kRep);
  }
  std::vector<int> count(static_cast<std::size_t>(MetricKind::kDialect) + 1);
  for (std::size_t i = 0; i < width; ++i) {
    const MetricKind x = a[a_begin + i].kind;
    if (x == MetricKind::kText || x == MetricKind::kGroup) return false;
    ++count[static_cast<std::size_t>(x)];
    --count[static_cast<std::size_t>(b[b_begin + i].kind)];
  }
  for (int c : count) {
    if (c != 0) return false;
  }
  return true;
}

}  // namespace

void LineParser::Finish(Statement* statement) {
  // docs/spec/language.md §7.2: words in parentheses on a line that already
  // names its work (an effort or reps) are a note, not a rounds label:
  // `Pull Ups (Kipping)`, `5 Pushups (strict)`. A logic word keeps the label
  // (`(AMRAP)`).
  bool names_work = false;
  for (const Item& item : items_) {
    if (!item.is_pipe && (item.metric.kind == MetricKind::kEffort ||
                          item.metric.kind == MetricKind::kRep)) {
      names_work = true;
    }
  }
  // A parenthesis holding more than a count (`(65% max broad jump)`) is a
  // note there too: its whole text is kept, so nothing was ignored.
  for (Item& item : items_) {
    Metric& m = item.metric;
    if (item.is_pipe || m.kind != MetricKind::kRounds) continue;
    const bool label = !m.value && !m.text.empty();
    const bool cluttered = !item.paren_warning.empty();
    if (names_work && !item.paren_text.empty() && (label || cluttered) &&
        !IsLogicLabel(item.paren_text)) {
      m.kind = MetricKind::kText;
      m.level = 0;
      m.value.reset();
      m.text = item.paren_text;
      item.paren_warning.clear();
    }
    if (!item.paren_warning.empty()) {
      sink_->Warning(line_no_, Column0(item.paren_warning_at),
                     item.paren_warning);
    }
  }
  // docs/spec/language.md §8.4: the pipes of a line cut it into segments
  // S0 | S1 | … | Sn. Every alternative has the same width k: the metrics
  // of each middle segment, the last k of S0 and the first k of Sn. What
  // comes before (in S0) and after (in Sn) is shared by every alternative.
  std::vector<std::vector<Metric>> segments(1);
  std::vector<std::size_t> pipe_columns;  // 0-based, one per cut
  for (Item& item : items_) {
    if (!item.is_pipe) {
      segments.back().push_back(std::move(item.metric));
      continue;
    }
    const std::size_t column0 =
        static_cast<std::size_t>(item.metric.span.begin_column - 1);
    if (segments.back().empty()) {
      // `| a`, `a || b`: nothing on the left of this pipe.
      sink_->Warning(line_no_, column0,
                     "'|' has no alternative before it; ignored");
      continue;
    }
    segments.emplace_back();
    pipe_columns.push_back(column0);
  }
  if (segments.size() > 1 && segments.back().empty()) {
    sink_->Warning(line_no_, pipe_columns.back(),
                   "'|' has no alternative after it; ignored");
    segments.pop_back();
    pipe_columns.pop_back();
  }
  std::vector<Metric> out;
  auto flatten = [&] {
    for (std::vector<Metric>& segment : segments) {
      for (Metric& m : segment) out.push_back(std::move(m));
    }
  };
  if (segments.size() == 1) {
    flatten();
    statement->metrics = std::move(out);
    return;
  }
  const std::size_t n = segments.size();
  std::size_t width = 0;
  if (n > 2) {
    const std::size_t middle = segments[1].size();
    bool same = true;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      same = same && segments[i].size() == middle;
    }
    if (same && middle <= segments.front().size() &&
        middle <= segments.back().size()) {
      width = middle;
    }
  } else {
    width = std::min(segments[0].size(), segments[1].size());
  }
  // The widest k at which every alternative is like the first.
  for (; width > 0; --width) {
    if (n > 2 && width != segments[1].size()) {
      width = 0;
      break;
    }
    const std::vector<Metric>& first = segments.front();
    const std::size_t first_begin = first.size() - width;
    bool alike = true;
    for (std::size_t i = 1; i < n && alike; ++i) {
      alike = AlikeAlternatives(first, first_begin, segments[i], 0, width);
    }
    if (alike) break;
  }
  if (width == 0) {
    for (std::size_t column0 : pipe_columns) {
      sink_->Warning(line_no_, column0,
                     "'|' between unlike alternatives ignored (write "
                     "alternatives of the same shape, such as 3|5 or "
                     "Run 400m | Row 500m)");
    }
    flatten();
    statement->metrics = std::move(out);
    return;
  }
  std::vector<Metric>& first = segments.front();
  const std::size_t first_begin = first.size() - width;
  for (std::size_t i = 0; i < first_begin; ++i) {
    out.push_back(std::move(first[i]));
  }
  Metric choice = MakeMetric(MetricKind::kChoice, 0, 0);
  choice.alternative_width = static_cast<int>(width);
  for (std::size_t i = first_begin; i < first.size(); ++i) {
    choice.alternatives.push_back(std::move(first[i]));
  }
  for (std::size_t s = 1; s < n; ++s) {
    for (std::size_t i = 0; i < width; ++i) {
      choice.alternatives.push_back(std::move(segments[s][i]));
    }
  }
  if (width == 1) {
    // The unit written last applies to the bare numbers (`185 | 125 lb`).
    const Metric* measured = nullptr;
    for (const Metric& alt : choice.alternatives) {
      if (IsMeasure(alt.kind)) measured = &alt;
    }
    if (measured != nullptr) {
      const MetricKind kind = measured->kind;
      const std::string unit = measured->unit;
      for (Metric& alt : choice.alternatives) {
        if (alt.kind == MetricKind::kRep) {
          alt.kind = kind;
          alt.unit = unit;
        }
      }
    }
  }
  choice.span = choice.alternatives.front().span;
  for (const Metric& alt : choice.alternatives) {
    if (alt.span.end_offset > choice.span.end_offset) {
      choice.span.end_offset = alt.span.end_offset;
      choice.span.end_column = alt.span.end_column;
    }
  }
  out.push_back(std::move(choice));
  std::vector<Metric>& last = segments.back();
  for (std::size_t i = width; i < last.size(); ++i) {
    out.push_back(std::move(last[i]));
  }
  statement->metrics = std::move(out);
}

}  // namespace wod::blocks
