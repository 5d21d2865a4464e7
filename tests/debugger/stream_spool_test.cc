// Where a stream driver keeps what it received (docs/spec/debugger.md §7):
// the header and step lines go to an anonymous temporary file (LineSpool),
// byte for byte as they arrive, so the debugger's memory does not grow with
// an attached session's length; "Save recording" streams that file back
// and the saved file is the recording that was followed. A spool that
// cannot be created or written (a full disk) never disturbs following:
// every frame still arrives, and saving a recording or a trace is refused
// with the reason while a golden file still saves.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "attach_test_util.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/follow_driver.h"
#include "debugger/model/line_spool.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/save.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

using attach::testing::kWait;
using attach::testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The recording of cindy.wod (an AMRAP) after `nexts` steps and an abort:
// long enough that saving crosses several of the spool's read chunks.
std::string Recording(int nexts) {
  const std::string script =
      ReadFile(std::string(WOD_EXAMPLES_DIR) + "/cindy.wod");
  auto session = blocks::WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  if (!session.ok()) return "";
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "cindy.wod", &out);
  EXPECT_TRUE(recorder.ok());
  if (!recorder.ok()) return "";
  EXPECT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  std::string commands;
  for (int i = 0; i < nexts; ++i) commands += "next; ";
  commands += "abort";
  auto parsed = runtime::ParseStepCommands(commands);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return "";
  for (const runtime::StepCommand& c : *parsed) {
    EXPECT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  EXPECT_TRUE((*recorder)->Finish().ok());
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Names in `dir` other than `keep`.
std::vector<std::string> OtherEntries(const std::string& dir,
                                      const std::string& keep) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != ".." && name != keep) names.push_back(name);
    }
    closedir(d);
  }
  return names;
}

// The recording opened as `wod-debug --open` opens it.
absl::StatusOr<std::unique_ptr<RecordingDriver>> Open(const std::string& text,
                                                      const std::string& path) {
  absl::StatusOr<blocks::Recording> loaded = blocks::LoadRecording(text);
  if (!loaded.ok()) return loaded.status();
  return RecordingDriver::Create(*loaded, path);
}

// Follows `path` until the history holds `steps` steps (the file is being
// written by the test: the reader polls it).
bool Pump(StreamDriver& driver, size_t steps) {
  const absl::Time deadline = absl::Now() + kWait;
  while (driver.history().size() < steps && absl::Now() < deadline &&
         driver.error().ok()) {
    driver.Update(0);
  }
  return driver.history().size() >= steps;
}

Intent SaveIntent(Intent::Kind kind, const std::string& path,
                  int64_t step = 0) {
  Intent i = Intent::Of(kind, step);
  i.text = path;
  return i;
}

TEST(StreamSpool, ReceivedLinesAreOnDiskNotInMemoryAndSaveStreamsThemBack) {
  const std::string recording = Recording(150);
  const std::vector<std::string> lines = Lines(recording);
  // Header, 152 steps (start, 150 nexts, abort), end line.
  ASSERT_EQ(lines.size(), 154u);
  ASSERT_GT(recording.size(), 2 * LineSpool::kChunkBytes);
  TempDir dir;
  const std::string followed = dir.File("cindy.wodrec");
  std::ofstream out(followed, std::ios::binary);
  out << lines[0] << "\n" << std::flush;
  StreamOptions options;
  options.spool_dir = dir.path();
  auto driver = FollowDriver::Open(followed, std::move(options));
  ASSERT_TRUE(driver.ok()) << driver.status();
  ASSERT_TRUE((*driver)->spool_error().ok()) << (*driver)->spool_error();
  // The spool has no name: nothing but the followed file is in its
  // directory.
  EXPECT_TRUE(OtherEntries(dir.path(), "cindy.wodrec").empty());

  uint64_t received = lines[0].size() + 1;
  for (size_t step = 0; step + 2 < lines.size(); ++step) {
    SCOPED_TRACE(step);
    out << lines[step + 1] << "\n" << std::flush;
    received += lines[step + 1].size() + 1;
    ASSERT_TRUE(Pump(**driver, step + 1)) << (*driver)->error();
    // Every byte received is in the file; the driver holds none of them
    // (what it holds per step is its history: the publications).
    EXPECT_EQ((*driver)->spooled_bytes(), received);
    ASSERT_NE((*driver)->spool(), nullptr);
    absl::StatusOr<uint64_t> on_disk = (*driver)->spool()->FileSize();
    ASSERT_TRUE(on_disk.ok()) << on_disk.status();
    EXPECT_EQ(*on_disk, received);
  }
  out << lines.back() << "\n" << std::flush;
  ASSERT_TRUE((*driver)->RunToEnd(kWait).ok()) << (*driver)->error();

  // Save recording streams the spool back: the file saved is the file
  // followed, byte for byte, and opens with every step.
  const std::string saved = dir.File("saved.wodrec");
  (*driver)->Handle(SaveIntent(Intent::Kind::kSaveRecording, saved));
  ASSERT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  EXPECT_EQ(ReadFile(saved), recording);
  absl::StatusOr<std::string> text = (*driver)->RecordingText();
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, recording);
  // The trace, loaded from the spool, is the recording's trace.
  const std::string trace = dir.File("saved.json");
  (*driver)->Handle(SaveIntent(Intent::Kind::kExportTrace, trace));
  ASSERT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  auto opened = Open(recording, followed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  absl::StatusOr<std::string> expected_trace = (*opened)->ChromeTraceText();
  ASSERT_TRUE(expected_trace.ok()) << expected_trace.status();
  EXPECT_EQ(ReadFile(trace), *expected_trace);
}

// A follow whose spool fails: every frame arrives, saving says why not.
void ExpectFollowedWithSavingOff(StreamOptions options,
                                 const std::string& reason) {
  const std::string recording = Recording(20);
  TempDir dir;
  const std::string followed = dir.File("cindy.wodrec");
  {
    std::ofstream out(followed, std::ios::binary);
    out << recording;
  }
  auto driver = FollowDriver::Open(followed, std::move(options));
  ASSERT_TRUE(driver.ok()) << driver.status();
  ASSERT_TRUE((*driver)->RunToEnd(kWait).ok()) << (*driver)->error();
  EXPECT_EQ((*driver)->history().size(), 22u);
  EXPECT_TRUE((*driver)->error().ok());
  EXPECT_NE((*driver)->spool_error().message().find(reason), std::string::npos)
      << (*driver)->spool_error();
  EXPECT_EQ((*driver)->spooled_bytes(), 0u);
  // Frames are the recording's.
  auto opened = Open(recording, followed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  ASSERT_EQ((*opened)->history().size(), (*driver)->history().size());
  for (size_t i = 0; i < (*driver)->history().size(); ++i) {
    EXPECT_EQ(SnapshotGoldenText(*(*driver)->history().At(i)),
              SnapshotGoldenText(*(*opened)->history().At(i)))
        << i;
  }
  // The lifecycle log said so when it happened.
  bool logged = false;
  for (const std::string& line : (*driver)->lifecycle()) {
    logged = logged || line.find("saving is off") != std::string::npos;
  }
  EXPECT_TRUE(logged);

  for (Intent::Kind kind :
       {Intent::Kind::kSaveRecording, Intent::Kind::kExportTrace}) {
    SCOPED_TRACE(static_cast<int>(kind));
    const std::string path = dir.File("saved.out");
    (*driver)->Handle(SaveIntent(kind, path));
    EXPECT_TRUE((*driver)->status().save_failed);
    const std::string& message = (*driver)->status().save_message;
    EXPECT_NE(message.find("saving is off"), std::string::npos) << message;
    EXPECT_NE(message.find(reason), std::string::npos) << message;
    EXPECT_NE(access(path.c_str(), F_OK), 0);
  }
  EXPECT_FALSE((*driver)->RecordingText().ok());
  // A golden file of a step does not need the spool.
  const std::string golden = dir.File("step.golden");
  (*driver)->Handle(SaveIntent(Intent::Kind::kSaveGolden, golden, 5));
  EXPECT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  EXPECT_EQ(ReadFile(golden), SnapshotGoldenText(*(*driver)->history().At(5)));
}

TEST(StreamSpool, AFullDiskTurnsSavingOffWhileFramesStillArrive) {
  // /dev/full: every write fails with ENOSPC, as on a full disk.
  const int fd = open("/dev/full", O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  StreamOptions options;
  options.spool = LineSpool::Adopt(fd, "/dev/full");
  ExpectFollowedWithSavingOff(std::move(options), "No space left on device");
}

TEST(StreamSpool, NoSpoolDirectoryTurnsSavingOffWhileFramesStillArrive) {
  TempDir dir;
  StreamOptions options;
  options.spool_dir = dir.File("missing");
  ExpectFollowedWithSavingOff(std::move(options), "No such file or directory");
}

}  // namespace
}  // namespace wod::debugger
