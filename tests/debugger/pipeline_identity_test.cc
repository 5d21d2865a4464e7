// One debug pipeline (docs/spec/debugger.md §2.7): for every script in
// examples/, the frame of every step is identical whether the debugger saw
// it live (SessionDriver), opened a recording of it (RecordingDriver's
// path), or received it attached (the recording's lines streamed by
// wod::attach's PublicationEndpoint over a Unix socket in a mkdtemp
// directory and read back by PublicationReader). Every field a panel shows
// is compared: values, bytes, types, visibility, owners and parents of every
// ref, typed inspector fields, the owner table, the stack and the records.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/session_driver.h"
#include "debugger/model/stream_driver.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"
#include "tests/debugger/attach_test_util.h"

namespace wod::debugger {
namespace {

// Pushes, pops, timers, pause/resume, then enough to finish most scripts.
constexpr char kCommands[] =
    "next; tick 1000; next; tick 30000; pause; tick 5000; resume; next; "
    "advance 250; next; tick 60000; next; event timer:pause; next; "
    "event timer:resume; tick 120000; next; next; next; next; tick 1; "
    "next; next; next; next; next; next; next; next; next; next; "
    "tick 300000; next; next; next; next; next; next; next; next; next; "
    "tick 600000; next; next; next; next; next; next; next; next; abort";

std::string OwnerText(const Frame& f, uint32_t row) {
  if (row == kNoOwner || row >= f.owners.size()) return "-";
  const OwnerRow& o = f.owners[row];
  return fmt::format("o{}.{}", KeyIndex(o.id), KeyGeneration(o.id));
}

// Everything a panel can show of a frame, as text (one line per item), so
// a difference names the step and the field.
std::string FrameText(const Frame& f) {
  std::string out = fmt::format("step {} {} t={} ended={}\n", f.step, f.action,
                                f.t_ms, f.session_ended);
  for (const OwnerRow& o : f.owners) {
    out += fmt::format(
        "owner o{}.{} {} \"{}\" lines {}-{} created {} "
        "released {} block {}\n",
        KeyIndex(o.id), KeyGeneration(o.id), o.kind, o.label, o.line_begin,
        o.line_end, o.created_step, o.released_step, o.is_block);
  }
  for (const RefRow& r : f.refs) {
    out += fmt::format("ref {} parent {} type {} owner {} {} bytes {} = {}\n",
                       RefKeyText(r.id),
                       r.parent == RefKey::kNone ? "-" : RefKeyText(r.parent),
                       f.TypeName(r.type), OwnerText(f, r.owner),
                       VisibilityName(r.visibility), r.bytes, r.value);
    if (f.fields != nullptr) {
      for (const auto& [name, text] : f.fields->Fields(r.id)) {
        out += fmt::format("  .{} = {}\n", name, text);
      }
    }
  }
  for (const BlockRow& b : f.stack) {
    out += fmt::format("block {} \"{}\" {} [{}] owner {} complete {}:{}\n",
                       b.type, b.label, b.key, b.state, OwnerText(f, b.owner),
                       b.complete, b.complete_reason);
  }
  for (const RecordRow& r : f.emitted) {
    out += fmt::format("record {} {}\n", r.kind, r.text);
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The session run live, as wod-debug runs it, and recorded alongside with
// the same commands, as wod-run --record does.
struct ScriptRun {
  std::unique_ptr<SessionDriver> live;
  std::string recording;
};

ScriptRun RunScript(const std::string& script) {
  ScriptRun run;
  auto live = SessionDriver::Create(script, "x.wod");
  EXPECT_TRUE(live.ok()) << live.status();
  if (!live.ok()) return run;
  run.live = std::move(*live);
  run.live->Handle(Intent::Of(Intent::Kind::kStart));
  EXPECT_TRUE(run.live->ApplySteps(kCommands).ok());

  auto session = blocks::WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "x.wod", &out);
  EXPECT_TRUE(recorder.ok());
  EXPECT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  auto commands = runtime::ParseStepCommands(kCommands);
  EXPECT_TRUE(commands.ok());
  // As many steps as the live driver took (a check may stop it early).
  const size_t steps = run.live->history().size();
  for (size_t i = 0; i + 1 < steps && i < commands->size(); ++i) {
    const runtime::StepCommand& c = (*commands)[i];
    EXPECT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  EXPECT_TRUE((*recorder)->Finish().ok());
  run.recording = out.str();
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The recording's header and publications streamed over a socket by the
// attach endpoint, read back by PublicationReader, as the text a
// `wod-debug --attach` reader gets.
std::string ThroughTheSocket(const std::string& recording,
                             const blocks::Recording& loaded) {
  attach::testing::TempDir dir;
  attach::EndpointOptions options;
  options.queue_capacity = loaded.steps.size() + 16;  // never drops
  auto endpoint = attach::PublicationEndpoint::Listen(dir.Address(), options);
  EXPECT_TRUE(endpoint.ok()) << endpoint.status();
  if (!endpoint.ok()) return "";
  const std::vector<std::string> lines = Lines(recording);
  (*endpoint)->SetHeader(lines.front());
  auto reader = attach::PublicationReader::Connect(dir.Address());
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return "";
  EXPECT_TRUE((*endpoint)->WaitForClients(1, attach::testing::kWait).ok());
  std::string received;
  std::thread read([&] {
    while (true) {
      absl::StatusOr<attach::ReadResult> next =
          (*reader)->Next(attach::testing::kWait);
      if (!next.ok()) {
        ADD_FAILURE() << next.status();
        return;
      }
      if (next->kind == attach::ReadResult::kEnd) return;
      if (next->kind != attach::ReadResult::kLine) {
        ADD_FAILURE() << "gap or timeout on the socket";
        return;
      }
      received += next->line;
      received += '\n';
    }
  });
  // Publications only: the endpoint ends the stream with its own end line.
  for (size_t i = 0; i < loaded.steps.size(); ++i) {
    (*endpoint)->Publish({lines[i + 1], loaded.steps[i].memory.keyframe});
  }
  EXPECT_TRUE((*endpoint)->Finish(attach::testing::kWait).ok());
  read.join();
  return received;
}

std::unique_ptr<PublicationTimeline> TimelineOf(const std::string& text) {
  auto timeline = std::make_unique<PublicationTimeline>();
  absl::StatusOr<blocks::Recording> loaded = blocks::LoadRecording(text);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  if (!loaded.ok()) return timeline;
  EXPECT_TRUE(loaded->error.ok()) << loaded->error;
  absl::Status appended = AppendRecording(*loaded, *timeline);
  EXPECT_TRUE(appended.ok()) << appended;
  return timeline;
}

// The received lines fed to a StreamDriver, the path of `wod-debug
// --attach`: each line read by the recording reader, rebuilt into its
// publication and appended to the driver's PublicationTimeline.
class LinesSource final : public StreamSource {
 public:
  explicit LinesSource(std::vector<std::string> lines)
      : lines_(std::move(lines)) {}
  absl::StatusOr<StreamChunk> Next(absl::Duration /*timeout*/) override {
    StreamChunk chunk;
    if (next_ == lines_.size()) {
      chunk.kind = StreamChunk::kEnd;
      return chunk;
    }
    chunk.kind = StreamChunk::kLine;
    chunk.line = lines_[next_++];
    return chunk;
  }

 private:
  std::vector<std::string> lines_;
  size_t next_ = 0;
};

class LinesDriver final : public StreamDriver {
 public:
  explicit LinesDriver(const std::string& text)
      : StreamDriver(std::make_unique<LinesSource>(Lines(text)), "socket") {}
};

TEST(PipelineIdentity, LiveRecordedAndAttachedFramesAreIdentical) {
  std::vector<std::filesystem::path> scripts;
  for (const auto& entry :
       std::filesystem::directory_iterator(WOD_EXAMPLES_DIR)) {
    if (entry.path().extension() == ".wod") scripts.push_back(entry.path());
  }
  std::sort(scripts.begin(), scripts.end());
  ASSERT_GE(scripts.size(), 10u);
  size_t frames_compared = 0;
  for (const std::filesystem::path& path : scripts) {
    SCOPED_TRACE(path.filename().string());
    const ScriptRun run = RunScript(ReadFile(path));
    ASSERT_NE(run.live, nullptr);
    absl::StatusOr<blocks::Recording> loaded =
        blocks::LoadRecording(run.recording);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    const Timeline& live = run.live->history();
    const std::unique_ptr<PublicationTimeline> recorded =
        TimelineOf(run.recording);
    LinesDriver stream(ThroughTheSocket(run.recording, *loaded));
    const absl::Status streamed = stream.RunToEnd(attach::testing::kWait);
    ASSERT_TRUE(streamed.ok()) << streamed;
    EXPECT_EQ(stream.gaps(), 0);
    const Timeline* attached = &stream.history();
    ASSERT_GT(live.size(), 5u);
    ASSERT_EQ(recorded->size(), live.size());
    ASSERT_EQ(attached->size(), live.size());
    // Backwards, so each store rebuilds steps from its keyframes rather
    // than from its newest frame.
    for (size_t i = live.size(); i-- > 0;) {
      const std::string want = FrameText(*live.At(i));
      // Every runtime type is rebuilt typed, not as a display stand-in: a
      // timer, a round or a cursor lists its named fields, and a timer its
      // derived elapsed time (docs/spec/debugger.md §2.8.2).
      for (const std::string_view field :
           {"  .duration_ms = ", "  .elapsed = ", "  .current = ",
            "  .next_group = ", "  .start_ms = "}) {
        if (want.find("type time ") == std::string::npos) break;
        EXPECT_NE(FrameText(*recorded->At(i)).find(field), std::string::npos)
            << "step " << i << " has no field " << field;
      }
      EXPECT_EQ(FrameText(*recorded->At(i)), want) << "recorded, step " << i;
      EXPECT_EQ(FrameText(*attached->At(i)), want) << "attached, step " << i;
      ++frames_compared;
    }
  }
  EXPECT_GT(frames_compared, 100u);
}

}  // namespace
}  // namespace wod::debugger
