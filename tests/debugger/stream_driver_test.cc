// The stream drivers behind `wod-debug --attach` and `--follow`: an
// attached session and a followed recording give, step for step, the same
// frames as the recording of the same run opened with RecordingDriver (one
// path from publications to frames); --follow waits for a partial last line
// and ends at the end line; no end line within the bound is an error; after
// a gap the stream resyncs at the next keyframe with the recorded frames,
// and a delta right after a gap is refused.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "attach_test_util.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/attach/session_publisher.h"
#include "debugger/model/attach_driver.h"
#include "debugger/model/follow_driver.h"
#include "debugger/model/recording_driver.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

using attach::testing::kWait;
using attach::testing::TempDir;

constexpr char kCommands[] =
    "next; tick 1000; next; tick 1000; pause; tick 500; resume; next; next; "
    "tick 3000; next; next; tick 1000; next; next; next; tick 2000; next; "
    "next; next; abort";

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(WOD_EXAMPLES_DIR) + "/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs `script` with kCommands, recording it into `recording` and, when
// `sink` is set, publishing through it too.
void RunAndRecord(const std::string& script, runtime::SessionSink* sink,
                  std::string* recording) {
  auto session = blocks::WorkoutSession::Create(script);
  ASSERT_TRUE(session.ok());
  (*session)->AttachSink(sink);
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "x.wod", &out);
  ASSERT_TRUE(recorder.ok());
  ASSERT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  auto commands = runtime::ParseStepCommands(kCommands);
  ASSERT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) {
    ASSERT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  ASSERT_TRUE((*recorder)->Finish().ok());
  *recording = out.str();
}

void ExpectSameFrames(const Timeline& a, const Timeline& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    FramePtr x = a.At(i);
    FramePtr y = b.At(i);
    EXPECT_EQ(x->step, y->step);
    EXPECT_EQ(x->action, y->action);
    EXPECT_EQ(x->t_ms, y->t_ms);
    // Values, bytes, owners, parents, types: everything shown.
    ASSERT_EQ(x->refs.size(), y->refs.size());
    for (size_t r = 0; r < x->refs.size(); ++r) {
      EXPECT_EQ(x->refs[r].id, y->refs[r].id);
      EXPECT_TRUE(x->refs[r].SameContent(y->refs[r]))
          << "ref " << r << ": " << x->refs[r].value << " vs "
          << y->refs[r].value;
    }
    ASSERT_EQ(x->owners.size(), y->owners.size());
    for (size_t o = 0; o < x->owners.size(); ++o) {
      EXPECT_EQ(x->owners[o].label, y->owners[o].label);
      EXPECT_EQ(x->owners[o].released_step, y->owners[o].released_step);
    }
    ASSERT_EQ(x->stack.size(), y->stack.size());
    for (size_t s = 0; s < x->stack.size(); ++s) {
      EXPECT_EQ(x->stack[s].label, y->stack[s].label);
      EXPECT_EQ(x->stack[s].owner, y->stack[s].owner);
    }
  }
}

std::unique_ptr<RecordingDriver> Opened(const std::string& text) {
  absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(text);
  EXPECT_TRUE(rec.ok()) << rec.status();
  if (!rec.ok()) return nullptr;
  auto driver = RecordingDriver::Create(*rec, "x.wodrec");
  EXPECT_TRUE(driver.ok()) << driver.status();
  return driver.ok() ? *std::move(driver) : nullptr;
}

TEST(StreamDriverTest, AttachedFramesEqualTheRecordingsFrames) {
  for (const char* name : {"fran.wod", "cindy.wod", "murph.wod"}) {
    SCOPED_TRACE(name);
    const std::string script = ReadExample(name);
    ASSERT_FALSE(script.empty());
    TempDir dir;
    auto publisher = attach::SessionPublisher::Listen(dir.Address(), script);
    ASSERT_TRUE(publisher.ok()) << publisher.status();
    auto driver = AttachDriver::Connect(dir.Address());
    ASSERT_TRUE(driver.ok()) << driver.status();
    ASSERT_TRUE((*publisher)->WaitForClients(1, kWait).ok());
    absl::Status read;
    std::thread debugger([&] { read = (*driver)->RunToEnd(kWait); });
    std::string recording;
    RunAndRecord(script, publisher->get(), &recording);
    ASSERT_TRUE((*publisher)->Finish(kWait).ok());
    debugger.join();
    ASSERT_TRUE(read.ok()) << read;
    EXPECT_EQ((*driver)->gaps(), 0);
    EXPECT_EQ((*driver)->status().state, RunState::kEnded);
    std::unique_ptr<RecordingDriver> recorded = Opened(recording);
    ASSERT_NE(recorded, nullptr);
    ExpectSameFrames((*driver)->history(), recorded->history());
  }
}

// Appends `text` to `path` (the writer of a recording being followed).
void Append(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, text.data(), text.size()),
            static_cast<ssize_t>(text.size()));
  close(fd);
}

TEST(StreamDriverTest, FollowTakesLinesAsTheyLandAndWaitsForAPartialOne) {
  const std::string script = ReadExample("fran.wod");
  std::string recording;
  RunAndRecord(script, nullptr, &recording);
  std::vector<std::string> lines;
  for (size_t at = 0; at < recording.size();) {
    const size_t nl = recording.find('\n', at);
    lines.push_back(recording.substr(at, nl + 1 - at));
    at = nl + 1;
  }
  ASSERT_GT(lines.size(), 6u);  // header, steps, end
  TempDir dir;
  const std::string path = dir.File("fran.wodrec");
  // The header, three steps and half of the fourth.
  Append(path, lines[0] + lines[1] + lines[2] + lines[3] +
                   lines[4].substr(0, lines[4].size() / 2));
  auto driver = FollowDriver::Open(path);
  ASSERT_TRUE(driver.ok()) << driver.status();
  (*driver)->Update(0);
  EXPECT_EQ((*driver)->history().size(), 3u);
  EXPECT_TRUE((*driver)->error().ok()) << (*driver)->error();
  EXPECT_FALSE((*driver)->ended());
  // Still no newline: still three steps, and no error for the cut line.
  (*driver)->Update(0);
  EXPECT_EQ((*driver)->history().size(), 3u);
  // The writer completes the line and finishes the recording.
  std::string rest = lines[4].substr(lines[4].size() / 2);
  for (size_t i = 5; i < lines.size(); ++i) rest += lines[i];
  Append(path, rest);
  ASSERT_TRUE((*driver)->RunToEnd(kWait).ok()) << (*driver)->error();
  EXPECT_TRUE((*driver)->ended());
  std::unique_ptr<RecordingDriver> recorded = Opened(recording);
  ASSERT_NE(recorded, nullptr);
  ExpectSameFrames((*driver)->history(), recorded->history());
}

TEST(StreamDriverTest, FollowWithoutAnEndLineTimesOut) {
  const std::string script = ReadExample("fran.wod");
  std::string recording;
  RunAndRecord(script, nullptr, &recording);
  recording.erase(recording.rfind("{\"end\""));  // the writer is still going
  TempDir dir;
  const std::string path = dir.File("fran.wodrec");
  Append(path, recording);
  auto driver = FollowDriver::Open(path);
  ASSERT_TRUE(driver.ok());
  const absl::Status s = (*driver)->RunToEnd(absl::Milliseconds(50));
  EXPECT_TRUE(absl::IsDeadlineExceeded(s)) << s;
  EXPECT_NE(s.message().find("no end of the stream"), std::string::npos);
  EXPECT_GT((*driver)->history().size(), 5u);
}

// Chunks handed over as they are, the stream of an attached host that
// dropped publications.
class ChunkSource final : public StreamSource {
 public:
  explicit ChunkSource(std::vector<StreamChunk> chunks)
      : chunks_(std::move(chunks)) {}
  absl::StatusOr<StreamChunk> Next(absl::Duration /*timeout*/) override {
    if (next_ == chunks_.size()) return StreamChunk{StreamChunk::kEnd};
    return chunks_[next_++];
  }

 private:
  std::vector<StreamChunk> chunks_;
  size_t next_ = 0;
};

class ChunkDriver final : public StreamDriver {
 public:
  explicit ChunkDriver(std::vector<StreamChunk> chunks)
      : StreamDriver(std::make_unique<ChunkSource>(std::move(chunks)), "t") {}
};

// The recording's lines without their newlines: header, steps, end.
std::vector<std::string> LinesOf(const std::string& recording) {
  std::vector<std::string> lines;
  std::istringstream in(recording);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A stream that lost `dropped` publications after step `last_before`, with
// every step after the hole; `resume` is the step it resumes at.
std::vector<StreamChunk> WithAGap(const std::vector<std::string>& lines,
                                  int64_t last_before, int64_t resume) {
  std::vector<StreamChunk> chunks;
  chunks.push_back({StreamChunk::kLine, lines[0]});
  for (int64_t step = 0; step <= last_before; ++step) {
    chunks.push_back({StreamChunk::kLine, lines[step + 1]});
  }
  chunks.push_back(
      {StreamChunk::kGap, "", static_cast<uint64_t>(resume - last_before - 1)});
  for (size_t i = resume + 1; i + 1 < lines.size(); ++i) {
    chunks.push_back({StreamChunk::kLine, lines[i]});
  }
  return chunks;
}

TEST(StreamDriverTest, AGapResyncsAtTheNextKeyframeWithTheRecordedFrames) {
  const std::string script = ReadExample("murph.wod");
  std::string recording;
  RunAndRecord(script, nullptr, &recording);
  const std::vector<std::string> lines = LinesOf(recording);
  // The first keyframe after step 3 (step 0's is the only one before).
  int64_t keyframe = -1;
  for (size_t i = 5; i + 1 < lines.size() && keyframe < 0; ++i) {
    if (lines[i].find("\"keyframe\":") != std::string::npos) {
      keyframe = static_cast<int64_t>(i) - 1;
    }
  }
  ASSERT_GT(keyframe, 4);
  ASSERT_LT(keyframe + 2, static_cast<int64_t>(lines.size()) - 1);
  ChunkDriver driver(WithAGap(lines, 3, keyframe));
  ASSERT_TRUE(driver.RunToEnd(kWait).ok()) << driver.error();
  EXPECT_EQ(driver.gaps(), 1);
  EXPECT_EQ(driver.missing_steps(), keyframe - 4);
  std::unique_ptr<RecordingDriver> recorded = Opened(recording);
  ASSERT_NE(recorded, nullptr);
  const Timeline& got = driver.history();
  const Timeline& want = recorded->history();
  ASSERT_EQ(got.size(), want.size() - static_cast<size_t>(keyframe - 4));
  const std::vector<HistoryGap> gaps = FindGaps(got);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].index, 4u);
  EXPECT_EQ(gaps[0].first_missing, 4);
  EXPECT_EQ(gaps[0].last_missing, keyframe - 1);
  for (size_t i = 0; i < got.size(); ++i) {
    const size_t step = i < 4 ? i : i + static_cast<size_t>(keyframe - 4);
    SCOPED_TRACE(step);
    FramePtr x = got.At(i);
    FramePtr y = want.At(step);
    EXPECT_EQ(x->step, y->step);
    // Owner rows differ (owners retired and forgotten inside the hole are
    // unknown to the stream), so owners are compared by key.
    auto key = [](const Frame& f, uint32_t row) {
      return row < f.owners.size() ? f.owners[row].id : OwnerKey::kNone;
    };
    ASSERT_EQ(x->refs.size(), y->refs.size());
    for (size_t r = 0; r < x->refs.size(); ++r) {
      const RefRow& a = x->refs[r];
      const RefRow& b = y->refs[r];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.parent, b.parent);
      EXPECT_EQ(a.type, b.type);
      EXPECT_EQ(a.bytes, b.bytes);
      EXPECT_EQ(a.value, b.value);
      EXPECT_EQ(key(*x, a.owner), key(*y, b.owner));
    }
    ASSERT_EQ(x->stack.size(), y->stack.size());
    for (size_t b = 0; b < x->stack.size(); ++b) {
      EXPECT_EQ(x->stack[b].label, y->stack[b].label);
      EXPECT_EQ(key(*x, x->stack[b].owner), key(*y, y->stack[b].owner));
    }
    for (const OwnerRow& o : y->owners) {
      if (o.released_step >= 0) continue;
      const uint32_t row = x->FindOwner(o.id);
      ASSERT_LT(row, x->owners.size()) << "live owner missing: " << o.label;
      EXPECT_EQ(x->owners[row].label, o.label);
    }
  }
}

TEST(StreamDriverTest, ADeltaRightAfterAGapIsRefused) {
  const std::string script = ReadExample("murph.wod");
  std::string recording;
  RunAndRecord(script, nullptr, &recording);
  const std::vector<std::string> lines = LinesOf(recording);
  ASSERT_EQ(lines[6].find("\"keyframe\":"), std::string::npos);
  ChunkDriver driver(WithAGap(lines, 3, 5));  // resumes at the delta of 5
  const absl::Status s = driver.RunToEnd(kWait);
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_NE(s.message().find("must hold a keyframe"), std::string::npos) << s;
  EXPECT_EQ(driver.history().size(), 4u);
}

TEST(StreamDriverTest, BadSourcesAreClearErrors) {
  TempDir dir;
  EXPECT_TRUE(absl::IsNotFound(FollowDriver::Open(dir.File("none")).status()));
  EXPECT_TRUE(
      absl::IsUnavailable(AttachDriver::Connect(dir.Address()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      AttachDriver::Connect("tcp:localhost:1").status()));
  // A file that is not a recording: the header is refused, the stream
  // stops with that error.
  const std::string path = dir.File("junk.wodrec");
  Append(path, "hello\n");
  auto driver = FollowDriver::Open(path);
  ASSERT_TRUE(driver.ok());
  const absl::Status s = (*driver)->RunToEnd(kWait);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("header"), std::string::npos) << s;
  EXPECT_EQ((*driver)->status().state, RunState::kStopped);
}

}  // namespace
}  // namespace wod::debugger
