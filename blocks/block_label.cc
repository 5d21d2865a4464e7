#include "blocks/block_label.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "blocks/statement_format.h"

namespace wod::blocks {
namespace {

// ASCII only, as the "C" locale's tolower, without the locale lookup per
// character.
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr std::string_view kLogicWords[] = {"AMRAP", "EMOM", "TABATA",
                                            "FOR TIME"};

bool IsLogicText(std::string_view text) {
  for (std::string_view word : kLogicWords) {
    if (EqualsNoCase(base::TrimAsciiWhitespace(text), word)) {
      return true;
    }
  }
  return false;
}

std::string Amount(const Metric& metric) {
  return metric.value.has_value() ? FormatNumber(*metric.value) : "?";
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

}  // namespace

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > text.size()) return false;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (EqualsNoCase(text.substr(i, needle.size()), needle)) {
      return true;
    }
  }
  return false;
}

bool HasWord(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  // Compared first by its first letter: labels can be thousands of
  // characters long and are searched once per compiled group.
  const char first = Lower(word[0]);
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (Lower(text[i]) != first) continue;
    if (!EqualsNoCase(text.substr(i, word.size()), word)) continue;
    const bool left_ok = i == 0 || !IsWordChar(text[i - 1]);
    const size_t end = i + word.size();
    const bool right_ok = end == text.size() || !IsWordChar(text[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

std::string LogicWord(const std::vector<const Statement*>& statements) {
  // Hints first (the dialects' keyword detection), then a metric whose whole
  // text is a logic word (docs/spec/language.md §11).
  for (const Statement* s : statements) {
    if (s->HasHint(kHintWorkoutAmrap)) return "AMRAP";
    if (s->HasHint(kHintWorkoutEmom)) return "EMOM";
    if (s->HasHint(kHintWorkoutTabata)) return "TABATA";
    if (s->HasHint(kHintWorkoutForTime)) return "FOR TIME";
  }
  for (const Statement* s : statements) {
    for (const Metric& m : s->metrics) {
      if ((m.kind == MetricKind::kEffort || m.kind == MetricKind::kAction) &&
          IsLogicText(m.text)) {
        return Upper(base::TrimAsciiWhitespace(m.text));
      }
    }
  }
  return "";
}

std::string MetricImage(const Metric& metric, std::string_view source) {
  switch (metric.kind) {
    case MetricKind::kDuration: {
      if (!metric.value.has_value()) return ":?";
      if (!metric.written.empty()) return metric.written;
      if (metric.span.end_offset > metric.span.begin_offset &&
          metric.span.end_offset <= source.size()) {
        std::string_view text =
            source.substr(metric.span.begin_offset,
                          metric.span.end_offset - metric.span.begin_offset);
        while (!text.empty() && (text.front() == '^' || text.front() == '*' ||
                                 text.front() == ' ')) {
          text.remove_prefix(1);
        }
        return std::string(text);
      }
      return FormatNumber(*metric.value / 1000.0);
    }
    case MetricKind::kRounds:
      return metric.value.has_value() ? FormatNumber(*metric.value)
                                      : metric.text;
    case MetricKind::kRep:
      return Amount(metric);
    case MetricKind::kResistance:
    case MetricKind::kDistance:
    case MetricKind::kEnergy:
      return metric.unit.empty() ? Amount(metric)
                                 : Amount(metric) + " " + metric.unit;
    case MetricKind::kEffort:
    case MetricKind::kAction:
    case MetricKind::kText:
      return metric.text;
    case MetricKind::kProperty:
      return metric.text.empty() && metric.value.has_value()
                 ? FormatNumber(*metric.value)
                 : metric.text;
    case MetricKind::kChoice: {
      // docs/spec/language.md §11.2: every alternative, the one that runs
      // in brackets.
      std::vector<std::string> images;
      const int width = metric.alternative_width;
      for (int i = 0; i < metric.AlternativeCount(); ++i) {
        std::vector<std::string> parts;
        for (int j = 0; j < width; ++j) {
          std::string part = MetricImage(
              metric.alternatives[static_cast<size_t>(i * width + j)], source);
          if (!part.empty()) parts.push_back(std::move(part));
        }
        std::string image = absl::StrJoin(parts, " ");
        if (i == metric.selected) image = "[" + image + "]";
        images.push_back(std::move(image));
      }
      return absl::StrJoin(images, " | ");
    }
    case MetricKind::kGroup:
    case MetricKind::kDialect:
      return "";
  }
  return "";
}

std::string SegmentValue(const Metric& metric) {
  if (metric.kind == MetricKind::kRep || metric.unit.empty()) {
    // docs/spec/language.md §7.6: a count has no image but its amount; one
    // still to be collected is `undefined`, as the reference records it.
    return metric.value.has_value() ? FormatNumber(*metric.value)
                                    : std::string("undefined");
  }
  // docs/spec/language.md §7.6: a measured quantity prints as its image,
  // `? kg` while its amount is still to be collected.
  return Amount(metric) + " " + metric.unit;
}

std::string ComposeLabel(const std::vector<const Statement*>& statements,
                         std::string_view source) {
  std::vector<std::string> parts;
  const std::string logic = LogicWord(statements);
  if (!logic.empty()) parts.push_back(logic);
  // Primary metric: the rounds image, else the duration image.
  // The selected alternative of a choice shows in the choice's image, not
  // on its own (docs/spec/language.md §11.2).
  const Metric* primary = nullptr;
  for (MetricKind kind : {MetricKind::kRounds, MetricKind::kDuration}) {
    for (const Statement* s : statements) {
      for (const Metric& m : s->metrics) {
        if (primary == nullptr && m.kind == kind && !m.from_choice) {
          primary = &m;
        }
      }
    }
  }
  if (primary != nullptr) parts.push_back(MetricImage(*primary, source));
  // Identity: everything else but structure, attributes and logic words.
  for (const Statement* s : statements) {
    for (const Metric& m : s->metrics) {
      if (m.from_choice) continue;
      switch (m.kind) {
        case MetricKind::kDuration:
        case MetricKind::kRounds:
        case MetricKind::kResistance:
        case MetricKind::kDistance:
        case MetricKind::kGroup:
        case MetricKind::kDialect:
          continue;
        case MetricKind::kEffort:
        case MetricKind::kAction:
          if (IsLogicText(m.text)) continue;
          break;
        default:
          break;
      }
      std::string image = MetricImage(m, source);
      if (!image.empty()) parts.push_back(std::move(image));
    }
  }
  // Attributes: resistance and distance.
  for (const Statement* s : statements) {
    for (const Metric& m : s->metrics) {
      if (!m.from_choice && (m.kind == MetricKind::kResistance ||
                             m.kind == MetricKind::kDistance)) {
        parts.push_back(MetricImage(m, source));
      }
    }
  }
  return absl::StrJoin(parts, " ");
}

}  // namespace wod::blocks
