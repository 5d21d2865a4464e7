// examples/*.wod: real workouts shipped with wod. Each must parse cleanly and
// start with a header comment that stays a non-executable label.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/parser.h"
#include "blocks/statement.h"
#include "gtest/gtest.h"

namespace wod::blocks {
namespace {

std::filesystem::path ExamplesDir() {
  return std::filesystem::path(WOD_SOURCE_DIR) / "examples";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::filesystem::path> Examples() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(ExamplesDir())) {
    if (entry.path().extension() == ".wod") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ParserExamplesTest, AtLeastTwelveExamplesExist) {
  EXPECT_GE(Examples().size(), 12u);
}

TEST(ParserExamplesTest, EveryExampleParsesWithoutDiagnostics) {
  for (const auto& file : Examples()) {
    const ParseResult r = Parse(ReadFile(file));
    EXPECT_TRUE(r.diagnostics.empty())
        << file.filename() << ": " << r.diagnostics.front().ToString();
    EXPECT_FALSE(r.statements.empty()) << file.filename();
  }
}

TEST(ParserExamplesTest, EveryExampleStartsWithLabelOnlyHeaderComment) {
  for (const auto& file : Examples()) {
    const ParseResult r = Parse(ReadFile(file));
    ASSERT_FALSE(r.statements.empty()) << file.filename();
    const Statement& first = r.statements.front();
    EXPECT_EQ(first.id, 1) << file.filename();
    EXPECT_TRUE(first.IsLabelOnly()) << file.filename();
    // At least one executable statement follows the header.
    EXPECT_TRUE(
        std::any_of(r.statements.begin(), r.statements.end(),
                    [](const Statement& s) { return !s.IsLabelOnly(); }))
        << file.filename();
  }
}

TEST(ParserExamplesTest, CindyIsTwentyMinuteAmrapOfThreeMovements) {
  const ParseResult r = Parse(ReadFile(ExamplesDir() / "cindy.wod"));
  const auto amrap = std::find_if(
      r.statements.begin(), r.statements.end(),
      [](const Statement& s) { return s.HasHint(kHintWorkoutAmrap); });
  ASSERT_NE(amrap, r.statements.end());
  EXPECT_EQ(amrap->FindMetric(MetricKind::kDuration)->value, 1200000);
  EXPECT_EQ(amrap->children.size(), 3u);
}

}  // namespace
}  // namespace wod::blocks
