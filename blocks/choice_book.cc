#include "blocks/choice_book.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "blocks/block_label.h"
#include "fmt/format.h"

namespace wod::blocks {

ChoiceBook::ChoiceBook(const ParseResult& parsed, std::string_view source) {
  for (const Statement& s : parsed.statements) {
    for (std::size_t i = 0; i < s.metrics.size(); ++i) {
      const Metric& m = s.metrics[i];
      if (m.kind != MetricKind::kChoice || m.AlternativeCount() == 0) {
        continue;
      }
      Entry entry;
      entry.line = s.line;
      entry.column = m.span.begin_column;
      entry.index = static_cast<int>(i);
      const int width = m.alternative_width;
      for (int a = 0; a < m.AlternativeCount(); ++a) {
        std::vector<std::string> parts;
        for (int j = 0; j < width; ++j) {
          std::string part = MetricImage(
              m.alternatives[static_cast<std::size_t>(a * width + j)], source);
          if (!part.empty()) parts.push_back(std::move(part));
        }
        entry.images.push_back(absl::StrJoin(parts, " "));
      }
      entries_.push_back(std::move(entry));
    }
  }
}

std::optional<PendingChoice> ChoiceBook::Pending() const {
  for (const Entry& e : entries_) {
    if (e.line <= started_through_ || e.settled) continue;
    return PendingChoice{e.line, e.column, e.selected, e.images};
  }
  return std::nullopt;
}

absl::Status ChoiceBook::Choose(int alternative) {
  for (Entry& e : entries_) {
    if (e.line <= started_through_ || e.settled) continue;
    const int count = static_cast<int>(e.images.size());
    if (alternative < 1 || alternative > count) {
      return absl::OutOfRangeError(
          fmt::format("choose {}: the choice on line {} has {} alternatives",
                      alternative, e.line, count));
    }
    e.selected = alternative - 1;
    e.settled = true;
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      fmt::format("choose {}: no choice is pending", alternative));
}

void ChoiceBook::Resolve(Statement* statement) {
  // docs/spec/runtime.md §15: a line's choices are settled when it first
  // starts; lines before it can no longer be chosen either (they were passed
  // or run, and rounds repeat the same pick).
  started_through_ = std::max(started_through_, statement->line);
  std::vector<Metric> out;
  out.reserve(statement->metrics.size());
  for (std::size_t i = 0; i < statement->metrics.size(); ++i) {
    Metric& m = statement->metrics[i];
    if (m.kind != MetricKind::kChoice || m.AlternativeCount() == 0) {
      out.push_back(std::move(m));
      continue;
    }
    for (const Entry& e : entries_) {
      if (e.line == statement->line && e.index == static_cast<int>(i)) {
        m.selected = e.selected;
      }
    }
    m.selected = std::clamp(m.selected, 0, m.AlternativeCount() - 1);
    std::vector<Metric> chosen(
        m.alternatives.begin() + m.selected * m.alternative_width,
        m.alternatives.begin() + (m.selected + 1) * m.alternative_width);
    out.push_back(std::move(m));
    for (Metric& c : chosen) {
      c.from_choice = true;
      out.push_back(std::move(c));
    }
  }
  statement->metrics = std::move(out);
}

}  // namespace wod::blocks
