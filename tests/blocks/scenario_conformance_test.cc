// Scenario conformance: every step table of tests/scenarios/*.md (copies of
// the shared corpus) and of tests/rules/*.md (wod's own rules) is replayed
// through WorkoutSession and compared cell by cell (docs/spec/step-trace.md).
// Cases listed in tests/scenario_deviations.md are compared against their
// replacement table instead — still a test that can fail. The runtime's
// CheckInvariants() runs after every step.
//
// This reader is deliberately small; the official `--verify` reader lives in
// tools/.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "blocks/workout_session.h"
#include "gtest/gtest.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

struct Case {
  std::string name;
  std::string script;
  std::vector<std::vector<std::string>> rows;  // expected cells
};

std::string Trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
    --e;
  return s.substr(b, e - b);
}

// Splits a table row on unescaped `|`; cells trimmed, escapes kept.
std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string current;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      current += "\\|";
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(Trim(current));
      current.clear();
    } else {
      current += line[i];
    }
  }
  cells.push_back(Trim(current));
  // Drop the empty cells before the first and after the last `|`.
  if (!cells.empty() && cells.front().empty()) cells.erase(cells.begin());
  if (!cells.empty() && cells.back().empty()) cells.pop_back();
  return cells;
}

// Reads every step table of one markdown file
// (docs/spec/step-trace.md §3). `scripts` gives the script for deviation files,
// where the case name comes from the heading.
std::vector<Case> ReadCases(const std::string& file_name,
                            const std::string& text, bool deviation_file) {
  std::vector<std::string> lines;
  {
    std::string line;
    std::istringstream in(text);
    while (std::getline(in, line)) lines.push_back(line);
  }
  struct Table {
    std::string section;
    std::string script;
    bool has_script = false;
    std::vector<std::vector<std::string>> rows;
  };
  std::vector<Table> tables;
  std::string section;
  std::string script;
  bool has_script = false;
  bool in_fence = false;
  std::vector<std::string> fence_lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.rfind("```", 0) == 0) {
      if (in_fence) {
        script.clear();
        for (size_t k = 0; k < fence_lines.size(); ++k) {
          if (k > 0) script += "\n";
          script += fence_lines[k];
        }
        has_script = true;
        in_fence = false;
      } else {
        in_fence = true;
        fence_lines.clear();
      }
      continue;
    }
    if (in_fence) {
      fence_lines.push_back(line);
      continue;
    }
    if (line.rfind("## ", 0) == 0) {
      section = Trim(line.substr(3));
      has_script = false;
      continue;
    }
    if (line.rfind("| # | Action", 0) == 0) {
      Table table;
      table.section = section;
      table.script = script;
      table.has_script = has_script;
      size_t k = i + 2;  // skip the separator
      for (; k < lines.size() && lines[k].rfind("|", 0) == 0; ++k) {
        table.rows.push_back(SplitRow(lines[k]));
      }
      i = k - 1;
      tables.push_back(std::move(table));
    }
  }
  std::map<std::string, int> per_section;
  for (const Table& t : tables) ++per_section[t.section];
  std::map<std::string, int> seen;
  std::vector<Case> cases;
  for (const Table& t : tables) {
    if (!deviation_file && !t.has_script) continue;
    Case c;
    if (deviation_file) {
      c.name = t.section;
    } else {
      std::string id = t.section.substr(0, t.section.find(' '));
      c.name = file_name + ":" + id;
      if (per_section[t.section] > 1) {
        c.name += "#" + std::to_string(++seen[t.section]);
      }
    }
    c.script = t.script;
    c.rows = t.rows;
    cases.push_back(std::move(c));
  }
  return cases;
}

bool ParseAction(const std::string& action, runtime::StepCommand* command) {
  if (action == "userNext") {
    command->kind = runtime::CommandKind::kNext;
    return true;
  }
  auto number = [](const std::string& s, int64_t* out) {
    return absl::SimpleAtoi(s, out);
  };
  if (action.rfind("tick ", 0) == 0 || action.rfind("advance ", 0) == 0) {
    const bool tick = action[0] == 't';
    std::string rest = action.substr(tick ? 5 : 8);
    if (rest.size() > 3 && rest.substr(rest.size() - 3) == " ms") {
      rest = rest.substr(0, rest.size() - 3);
    }
    command->kind =
        tick ? runtime::CommandKind::kTick : runtime::CommandKind::kAdvance;
    return number(rest, &command->ms);
  }
  if (action.rfind("choose ", 0) == 0) {
    // docs/spec/step-trace.md §1: `choose N` picks an alternative.
    int64_t n = 0;
    if (!number(action.substr(7), &n) || n < 1) return false;
    command->kind = runtime::CommandKind::kChoose;
    command->alternative = static_cast<int>(n);
    return true;
  }
  if (action.rfind("event `", 0) == 0 && action.back() == '`') {
    command->kind = runtime::CommandKind::kEvent;
    command->event = action.substr(7, action.size() - 8);
    return true;
  }
  return false;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs one case; returns "" on success, else a description of the first
// differing row. `actual_table` receives every row the session produced.
std::string RunCase(const Case& c,
                    const std::vector<std::vector<std::string>>& expected,
                    std::string* invariant_error, std::string* actual_table) {
  std::string first_failure;
  auto session = WorkoutSession::Create(c.script);
  if (!session.ok()) return "create failed: " + session.status().ToString();
  for (size_t r = 0; r < expected.size(); ++r) {
    const std::vector<std::string>& want = expected[r];
    if (want.size() < 2) return "malformed row " + std::to_string(r);
    runtime::TraceStep step;
    if (r == 0) {
      step = (*session)->Start();
    } else {
      runtime::StepCommand command;
      if (!ParseAction(want[1], &command)) {
        return "unknown action '" + want[1] + "'";
      }
      step = (*session)->Apply(command);
    }
    const absl::Status invariants = (*session)->runtime().CheckInvariants();
    if (!invariants.ok() && invariant_error->empty()) {
      *invariant_error =
          "row " + std::to_string(r) + ": " + std::string(invariants.message());
    }
    *actual_table += step.Row() + "\n";
    const std::vector<std::string> got = SplitRow(step.Row());
    std::vector<std::string> want_cells = want;
    want_cells[1] = got.size() > 1 ? got[1] : "";  // actions are inputs
    if (got != want_cells && first_failure.empty()) {
      std::string row;
      for (const std::string& cell : want) row += "| " + cell + " ";
      first_failure = "row " + std::to_string(r) + "\n  expected: " + row +
                      "|\n  actual:   " + step.Row();
    }
  }
  return first_failure;
}

TEST(ScenarioConformance, EveryCorpusTableReproduces) {
  const std::filesystem::path root = WOD_SOURCE_DIR;
  const std::filesystem::path dir = root / "tests" / "scenarios";
  ASSERT_TRUE(std::filesystem::exists(dir)) << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" &&
        entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, Case> deviations;
  const std::filesystem::path deviation_path =
      root / "tests" / "scenario_deviations.md";
  if (std::filesystem::exists(deviation_path)) {
    for (Case& c : ReadCases("", ReadFile(deviation_path), true)) {
      deviations[c.name] = std::move(c);
    }
  }
  int passed = 0;
  int failed = 0;
  int deviated = 0;
  for (const auto& file : files) {
    for (const Case& c :
         ReadCases(file.filename().string(), ReadFile(file), false)) {
      auto dev = deviations.find(c.name);
      const bool is_dev = dev != deviations.end();
      if (is_dev) ++deviated;
      std::string invariant_error;
      std::string actual_table;
      const std::string failure = RunCase(c, is_dev ? dev->second.rows : c.rows,
                                          &invariant_error, &actual_table);
      EXPECT_EQ(invariant_error, "") << c.name;
      if (failure.empty()) {
        ++passed;
        std::cout << "ok   " << c.name << (is_dev ? " (deviation)" : "")
                  << "\n";
      } else {
        ++failed;
        std::cout << "FAIL " << c.name << (is_dev ? " (deviation)" : "") << " "
                  << failure << "\n";
        ADD_FAILURE() << c.name << " " << failure << "\nactual table:\n"
                      << runtime::TraceTableHeader() << "\n"
                      << actual_table;
      }
    }
  }
  std::cout << deviated << " cases compared against deviations\n"
            << passed << " passed, " << failed << " failed\n";
  EXPECT_GT(passed + failed, 0);
}

// The rule tables of tests/rules/*.md: wod's own rules written as scenarios
// from docs/spec/language.md (no reference recording, so no deviations).
TEST(ScenarioConformance, EveryRuleTableReproduces) {
  const std::filesystem::path dir =
      std::filesystem::path(WOD_SOURCE_DIR) / "tests" / "rules";
  ASSERT_TRUE(std::filesystem::exists(dir)) << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" &&
        entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  int cases = 0;
  for (const auto& file : files) {
    for (const Case& c :
         ReadCases(file.filename().string(), ReadFile(file), false)) {
      ++cases;
      std::string invariant_error;
      std::string actual_table;
      const std::string failure =
          RunCase(c, c.rows, &invariant_error, &actual_table);
      EXPECT_EQ(invariant_error, "") << c.name;
      EXPECT_EQ(failure, "") << c.name << "\nactual table:\n"
                             << runtime::TraceTableHeader() << "\n"
                             << actual_table;
    }
  }
  EXPECT_GT(cases, 0);
}

}  // namespace
}  // namespace wod::blocks
