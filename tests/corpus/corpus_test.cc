// The real-workout corpus (tests/corpus/README.md): every script is checked
// the way `wod-run --check` checks it and run to its end the way `wod-run
// --auto` runs it, and the top-level pieces wod compiles are compared with
// what the author meant (expected.tsv). Differences known today are listed
// in known_mismatches.tsv with their loss class: an unlisted difference
// fails, and so does a listed one that no longer happens, so the list only
// shrinks as the language fixes land. known_losses.tsv does the same for
// losses below the top level, each shown by a probe text of the trace.
//
// A "piece" is one block pushed directly on SessionRoot
// (docs/spec/runtime.md §6): a script of several top-level groups runs as a
// sequence of pieces. Each piece reads as kind (the trace's block type), timer
// (its countdown duration) and rounds (its round total, or the rep scheme of
// its header); a sequence joins the pieces' values with " + ".

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/compiler.h"
#include "blocks/parser.h"
#include "blocks/statement.h"
#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"

namespace wod {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() { return fs::path(WOD_SOURCE_DIR) / "tests" / "corpus"; }

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(CorpusDir())) {
    if (entry.path().extension() == ".wod") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) cells.push_back(cell);
  if (!line.empty() && line.back() == '\t') cells.emplace_back();
  return cells;
}

// Rows of a TSV file keyed by the first column; the header row is skipped.
std::map<std::string, std::vector<std::string>> ReadTsv(const fs::path& path) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream in(ReadText(path));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells = SplitTabs(line);
    rows[cells[0]] = cells;
  }
  return rows;
}

// All rows of a TSV file (several per script), header skipped.
std::vector<std::vector<std::string>> ReadTsvRows(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(ReadText(path));
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (!header) rows.push_back(SplitTabs(line));
    header = false;
  }
  return rows;
}

// The loss classes of known_mismatches.tsv (README.md "Loss classes").
std::vector<std::string> LossClasses() {
  return {"timer-in-parens", "choice",      "round-header",
          "at-word",         "inch-mark",   "mid-line-plus",
          "multi-word-kv",   "collectible", "other"};
}

// The author's kinds (expected.tsv) as wod's block types (README.md).
std::string AsWodKind(const std::string& kind) {
  if (kind == "Tabata") return "EMOM";
  if (kind == "Rest") return "Timer";
  return kind;
}

struct Reading {
  std::string kind;
  std::string timer;
  std::string rounds;
  bool operator==(const Reading& other) const {
    return kind == other.kind && timer == other.timer && rounds == other.rounds;
  }
};

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += " + ";
    out += part;
  }
  return out;
}

// expected.tsv's kind column with each piece mapped to wod's block type.
Reading ExpectedAsWod(const std::vector<std::string>& row) {
  std::vector<std::string> kinds;
  std::string kind = row[1];
  for (size_t at = 0;;) {
    const size_t plus = kind.find(" + ", at);
    kinds.push_back(AsWodKind(kind.substr(at, plus - at)));
    if (plus == std::string::npos) break;
    at = plus + 3;
  }
  return {Join(kinds), row[2], row[3]};
}

// The rounds of a piece: the rep scheme of its header statement
// (`(21-15-9)` parses as rounds 3 then one rep per number,
// docs/spec/language.md §7.3) or the round total. `header` is null when the
// piece cannot be matched to a top-level group.
std::string RoundsOf(const runtime::TraceBlock& block,
                     const blocks::Statement* header) {
  if (!block.has_round || !block.round_total.has_value()) return "-";
  if (block.type == "Group") return "-";  // a single pass
  const blocks::Metric* rounds =
      header == nullptr ? nullptr
                        : header->FindMetric(blocks::MetricKind::kRounds);
  if (rounds != nullptr) {
    std::string scheme;
    int numbers = 0;
    for (const blocks::Metric& m : header->metrics) {
      if (m.kind == blocks::MetricKind::kRep && m.value.has_value() &&
          m.span.begin_offset >= rounds->span.begin_offset &&
          m.span.end_offset <= rounds->span.end_offset) {
        if (numbers++ > 0) scheme += "-";
        scheme += std::to_string(static_cast<int64_t>(*m.value));
      }
    }
    if (numbers >= 2) return scheme;
  }
  return std::to_string(*block.round_total);
}

std::string KindOf(const runtime::TraceBlock& block) {
  return block.type == "effort" ? "Effort" : block.type;
}

std::string TimerOf(const runtime::TraceBlock& block) {
  if (!block.has_timer || !block.countdown) return "-";
  return cli::FormatDuration(block.duration_ms);
}

// `wod-run --check` output for the script, named like the file.
std::string CheckOutput(const std::string& name, const std::string& script) {
  const blocks::ParseResult parsed = blocks::Parse(script);
  std::string out;
  for (const blocks::Diagnostic& d : parsed.diagnostics) {
    out += name + ":" + d.ToString() + "\n";
  }
  return out;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, CheckAutoAndIntent) {
  const std::string name = GetParam();
  const std::string stem = fs::path(name).stem().string();
  const std::string script = ReadText(CorpusDir() / name);

  // --check: diagnostics against the golden file.
  const std::string diagnostics = CheckOutput(name, script);
  const fs::path golden = CorpusDir() / "golden" / (stem + ".diag");
  const char* update = std::getenv("WOD_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << diagnostics;
  }
  ASSERT_TRUE(fs::exists(golden))
      << golden << " is missing; run with WOD_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(diagnostics, ReadText(golden))
      << "diagnostics of " << name
      << " changed (WOD_UPDATE_GOLDEN=1 accepts an intended change)";

  // --auto: the same pilot and bound as wod-run.
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
      blocks::WorkoutSession::Create(script);
  ASSERT_TRUE(session.ok()) << session.status();
  const cli::AutoLimits limits;
  cli::AutoPilot pilot;
  runtime::TraceStep step = (*session)->Start();
  int64_t steps = 0;
  bool ended = step.session_ended;
  std::vector<runtime::TraceBlock> pieces;
  std::string trace;  // the rows `wod-run --auto` prints
  while (true) {
    trace += step.Row() + "\n";
    // A new block directly on SessionRoot starts a new piece.
    if (step.stack.size() >= 2 && step.stack.back().type == "SessionRoot") {
      const runtime::TraceBlock& top_level = step.stack[step.stack.size() - 2];
      if (top_level.type != "WaitingToStart" &&
          (pieces.empty() || pieces.back().key != top_level.key)) {
        pieces.push_back(top_level);
      }
    }
    if (step.session_ended) ended = true;
    std::optional<runtime::StepCommand> command = pilot.Next(step);
    if (!command.has_value()) break;
    if (steps >= limits.max_steps || step.t_ms >= limits.max_virtual_ms) break;
    step = (*session)->Apply(*command);
    ++steps;
  }
  EXPECT_TRUE(ended) << name << " did not end within " << limits.max_steps
                     << " steps or 24 h of virtual time (at step " << steps
                     << ", " << cli::FormatDuration(step.t_ms) << ")";
  const runtime::ScriptRuntime& runtime = (*session)->runtime();
  EXPECT_TRUE(runtime.CheckInvariants().ok()) << runtime.CheckInvariants();
  EXPECT_EQ(runtime.memory().size(), 0u) << "memory left after " << name;

  // Losses below the top level (known_losses.tsv): each still shows in the
  // trace as its probe, until a fix makes it go away.
  for (const std::vector<std::string>& loss :
       ReadTsvRows(CorpusDir() / "known_losses.tsv")) {
    if (loss[0] != name) continue;
    ASSERT_GE(loss.size(), 4u) << "short known_losses.tsv row for " << name;
    EXPECT_THAT(LossClasses(), ::testing::Contains(loss[2]))
        << name << ": unknown loss class";
    EXPECT_NE(trace.find(loss[3]), std::string::npos)
        << name << ":" << loss[1] << ": the " << loss[2]
        << " loss no longer shows as\n  " << loss[3]
        << "\nfixed? remove its row from known_losses.tsv";
  }

  // The top-level reading against the author's intent.
  // Pieces run in the order of the compiler's top-level groups, so the
  // i-th piece's header is the first statement of the i-th group.
  const blocks::Compiler compiler(script, blocks::Parse(script));
  const std::vector<std::vector<int>> groups = compiler.TopLevelGroups();
  // A piece pushed and popped within one step would be missed by reading
  // the stacks; none is, as long as every top-level group was seen.
  EXPECT_EQ(pieces.size(), groups.size())
      << name << ": top-level pieces seen on the stack vs top-level groups";
  std::vector<std::string> kinds, timers, rounds;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const blocks::Statement* header = groups.size() == pieces.size()
                                          ? compiler.parsed().Find(groups[i][0])
                                          : nullptr;
    kinds.push_back(KindOf(pieces[i]));
    timers.push_back(TimerOf(pieces[i]));
    rounds.push_back(RoundsOf(pieces[i], header));
  }
  const Reading actual{Join(kinds), Join(timers), Join(rounds)};
  const auto expected_rows = ReadTsv(CorpusDir() / "expected.tsv");
  const auto known_rows = ReadTsv(CorpusDir() / "known_mismatches.tsv");
  const auto row = expected_rows.find(name);
  ASSERT_NE(row, expected_rows.end()) << name << " has no expected.tsv row";
  ASSERT_GE(row->second.size(), 4u) << "short expected.tsv row for " << name;
  const Reading expected = ExpectedAsWod(row->second);
  const auto known = known_rows.find(name);
  const std::string wod_reading =
      actual.kind + "\t" + actual.timer + "\t" + actual.rounds;
  if (actual == expected) {
    EXPECT_EQ(known, known_rows.end())
        << name << " now reads as its author meant (" << wod_reading
        << "): remove its row from known_mismatches.tsv";
    return;
  }
  ASSERT_NE(known, known_rows.end())
      << name << ": wod reads\n  " << wod_reading << "\nthe author meant\n  "
      << expected.kind << "\t" << expected.timer << "\t" << expected.rounds
      << "\nand known_mismatches.tsv does not list it";
  ASSERT_GE(known->second.size(), 5u) << "short known_mismatches.tsv row";
  EXPECT_EQ(
      known->second[1] + "\t" + known->second[2] + "\t" + known->second[3],
      wod_reading)
      << name << ": wod's reading changed; update known_mismatches.tsv";
  EXPECT_THAT(LossClasses(), ::testing::Contains(known->second[4]))
      << name << ": unknown loss class";
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return "w" + fs::path(info.param).stem().string();
                         });

// Every row of both tables names a corpus file, and every file has a golden
// diagnostics file and an expected row.
TEST(CorpusTables, RowsNameCorpusFiles) {
  const std::vector<std::string> files = CorpusFiles();
  EXPECT_EQ(files.size(), 150u);
  for (const char* table : {"expected.tsv", "known_mismatches.tsv"}) {
    for (const auto& [name, cells] : ReadTsv(CorpusDir() / table)) {
      EXPECT_THAT(files, ::testing::Contains(name)) << table << ": " << name;
    }
  }
  for (const std::vector<std::string>& loss :
       ReadTsvRows(CorpusDir() / "known_losses.tsv")) {
    EXPECT_THAT(files, ::testing::Contains(loss[0])) << "known_losses.tsv";
  }
  for (const std::string& name : files) {
    EXPECT_TRUE(fs::exists(CorpusDir() / "golden" /
                           (fs::path(name).stem().string() + ".diag")))
        << name;
  }
}

}  // namespace
}  // namespace wod
