// Tests of wod-run's flag rules (tools/cli/cli_options.h).
#include "tools/cli/cli_options.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ErrorOf(const std::vector<std::string>& args) {
  absl::StatusOr<CliOptions> options = ParseCliOptions(args);
  if (options.ok()) return "(ok)";
  return std::string(options.status().message());
}

TEST(ParseCliOptions, StepsModeWithFormatAndSnapshot) {
  absl::StatusOr<CliOptions> options = ParseCliOptions(
      {"w.wod", "--steps", "next; tick 5", "--format=json", "--snapshot"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->mode, CliMode::kSteps);
  EXPECT_EQ(options->file, "w.wod");
  EXPECT_EQ(options->steps, "next; tick 5");
  EXPECT_EQ(options->format, OutputFormat::kJson);
  EXPECT_TRUE(options->snapshot);
}

TEST(ParseCliOptions, FileAloneIsStepsModeWithNoCommands) {
  absl::StatusOr<CliOptions> options = ParseCliOptions({"-"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->mode, CliMode::kSteps);
  EXPECT_EQ(options->file, "-");
  EXPECT_EQ(options->steps, "");
  EXPECT_EQ(options->format, OutputFormat::kTable);
}

TEST(ParseCliOptions, OtherModes) {
  EXPECT_EQ(ParseCliOptions({"--auto", "w.wod"})->mode, CliMode::kAuto);
  EXPECT_EQ(ParseCliOptions({"w.wod", "--realtime"})->mode, CliMode::kRealtime);
  EXPECT_EQ(ParseCliOptions({"w.wod", "--check"})->mode, CliMode::kCheck);
  EXPECT_TRUE(ParseCliOptions({"w.wod", "--check", "--fix"})->fix);
  EXPECT_EQ(ParseCliOptions({"w.wod", "--check", "--format", "json"})->format,
            OutputFormat::kJson);
  EXPECT_EQ(ParseCliOptions({"x", "--help", "--bogus"})->mode, CliMode::kHelp);
  absl::StatusOr<CliOptions> verify =
      ParseCliOptions({"--verify", "a.md", "b.md", "--deviations", "d.md"});
  ASSERT_TRUE(verify.ok()) << verify.status();
  EXPECT_EQ(verify->mode, CliMode::kVerify);
  EXPECT_THAT(verify->verify_files, ElementsAre("a.md", "b.md"));
  EXPECT_EQ(verify->deviations, "d.md");
}

TEST(ParseCliOptions, DoubleDashEndsOptions) {
  absl::StatusOr<CliOptions> options = ParseCliOptions({"--", "--odd-name"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->file, "--odd-name");
}

TEST(ParseCliOptions, RejectsWithAClearMessage) {
  EXPECT_EQ(ErrorOf({"w.wod", "--frobnicate"}),
            "unknown option '--frobnicate' (see wod-run --help)");
  EXPECT_EQ(ErrorOf({"w.wod", "-x"}),
            "unknown option '-x' (see wod-run --help)");
  EXPECT_THAT(ErrorOf({}), HasSubstr("no script file given"));
  EXPECT_THAT(ErrorOf({"a", "b"}),
              HasSubstr("one script file expected, got 'a' and 'b'"));
  EXPECT_THAT(ErrorOf({"w", "--steps"}), HasSubstr("--steps needs a value"));
  EXPECT_THAT(ErrorOf({"w", "--format", "xml"}),
              HasSubstr("unknown format 'xml'"));
  EXPECT_THAT(ErrorOf({"w", "--auto", "--realtime"}),
              HasSubstr("cannot be combined"));
  EXPECT_THAT(ErrorOf({"w", "--steps", "next", "--auto"}),
              HasSubstr("cannot be combined"));
  EXPECT_THAT(ErrorOf({"w", "--realtime", "--format", "json"}),
              HasSubstr("apply to --steps and --auto only"));
  EXPECT_THAT(ErrorOf({"w", "--check", "--snapshot"}),
              HasSubstr("--snapshot does not apply to --check"));
  EXPECT_THAT(ErrorOf({"w", "--check", "--fix", "--format", "json"}),
              HasSubstr("--format not to --fix"));
  EXPECT_THAT(ErrorOf({"w", "--auto", "--fix"}),
              HasSubstr("--fix needs --check"));
  EXPECT_THAT(ErrorOf({"w", "--fix"}), HasSubstr("--fix needs --check"));
  EXPECT_THAT(ErrorOf({"--verify"}), HasSubstr("at least one scenario file"));
  EXPECT_THAT(ErrorOf({"w", "--deviations", "d.md"}),
              HasSubstr("--deviations needs --verify"));
  EXPECT_THAT(ErrorOf({"w", "--auto=yes"}), HasSubstr("--auto takes no value"));
  EXPECT_THAT(ErrorOf({"w", "--steps", "a", "--steps", "b"}),
              HasSubstr("--steps given twice"));
}

TEST(CliUsage, MentionsEveryFlag) {
  const std::string usage = CliUsage();
  for (const char* flag :
       {"--steps", "--format", "--snapshot", "--auto", "--realtime", "--check",
        "--verify", "--deviations", "--help", "--fix", "choose N"}) {
    EXPECT_THAT(usage, HasSubstr(flag));
  }
}

// --max-steps and --max-virtual-time lift the bounds of --auto.
TEST(CliOptions, MaxStepsAndVirtualTimeApplyToAuto) {
  absl::StatusOr<CliOptions> options = ParseCliOptions(
      {"w.wod", "--auto", "--max-steps", "3000000", "--max-virtual-time=300h"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->max_steps, 3'000'000);
  EXPECT_EQ(options->max_virtual_ms, int64_t{300} * 3'600'000);
  options = ParseCliOptions({"w.wod", "--auto"});
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_FALSE(options->max_steps.has_value());
  EXPECT_FALSE(options->max_virtual_ms.has_value());
}

TEST(CliOptions, MaxStepsAndVirtualTimeUnits) {
  EXPECT_EQ(*ParseVirtualDuration("45s"), 45'000);
  EXPECT_EQ(*ParseVirtualDuration("90m"), 90 * 60'000);
  EXPECT_EQ(*ParseVirtualDuration("300h"), int64_t{300} * 3'600'000);
  EXPECT_EQ(*ParseVirtualDuration("100000h"), int64_t{100'000} * 3'600'000);
}

TEST(CliOptions, MaxStepsAndVirtualTimeRejectBadValues) {
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-steps", "0"}),
              HasSubstr("--max-steps needs a whole number of steps from 1 to "
                        "1000000000000, got '0'"));
  for (const char* bad : {"-5", "1e6", "", "12x", "99999999999999999999"}) {
    EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-steps", bad}),
                HasSubstr("--max-steps needs a whole number"))
        << bad;
  }
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "300"}),
              HasSubstr("--max-virtual-time needs a whole number with a unit "
                        "(45s, 90m, 300h), the unit is s, m or h, got '300'"));
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "1.5h"}),
              HasSubstr("the number is whole, without sign, before the unit, "
                        "got '1.5h'"));
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "-1h"}),
              HasSubstr("the number is whole"));
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "0s"}),
              HasSubstr("at least 1s, got '0s'"));
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "100001h"}),
              HasSubstr("at most 100000h, got '100001h'"));
  EXPECT_THAT(ErrorOf({"w.wod", "--auto", "--max-virtual-time", "h"}),
              HasSubstr("the number is whole"));
  EXPECT_THAT(ErrorOf({"w.wod", "--max-steps", "10"}),
              HasSubstr("--max-steps applies to --auto only"));
  EXPECT_THAT(ErrorOf({"w.wod", "--steps", "next", "--max-virtual-time", "1h"}),
              HasSubstr("--max-virtual-time applies to --auto only"));
  EXPECT_THAT(
      ErrorOf({"w.wod", "--auto", "--max-steps", "5", "--max-steps", "6"}),
      HasSubstr("--max-steps given twice"));
}

}  // namespace
}  // namespace wod::cli
