// `wod-run --publish unix:PATH [--publish-wait]` in-process: the flag rules,
// a clear error for each bad PATH (too long for sun_path, a directory others
// may write, a file in the way), and a run that a debugger follows from the
// first step while the trace on stdout stays byte-identical to the same run
// without --publish. The socket's appearance is awaited with inotify (no
// sleep, no polling); socket paths come from mkdtemp.
#include <poll.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "debugger/attach/publication_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/cli/cli_options.h"
#include "tools/cli/wod_run.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kScript[] = "(3)\n  5 Pullups\n  10 Pushups\n";
constexpr char kSteps[] = "next; tick 1000; next; next; next; next; next; next";

class PublishCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/wod-publish-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
    script_ = dir_ + "/rounds.wod";
    std::ofstream(script_, std::ios::binary) << kScript;
  }
  void TearDown() override {
    std::remove(script_.c_str());
    std::remove((dir_ + "/file").c_str());
    rmdir(dir_.c_str());
  }

  int Run(const std::vector<std::string>& args, std::string* out,
          std::string* err) {
    std::istringstream in;
    std::ostringstream o;
    std::ostringstream e;
    CliIo io;
    io.in = &in;
    io.out = &o;
    io.err = &e;
    const int status = RunWodRun(args, io);
    *out = o.str();
    *err = e.str();
    return status;
  }

  std::string dir_;
  std::string script_;
};

TEST_F(PublishCliTest, FlagRules) {
  EXPECT_FALSE(ParseCliOptions({"x.wod", "--publish-wait"}).ok());
  EXPECT_FALSE(
      ParseCliOptions({"x.wod", "--check", "--publish", "unix:/a"}).ok());
  EXPECT_FALSE(ParseCliOptions({"x.wod", "--auto", "--publish", ""}).ok());
  absl::StatusOr<CliOptions> o = ParseCliOptions(
      {"x.wod", "--auto", "--publish=unix:/run/w.sock", "--publish-wait"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->publish, "unix:/run/w.sock");
  EXPECT_TRUE(o->publish_wait);
}

TEST_F(PublishCliTest, BadPathsAreClearErrors) {
  std::string out;
  std::string err;
  // Longer than sun_path holds.
  const std::string long_path = "unix:" + dir_ + "/" + std::string(120, 's');
  EXPECT_EQ(Run({script_, "--auto", "--publish", long_path}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("sun_path holds 108 bytes"));
  // /tmp itself: a directory others may write.
  EXPECT_EQ(
      Run({script_, "--auto", "--publish", "unix:/tmp/wod-x.sock"}, &out, &err),
      2);
  EXPECT_THAT(err, HasSubstr("writable by group or others"));
  // A regular file in the way is never replaced.
  std::ofstream(dir_ + "/file") << "keep me";
  EXPECT_EQ(Run({script_, "--auto", "--publish", "unix:" + dir_ + "/file"},
                &out, &err),
            2);
  EXPECT_THAT(err, HasSubstr("is not a socket"));
  std::ifstream kept(dir_ + "/file");
  std::string text;
  std::getline(kept, text);
  EXPECT_EQ(text, "keep me");
  // Not a unix: address.
  EXPECT_EQ(Run({script_, "--auto", "--publish", "tcp:1"}, &out, &err), 2);
  EXPECT_THAT(err, HasSubstr("unix:PATH"));
}

TEST_F(PublishCliTest, PublishWaitStreamsEveryStepAndTheTraceIsUnchanged) {
  std::string reference;
  std::string err;
  ASSERT_EQ(
      Run({script_, "--steps", kSteps, "--format", "json"}, &reference, &err),
      0)
      << err;
  const std::string address = "unix:" + dir_ + "/w.sock";
  const int watch = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(watch, 0);
  ASSERT_GE(inotify_add_watch(watch, dir_.c_str(), IN_CREATE), 0);
  std::string published;
  std::string published_err;
  int status = -1;
  std::thread host([&] {
    status = Run({script_, "--steps", kSteps, "--format", "json", "--publish",
                  address, "--publish-wait"},
                 &published, &published_err);
  });
  // The socket file appears: then connect (the host waits for us). Bounded,
  // so a run that fails before listening cannot hang the test.
  pollfd pfd{watch, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 60'000), 1) << "no socket within 60 s";
  alignas(inotify_event) char events[4096];
  ASSERT_GT(read(watch, events, sizeof(events)), 0);
  close(watch);
  auto reader = attach::PublicationReader::Connect(address);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<std::string> lines;
  bool ended = false;
  while (!ended) {
    absl::StatusOr<attach::ReadResult> r = (*reader)->Next(absl::Seconds(60));
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_NE(r->kind, attach::ReadResult::kTimeout);
    ASSERT_NE(r->kind, attach::ReadResult::kGap);
    if (r->kind == attach::ReadResult::kEnd) ended = true;
    if (r->kind == attach::ReadResult::kLine) lines.push_back(r->line);
  }
  host.join();
  EXPECT_EQ(status, 0) << published_err;
  EXPECT_EQ(published, reference);  // byte-identical trace
  EXPECT_THAT(published_err, HasSubstr("waiting for a debugger"));
  // The header, then one publication per step: row 0 and 8 commands.
  ASSERT_EQ(lines.size(), 1u + 9u);
  EXPECT_THAT(lines[0], HasSubstr("\"format\":\"wodrec\""));
  EXPECT_THAT(lines[1], HasSubstr("\"step\":0"));
  EXPECT_THAT(lines[1], HasSubstr("\"keyframe\""));
  EXPECT_THAT(lines[2], HasSubstr("\"command\":\"next\""));
  EXPECT_THAT(lines[3], HasSubstr("\"command\":\"tick 1000\""));
  // The socket is gone once the run ended.
  EXPECT_NE(access((dir_ + "/w.sock").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace wod::cli
