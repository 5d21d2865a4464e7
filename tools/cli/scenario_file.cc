#include "tools/cli/scenario_file.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace wod::cli {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// The file as lines. A "\r\n" line break counts as "\n" so a file checked
// out with CRLF endings reads the same; no other byte is touched.
std::vector<std::string_view> FileLines(std::string_view text) {
  std::vector<std::string_view> lines = base::SplitLines(text);
  for (std::string_view& line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  }
  return lines;
}

// A CommonMark fence opener: up to 3 spaces, then 3+ backticks or tildes.
struct Fence {
  char marker = 0;
  size_t length = 0;
};

std::optional<Fence> FenceOpener(std::string_view line) {
  size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3 || indent == line.size()) return std::nullopt;
  const char marker = line[indent];
  if (marker != '`' && marker != '~') return std::nullopt;
  size_t length = 0;
  while (indent + length < line.size() && line[indent + length] == marker) {
    ++length;
  }
  if (length < 3) return std::nullopt;
  return Fence{marker, length};
}

// A closing fence: the same marker, at least as long, nothing else after it.
bool ClosesFence(std::string_view line, const Fence& open) {
  std::optional<Fence> fence = FenceOpener(line);
  if (!fence || fence->marker != open.marker || fence->length < open.length) {
    return false;
  }
  const std::string_view rest = Trim(line);
  return rest.find_first_not_of(open.marker) == std::string_view::npos;
}

bool IsTableLine(std::string_view line) {
  const std::string_view t = Trim(line);
  return !t.empty() && t.front() == '|';
}

bool IsStepTableHeader(std::string_view line) {
  if (!IsTableLine(line)) return false;
  const std::vector<std::string> cells = SplitTableRow(line);
  return cells.size() >= 2 && cells[0] == "#" && cells[1] == "Action";
}

bool IsSeparatorRow(std::string_view line) {
  if (!IsTableLine(line)) return false;
  for (const std::string& cell : SplitTableRow(line)) {
    if (cell.empty() || cell.find_first_not_of("-:") != std::string::npos ||
        cell.find('-') == std::string::npos) {
      return false;
    }
  }
  return true;
}

absl::Status FileError(std::string_view file, int line,
                       std::string_view message) {
  return absl::InvalidArgumentError(
      fmt::format("{}:{}: {}", file, line, message));
}

// The structure both file kinds share: sections, fenced blocks and tables.
struct ParsedTable {
  int line = 0;
  std::vector<TableRow> rows;
  bool has_script = false;
  std::string script;
  int script_line = 0;
};

struct Section {
  std::string heading;  // text after "## ", trimmed
  int line = 0;         // 0 for the part before the first heading
  std::vector<ParsedTable> tables;
  std::vector<std::pair<int, std::string_view>> text_lines;  // outside fences
};

absl::StatusOr<std::vector<Section>> ParseMarkdown(std::string_view file,
                                                   std::string_view text) {
  const std::vector<std::string_view> lines = FileLines(text);
  std::vector<Section> sections(1);
  // The nearest fenced block of the current section (docs/spec/step-trace.md:
  // the script of a table never comes from an earlier section).
  bool have_block = false;
  std::string block;
  int block_line = 0;

  size_t i = 0;
  while (i < lines.size()) {
    const std::string_view line = lines[i];
    const int line_no = static_cast<int>(i) + 1;
    if (std::optional<Fence> fence = FenceOpener(line)) {
      // Content runs to the closing fence and is taken byte for byte: the
      // lines joined by "\n", no trailing newline, never trimmed.
      std::string content;
      bool closed = false;
      bool first = true;
      for (++i; i < lines.size(); ++i) {
        if (ClosesFence(lines[i], *fence)) {
          closed = true;
          break;
        }
        if (!first) content += '\n';
        content.append(lines[i]);
        first = false;
      }
      if (!closed) {
        // CommonMark would run the block to the end of the file; a verifier
        // must not silently swallow the tables after it.
        return FileError(file, line_no, "fenced block is never closed");
      }
      have_block = true;
      block = std::move(content);
      block_line = line_no;
      ++i;
      continue;
    }
    if (line.substr(0, 3) == "## ") {
      Section section;
      section.heading = std::string(Trim(line.substr(3)));
      section.line = line_no;
      sections.push_back(std::move(section));
      have_block = false;
      block.clear();
      ++i;
      continue;
    }
    if (IsStepTableHeader(line)) {
      ParsedTable table;
      table.line = line_no;
      table.has_script = have_block;
      table.script = block;
      table.script_line = block_line;
      if (i + 1 >= lines.size() || !IsSeparatorRow(lines[i + 1])) {
        return FileError(file, line_no,
                         "step table header is not followed by a separator "
                         "row (|---|---|…)");
      }
      for (i += 2; i < lines.size() && IsTableLine(lines[i]); ++i) {
        TableRow row;
        row.line = static_cast<int>(i) + 1;
        row.cells = SplitTableRow(lines[i]);
        if (row.cells.size() < 2) {
          return FileError(file, row.line, "table row has no Action cell");
        }
        table.rows.push_back(std::move(row));
      }
      if (table.rows.empty()) {
        return FileError(file, line_no, "step table has no rows");
      }
      sections.back().tables.push_back(std::move(table));
      continue;
    }
    sections.back().text_lines.emplace_back(line_no, line);
    ++i;
  }
  return sections;
}

// The section id is the first word of the heading: "A1 · Classic AMRAP" → A1.
std::string SectionId(std::string_view heading) {
  const size_t end = heading.find_first_of(" \t");
  return std::string(heading.substr(0, end));
}

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

std::vector<std::string> SplitTableRow(std::string_view line) {
  std::string_view row = Trim(line);
  if (!row.empty() && row.front() == '|') row.remove_prefix(1);
  // A trailing unescaped pipe closes the row; "\|" at the end is content.
  if (!row.empty() && row.back() == '|' &&
      (row.size() < 2 || row[row.size() - 2] != '\\')) {
    row.remove_suffix(1);
  }
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t i = 0; i <= row.size(); ++i) {
    if (i == row.size() || (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))) {
      cells.emplace_back(Trim(row.substr(start, i - start)));
      start = i + 1;
    }
  }
  return cells;
}

absl::StatusOr<std::vector<ScenarioCase>> ReadScenarioFile(
    std::string_view file_name, std::string_view text) {
  absl::StatusOr<std::vector<Section>> sections =
      ParseMarkdown(file_name, text);
  if (!sections.ok()) return sections.status();
  std::vector<ScenarioCase> cases;
  std::map<std::string, int> seen;  // name → line, for duplicate detection
  for (Section& section : *sections) {
    const std::string id = SectionId(section.heading);
    const size_t count = section.tables.size();
    for (size_t k = 0; k < count; ++k) {
      ParsedTable& table = section.tables[k];
      ScenarioCase c;
      // docs/spec/step-trace.md: `file.md:ID`, `#k` only when the section holds
      // more than one table. A table before any heading is named by the file.
      c.name = id.empty() ? std::string(file_name)
                          : fmt::format("{}:{}", file_name, id);
      if (count > 1) c.name += fmt::format("#{}", k + 1);
      c.section_id = id;
      c.has_script = table.has_script;
      c.script = std::move(table.script);
      c.script_line = table.script_line;
      c.table_line = table.line;
      c.rows = std::move(table.rows);
      auto [it, inserted] = seen.emplace(c.name, c.table_line);
      if (!inserted) {
        return FileError(file_name, c.table_line,
                         fmt::format("case name '{}' already used by the "
                                     "table at line {}",
                                     c.name, it->second));
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

absl::StatusOr<std::vector<Deviation>> ReadDeviationsFile(
    std::string_view file_name, std::string_view text) {
  absl::StatusOr<std::vector<Section>> sections =
      ParseMarkdown(file_name, text);
  if (!sections.ok()) return sections.status();
  std::vector<Deviation> deviations;
  std::map<std::string, int> seen;
  for (Section& section : *sections) {
    const std::string name(Unquote(section.heading));
    const bool named_like_case = name.find(".md:") != std::string::npos;
    if (section.tables.empty()) {
      if (named_like_case) {
        return FileError(file_name, section.line,
                         fmt::format("deviation '{}' has no replacement step "
                                     "table",
                                     name));
      }
      continue;  // an introduction or notes
    }
    if (section.line == 0) {
      return FileError(file_name, section.tables[0].line,
                       "step table outside a '## NAME' deviation section");
    }
    if (section.tables.size() > 1) {
      return FileError(file_name, section.tables[1].line,
                       fmt::format("deviation '{}' has more than one step "
                                   "table",
                                   name));
    }
    Deviation deviation;
    deviation.name = name;
    deviation.line = section.line;
    deviation.table_line = section.tables[0].line;
    deviation.rows = std::move(section.tables[0].rows);
    bool has_reason = false;
    for (const auto& [line_no, line] : section.text_lines) {
      std::string_view t = Trim(line);
      // Accept `Reason:` plain or emphasised (`**Reason:**`).
      for (std::string_view prefix : {"Reason:", "**Reason:**", "*Reason:*"}) {
        if (t.substr(0, prefix.size()) == prefix) {
          deviation.reason = std::string(Trim(t.substr(prefix.size())));
          has_reason = true;
          break;
        }
      }
      if (has_reason) break;
    }
    if (!has_reason || deviation.reason.empty()) {
      return FileError(
          file_name, section.line,
          fmt::format("deviation '{}' has no 'Reason:' line", name));
    }
    auto [it, inserted] = seen.emplace(deviation.name, deviation.line);
    if (!inserted) {
      return FileError(file_name, deviation.line,
                       fmt::format("second deviation for '{}' (first at line "
                                   "{})",
                                   deviation.name, it->second));
    }
    deviations.push_back(std::move(deviation));
  }
  return deviations;
}

}  // namespace wod::cli
