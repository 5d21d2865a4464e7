// wod-run --record / --replay / --export-trace end to end, in process
// (RunWodRun with string streams), on the shipped examples.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/json.h"
#include "blocks/recording.h"
#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/cli/wod_run.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Result {
  int status = 0;
  std::string out;
  std::string err;
};

Result RunCli(const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  CliIo io{&in, &out, &err, -1, {}};
  Result r;
  r.status = RunWodRun(args, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string Example(const std::string& name) {
  return std::string(WOD_SOURCE_DIR) + "/examples/" + name;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) /
          ("recording_cli_" + name))
      .string();
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST(RecordingCli, AutoRecordThenReplayIsIdentical) {
  const std::string rec = TempPath("fran.wodrec");
  Result recorded = RunCli({Example("fran.wod"), "--auto", "--record", rec});
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  absl::StatusOr<blocks::Recording> loaded = blocks::LoadRecording(Read(rec));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->error.ok());
  EXPECT_TRUE(loaded->ended);
  EXPECT_EQ(loaded->header.source, "fran.wod");
  Result replayed = RunCli({"--replay", rec});
  EXPECT_EQ(replayed.status, 0) << replayed.err;
  EXPECT_THAT(replayed.out, HasSubstr(fmt::format("replayed {} steps",
                                                  loaded->steps.size())));
  EXPECT_THAT(replayed.out, HasSubstr("identical"));
  EXPECT_EQ(replayed.err, "");
}

TEST(RecordingCli, RecordingDoesNotChangeTheTable) {
  const std::vector<std::string> base = {Example("cindy.wod"), "--steps",
                                         "next; tick 1000; next; next"};
  Result plain = RunCli(base);
  std::vector<std::string> with_record = base;
  with_record.push_back("--record=" + TempPath("cindy.wodrec"));
  Result recorded = RunCli(with_record);
  ASSERT_EQ(plain.status, 0);
  ASSERT_EQ(recorded.status, 0) << recorded.err;
  EXPECT_EQ(plain.out, recorded.out);
}

TEST(RecordingCli, StepsExportTraceWritesTraceEventJson) {
  const std::string trace = TempPath("helen.json");
  Result r = RunCli({Example("helen.wod"), "--steps", "next; tick 1000; next",
                     "--export-trace", trace});
  ASSERT_EQ(r.status, 0) << r.err;
  absl::StatusOr<base::JsonValue> json = base::ParseJson(Read(trace));
  ASSERT_TRUE(json.ok()) << json.status().message();
  const base::JsonValue* events = json->Find("traceEvents");
  ASSERT_NE(events, nullptr);
  EXPECT_GT(events->items().size(), 4u);
}

TEST(RecordingCli, ReplayOfATruncatedRecordingNamesTheLineAndFails) {
  const std::string rec = TempPath("grace.wodrec");
  ASSERT_EQ(RunCli({Example("grace.wod"), "--auto", "--record", rec}).status,
            0);
  std::string text = Read(rec);
  // Cut the fifth line (step 3) in half.
  size_t pos = 0;
  for (int i = 0; i < 4; ++i) pos = text.find('\n', pos) + 1;
  const size_t end = text.find('\n', pos);
  text.resize(pos + (end - pos) / 2);
  const std::string cut = TempPath("grace_cut.wodrec");
  Write(cut, text);
  Result r = RunCli({"--replay", cut});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("line 5: truncated"));
  EXPECT_THAT(r.err, HasSubstr("the 3 complete steps before it"));
  EXPECT_THAT(r.out, HasSubstr("replayed 3 steps"));
}

TEST(RecordingCli, ReplayRefusesAnUnknownVersion) {
  const std::string rec = TempPath("v9.wodrec");
  Write(rec, "{\"format\":\"wodrec\",\"version\":9}\n");
  Result r = RunCli({"--replay", rec});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("unsupported recording version 9"));
}

TEST(RecordingCli, ReplayReportsATamperedKeyframe) {
  const std::string rec = TempPath("annie.wodrec");
  ASSERT_EQ(RunCli({Example("annie.wod"), "--auto", "--record", rec}).status,
            0);
  std::string text = Read(rec);
  const size_t keyframe = text.find("\"keyframe\":");
  ASSERT_NE(keyframe, std::string::npos);
  const size_t value = text.find("\"value\":\"", keyframe);
  ASSERT_NE(value, std::string::npos);
  text.insert(value + 9, "zz");
  Write(rec, text);
  Result r = RunCli({"--replay", rec});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("replay differs: step 0 (line 2"));
  EXPECT_THAT(r.err, HasSubstr("ref #"));
}

TEST(RecordingCli, MissingRecordingIsExitStatus2) {
  Result r = RunCli({"--replay", TempPath("no_such.wodrec")});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("wod-run: cannot read"));
}

TEST(RecordingCli, FlagsOutsideTheirModesAreUsageErrors) {
  EXPECT_EQ(RunCli({Example("fran.wod"), "--check", "--record", "x"}).status,
            2);
  EXPECT_EQ(RunCli({"--replay", "a.wodrec", Example("fran.wod")}).status, 2);
  EXPECT_EQ(RunCli({"--replay", "a.wodrec", "--auto"}).status, 2);
  EXPECT_EQ(RunCli({Example("fran.wod"), "--record", ""}).status, 2);
  EXPECT_EQ(
      RunCli({Example("fran.wod"), "--record", "a", "--record", "b"}).status,
      2);
}

TEST(RecordingCli, UnwritableRecordIsExitStatus2) {
  Result r = RunCli({Example("fran.wod"), "--record", "/no/such/dir/x.wodrec"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot write '/no/such/dir/x.wodrec'"));
}

}  // namespace
}  // namespace wod::cli
