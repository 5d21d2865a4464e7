// The bad-input catalogue (tests/bad_inputs/, README.md there): every
// malformed script, `--steps` list and recording in it must give its
// expected diagnostic at its expected position — and never a crash.
//
// One data-driven test per kind walks its folder, so adding a case is adding
// two files (the input and its `.expect` sidecar); no code changes.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "blocks/diagnostic.h"
#include "blocks/parser.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "memory/testing/status_matchers.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod {
namespace {

using ::wod::memory::testing::IsOk;

namespace fs = std::filesystem;

fs::path CatalogueDir() {
  return fs::path(WOD_SOURCE_DIR) / "tests" / "bad_inputs";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The inputs of one catalogue folder with the given extension, sorted by
// name so failures are reported in a stable order.
std::vector<fs::path> Cases(std::string_view folder, std::string_view ext) {
  std::vector<fs::path> cases;
  const fs::path dir = CatalogueDir() / folder;
  if (!fs::is_directory(dir)) return cases;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) {
      cases.push_back(entry.path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// One line of a `.expect` file: `[steps:]LINE:COLUMN: TEXT`, or `...`
// ("any number of further diagnostics here"). See tests/bad_inputs/README.md.
struct Expectation {
  bool skip = false;  // `...`
  int kept = -1;      // `kept: N` (recordings): complete steps kept
  int line = 0;
  int column = 0;
  std::string text;  // for scripts "error: message part"
  std::string source;

  [[nodiscard]] std::string Position() const {
    return absl::StrCat(line, ":", column, ": ");
  }
};

// Reads a decimal int at the front of `text` and the ':' after it.
bool ConsumeNumberAndColon(std::string_view* text, int* value) {
  size_t i = 0;
  *value = 0;
  while (i < text->size() && i < 9 && (*text)[i] >= '0' && (*text)[i] <= '9') {
    *value = *value * 10 + ((*text)[i] - '0');
    ++i;
  }
  if (i == 0 || i >= text->size() || (*text)[i] != ':') return false;
  text->remove_prefix(i + 1);
  return true;
}

std::optional<Expectation> ParseExpectation(std::string_view raw) {
  Expectation e;
  e.source = std::string(raw);
  if (raw == "...") {
    e.skip = true;
    return e;
  }
  std::string_view rest = raw;
  if (rest.substr(0, 6) == "kept: ") {
    rest.remove_prefix(6);
    e.kept = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || e.kept > 100'000) return std::nullopt;
      e.kept = e.kept * 10 + (c - '0');
    }
    if (rest.empty()) return std::nullopt;
    return e;
  }
  if (rest.substr(0, 6) == "steps:") rest.remove_prefix(6);
  if (!ConsumeNumberAndColon(&rest, &e.line) ||
      !ConsumeNumberAndColon(&rest, &e.column) || rest.size() < 2 ||
      rest.front() != ' ') {
    return std::nullopt;
  }
  e.text = std::string(rest.substr(1));
  return e;
}

// The expectations of `input`'s sidecar; a malformed sidecar is a test
// failure (reported by the caller), not a silently passing case.
std::vector<Expectation> LoadExpectations(const fs::path& input,
                                          std::string* problem) {
  fs::path sidecar = input;
  sidecar.replace_extension(".expect");
  std::vector<Expectation> out;
  if (!fs::exists(sidecar)) {
    *problem = "missing " + sidecar.filename().string();
    return out;
  }
  std::istringstream lines(ReadFile(sidecar));
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::optional<Expectation> e = ParseExpectation(line);
    if (!e.has_value()) {
      *problem = "bad expectation line '" + line + "' in " +
                 sidecar.filename().string();
      return {};
    }
    out.push_back(*std::move(e));
  }
  if (out.empty()) *problem = sidecar.filename().string() + " expects nothing";
  return out;
}

// A script diagnostic as the sidecar spells it: "error: message".
std::string SeverityAndMessage(const blocks::Diagnostic& d) {
  return absl::StrCat(
      d.severity == blocks::Severity::kError ? "error: " : "warning: ",
      d.message);
}

bool Matches(const Expectation& e, const blocks::Diagnostic& d) {
  return d.line == e.line && d.column == e.column &&
         SeverityAndMessage(d).find(e.text) != std::string::npos;
}

// Matches the diagnostics in order against the expectations; `...` lets any
// number of diagnostics pass until the next expectation matches. Returns
// the first mismatch, or nullopt.
std::optional<std::string> MatchDiagnostics(
    const std::vector<Expectation>& expected,
    const std::vector<blocks::Diagnostic>& actual) {
  size_t next = 0;
  bool skipping = false;
  for (const Expectation& e : expected) {
    if (e.skip) {
      skipping = true;
      continue;
    }
    if (skipping) {
      while (next < actual.size() && !Matches(e, actual[next])) ++next;
    }
    if (next >= actual.size())
      return "no diagnostic matches '" + e.source + "'";
    if (!Matches(e, actual[next])) {
      return absl::StrCat("diagnostic #", next + 1, " '",
                          actual[next].ToString(), "' does not match '",
                          e.source, "'");
    }
    ++next;
    skipping = false;
  }
  if (!skipping && next < actual.size()) {
    return absl::StrCat("unexpected further diagnostic '",
                        actual[next].ToString(), "'");
  }
  return std::nullopt;
}

std::string AllDiagnostics(const std::vector<blocks::Diagnostic>& actual) {
  std::vector<std::string> lines;
  for (const blocks::Diagnostic& d : actual) lines.push_back(d.ToString());
  if (lines.size() > 8) {
    lines.resize(8);
    lines.push_back("...");
  }
  return absl::StrJoin(lines, "\n  ");
}

// Bad input never crashes (docs/spec/design.md §7): whatever parsed from a
// bad script must still run, keep the runtime's invariants, and end empty.
void RunToTheEnd(std::string_view script) {
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
      blocks::WorkoutSession::Create(script);
  ASSERT_THAT(session, IsOk());
  (*session)->Start();
  const absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(
          "next; tick 30000; pause; tick 1000; resume; next; advance 500; "
          "next; tick 600000; next; abort; next");
  ASSERT_THAT(commands, IsOk());
  for (const runtime::StepCommand& command : *commands) {
    (*session)->Apply(command);
    ASSERT_THAT((*session)->runtime().CheckInvariants(), IsOk())
        << "after " << command.ActionText();
  }
  EXPECT_EQ((*session)->runtime().depth(), 0u);
  EXPECT_EQ((*session)->runtime().memory().size(), 0u);
}

TEST(BadInputCatalogueTest, EveryScriptGivesItsDiagnosticsAtTheirPositions) {
  const std::vector<fs::path> cases = Cases("scripts", ".wod");
  ASSERT_FALSE(cases.empty());
  for (const fs::path& input : cases) {
    SCOPED_TRACE(input.filename().string());
    std::string problem;
    const std::vector<Expectation> expected = LoadExpectations(input, &problem);
    ASSERT_TRUE(problem.empty()) << problem;
    const std::string script = ReadFile(input);
    const blocks::ParseResult parsed = blocks::Parse(script);
    const std::optional<std::string> mismatch =
        MatchDiagnostics(expected, parsed.diagnostics);
    EXPECT_FALSE(mismatch.has_value())
        << *mismatch << "\nactual:\n  " << AllDiagnostics(parsed.diagnostics);
    // The reference-quirk options must report exactly the same problems.
    const blocks::ParseResult reference =
        blocks::Parse(script, blocks::ParseOptions::Reference());
    EXPECT_EQ(AllDiagnostics(reference.diagnostics),
              AllDiagnostics(parsed.diagnostics));
    RunToTheEnd(script);
  }
}

TEST(BadInputCatalogueTest, EveryCommandListFailsAtItsPositionAndRunsNothing) {
  const std::vector<fs::path> cases = Cases("commands", ".steps");
  ASSERT_FALSE(cases.empty());
  for (const fs::path& input : cases) {
    SCOPED_TRACE(input.filename().string());
    std::string problem;
    const std::vector<Expectation> expected = LoadExpectations(input, &problem);
    ASSERT_TRUE(problem.empty()) << problem;
    // A --steps list stops at its first error (docs/spec/step-trace.md §1).
    ASSERT_EQ(expected.size(), 1u) << "a command list has one diagnostic";
    const absl::StatusOr<std::vector<runtime::StepCommand>> commands =
        runtime::ParseStepCommands(ReadFile(input));
    ASSERT_FALSE(commands.ok())
        << "accepted " << commands->size() << " commands";
    EXPECT_EQ(commands.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(commands.status().message());
    const std::string position = "steps:" + expected[0].Position();
    EXPECT_TRUE(message.rfind(position, 0) == 0 &&
                message.find(expected[0].text) != std::string::npos)
        << "expected '" << expected[0].source << "'\nactual   '" << message
        << "'";
  }
}

TEST(BadInputCatalogueTest,
     EveryRecordingFailsAtItsLineAndKeepsWhatCameBefore) {
  const std::vector<fs::path> cases = Cases("recordings", ".wodrec");
  ASSERT_FALSE(cases.empty());
  for (const fs::path& input : cases) {
    SCOPED_TRACE(input.filename().string());
    std::string problem;
    const std::vector<Expectation> expected = LoadExpectations(input, &problem);
    ASSERT_TRUE(problem.empty()) << problem;
    const Expectation* where = nullptr;
    int kept = -1;
    for (const Expectation& e : expected) {
      if (e.kept >= 0) {
        kept = e.kept;
      } else if (!e.skip) {
        ASSERT_EQ(where, nullptr) << "a recording has one diagnostic";
        where = &e;
      }
    }
    ASSERT_NE(where, nullptr) << "no LINE:0: expectation";
    // The loader names lines only (blocks/recording.h): "line N: ...".
    ASSERT_EQ(where->column, 0) << where->source;
    const std::string prefix = absl::StrCat("line ", where->line, ": ");

    const absl::StatusOr<blocks::Recording> loaded =
        blocks::LoadRecording(ReadFile(input));
    // Either the header is unusable (nothing loads) or the problem is kept
    // in Recording::error after the complete steps before it.
    const absl::Status& status = loaded.ok() ? loaded->error : loaded.status();
    ASSERT_FALSE(status.ok()) << "loaded without a problem";
    const std::string message(status.message());
    EXPECT_TRUE(message.rfind(prefix, 0) == 0 &&
                message.find(where->text) != std::string::npos)
        << "expected '" << where->source << "'\nactual   '" << message << "'";
    if (!loaded.ok()) {
      EXPECT_TRUE(kept <= 0) << "nothing can be kept without a header";
      continue;
    }
    if (kept >= 0) {
      EXPECT_EQ(loaded->steps.size(), static_cast<size_t>(kept));
    }
    for (const blocks::RecordedStep& step : loaded->steps) {
      EXPECT_LT(step.line, where->line) << "kept a step after the problem";
    }
  }
}

TEST(BadInputCatalogueTest, EveryInputHasASidecarAndEverySidecarAnInput) {
  size_t inputs = 0;
  for (const char* folder : {"scripts", "commands", "recordings"}) {
    const fs::path dir = CatalogueDir() / folder;
    if (!fs::is_directory(dir)) continue;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      const fs::path& path = entry.path();
      fs::path other = path;
      if (path.extension() == ".expect") {
        bool has_input = false;
        for (const char* ext : {".wod", ".steps", ".wodrec"}) {
          other.replace_extension(ext);
          has_input = has_input || fs::exists(other);
        }
        EXPECT_TRUE(has_input) << path << " has no input";
      } else {
        ++inputs;
        other.replace_extension(".expect");
        EXPECT_TRUE(fs::exists(other)) << path << " has no .expect";
      }
    }
  }
  // docs/spec/design.md §7: at least 40 malformed inputs.
  EXPECT_GE(inputs, 40u);
}

}  // namespace
}  // namespace wod
