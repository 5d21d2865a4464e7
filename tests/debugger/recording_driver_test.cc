// wod-debug --open: a recording browsed through RecordingDriver shows, at
// every step, the same refs, owners and stack as the live SessionDriver
// that ran the same script and commands (full history from the file alone).
#include "debugger/model/recording_driver.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/recording_timeline.h"
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

// Records `script` with `commands` into .wodrec text.
std::string Record(const std::string& script,
                   const std::string& commands = kCommands) {
  auto session = blocks::WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "x.wod", &out);
  EXPECT_TRUE(recorder.ok());
  EXPECT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  auto parsed = runtime::ParseStepCommands(commands);
  EXPECT_TRUE(parsed.ok());
  for (const runtime::StepCommand& c : *parsed) {
    EXPECT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  EXPECT_TRUE((*recorder)->Finish().ok());
  return out.str();
}

// Writes `text` to a file of this test's temporary directory.
std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

// Two frames of one step, field by field (refs, typed fields, owners,
// stack, records).
void ExpectSameFrame(const Frame& x, const Frame& y) {
  EXPECT_EQ(x.step, y.step);
  EXPECT_EQ(x.action, y.action);
  EXPECT_EQ(x.t_ms, y.t_ms);
  EXPECT_EQ(x.memory_version, y.memory_version);
  EXPECT_EQ(x.session_ended, y.session_ended);
  EXPECT_EQ(x.types, y.types);
  ASSERT_EQ(x.refs.size(), y.refs.size());
  for (size_t r = 0; r < x.refs.size(); ++r) {
    EXPECT_EQ(x.refs[r].id, y.refs[r].id);
    EXPECT_EQ(x.refs[r].parent, y.refs[r].parent);
    EXPECT_EQ(x.refs[r].type, y.refs[r].type);
    EXPECT_EQ(x.refs[r].owner, y.refs[r].owner);
    EXPECT_EQ(x.refs[r].visibility, y.refs[r].visibility);
    EXPECT_EQ(x.refs[r].bytes, y.refs[r].bytes);
    EXPECT_EQ(x.refs[r].value, y.refs[r].value);
    if (x.fields != nullptr && y.fields != nullptr) {
      EXPECT_EQ(x.fields->Fields(x.refs[r].id), y.fields->Fields(y.refs[r].id));
    }
  }
  ASSERT_EQ(x.owners.size(), y.owners.size());
  for (size_t o = 0; o < x.owners.size(); ++o) {
    EXPECT_EQ(x.owners[o].id, y.owners[o].id);
    EXPECT_EQ(x.owners[o].kind, y.owners[o].kind);
    EXPECT_EQ(x.owners[o].label, y.owners[o].label);
    EXPECT_EQ(x.owners[o].line_begin, y.owners[o].line_begin);
    EXPECT_EQ(x.owners[o].line_end, y.owners[o].line_end);
    EXPECT_EQ(x.owners[o].created_step, y.owners[o].created_step);
    EXPECT_EQ(x.owners[o].released_step, y.owners[o].released_step);
  }
  ASSERT_EQ(x.stack.size(), y.stack.size());
  for (size_t s = 0; s < x.stack.size(); ++s) {
    EXPECT_EQ(x.stack[s].label, y.stack[s].label);
    EXPECT_EQ(x.stack[s].key, y.stack[s].key);
    EXPECT_EQ(x.stack[s].state, y.stack[s].state);
    EXPECT_EQ(x.stack[s].owner, y.stack[s].owner);
  }
  ASSERT_EQ(x.emitted.size(), y.emitted.size());
  for (size_t e = 0; e < x.emitted.size(); ++e) {
    EXPECT_EQ(x.emitted[e].kind, y.emitted[e].kind);
    EXPECT_EQ(x.emitted[e].text, y.emitted[e].text);
  }
}

// Summaries, records and pops of two histories of one recording agree.
void ExpectSameSummary(const Timeline& a, const Timeline& b, size_t i) {
  const StepSummary x = a.Summary(i);
  const StepSummary& y = b.Summary(i);
  EXPECT_EQ(x.step, y.step);
  EXPECT_EQ(x.action, y.action);
  EXPECT_EQ(x.t_ms, y.t_ms);
  EXPECT_EQ(x.ref_count, y.ref_count);
  EXPECT_EQ(x.ref_bytes, y.ref_bytes);
  EXPECT_EQ(x.depth, y.depth);
  ASSERT_EQ(a.RecordCount(i), b.RecordCount(i));
  for (size_t r = 0; r < a.RecordCount(i); ++r) {
    EXPECT_EQ(a.RecordKind(i, r), b.RecordKind(i, r));
    EXPECT_EQ(a.RecordText(i, r), b.RecordText(i, r));
  }
}

// `rounds` rounds of one effort, advanced as --auto does (a tick, then next).
std::string LongCommands(int rounds) {
  std::string commands = "next";
  for (int i = 0; i < rounds; ++i) commands += "; tick 1000; next";
  return commands;
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

// A file opened with RecordingDriver::Open (loaded in slices into the
// file-backed RecordingTimeline) shows every step as the in-memory load
// does: frames, summaries, records, pops, and the recording written back.
TEST(RecordingDriver, OpenedFileEqualsTheInMemoryLoadAtEveryStep) {
  for (const char* name : {"fran.wod", "cindy.wod", "tabata-squats.wod"}) {
    SCOPED_TRACE(name);
    const std::string text = Record(ReadExample(name));
    absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(text);
    ASSERT_TRUE(rec.ok()) << rec.status().message();
    auto memory = RecordingDriver::Create(*rec, "x.wodrec");
    ASSERT_TRUE(memory.ok());
    auto file = RecordingDriver::Open(WriteTemp("open.wodrec", text));
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_TRUE((*file)->loading());
    while ((*file)->LoadSome(std::chrono::hours(1), 3)) {
    }
    EXPECT_FALSE((*file)->loading());
    const Timeline& a = (*file)->history();
    const Timeline& b = (*memory)->history();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = a.size(); i-- > 0;) {  // backwards: every one rebuilt
      SCOPED_TRACE(i);
      ExpectSameFrame(*a.At(i), *b.At(i));
      ExpectSameSummary(a, b, i);
      EXPECT_EQ(a.SnapshotAt(i)->ToText(), b.SnapshotAt(i)->ToText());
    }
    EXPECT_EQ(a.PoppedLabels(), b.PoppedLabels());
    for (const std::string& label : b.PoppedLabels()) {
      for (size_t from : {size_t{0}, a.size() / 2}) {
        EXPECT_EQ(a.FindPop(label, from), b.FindPop(label, from));
      }
    }
    const SessionStatus& st = (*file)->status();
    EXPECT_EQ(st.error, (*memory)->status().error);
    EXPECT_EQ(st.state, (*memory)->status().state);
    EXPECT_EQ(st.steps, (*memory)->status().steps);
    EXPECT_EQ(st.load.bytes_read, text.size());
    EXPECT_EQ(st.load.bytes_total, text.size());
    EXPECT_EQ(st.load.steps, static_cast<int64_t>(a.size()));
    absl::StatusOr<std::string> back = (*file)->RecordingText();
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, text);
  }
}

// A recording longer than the retired-owner window: random scrubs, Home /
// End and stepping back give the frames of the in-memory load, and a frame
// names a bounded number of owners however many were retired.
TEST(RecordingDriver, LongFileScrubsToTheFramesOfTheInMemoryLoad) {
  const int rounds = 700;
  const std::string text = Record(
      "(" + std::to_string(rounds) + ")\n  1 Burpee\n", LongCommands(rounds));
  absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(text);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  auto memory = RecordingDriver::Create(*rec, "x.wodrec");
  ASSERT_TRUE(memory.ok());
  auto file = RecordingDriver::Open(WriteTemp("long.wodrec", text));
  ASSERT_TRUE(file.ok()) << file.status().message();
  (*file)->LoadAll();
  const Timeline& a = (*file)->history();
  const Timeline& b = (*memory)->history();
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 4 * kRetiredOwnerWindow);
  std::vector<size_t> order = {0, a.size() - 1, 0, 1, a.size() - 2};
  std::mt19937 random(12);  // fixed seed: the same jumps every run
  for (int k = 0; k < 60; ++k) order.push_back(random() % a.size());
  for (size_t i = a.size() - 1; i > a.size() - 40; --i) order.push_back(i);
  for (size_t i = 500; i < 540; ++i) order.push_back(i);
  for (size_t i : order) {
    SCOPED_TRACE(i);
    const FramePtr x = a.At(i);
    ExpectSameFrame(*x, *b.At(i));
    ExpectSameSummary(a, b, i);
    // Live owners (at most 3 here) and those retired in the window.
    EXPECT_LE(x->owners.size(), 3 + kRetiredOwnerWindow);
  }
  EXPECT_EQ(a.Latest()->owners.size(), b.Latest()->owners.size());
  EXPECT_EQ(a.FindPop("1 Burpee", 900), b.FindPop("1 Burpee", 900));
  EXPECT_TRUE(static_cast<const RecordingTimeline&>(a).rebuild_error().ok());
}

// The window stays usable while a file loads: the steps read so far are
// there to scrub, and a damaged tail keeps every complete step with the
// error in the status.
TEST(RecordingDriver, LoadsInSlicesAndKeepsTheCompleteStepsOfADamagedTail) {
  std::string text = Record(ReadExample("fran.wod"));
  size_t pos = 0;
  for (int i = 0; i < 9; ++i) pos = text.find('\n', pos) + 1;
  text.resize(pos + 10);  // header, steps 0-7, then part of step 8
  auto file = RecordingDriver::Open(WriteTemp("cut.wodrec", text));
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_TRUE((*file)->LoadSome(std::chrono::hours(1), 3));
  EXPECT_EQ((*file)->history().size(), 3u);
  EXPECT_TRUE((*file)->loading());
  EXPECT_EQ((*file)->status().load.steps, 3);
  EXPECT_LT((*file)->status().load.bytes_read, text.size());
  EXPECT_EQ((*file)->history().At(0)->step, 0);  // scrubbable already
  EXPECT_EQ((*file)->status().error, "");
  (*file)->Update(16);  // a frame's slice reads the rest
  while ((*file)->LoadSome(std::chrono::hours(1))) {
  }
  EXPECT_EQ((*file)->history().size(), 8u);
  EXPECT_FALSE((*file)->loading());
  EXPECT_NE((*file)->status().error.find("line 10: truncated"),
            std::string::npos)
      << (*file)->status().error;
  EXPECT_NE((*file)->status().error.find("8 complete steps loaded"),
            std::string::npos);
  EXPECT_EQ((*file)->history().At(7)->step, 7);
  // A file that is not a recording does not open.
  EXPECT_FALSE(RecordingDriver::Open(WriteTemp("bad.wodrec", "hello\n")).ok());
  EXPECT_EQ(RecordingDriver::Open(::testing::TempDir() + "/missing.wodrec")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace wod::debugger
