// The rule files tests/rules/*.md through every output of wod-run: besides
// their step tables (checked by blocks_test's scenario runner), each section
// may list output checks that the `--format json` line or the `--snapshot`
// text of a step must contain:
//
//   Output check: step 2 json contains `"resistance":"? kg"`
//   Output check: step 1 snapshot contains `? kg`
//
// And one rule holds for every step of every case: a collectible quantity
// never prints as `undefined UNIT` (docs/spec/language.md §7.6).
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "blocks/workout_session.h"
#include "gtest/gtest.h"
#include "runtime/step_trace.h"
#include "tools/cli/cli_options.h"
#include "tools/cli/json_writer.h"
#include "tools/cli/scenario_file.h"
#include "tools/cli/snapshot_text.h"
#include "tools/cli/trace_verifier.h"

namespace wod::cli {
namespace {

struct OutputCheck {
  int step = 0;
  bool json = false;  // else the snapshot text
  std::string needle;
  int line = 0;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The `Output check:` lines of each `## ` section, by section id (the first
// word of the heading, as docs/spec/step-trace.md §3 names cases).
std::map<std::string, std::vector<OutputCheck>> ReadChecks(
    const std::string& text, std::string* error) {
  std::map<std::string, std::vector<OutputCheck>> checks;
  std::istringstream lines(text);
  std::string line;
  std::string section;
  int line_no = 0;
  constexpr std::string_view kPrefix = "Output check: step ";
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.rfind("## ", 0) == 0) {
      const std::string heading = line.substr(3);
      section = heading.substr(0, heading.find(' '));
      continue;
    }
    if (line.rfind(kPrefix, 0) != 0) continue;
    std::string_view rest = std::string_view(line).substr(kPrefix.size());
    const std::size_t space = rest.find(' ');
    OutputCheck check;
    check.line = line_no;
    const std::size_t open = rest.find('`');
    const std::size_t close = rest.rfind('`');
    if (space == std::string_view::npos ||
        !absl::SimpleAtoi(std::string(rest.substr(0, space)), &check.step) ||
        open == std::string_view::npos || close <= open) {
      *error = "line " + std::to_string(line_no) + ": malformed output check";
      return checks;
    }
    const std::string_view what = rest.substr(space + 1, open - space - 1);
    if (what == "json contains ") {
      check.json = true;
    } else if (what != "snapshot contains ") {
      *error = "line " + std::to_string(line_no) + ": unknown output '" +
               std::string(what) + "'";
      return checks;
    }
    check.needle = std::string(rest.substr(open + 1, close - open - 1));
    checks[section].push_back(std::move(check));
  }
  return checks;
}

// `undefined` followed by a blank and a letter: a unit after a missing
// amount.
bool HasUndefinedUnit(std::string_view text) {
  for (std::size_t i = text.find("undefined "); i != std::string_view::npos;
       i = text.find("undefined ", i + 1)) {
    const std::size_t next = i + 10;
    if (next < text.size() &&
        std::isalpha(static_cast<unsigned char>(text[next])) != 0) {
      return true;
    }
  }
  return false;
}

TEST(RuleOutputs, JsonAndSnapshotsFollowTheRules) {
  const std::filesystem::path dir =
      std::filesystem::path(WOD_SOURCE_DIR) / "tests" / "rules";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" &&
        entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << dir;
  int checked = 0;
  for (const std::filesystem::path& file : files) {
    const std::string name = file.filename().string();
    const std::string text = ReadFile(file);
    absl::StatusOr<std::vector<ScenarioCase>> cases =
        ReadScenarioFile(name, text);
    ASSERT_TRUE(cases.ok()) << cases.status();
    std::string error;
    const std::map<std::string, std::vector<OutputCheck>> checks =
        ReadChecks(text, &error);
    ASSERT_EQ(error, "") << name;
    for (const ScenarioCase& c : *cases) {
      absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
          blocks::WorkoutSession::Create(c.script);
      ASSERT_TRUE(session.ok()) << c.name << ": " << session.status();
      const auto it = checks.find(c.section_id);
      const std::vector<OutputCheck> none;
      const std::vector<OutputCheck>& mine =
          it == checks.end() ? none : it->second;
      std::vector<bool> seen(mine.size(), false);
      for (std::size_t r = 0; r < c.rows.size(); ++r) {
        runtime::TraceStep step;
        if (r == 0) {
          step = (*session)->Start();
        } else {
          ASSERT_GE(c.rows[r].cells.size(), 2u) << c.name;
          absl::StatusOr<runtime::StepCommand> command =
              ActionToCommand(c.rows[r].cells[1]);
          ASSERT_TRUE(command.ok()) << c.name << ": " << command.status();
          step = (*session)->Apply(*command);
        }
        absl::StatusOr<std::string> snapshot_json =
            SnapshotText(**session, OutputFormat::kJson);
        absl::StatusOr<std::string> snapshot_text =
            SnapshotText(**session, OutputFormat::kTable);
        ASSERT_TRUE(snapshot_json.ok() && snapshot_text.ok()) << c.name;
        const std::string json = StepToJson(step, *snapshot_json);
        EXPECT_FALSE(HasUndefinedUnit(step.Row())) << c.name << " row " << r;
        EXPECT_FALSE(HasUndefinedUnit(json)) << c.name << " step " << r;
        EXPECT_FALSE(HasUndefinedUnit(*snapshot_text))
            << c.name << " step " << r;
        for (std::size_t k = 0; k < mine.size(); ++k) {
          if (mine[k].step != static_cast<int>(r)) continue;
          seen[k] = true;
          ++checked;
          const std::string& haystack = mine[k].json ? json : *snapshot_text;
          EXPECT_NE(haystack.find(mine[k].needle), std::string::npos)
              << name << ":" << mine[k].line << " (" << c.name << ", step " << r
              << (mine[k].json ? " json" : " snapshot") << ") lacks `"
              << mine[k].needle << "` in:\n"
              << haystack;
        }
      }
      for (std::size_t k = 0; k < mine.size(); ++k) {
        EXPECT_TRUE(seen[k])
            << name << ":" << mine[k].line << ": no such step in " << c.name;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace wod::cli
