// Tests of the markdown reader (tools/cli/scenario_file.h,
// docs/spec/step-trace.md "Reading scenario files").
#include "tools/cli/scenario_file.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "| # | Action | t (ms) | Depth | Stack, top → bottom | Emitted during "
    "this step |\n|---|---|---|---|---|---|\n";

std::string Table(const std::vector<std::string>& rows) {
  std::string out = kHeader;
  for (const std::string& row : rows) out += row + "\n";
  return out;
}

std::vector<std::string> Names(const std::vector<ScenarioCase>& cases) {
  std::vector<std::string> names;
  for (const ScenarioCase& c : cases) names.push_back(c.name);
  return names;
}

TEST(SplitTableRow, TrimsCellsAndKeepsEscapedPipes) {
  EXPECT_THAT(SplitTableRow("| 0 |  startSession\t| a \\| b |"),
              ElementsAre("0", "startSession", "a \\| b"));
  EXPECT_THAT(SplitTableRow("|a||b|"), ElementsAre("a", "", "b"));
  // A trailing escaped pipe is content, not the end of the row.
  EXPECT_THAT(SplitTableRow("| x \\|"), ElementsAre("x \\|"));
  EXPECT_THAT(SplitTableRow("  | x | y |  "), ElementsAre("x", "y"));
}

TEST(ReadScenarioFile, NamesCasesBySectionIdAndTableIndex) {
  const std::string text =
      "# Title\n\n## A1 · First\n\n```\n5 Pullups\n```\n\n" +
      Table({"| 0 | startSession | 0 | 0 | x | — |"}) + "\ntext\n\n" +
      Table({"| 0 | startSession | 0 | 0 | y | — |"}) +
      "\n## B7 · Second ⚠\n\n```\n:30 Rest\n```\n" +
      Table({"| 0 | startSession | 0 | 0 | z | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("family.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_THAT(Names(*cases),
              ElementsAre("family.md:A1#1", "family.md:A1#2", "family.md:B7"));
  EXPECT_EQ((*cases)[0].section_id, "A1");
  // Both tables of A1 run the one script before them.
  EXPECT_EQ((*cases)[0].script, "5 Pullups");
  EXPECT_EQ((*cases)[1].script, "5 Pullups");
  EXPECT_EQ((*cases)[2].script, ":30 Rest");
  EXPECT_EQ((*cases)[2].rows[0].cells[4], "z");
}

TEST(ReadScenarioFile, ScriptIsTheNearestFenceBeforeTheTable) {
  const std::string text = "## T1 · x\n```\nfirst\n```\n```\nsecond\n```\n" +
                           Table({"| 0 | startSession | 0 | 0 | a | — |"}) +
                           "```\nthird, no table after it\n```\n";
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("t.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].script, "second");
  EXPECT_EQ((*cases)[0].script_line, 5);
  EXPECT_EQ((*cases)[0].table_line, 8);
  EXPECT_EQ((*cases)[0].rows[0].line, 10);
}

TEST(ReadScenarioFile, ScriptsAreByteExactIncludingEmptyAndBlankLines) {
  const std::string text =
      "## N1 · empty\n```\n```\n" +
      Table({"| 0 | startSession | 0 | 0 | — (empty) | — |"}) +
      "## N2 · whitespace\n```\n   \n\n   \n```\n" +
      Table({"| 0 | startSession | 0 | 0 | — (empty) | — |"}) +
      "## X2 · leading blank line and indentation\n```\n\n# H\n  \t5 x  "
      "\n```\n" +
      Table({"| 0 | startSession | 0 | 0 | — (empty) | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("n.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 3u);
  EXPECT_TRUE((*cases)[0].has_script);
  EXPECT_EQ((*cases)[0].script, "");
  EXPECT_EQ((*cases)[1].script, "   \n\n   ");
  EXPECT_EQ((*cases)[2].script, "\n# H\n  \t5 x  ");
}

TEST(ReadScenarioFile, HeadingsAndTablesInsideFencesAreScriptText) {
  const std::string text = "## X2 · md script\n```\n## Warmup\n" +
                           Table({"| 0 | startSession | 0 | 0 | in | — |"}) +
                           "```\n" +
                           Table({"| 0 | startSession | 0 | 0 | out | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("x.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].name, "x.md:X2");
  EXPECT_THAT((*cases)[0].script, HasSubstr("## Warmup\n| # | Action"));
  EXPECT_EQ((*cases)[0].rows[0].cells[4], "out");
}

TEST(ReadScenarioFile, ScriptNeverComesFromAnEarlierSection) {
  const std::string text = "## A1 · x\n```\nscript\n```\n## A2 · y\n" +
                           Table({"| 0 | startSession | 0 | 0 | a | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("a.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].name, "a.md:A2");
  EXPECT_FALSE((*cases)[0].has_script);
}

TEST(ReadScenarioFile, OtherTablesAndTextAreInformational) {
  const std::string text =
      "## R · reasons\n| Reason | Set when |\n|---|---|\n| a | b |\n"
      "Parsed statements: `#1` x\n### sub heading\n```\nscript\n```\n" +
      Table({"| 0 | startSession | 0 | 0 | a | — |",
             "| 1 | userNext | 0 | 0 | a \\| b | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("r.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].name, "r.md:R");
  ASSERT_EQ((*cases)[0].rows.size(), 2u);
  EXPECT_EQ((*cases)[0].rows[1].cells[4], "a \\| b");
}

TEST(ReadScenarioFile, CrlfLineBreaksReadLikeLf) {
  const std::string text =
      "## A1 · x\r\n```\r\n5 Pullups\r\n  10 Pushups\r\n```\r\n"
      "| # | Action |\r\n|---|---|\r\n| 0 | startSession |\r\n";
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("c.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0].script, "5 Pullups\n  10 Pushups");
  EXPECT_THAT((*cases)[0].rows[0].cells, ElementsAre("0", "startSession"));
}

TEST(ReadScenarioFile, LongerFenceIsClosedOnlyByALongerOrEqualFence) {
  const std::string text = "## Q · x\n````\n```\ninner\n```\n````\n" +
                           Table({"| 0 | startSession | 0 | 0 | a | — |"});
  absl::StatusOr<std::vector<ScenarioCase>> cases =
      ReadScenarioFile("q.md", text);
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_EQ((*cases)[0].script, "```\ninner\n```");
}

TEST(ReadScenarioFile, MalformedStructureIsAnErrorWithItsLine) {
  struct Bad {
    std::string text;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {"## A · x\n```\nnever closed\n", "u.md:2: fenced block is never closed"},
      {"## A · x\n| # | Action |\n| 0 | startSession |\n",
       "u.md:2: step table header is not followed by a separator row"},
      {"## A · x\n| # | Action |\n|---|---|\ntext\n",
       "u.md:2: step table has no rows"},
      {"## A · x\n| # | Action |\n|---|---|\n| 0 |\n",
       "u.md:4: table row has no Action cell"},
      {"## A · x\n| # | Action |\n|---|---|\n| 0 | s |\n## A · again\n"
       "| # | Action |\n|---|---|\n| 0 | s |\n",
       "u.md:6: case name 'u.md:A' already used by the table at line 2"},
  };
  for (const Bad& b : bad) {
    absl::StatusOr<std::vector<ScenarioCase>> cases =
        ReadScenarioFile("u.md", b.text);
    ASSERT_FALSE(cases.ok()) << b.text;
    EXPECT_EQ(cases.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(cases.status().message()), HasSubstr(b.message));
  }
}

TEST(ReadDeviationsFile, ReadsNameReasonAndReplacementTable) {
  const std::string text =
      "# Scenario deviations\n\nIntro.\n\n## About\nNothing here.\n\n"
      "## amrap.md:A1#2\n\nReason: we fix the quirk (runtime-semantics "
      "§13).\n\n" +
      Table({"| 0 | startSession | 0 | 2 | a | — |",
             "| 1 | userNext | 0 | 2 | b | — |"}) +
      "\n## `timer.md:T3`\n**Reason:** another\n" +
      Table({"| 0 | startSession | 0 | 0 | c | — |"});
  absl::StatusOr<std::vector<Deviation>> deviations =
      ReadDeviationsFile("dev.md", text);
  ASSERT_TRUE(deviations.ok()) << deviations.status();
  ASSERT_EQ(deviations->size(), 2u);
  EXPECT_EQ((*deviations)[0].name, "amrap.md:A1#2");
  EXPECT_EQ((*deviations)[0].reason,
            "we fix the quirk (runtime-semantics §13).");
  EXPECT_EQ((*deviations)[0].rows.size(), 2u);
  EXPECT_EQ((*deviations)[1].name, "timer.md:T3");
  EXPECT_EQ((*deviations)[1].reason, "another");
}

TEST(ReadDeviationsFile, IncompleteDeviationsAreErrors) {
  struct Bad {
    std::string text;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {"## a.md:A1\nReason: x\n",
       "d.md:1: deviation 'a.md:A1' has no "
       "replacement step table"},
      {"## a.md:A1\n" + Table({"| 0 | startSession |"}),
       "d.md:1: deviation 'a.md:A1' has no 'Reason:' line"},
      {"## a.md:A1\nReason: x\n" + Table({"| 0 | startSession |"}) +
           "## a.md:A1\nReason: y\n" + Table({"| 0 | startSession |"}),
       "d.md:6: second deviation for 'a.md:A1' (first at line 1)"},
      {Table({"| 0 | startSession |"}),
       "d.md:1: step table outside a '## NAME' deviation section"},
  };
  for (const Bad& b : bad) {
    absl::StatusOr<std::vector<Deviation>> deviations =
        ReadDeviationsFile("d.md", b.text);
    ASSERT_FALSE(deviations.ok()) << b.text;
    EXPECT_THAT(std::string(deviations.status().message()),
                HasSubstr(b.message));
  }
}

}  // namespace
}  // namespace wod::cli
