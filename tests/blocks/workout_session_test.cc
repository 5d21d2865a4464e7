// WorkoutSession, the compiler and the block kinds, driven end to end:
// block kinds chosen per statement shape (docs/spec/runtime.md §7), the
// structural loop guard (docs/spec/runtime.md §13.21), release of all memory at
// the end, independence of two sessions, and random scripts + commands that
// must never crash, hang or break an invariant.
#include "blocks/workout_session.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

runtime::StepCommand Next() { return runtime::StepCommand{}; }
runtime::StepCommand Tick(int64_t ms) {
  runtime::StepCommand c;
  c.kind = runtime::CommandKind::kTick;
  c.ms = ms;
  return c;
}
runtime::StepCommand Event(std::string name) {
  runtime::StepCommand c;
  c.kind = runtime::CommandKind::kEvent;
  c.event = std::move(name);
  return c;
}

std::unique_ptr<WorkoutSession> Make(const std::string& script) {
  auto session = WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  return session.ok() ? std::move(*session) : nullptr;
}

double TestScale() {
  const char* env = std::getenv("WOD_TEST_SCALE");
  if (env == nullptr) return 1.0;
  const double scale = std::atof(env);
  return scale > 0 ? scale : 1.0;
}

struct KindCase {
  const char* script;
  const char* type;
  const char* label;
};

TEST(Compiler, ChoosesOneBlockKindPerStatementShape) {
  const KindCase cases[] = {
      {"10 Pullups", "effort", "10 Pullups"},
      {"5:00 Run", "Timer", "5:00 Run"},
      {"^5:00 Row", "Timer", "5:00 Row"},
      {"(3)\n  10 Pullups", "Rounds", "3"},
      {"(21-15-9) Thruster", "Rounds", "3 21 15 9 Thruster"},
      {"20:00 AMRAP\n  5 Pullups", "AMRAP", "AMRAP 20:00"},
      {"20:00 (AMRAP)\n  5 Pullups", "AMRAP", "AMRAP 20:00"},
      {"(3) :60 EMOM\n  5 Pullups", "EMOM", "EMOM 3"},
      {"(10) :60\n  5 Burpees", "EMOM", "EMOM 10"},
      {"FOR TIME\n  21 Thrusters", "Group", "FOR TIME"},
      {"20:00\n  5 Pullups", "Timer", "20:00"},
  };
  for (const KindCase& c : cases) {
    SCOPED_TRACE(c.script);
    auto session = Make(c.script);
    ASSERT_NE(session, nullptr);
    session->Start();
    runtime::TraceStep step = session->Apply(Next());
    ASSERT_GE(step.stack.size(), 2u);
    // The compiled block is the one right above SessionRoot.
    const runtime::TraceBlock& block = step.stack[step.stack.size() - 2];
    EXPECT_EQ(block.type, c.type);
    EXPECT_EQ(block.label, c.label);
  }
}

TEST(Compiler, TimerWithChildrenLoopsUntilItsCountdownExpires) {
  auto session = Make("1:00\n  5 Pullups");
  session->Start();
  session->Apply(Next());
  runtime::TraceStep step = session->Apply(Next());
  ASSERT_EQ(step.stack.size(), 3u);
  EXPECT_EQ(step.stack[1].round_current, 2);
  EXPECT_FALSE(step.stack[1].round_total.has_value());
  step = session->Apply(Tick(60'000));
  EXPECT_TRUE(step.stack.empty());
  EXPECT_TRUE(step.session_ended);
}

TEST(ContainerBlock, UnboundedLoopWithoutProgressEndsWithARecordedError) {
  // `(0)` completes as soon as it is pushed, so the AMRAP would loop forever
  // at one frozen instant; the structural guard stops it
  // (docs/spec/runtime.md §13.21).
  auto session = Make("10:00 AMRAP\n  (0)\n    5 Pullups");
  session->Start();
  runtime::TraceStep step = session->Apply(Next());
  EXPECT_TRUE(step.stack.empty());
  bool saw_error = false;
  for (const runtime::TraceRecord& r : step.emitted) {
    if (r.kind == "error") saw_error = true;
  }
  EXPECT_TRUE(saw_error);
  EXPECT_EQ(session->runtime().errors().size(), 1u);
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

// Counts the records of `kind` in one step.
int CountRecords(const runtime::TraceStep& step, const std::string& kind) {
  int n = 0;
  for (const runtime::TraceRecord& r : step.emitted) {
    if (r.kind == kind) ++n;
  }
  return n;
}

TEST(ContainerBlock, BoundedZeroTimeLoopIsCutWithARecordedError) {
  // Every round of the outer loop completes at once (`(0)` runs nothing):
  // without the guard the first next would run 10^15 rounds in one step.
  auto session = Make("(999999999999999)\n  (0)\n    5 x");
  session->Start();
  runtime::TraceStep step = session->Apply(Next());
  EXPECT_TRUE(step.stack.empty());
  EXPECT_EQ(CountRecords(step, "error"), 1);
  EXPECT_LE(CountRecords(step, "push") + CountRecords(step, "pop"), 1000);
  ASSERT_EQ(session->runtime().errors().size(), 1u);
  EXPECT_EQ(session->runtime().errors()[0].code,
            runtime::RuntimeErrorCode::kZeroTimeLoop);
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

TEST(ContainerBlock, NestedZeroTimeLoopsCannotMultiplyTheirRounds) {
  // Each level alone stays under the per-loop bound; together they would
  // run 10^9 rounds. The per-turn transition bound cuts them all.
  auto session = Make("(1000)\n  (1000)\n    (1000)\n      (0)\n        5 x");
  session->Start();
  runtime::TraceStep step = session->Apply(Next());
  EXPECT_TRUE(step.stack.empty());
  EXPECT_LE(CountRecords(step, "push") + CountRecords(step, "pop"), 10'000);
  EXPECT_GE(CountRecords(step, "error"), 1);
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

TEST(ContainerBlock, ShortZeroTimeLoopRunsEveryRound) {
  // A handful of empty rounds is not a runaway: all of them run, no error.
  auto session = Make("(5)\n  (0)\n    5 x");
  session->Start();
  runtime::TraceStep step = session->Apply(Next());
  EXPECT_TRUE(step.stack.empty());
  EXPECT_EQ(CountRecords(step, "error"), 0);
  EXPECT_EQ(CountRecords(step, "milestone"), 5);
}

TEST(WorkoutSession, ReleasesEveryEntryWhenTheSessionEnds) {
  auto session =
      Make("(2)\n  10 Pullups\n  :30 Rest\n20:00 AMRAP\n  5 Burpees");
  session->Start();
  EXPECT_GT(session->runtime().memory().size(), 0u);
  for (int i = 0; i < 4; ++i) {
    session->Apply(Next());
    EXPECT_TRUE(session->runtime().CheckInvariants().ok());
  }
  session->Apply(Next());
  session->Apply(Tick(1'200'000));
  EXPECT_EQ(session->runtime().depth(), 0u);
  EXPECT_EQ(session->runtime().memory().size(), 0u);
  EXPECT_EQ(session->runtime().push_count(), session->runtime().pop_count());
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

TEST(WorkoutSession, TwoSessionsInOneTestDoNotShareState) {
  auto a = Make("5:00 Run");
  auto b = Make("10 Pullups\n15 Pushups");
  a->Start();
  b->Start();
  a->Apply(Next());
  b->Apply(Next());
  runtime::TraceStep sa = a->Apply(Tick(1000));
  runtime::TraceStep sb = b->Apply(Next());
  EXPECT_EQ(sa.t_ms, 1000);
  EXPECT_EQ(sb.t_ms, 0);
  EXPECT_EQ(sa.stack.front().label, "5:00 Run");
  EXPECT_EQ(sb.stack.front().label, "15 Pushups");
}

TEST(WorkoutSession, PauseFreezesTheCurrentCountdown) {
  auto session = Make("1:00 Row");
  session->Start();
  session->Apply(Next());
  session->Apply(Tick(10'000));
  runtime::TraceStep step = session->Apply(Event("timer:pause"));
  EXPECT_TRUE(step.stack.front().paused);
  step = session->Apply(Tick(120'000));  // paused: no expiry
  ASSERT_EQ(step.stack.size(), 2u);
  EXPECT_EQ(step.stack.front().elapsed_ms, 10'000);
  session->Apply(Event("timer:resume"));
  step = session->Apply(Tick(50'000));
  EXPECT_TRUE(step.stack.empty());
}

TEST(WorkoutSession, ChildTimerExpiringWithItsParentKeepsItsOwnReason) {
  // docs/spec/runtime.md §2: every block sees the tick before any request runs,
  // so the child's own expiry is recorded, not a forced pop by the parent's
  // expiry.
  auto session = Make("1:00 AMRAP\n  1:00 Plank");
  session->Start();
  session->Apply(Next());
  runtime::TraceStep step = session->Apply(Tick(60'000));
  std::vector<std::string> pops;
  for (const runtime::TraceRecord& r : step.emitted) {
    if (r.kind == "pop") pops.push_back(r.text);
  }
  EXPECT_EQ(pops,
            (std::vector<std::string>{"pop \"1:00 Plank\" (timer-expired)",
                                      "pop \"AMRAP 1:00\" (timer-expired)",
                                      "pop \"Session\" (children-complete)"}));
}

TEST(WorkoutSession, RandomScriptsAndCommandsNeverBreakInvariants) {
  const std::vector<std::string> lines = {
      "10 Pullups", "5:00 Run",  "*:30 Rest",  ":? Sprint",  "^1:00 Row",
      "(3)",        "(21-15-9)", "2:00 AMRAP", ":20 EMOM",   "(2) :30 EMOM",
      "95 lb",      "FOR TIME",  "+ 5 Squats", "- 3 Cleans", "# Heading",
      "(0)",        "1:75 Bad",  "((( ",       "400 m Run",  "[:Rest] :10"};
  std::mt19937 rng(1234);
  const int scripts = static_cast<int>(200 * TestScale()) + 1;
  for (int s = 0; s < scripts; ++s) {
    std::string script;
    const int n = static_cast<int>(rng() % 8) + 1;
    for (int i = 0; i < n; ++i) {
      script += std::string(rng() % 3 * 2, ' ') + lines[rng() % lines.size()];
      script += "\n";
    }
    SCOPED_TRACE(script);
    auto session = Make(script);
    ASSERT_NE(session, nullptr);
    session->Start();
    for (int step = 0; step < 40; ++step) {
      switch (rng() % 6) {
        case 0:
        case 1:
          session->Apply(Next());
          break;
        case 2:
          session->Apply(Tick(static_cast<int64_t>(rng() % 40'000)));
          break;
        case 3:
          session->Apply(Event(rng() % 2 ? "timer:pause" : "timer:resume"));
          break;
        case 4:
          session->Apply(Tick(static_cast<int64_t>(rng() % 4) * 1000));
          break;
        default:
          if (rng() % 8 == 0) session->Apply(Event("abort"));
          break;
      }
      const absl::Status invariants = session->runtime().CheckInvariants();
      ASSERT_TRUE(invariants.ok()) << invariants;
    }
    session->Apply(Event("abort"));
    EXPECT_EQ(session->runtime().depth(), 0u);
    EXPECT_EQ(session->runtime().memory().size(), 0u);
  }
}

// docs/spec/runtime.md §5.3 step 4 and §10.1: a long session keeps the
// live owners plus those the latest step retired (each retired owner is
// forgotten at the next step and its record recycled under a new
// generation), and a bounded window of records.
TEST(WorkoutSession, LongSessionsKeepBoundedOwnersAndRecords) {
  auto session = Make("(3000)\n  1 Burpee\n");
  ASSERT_NE(session, nullptr);
  session->Start();
  size_t most_owner_records = 0;
  std::vector<std::string> tops;  // the top block's key after each tick
  for (int i = 0; i < 10'000 && !session->runtime().session_ended(); ++i) {
    const runtime::TraceStep worked = session->Apply(Tick(1000));
    if (!worked.stack.empty()) tops.push_back(worked.stack.front().key);
    session->Apply(Next());
    const memory::RuntimeMemory& memory = session->runtime().memory();
    size_t retired = 0;
    for (const memory::OwnerRecord& r : memory.Snapshot()->Owners()) {
      if (r.state == memory::OwnerState::kRetired) ++retired;
    }
    most_owner_records =
        std::max(most_owner_records, memory.Snapshot()->Owners().size());
    ASSERT_EQ(retired, session->runtime().retired_owners_pending());
  }
  ASSERT_GT(tops.size(), 100u);
  // The effort blocks' owner records are recycled: a few indices, whose
  // generations grow.
  std::set<std::string> indices;
  for (const std::string& key : tops) {
    indices.insert(key.substr(0, key.find('.')));
  }
  EXPECT_LE(indices.size(), 3u);
  EXPECT_NE(tops[10], tops[tops.size() - 10]);
  EXPECT_TRUE(session->runtime().session_ended());
  EXPECT_LE(most_owner_records, 8u);
  // The window, plus the records of the latest step.
  EXPECT_LE(session->runtime().records().size(),
            runtime::ScriptRuntimeOptions{}.record_window + 16);
  EXPECT_GT(session->runtime().records_emitted(), 3u * 3000u);
  EXPECT_TRUE(session->runtime().CheckInvariants().ok());
}

}  // namespace
}  // namespace wod::blocks
