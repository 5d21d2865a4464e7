#include "blocks/statement_format.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "fmt/format.h"

namespace wod::blocks {
namespace {

std::string_view KindName(const Metric& m) {
  switch (m.kind) {
    case MetricKind::kDuration:
      return "duration";
    case MetricKind::kRounds:
      return "rounds";
    case MetricKind::kRep:
      return "rep";
    case MetricKind::kEffort:
      return "effort";
    case MetricKind::kResistance:
      return "resistance";
    case MetricKind::kDistance:
      return "distance";
    case MetricKind::kEnergy:
      return "energy";
    case MetricKind::kAction:
      return "action";
    case MetricKind::kText:
      return "text";
    case MetricKind::kGroup:
      return "group";
    case MetricKind::kProperty:
    case MetricKind::kDialect:
      return m.name;
    case MetricKind::kChoice:
      return "choice";
  }
  return "unknown";
}

// JSON string escaping for the text metric's object form.
std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string FormatValue(const Metric& m) {
  switch (m.kind) {
    case MetricKind::kDuration:
    case MetricKind::kRep:
      return m.value ? FormatNumber(*m.value) : "undefined";
    case MetricKind::kRounds:
      return m.value ? FormatNumber(*m.value) : m.text;
    case MetricKind::kResistance:
    case MetricKind::kDistance:
    case MetricKind::kEnergy: {
      std::string amount = m.value ? FormatNumber(*m.value) : "undefined";
      return m.unit.empty() ? amount : amount + " " + m.unit;
    }
    case MetricKind::kEffort:
    case MetricKind::kAction:
    case MetricKind::kDialect:
      return m.text;
    case MetricKind::kText: {
      // The corpus prints the text metric's value object; the heading level
      // is a string there.
      std::string out = "{\"text\":" + JsonString(m.text);
      if (m.level > 0) out += ",\"level\":\"" + std::to_string(m.level) + "\"";
      return out + "}";
    }
    case MetricKind::kGroup:
      return m.group == GroupMarker::kCompose ? "compose" : "round";
    case MetricKind::kProperty:
      return m.value ? FormatNumber(*m.value) : m.text;
    case MetricKind::kChoice: {
      std::string out = "[";
      for (std::size_t i = 0; i < m.alternatives.size(); ++i) {
        if (i > 0) out += " | ";
        out += FormatMetric(m.alternatives[i]);
      }
      return out + "]";
    }
  }
  return {};
}

}  // namespace

std::string FormatNumber(double value) {
  if (std::isfinite(value) && std::fabs(value) < 9007199254740992.0 &&
      value == std::trunc(value)) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  return fmt::format("{}", value);
}

std::string FormatMetric(const Metric& metric) {
  std::string out(KindName(metric));
  out += '=';
  out += FormatValue(metric);
  if (metric.origin == MetricOrigin::kHinted) out += "(hinted)";
  if (metric.origin == MetricOrigin::kDialect) out += "(dialect)";
  return out;
}

std::string FormatStatement(const Statement& statement) {
  std::string out = "`#" + std::to_string(statement.id) + "`";
  if (statement.parent) {
    out += " (child of #" + std::to_string(*statement.parent) + ")";
  }
  if (!statement.children.empty()) {
    out += " children [";
    for (std::size_t g = 0; g < statement.children.size(); ++g) {
      if (g > 0) out += ',';
      out += '[';
      for (std::size_t i = 0; i < statement.children[g].size(); ++i) {
        if (i > 0) out += ',';
        out += std::to_string(statement.children[g][i]);
      }
      out += ']';
    }
    out += ']';
  }
  out += ':';
  for (std::size_t i = 0; i < statement.metrics.size(); ++i) {
    out += i == 0 ? " " : ", ";
    out += FormatMetric(statement.metrics[i]);
  }
  if (!statement.hints.empty()) {
    out += " \xC2\xB7 hints: ";  // U+00B7 MIDDLE DOT, as the corpus writes it
    for (std::size_t i = 0; i < statement.hints.size(); ++i) {
      if (i > 0) out += ", ";
      out += statement.hints[i];
    }
  }
  return out;
}

std::string FormatParsedStatements(const ParseResult& result) {
  if (result.statements.empty()) return "(none)";
  std::string out;
  for (std::size_t i = 0; i < result.statements.size(); ++i) {
    if (i > 0) out += "; ";
    out += FormatStatement(result.statements[i]);
  }
  return out;
}

}  // namespace wod::blocks
