// Hostile input: the parser must never crash, recurse with the input's
// nesting, hang, or produce an inconsistent tree
// (docs/spec/design.md §4). Randomized parts scale with WOD_TEST_SCALE.
#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "blocks/parser.h"
#include "blocks/statement_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;

double TestScale() {
  const char* env = std::getenv("WOD_TEST_SCALE");
  if (env == nullptr) return 1.0;
  const double scale = std::atof(env);
  return scale > 0 ? scale : 1.0;
}

int Scaled(int iterations) {
  return std::max(1, static_cast<int>(iterations * TestScale()));
}

// Structural invariants every parse result must satisfy.
void ExpectConsistent(const ParseResult& r, const std::string& input,
                      bool immediate_children) {
  const int lines =
      static_cast<int>(std::count(input.begin(), input.end(), '\n')) + 1;
  for (std::size_t i = 0; i < r.statements.size(); ++i) {
    const Statement& s = r.statements[i];
    ASSERT_GE(s.id, 1);
    ASSERT_LE(s.id, lines);
    if (i > 0) {
      ASSERT_LT(r.statements[i - 1].id, s.id);
    }
    ASSERT_FALSE(s.metrics.empty());
    if (s.parent) {
      const Statement* parent = r.Find(*s.parent);
      ASSERT_NE(parent, nullptr);
      ASSERT_LT(parent->id, s.id);
    }
    for (const auto& group : s.children) {
      ASSERT_FALSE(group.empty());
      for (int id : group) {
        const Statement* child = r.Find(id);
        ASSERT_NE(child, nullptr);
        ASSERT_GT(id, s.id);
        if (immediate_children) {
          ASSERT_EQ(child->parent, s.id);
        }
      }
    }
  }
  for (const Diagnostic& d : r.diagnostics) {
    ASSERT_GE(d.line, 1);
    ASSERT_LE(d.line, lines);
    ASSERT_GE(d.column, 1);
    ASSERT_FALSE(d.message.empty());
  }
}

TEST(ParserRobustnessTest, DeepNestingIsBoundedWithErrors) {
  std::string script;
  const int depth = 20000;
  for (int i = 0; i < depth; ++i) {
    script += std::string(static_cast<std::size_t>(i), ' ') + "(2)\n";
  }
  const ParseResult r = Parse(script);
  EXPECT_EQ(r.statements.size(), 64u);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "65:65: error: nested deeper than 64 levels; line ignored");
  ExpectConsistent(r, script, true);
  const ParseResult ref = Parse(script, ParseOptions::Reference());
  ExpectConsistent(ref, script, false);
  EXPECT_EQ(ref.statements[0].children.size(), 63u);
}

TEST(ParserRobustnessTest, VeryLongLineIsRejectedWithError) {
  const std::string script =
      "Run " + std::string(1 << 20, 'x') + "\n10 Pushups";
  const ParseResult r = Parse(script);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "1:1: error: line is longer than 10000 characters; ignored");
  EXPECT_EQ(FormatParsedStatements(r), "`#2`: rep=10, effort=Pushups");
}

TEST(ParserRobustnessTest, LongLineOfManyTokensParses) {
  std::string line;
  while (line.size() < 9900) line += "1 Pushups ";
  const ParseResult r = Parse(line);
  ASSERT_EQ(r.statements.size(), 1u);
  EXPECT_EQ(r.statements[0].metrics.size(), 1980u);
  EXPECT_TRUE(r.diagnostics.empty());
}

TEST(ParserRobustnessTest, DiagnosticsAreCapped) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "~\n";
  const ParseResult r = Parse(many);
  ASSERT_EQ(r.diagnostics.size(), 1001u);
  EXPECT_THAT(r.diagnostics.back().message, HasSubstr("too many problems"));
}

TEST(ParserRobustnessTest, LongTimerAndNumberRunsAreErrors) {
  const std::string digits(5000, '9');
  const std::string script = digits + " Run\n:" + digits + "\n1:" + digits;
  const ParseResult r = Parse(script);
  EXPECT_EQ(r.diagnostics.size(), 3u);
  ExpectConsistent(r, script, true);
}

TEST(ParserRobustnessTest, RandomBytesNeverBreakInvariants) {
  std::mt19937 rng(12345);
  const std::string alphabet =
      "0123456789:?^*@/|()[]{}-+#.,!$%=&\"\\ \t\n\rabcRunlbmkg\x01\xc3\xa9";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 300);
  for (int iteration = 0; iteration < Scaled(3000); ++iteration) {
    std::string input;
    const int n = length(rng);
    for (int i = 0; i < n; ++i) input += alphabet[pick(rng)];
    const ParseResult r = Parse(input);
    ExpectConsistent(r, input, true);
    ExpectConsistent(Parse(input, ParseOptions::Reference()), input, false);
    // Formatting every result must work too.
    EXPECT_FALSE(FormatParsedStatements(r).empty());
    if (testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "input: " << input;
      return;
    }
  }
}

TEST(ParserRobustnessTest, MutatedWorkoutsNeverBreakInvariants) {
  const std::string base =
      "// Warmup\n(3 Rounds)\n  400m Run\n  + 21 KB Swings @24kg\n"
      "20:00 AMRAP\n  - 5 Pullups\n  *:30 Rest\n(21-15-9)\n  Thrusters "
      "95lb {\"rpe\": 8}\n[:!Start] ^1:00:00 :? ? 185 | 125 lb 1/4 mile\n";
  std::mt19937 rng(777);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int iteration = 0; iteration < Scaled(3000); ++iteration) {
    std::string input = base;
    std::uniform_int_distribution<std::size_t> pos(0, input.size() - 1);
    for (int edits = 0; edits < 4; ++edits) {
      input[pos(rng)] = static_cast<char>(byte(rng));
    }
    ExpectConsistent(Parse(input), input, true);
    if (testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "input: " << input;
      return;
    }
  }
}

}  // namespace
}  // namespace wod::blocks
