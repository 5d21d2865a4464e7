// wod-debug --open: a recording browsed through RecordingDriver shows, at
// every step, the same refs, owners and stack as the live SessionDriver
// that ran the same script and commands (full history from the file alone).
#include "debugger/model/recording_driver.h"

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/save.h"
#include "debugger/model/session_driver.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

constexpr char kCommands[] =
    "next; tick 1000; next; tick 1000; pause; tick 500; resume; next; next; "
    "next; abort";

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(WOD_EXAMPLES_DIR) + "/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Records `script` with kCommands into .wodrec text.
std::string Record(const std::string& script) {
  auto session = blocks::WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "x.wod", &out);
  EXPECT_TRUE(recorder.ok());
  EXPECT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  auto commands = runtime::ParseStepCommands(kCommands);
  EXPECT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) {
    EXPECT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  EXPECT_TRUE((*recorder)->Finish().ok());
  return out.str();
}

TEST(RecordingDriver, EveryStepMatchesTheLiveSessionDriver) {
  for (const char* name : {"fran.wod", "cindy.wod", "tabata-squats.wod"}) {
    SCOPED_TRACE(name);
    const std::string script = ReadExample(name);
    ASSERT_FALSE(script.empty());
    absl::StatusOr<blocks::Recording> rec =
        blocks::LoadRecording(Record(script));
    ASSERT_TRUE(rec.ok()) << rec.status().message();
    auto recorded = RecordingDriver::Create(*rec, "x.wodrec");
    ASSERT_TRUE(recorded.ok()) << recorded.status().message();
    auto live = SessionDriver::Create(script, name);
    ASSERT_TRUE(live.ok());
    (*live)->Handle(Intent::Of(Intent::Kind::kStart));
    ASSERT_TRUE((*live)->ApplySteps(kCommands).ok());

    const Timeline& a = (*recorded)->history();
    const Timeline& b = (*live)->history();
    size_t typed = 0;
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.size(), rec->steps.size());
    for (size_t i = 0; i < a.size(); ++i) {
      SCOPED_TRACE(i);
      FramePtr x = a.At(i);
      FramePtr y = b.At(i);
      EXPECT_EQ(x->step, y->step);
      EXPECT_EQ(x->action, y->action);
      EXPECT_EQ(x->t_ms, y->t_ms);
      ASSERT_EQ(x->refs.size(), y->refs.size());
      for (size_t r = 0; r < x->refs.size(); ++r) {
        EXPECT_EQ(x->refs[r].id, y->refs[r].id);
        EXPECT_EQ(x->refs[r].parent, y->refs[r].parent);
        EXPECT_EQ(x->TypeName(x->refs[r].type), y->TypeName(y->refs[r].type));
        EXPECT_EQ(x->refs[r].visibility, y->refs[r].visibility);
        // Values and bytes read back through the recorded type registry
        // read as live (docs/spec/recording.md §2.2).
        EXPECT_EQ(x->refs[r].value, y->refs[r].value);
        EXPECT_EQ(x->refs[r].bytes, y->refs[r].bytes);
        EXPECT_EQ(x->refs[r].type, y->refs[r].type);
        EXPECT_EQ(x->OwnerLabel(x->refs[r].owner),
                  y->OwnerLabel(y->refs[r].owner));
        // Typed fields, derived ones included: the recording rebuilds the
        // same typed values (docs/spec/recording.md §2.2), never display
        // stand-ins with a lone `value`.
        ASSERT_NE(x->fields, nullptr);
        ASSERT_NE(y->fields, nullptr);
        const auto fields = x->fields->Fields(x->refs[r].id);
        EXPECT_EQ(fields, y->fields->Fields(y->refs[r].id));
        ASSERT_FALSE(fields.empty());
        const std::string_view type = x->TypeName(x->refs[r].type);
        if (type == "time" || type == "round" || type == "time:span" ||
            type == "children:status") {
          EXPECT_NE(fields.front().first, "value") << type;
          ++typed;
        }
      }
      ASSERT_EQ(x->owners.size(), y->owners.size());
      for (size_t o = 0; o < x->owners.size(); ++o) {
        EXPECT_EQ(x->owners[o].id, y->owners[o].id);
        EXPECT_EQ(x->owners[o].label, y->owners[o].label);
        EXPECT_EQ(x->owners[o].released_step, y->owners[o].released_step);
      }
      ASSERT_EQ(x->stack.size(), y->stack.size());
      for (size_t s = 0; s < x->stack.size(); ++s) {
        EXPECT_EQ(x->stack[s].label, y->stack[s].label);
        EXPECT_EQ(x->stack[s].state, y->stack[s].state);
        EXPECT_EQ(x->stack[s].owner, y->stack[s].owner);
      }
      ASSERT_EQ(x->emitted.size(), y->emitted.size());
      for (size_t e = 0; e < x->emitted.size(); ++e) {
        EXPECT_EQ(x->emitted[e].text, y->emitted[e].text);
      }
    }
    EXPECT_EQ((*recorded)->status().error, "");
    EXPECT_GT(typed, 10u);
  }
}

// Saving from a browsed recording (docs/spec/debugger.md §2.13, §5): the
// recording is written back byte for byte, the golden file of a step is the
// live session's, and the trace exports.
TEST(RecordingDriver, SavesTheRecordingBackAndItsGoldenFiles) {
  const std::string script = ReadExample("fran.wod");
  const std::string text = Record(script);
  absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(text);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  auto recorded = RecordingDriver::Create(*rec, "x.wodrec");
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  absl::StatusOr<std::string> back = (*recorded)->RecordingText();
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, text);
  absl::StatusOr<std::string> trace = (*recorded)->ChromeTraceText();
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_NE(trace->find("traceEvents"), std::string::npos);
  // The memory version travels with each step, so a golden file from the
  // recording equals one from the live session.
  auto live = SessionDriver::Create(script, "fran.wod");
  ASSERT_TRUE(live.ok());
  ASSERT_TRUE((*live)->ApplySteps(kCommands).ok());
  ASSERT_EQ((*recorded)->history().size(), (*live)->history().size());
  for (size_t i = 0; i < (*live)->history().size(); ++i) {
    EXPECT_EQ(SnapshotGoldenText(*(*recorded)->history().At(i)),
              SnapshotGoldenText(*(*live)->history().At(i)))
        << "step " << i;
  }
  // Browsing ignores the other session intents.
  const RunState state = (*recorded)->status().state;
  const std::string reason = (*recorded)->status().stop_reason;
  (*recorded)->Handle(Intent::Of(Intent::Kind::kClearStop));
  (*recorded)->Handle(Intent::Of(Intent::Kind::kSetSpeed, 10));
  EXPECT_EQ((*recorded)->status().state, state);
  EXPECT_EQ((*recorded)->status().stop_reason, reason);
  EXPECT_EQ((*recorded)->status().speed, 1);
}

TEST(RecordingDriver, DamagedRecordingOpensWithItsCompleteSteps) {
  std::string text = Record(ReadExample("fran.wod"));
  // Keep the header and steps 0-3, then half of step 4.
  size_t pos = 0;
  for (int i = 0; i < 5; ++i) pos = text.find('\n', pos) + 1;
  text.resize(pos + 10);
  absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(text);
  ASSERT_TRUE(rec.ok());
  auto driver = RecordingDriver::Create(*rec, "cut.wodrec");
  ASSERT_TRUE(driver.ok());
  EXPECT_EQ((*driver)->history().size(), 4u);
  EXPECT_NE((*driver)->status().error.find("line 6: truncated"),
            std::string::npos)
      << (*driver)->status().error;
}

TEST(RecordingDriver, SessionIntentsChangeNothing) {
  absl::StatusOr<blocks::Recording> rec =
      blocks::LoadRecording(Record(ReadExample("cindy.wod")));
  ASSERT_TRUE(rec.ok());
  auto driver = RecordingDriver::Create(*rec, "x.wodrec");
  ASSERT_TRUE(driver.ok());
  const size_t before = (*driver)->history().size();
  (*driver)->Handle(Intent::Of(Intent::Kind::kNext));
  (*driver)->Handle(Intent::Of(Intent::Kind::kReset));
  (*driver)->Update(5000);
  EXPECT_EQ((*driver)->history().size(), before);
}

}  // namespace
}  // namespace wod::debugger
