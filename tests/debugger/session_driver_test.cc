// SessionDriver over real WorkoutSessions: attaching the debugger never
// changes execution (docs/spec/debugger.md §3), frames match the runtime,
// watches and ownership checks stop the driver.
#include "debugger/model/session_driver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/live_runner.h"
#include "debugger/model/publication_timeline.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "runtime/publication.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

using ::testing::HasSubstr;

// Exercises pushes, pops, timers, pause/resume and abort on any script.
constexpr char kCommands[] =
    "next; tick 1000; next; tick 30000; pause; tick 5000; resume; next; "
    "advance 250; next; tick 60000; next; event timer:pause; next; "
    "event timer:resume; tick 120000; next; next; next; next; tick 1; "
    "next; next; next; next; next; next; next; next; abort; next";

std::vector<std::filesystem::path> Examples() {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(WOD_EXAMPLES_DIR)) {
    if (e.path().extension() == ".wod") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The rows of a session run with no debugger at all.
std::vector<std::string> PlainRows(const std::string& source) {
  auto session = blocks::WorkoutSession::Create(source);
  EXPECT_TRUE(session.ok()) << session.status();
  std::vector<std::string> rows;
  if (!session.ok()) return rows;
  rows.push_back((*session)->Start().Row());
  auto commands = runtime::ParseStepCommands(kCommands);
  EXPECT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) {
    rows.push_back((*session)->Apply(c).Row());
  }
  return rows;
}

TEST(SessionDriver, AttachingNeverChangesExecutionOfAnyExample) {
  const std::vector<std::filesystem::path> examples = Examples();
  ASSERT_GE(examples.size(), 5u);
  for (const auto& path : examples) {
    SCOPED_TRACE(path.filename().string());
    const std::string source = ReadFile(path);
    const std::vector<std::string> plain = PlainRows(source);
    auto driver = SessionDriver::Create(source, path.string());
    ASSERT_TRUE(driver.ok()) << driver.status();
    // Watches that never stop (disabled) still get evaluated every step.
    Watch w = Watch::OnType("time");
    w.enabled = false;
    (*driver)->SetWatches({w});
    ASSERT_TRUE((*driver)->ApplySteps(kCommands).ok());
    const std::vector<std::string>& debugged = (*driver)->rows();
    ASSERT_EQ(plain.size(), debugged.size());
    for (size_t i = 0; i < plain.size(); ++i) {
      EXPECT_EQ(plain[i], debugged[i]) << "row " << i;
    }
    EXPECT_EQ((*driver)->history().size(), plain.size());
  }
}

TEST(SessionDriver, NoExampleLeavesAnOrphanAfterAnyPop) {
  for (const auto& path : Examples()) {
    SCOPED_TRACE(path.filename().string());
    auto driver = SessionDriver::Create(ReadFile(path), path.string());
    ASSERT_TRUE(driver.ok());
    ASSERT_TRUE((*driver)->ApplySteps(kCommands).ok());
    EXPECT_TRUE((*driver)->status().violations.empty())
        << (*driver)->status().violations.front().message;
  }
}

TEST(SessionDriver, FramesNameTheStackBlocksOwnersAndLines) {
  auto driver =
      SessionDriver::Create("(3)\n  10 Pullups\n  :30 Rest\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  ASSERT_TRUE((*driver)->ApplySteps("next").ok());
  const FramePtr f = (*driver)->history().Latest();
  ASSERT_GE(f->stack.size(), 2u);
  for (const BlockRow& b : f->stack) {
    ASSERT_LT(b.owner, f->owners.size()) << b.type;
    EXPECT_EQ(f->owners[b.owner].kind, b.type);
    if (!b.label.empty()) {
      EXPECT_EQ(f->owners[b.owner].label, b.label);
    }
  }
  // The top block is the effort on line 2, and it owns refs.
  EXPECT_EQ(f->stack.front().label, "10 Pullups");
  const OwnerRow& top = f->owners[f->stack.front().owner];
  EXPECT_EQ(top.line_begin, 2);
  size_t owned = 0;
  for (const RefRow& r : f->refs)
    owned += r.owner == f->stack.front().owner ? 1 : 0;
  EXPECT_GT(owned, 0u);
  // Refs are in id order and every parent is live.
  for (size_t i = 1; i < f->refs.size(); ++i)
    EXPECT_LT(f->refs[i - 1].id, f->refs[i].id);
  for (const RefRow& r : f->refs) {
    if (r.parent != RefKey::kNone) {
      EXPECT_GE(f->FindRef(r.parent), 0);
    }
  }
}

// The history keeps deltas; every step rebuilt from them is the frame of a
// full snapshot taken right after the step.
TEST(SessionDriver, EveryStepRebuiltFromDeltasIsTheFrameOfAFullSnapshot) {
  auto session = blocks::WorkoutSession::Create("5:00 Run\n10 Pullups\n");
  ASSERT_TRUE(session.ok());
  runtime::PublicationBuilder builder((*session)->runtime().memory(),
                                      {.keyframe_interval = 4});
  PublicationTimeline history;
  std::vector<FramePtr> whole;
  std::vector<memory::OwnerRecord> retired;
  auto add = [&](const runtime::TraceStep& step) {
    runtime::Publication p = builder.Build(step);
    history.AppendPublication(p);
    retired.insert(retired.end(), p.retired.begin(), p.retired.end());
    whole.push_back(
        MakeFrame((*session)->runtime().memory().Snapshot(), step, retired, 0));
  };
  add((*session)->Start());
  auto commands = runtime::ParseStepCommands(
      "next; tick 1000; tick 1000; next; tick 1000; next; next");
  ASSERT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) add((*session)->Apply(c));
  ASSERT_EQ(history.size(), whole.size());
  EXPECT_GT(history.keyframe_count(), 1u);
  for (size_t i = whole.size(); i-- > 0;) {
    const FramePtr a = history.At(i);
    const Frame& b = *whole[i];
    ASSERT_EQ(a->refs.size(), b.refs.size()) << "step " << i;
    for (size_t r = 0; r < a->refs.size(); ++r) {
      EXPECT_EQ(a->refs[r].value, b.refs[r].value) << "step " << i;
    }
    EXPECT_TRUE(Diff(*a, b).empty()) << "step " << i;
    ASSERT_EQ(a->owners.size(), b.owners.size());
  }
}

TEST(SessionDriver, InspectorFieldsComeFromTheTypesFieldVisitor) {
  auto driver = SessionDriver::Create("5:00 Run\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  ASSERT_TRUE((*driver)->ApplySteps("next").ok());
  const FramePtr f = (*driver)->history().Latest();
  ASSERT_NE(f->fields, nullptr);
  bool any = false;
  for (const RefRow& r : f->refs) {
    const auto fields = f->fields->Fields(r.id);
    EXPECT_FALSE(fields.empty()) << f->TypeName(r.type);
    any = any || !fields.empty();
  }
  EXPECT_TRUE(any);
  EXPECT_TRUE(f->fields->Fields(MakeRefKey(4000, 9)).empty());
}

TEST(SessionDriver, FiredWatchStopsTheDriverUntilTheUserContinues) {
  auto driver =
      SessionDriver::Create("(3)\n  10 Pullups\n  15 Squats\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  SessionDriver& d = **driver;
  d.SetWatches({Watch::OnType("metric:label")});
  ASSERT_TRUE(d.ApplySteps("next; next; next; next").ok());
  // The first `next` pushes blocks that allocate labels: the watch fires
  // there, and the remaining commands are not fed.
  EXPECT_EQ(d.status().state, RunState::kStopped);
  EXPECT_THAT(d.status().stop_reason,
              HasSubstr("watch 'type metric:label' fired at step 1"));
  ASSERT_EQ(d.status().watch_hits.size(), 1u);
  EXPECT_EQ(d.rows().size(), 2u);  // row 0 and row 1 only
  runtime::StepCommand next;
  EXPECT_FALSE(d.Apply(next));
  EXPECT_EQ(d.rows().size(), 2u);
  d.Handle(Intent::Of(Intent::Kind::kClearStop));
  EXPECT_EQ(d.status().state, RunState::kStepping);
  d.SetWatches({});
  EXPECT_TRUE(d.Apply(next));
  EXPECT_EQ(d.rows().size(), 3u);
}

TEST(SessionDriver, NextAfterAFiredWatchStepsOnWithoutContinue) {
  auto driver =
      SessionDriver::Create("(3)\n  10 Pullups\n  15 Squats\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  SessionDriver& d = **driver;
  d.SetWatches({Watch::OnType("metric:label")});
  ASSERT_TRUE(d.ApplySteps("next").ok());
  ASSERT_EQ(d.status().state, RunState::kStopped);
  // The hit says old → new, and the watch's tally counts it.
  ASSERT_EQ(d.status().watch_hits.size(), 1u);
  EXPECT_THAT(d.status().stop_reason, HasSubstr(" → "));
  ASSERT_EQ(d.status().watch_tallies.size(), 1u);
  EXPECT_EQ(d.status().watch_tallies[0].hits, 1);
  const size_t rows = d.rows().size();
  d.SetWatches({});
  d.Handle(Intent::Of(Intent::Kind::kNext));  // F10, no Continue first
  EXPECT_EQ(d.rows().size(), rows + 1);
  EXPECT_NE(d.status().state, RunState::kStopped);
  EXPECT_TRUE(d.status().stop_reason.empty());
}

TEST(SessionDriver, RealTimeFeedsTicksOfTheChosenSizeTimesSpeed) {
  auto driver = SessionDriver::Create("5:00 Run\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  SessionDriver& d = **driver;
  d.Handle(Intent::Of(Intent::Kind::kSetTickMs, 1000));
  d.Handle(Intent::Of(Intent::Kind::kSetSpeed, 10));
  ASSERT_TRUE(d.ApplySteps("next").ok());
  d.Handle(Intent::Of(Intent::Kind::kRun));
  ASSERT_EQ(d.status().state, RunState::kRunning);
  d.Update(450);  // 4,500 ms of session time: four 1 s ticks
  EXPECT_EQ(d.rows().size(), 2u + 4u);
  EXPECT_EQ(d.history().Latest()->t_ms, 4000);
  EXPECT_EQ(d.history().Latest()->action, "tick 1000 ms");
  d.Handle(Intent::Of(Intent::Kind::kPauseResume));
  EXPECT_EQ(d.status().state, RunState::kPaused);
  EXPECT_EQ(d.history().Latest()->action, "event `timer:pause`");
  d.Update(10000);
  EXPECT_EQ(d.rows().size(), 2u + 4u + 1u);
}

TEST(SessionDriver, ResetStartsOverAndOpenFileReportsMissingFiles) {
  auto driver = SessionDriver::Create("5:00 Run\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  SessionDriver& d = **driver;
  ASSERT_TRUE(d.ApplySteps("next; tick 1000").ok());
  d.Handle(Intent::Of(Intent::Kind::kReset));
  EXPECT_EQ(d.status().state, RunState::kIdle);
  EXPECT_TRUE(d.history().empty());
  Intent open = Intent::Of(Intent::Kind::kOpenFile);
  open.text = "/nonexistent/x.wod";
  d.Handle(open);
  EXPECT_THAT(d.status().error, HasSubstr("cannot open '/nonexistent/x.wod'"));
  EXPECT_EQ(d.status().path, "t.wod");
}

TEST(SessionDriver, BadStepsAreAnErrorAndRunNothing) {
  auto driver = SessionDriver::Create("5:00 Run\n", "t.wod");
  ASSERT_TRUE(driver.ok());
  const absl::Status s = (*driver)->ApplySteps("next; nxt");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("steps:1:7"));
  EXPECT_TRUE((*driver)->history().empty());
}

TEST(SessionDriver, ParseDiagnosticsReachTheStatus) {
  auto driver = SessionDriver::Create("(3\n  10 Pullups\n", "bad.wod");
  ASSERT_TRUE(driver.ok());
  ASSERT_FALSE((*driver)->status().diagnostics.empty());
  EXPECT_EQ((*driver)->status().diagnostics.front().line, 1);
}

// The threaded mode runs the same script to the same rows.
TEST(SessionDriverLive, RuntimeOnItsOwnThreadGivesTheSameRows) {
  const std::string source = ReadFile(Examples().front());
  auto direct = SessionDriver::Create(source, "x");
  ASSERT_TRUE(direct.ok());
  (*direct)->Handle(Intent::Of(Intent::Kind::kSetTickMs, 500));
  (*direct)->Handle(Intent::Of(Intent::Kind::kStart));
  (*direct)->Handle(Intent::Of(Intent::Kind::kNext));
  for (int i = 0; i < 40; ++i)
    (*direct)->Handle(Intent::Of(Intent::Kind::kTick, 500));

  auto threaded = SessionDriver::Create(source, "x");
  ASSERT_TRUE(threaded.ok());
  std::atomic<int64_t> now{0};
  LiveDriver live(std::move(*threaded), [&now] { return now.load(); });
  live.Handle(Intent::Of(Intent::Kind::kSetTickMs, 500));
  live.Handle(Intent::Of(Intent::Kind::kStart));
  live.Handle(Intent::Of(Intent::Kind::kNext));
  live.Handle(Intent::Of(Intent::Kind::kRun));
  ASSERT_TRUE(live.runner().WaitForState(RunState::kRunning, 20000));
  for (int i = 0; i < 40; ++i) {
    now.fetch_add(500);
    live.runner().Wake();
  }
  ASSERT_TRUE(live.runner().WaitForFrames((*direct)->history().size(), 20000));
  live.Update(0);
  const Timeline& a = (*direct)->history();
  const Timeline& b = live.history();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.Summary(i).action, b.Summary(i).action) << i;
    EXPECT_EQ(a.Summary(i).t_ms, b.Summary(i).t_ms) << i;
    EXPECT_TRUE(Diff(*a.At(i), *b.At(i)).empty()) << i;
  }
}

// docs/spec/debugger.md §2.1: a click on a fix-it (kApplyFix) reloads the
// session with the repaired text; the diagnostic is gone and the script now
// runs as the author meant (three rounds, not one pass).
TEST(SessionDriverFixIt, ApplyFixIntentReloadsTheRepairedScript) {
  auto driver = SessionDriver::Create("3 rounds\n  10 Pullups\n", "w.wod");
  ASSERT_TRUE(driver.ok()) << driver.status();
  SessionDriver& d = **driver;
  d.Handle(Intent::Of(Intent::Kind::kNext));
  ASSERT_EQ(d.status().diagnostics.size(), 1u);
  ASSERT_TRUE(d.status().diagnostics[0].fix.has_value());
  EXPECT_EQ(d.status().diagnostics[0].fix->replacement, "(3)");

  d.Handle(Intent::Of(Intent::Kind::kApplyFix, 0));
  EXPECT_EQ(d.status().source, "(3)\n  10 Pullups\n");
  EXPECT_EQ(d.status().path, "w.wod");
  EXPECT_TRUE(d.status().diagnostics.empty());
  EXPECT_EQ(d.status().state, RunState::kIdle);  // a fresh session
  EXPECT_TRUE(d.status().error.empty());
  ASSERT_TRUE(d.ApplySteps("next").ok());
  EXPECT_THAT(d.rows().back(), HasSubstr("Rounds \"3\" [R1/3]"))
      << d.rows().back();

  // An index without a fix-it changes nothing and says so.
  d.Handle(Intent::Of(Intent::Kind::kApplyFix, 5));
  EXPECT_EQ(d.status().error, "no fix-it to apply");
  EXPECT_EQ(d.status().source, "(3)\n  10 Pullups\n");
}

// docs/spec/debugger.md §2.1: kChoose runs `choose N` on the pending choice.
TEST(SessionDriverChoice, ChooseIntentPicksTheAlternative) {
  auto driver = SessionDriver::Create("3|5 Pullups\n", "");
  ASSERT_TRUE(driver.ok()) << driver.status();
  SessionDriver& d = **driver;
  ASSERT_TRUE(d.status().pending_choice.has_value());
  EXPECT_EQ(d.status().pending_choice->line, 1);
  EXPECT_THAT(d.status().pending_choice->images,
              ::testing::ElementsAre("3", "5"));
  d.Handle(Intent::Of(Intent::Kind::kChoose, 2));
  EXPECT_FALSE(d.status().pending_choice.has_value());
  d.Handle(Intent::Of(Intent::Kind::kNext));
  EXPECT_THAT(d.rows().back(), HasSubstr("push \"3 \\| [5] Pullups\""))
      << d.rows().back();
}

}  // namespace
}  // namespace wod::debugger

namespace wod::debugger {
namespace {

std::string TempFile(const char* name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "_" +
         std::to_string(::getpid());
}

// Saving from the window (docs/spec/debugger.md §2.13): the recording, the
// trace and the golden file of a live session.
TEST(SessionDriverSave, RecordingTraceAndGoldenMatchTheSession) {
  const std::string source =
      ReadFile(std::filesystem::path(WOD_EXAMPLES_DIR) / "fran.wod");
  auto driver = SessionDriver::Create(source, "examples/fran.wod");
  ASSERT_TRUE(driver.ok()) << driver.status();
  constexpr char kSteps[] = "next; tick 1000; next; tick 60000; next";
  ASSERT_TRUE((*driver)->ApplySteps(kSteps).ok());
  const size_t steps = (*driver)->history().size();

  const std::string rec_path = TempFile("wod_save") + ".wodrec";
  Intent rec = Intent::Of(Intent::Kind::kSaveRecording);
  rec.text = rec_path;
  (*driver)->Handle(rec);
  ASSERT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  EXPECT_THAT((*driver)->status().save_message, HasSubstr("wrote"));
  absl::StatusOr<blocks::Recording> loaded =
      blocks::LoadRecording(ReadFile(rec_path));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->error.ok()) << loaded->error;
  ASSERT_EQ(loaded->steps.size(), steps);
  for (size_t i = 0; i < steps; ++i) {
    EXPECT_EQ(loaded->steps[i].trace.Row(), (*driver)->rows()[i]) << i;
  }

  const std::string trace_path = TempFile("wod_save") + ".json";
  Intent trace = Intent::Of(Intent::Kind::kExportTrace);
  trace.text = trace_path;
  (*driver)->Handle(trace);
  ASSERT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  EXPECT_THAT(ReadFile(trace_path), HasSubstr("traceEvents"));

  // The golden text of the last step is exactly the snapshot text of the
  // same session observed after every step (as the debugger and
  // `wod-run --snapshot` observe it: the memory version advances when it
  // is observed, so the observations count).
  auto plain = blocks::WorkoutSession::Create(source);
  ASSERT_TRUE(plain.ok());
  (*plain)->Start();
  std::string expected = (*plain)->runtime().memory().Snapshot()->ToText();
  const absl::StatusOr<std::vector<runtime::StepCommand>> commands =
      runtime::ParseStepCommands(kSteps);
  ASSERT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) {
    (*plain)->Apply(c);
    expected = (*plain)->runtime().memory().Snapshot()->ToText();
  }
  const std::string golden_path = TempFile("wod_save") + ".golden";
  Intent golden =
      Intent::Of(Intent::Kind::kSaveGolden, static_cast<int64_t>(steps) - 1);
  golden.text = golden_path;
  (*driver)->Handle(golden);
  ASSERT_FALSE((*driver)->status().save_failed)
      << (*driver)->status().save_message;
  EXPECT_EQ(ReadFile(golden_path), expected);
  std::remove(rec_path.c_str());
  std::remove(trace_path.c_str());
  std::remove(golden_path.c_str());

  // A path that cannot be written: the error is in the status, and the
  // old file (none here) is untouched.
  Intent bad = Intent::Of(Intent::Kind::kSaveRecording);
  bad.text = "/nonexistent-wod-dir/fran.wodrec";
  (*driver)->Handle(bad);
  EXPECT_TRUE((*driver)->status().save_failed);
  EXPECT_THAT((*driver)->status().save_message,
              HasSubstr("cannot write '/nonexistent-wod-dir/fran.wodrec'"));
}

}  // namespace
}  // namespace wod::debugger
