// Hierarchical block state in real scripts (docs/spec/design.md §2): a
// timer's spans under the timer, the current round's results under the
// round counter, the rep a block promotes under its promotion entry. Real
// examples show real trees mid-workout; popping (or, for a round's results,
// finishing the round) releases the children; a long session's memory stays
// flat because each round's results go when the next round starts.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "memory/testing/status_matchers.h"
#include "runtime/script_runtime.h"
#include "runtime/session_sink.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::wod::blocks::testing::AutoPolicy;
using ::wod::blocks::testing::ReadFile;
using ::wod::memory::testing::IsOk;

std::string Example(const std::string& name) {
  return ReadFile(std::string(WOD_SOURCE_DIR) + "/examples/" + name);
}

std::vector<runtime::StepCommand> Steps(const std::string& text) {
  absl::StatusOr<std::vector<runtime::StepCommand>> steps =
      runtime::ParseStepCommands(text);
  EXPECT_THAT(steps.status(), IsOk());
  return steps.ok() ? *steps : std::vector<runtime::StepCommand>();
}

// One child ref as a snapshot shows it.
struct ChildRef {
  memory::RefId id;
  memory::RefId parent;
  memory::OwnerId owner;
  std::string type;
};

std::string TypeName(const memory::RuntimeMemory& memory, memory::TypeId type) {
  return memory.types().Contains(type) ? memory.types()[type].name : "?";
}

std::vector<ChildRef> ChildRefs(const memory::RuntimeMemory& memory) {
  std::vector<ChildRef> out;
  for (memory::RefId id : memory.All()) {
    absl::StatusOr<memory::RefInfo> info = memory.Describe(id);
    if (!info.ok() || info->parent.is_null()) continue;
    out.push_back(
        ChildRef{id, info->parent, info->owner, TypeName(memory, info->type)});
  }
  return out;
}

std::set<std::string> TypesOf(const std::vector<ChildRef>& refs) {
  std::set<std::string> types;
  for (const ChildRef& r : refs) types.insert(r.type);
  return types;
}

bool OnStack(const runtime::ScriptRuntime& runtime, memory::OwnerId owner) {
  return runtime.stack().IndexOf(owner).has_value();
}

struct TreeCase {
  const char* file;
  // Commands after Start() that reach a step in the middle of the workout.
  const char* steps;
  // Child types the snapshot must show there.
  std::vector<std::string> types;
};

class RealTrees : public ::testing::TestWithParam<TreeCase> {};

// At a step mid-workout the memory holds refs with a parent; every one of
// them is gone once its parent is released: its block popped, or, for a
// round's results, the next round started.
TEST_P(RealTrees, MidWorkoutSnapshotHasChildrenThatGoWithTheirParent) {
  const TreeCase& c = GetParam();
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create(Example(c.file));
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const runtime::ScriptRuntime& runtime = session.runtime();
  runtime::TraceStep step = session.Start();
  for (const runtime::StepCommand& command : Steps(c.steps)) {
    step = session.Apply(command);
  }
  ASSERT_FALSE(step.stack.empty()) << "the workout ended too early";

  const std::vector<ChildRef> children = ChildRefs(runtime.memory());
  ASSERT_FALSE(children.empty());
  EXPECT_THAT(TypesOf(children), IsSupersetOf(c.types));
  // The snapshot text (what `wod-run --snapshot` and the debugger print)
  // names the parent of each child ref.
  const std::string text = runtime.memory().Snapshot()->ToText();
  for (const ChildRef& child : children) {
    EXPECT_THAT(text, HasSubstr(absl::StrCat(
                          " parent=", memory::ToString(child.parent), " ")))
        << text;
  }
  ASSERT_THAT(runtime.CheckInvariants(), IsOk());

  // Drive the rest of the workout. A child whose block popped must be gone
  // with it, and no child may outlive its parent ref.
  AutoPolicy policy;
  for (int i = 0; i < 20000; ++i) {
    std::optional<runtime::StepCommand> command = policy.Next(step);
    if (!command.has_value()) break;
    step = session.Apply(*command);
    ASSERT_THAT(runtime.CheckInvariants(), IsOk()) << "step " << i;
    for (const ChildRef& child : children) {
      if (!runtime.memory().IsValid(child.parent)) {
        EXPECT_FALSE(runtime.memory().IsValid(child.id))
            << child.type << " outlived its parent";
      }
      if (!OnStack(runtime, child.owner)) {
        EXPECT_FALSE(runtime.memory().IsValid(child.id))
            << child.type << " outlived its block";
      }
    }
  }
  EXPECT_TRUE(step.stack.empty()) << "the auto policy finishes the workout";
  for (const ChildRef& child : children) {
    EXPECT_FALSE(runtime.memory().IsValid(child.id));
  }
  EXPECT_EQ(runtime.memory().size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Examples, RealTrees,
    ::testing::Values(
        // Fran, in round 1 on the pull-ups: the thrusters' result under the
        // round counter, rep 21 under the rep scheme, spans under timers.
        TreeCase{"fran.wod",
                 "next; tick 1000; next; tick 1000",
                 {"time:span", "round:result", "metric:rep-target"}},
        // Murph, round 1 of 20 on the push-ups: the first mile's result
        // under the session's round counter, the pull-ups' under the loop's.
        TreeCase{"murph.wod",
                 "next; tick 1000; next; tick 1000; next; tick 1000",
                 {"time:span", "round:result"}},
        // Chelsea, the triplet done 20 s into minute 1: the injected rest
        // runs, the triplet's result is under the EMOM's round counter.
        TreeCase{"chelsea.wod",
                 "next; tick 20000; next; tick 1000",
                 {"time:span", "round:result"}}),
    [](const ::testing::TestParamInfo<TreeCase>& param) {
      std::string name = param.param.file;
      return name.substr(0, name.find('.'));
    });

// The round counter holds exactly the current round's results: each
// finished child adds one, and the next round starts empty.
TEST(RoundResults, AreTheCurrentRoundsAndGoWhenTheNextRoundStarts) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create(Example("fran.wod"));
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const memory::RuntimeMemory& memory = session.runtime().memory();
  auto results = [&] {
    std::vector<ChildRef> out;
    for (const ChildRef& r : ChildRefs(memory)) {
      absl::StatusOr<memory::OwnerRecord> owner = memory.GetOwner(r.owner);
      if (r.type == "round:result" && owner.ok() &&
          owner->info.kind == "Rounds") {
        out.push_back(r);
      }
    }
    return out;
  };
  session.Start();
  session.Apply(runtime::StepCommand{});  // gate → Fran, round 1 Thrusters
  EXPECT_EQ(results().size(), 0u);
  session.Apply(runtime::StepCommand{});  // Thrusters done → Pullups
  ASSERT_EQ(results().size(), 1u);
  const memory::RefId thrusters = results().front().id;
  EXPECT_THAT(*memory.FormatValue(thrusters), HasSubstr("rep=21"));
  session.Apply(runtime::StepCommand{});  // Pullups done → round 2
  EXPECT_EQ(results().size(), 0u);
  EXPECT_FALSE(memory.IsValid(thrusters));
  session.Apply(runtime::StepCommand{});  // round 2 Thrusters done
  ASSERT_EQ(results().size(), 1u);
  EXPECT_THAT(*memory.FormatValue(results().front().id), HasSubstr("rep=15"));
  // The promoted rep follows the round.
  bool found = false;
  for (const ChildRef& r : ChildRefs(memory)) {
    if (r.type != "metric:rep-target") continue;
    found = true;
    EXPECT_EQ(*memory.FormatValue(r.id), "rep=15");
    EXPECT_EQ(TypeName(memory, memory.Describe(r.parent)->type),
              "metric:promote");
  }
  EXPECT_TRUE(found);
}

// A pause closes the timer's span and a resume opens another: two span
// children, the trace's elapsed time counting only the open ones.
TEST(TimerSpans, PauseAndResumeAreSpansUnderTheTimer) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create("5:00 Run\n");
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const memory::RuntimeMemory& memory = session.runtime().memory();
  session.Start();
  runtime::TraceStep step;
  for (const runtime::StepCommand& c :
       Steps("next; tick 1000; pause; tick 500; resume; tick 1000")) {
    step = session.Apply(c);
  }
  ASSERT_FALSE(step.stack.empty());
  EXPECT_EQ(step.stack.front().elapsed_ms, 2000);
  std::vector<std::string> spans;
  for (const ChildRef& r : ChildRefs(memory)) {
    absl::StatusOr<memory::OwnerRecord> owner = memory.GetOwner(r.owner);
    if (r.type == "time:span" && owner.ok() && owner->info.kind == "Timer") {
      EXPECT_EQ(TypeName(memory, memory.Describe(r.parent)->type), "time");
      spans.push_back(*memory.FormatValue(r.id));
    }
  }
  EXPECT_THAT(spans, ::testing::UnorderedElementsAre("0..1000", "1500..open"));
}

// An EMOM interval restart releases the spans of the last interval: one
// span per EMOM timer at any time.
TEST(TimerSpans, EmomRestartKeepsOneSpan) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create(Example("chelsea.wod"));
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const memory::RuntimeMemory& memory = session.runtime().memory();
  session.Start();
  session.Apply(runtime::StepCommand{});
  for (int minute = 0; minute < 5; ++minute) {
    for (int s = 0; s < 60; ++s) session.Apply(Steps("tick 1000").front());
    int emom_spans = 0;
    for (const ChildRef& r : ChildRefs(memory)) {
      absl::StatusOr<memory::OwnerRecord> owner = memory.GetOwner(r.owner);
      if (r.type == "time:span" && owner.ok() && owner->info.kind == "EMOM") {
        ++emom_spans;
        EXPECT_EQ(*memory.FormatValue(r.id),
                  absl::StrCat((minute + 1) * 60000, "..open"));
      }
    }
    EXPECT_EQ(emom_spans, 1) << "minute " << minute;
  }
}

// What a long session must not grow: live refs, their heap bytes, live
// owners.
struct Usage {
  size_t refs = 0;
  size_t heap = 0;
  size_t owners = 0;
};
Usage UsageOf(const runtime::ScriptRuntime& runtime) {
  const memory::UsageStats total = runtime.memory().TotalUsage();
  return Usage{total.live_refs, total.heap_bytes,
               runtime.memory().LiveOwners().size()};
}

// (2000) rounds of one effort: the memory in the middle of the run is the
// memory near its start (the round results of each round are released when
// the next one starts; their values are in the records).
TEST(FlatMemory, TwoThousandRoundsKeepLiveRefsConstant) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create("(2000)\n  1 Burpee\n");
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const runtime::ScriptRuntime& runtime = session.runtime();
  // The runtime keeps a window of records; its sink gets every one.
  struct SegmentCounter final : runtime::SessionSink {
    void OnSegment(const runtime::Record& r) override {
      if (r.label == "1 Burpee") ++burpee_segments;
    }
    size_t burpee_segments = 0;
  } segments;
  session.AttachSink(&segments);
  session.Start();
  session.Apply(runtime::StepCommand{});  // gate
  std::optional<Usage> early;
  runtime::TraceStep step;
  for (int round = 1; round < 2000; ++round) {
    step = session.Apply(Steps("tick 1000").front());
    step = session.Apply(runtime::StepCommand{});  // Burpee done, next round
    ASSERT_FALSE(step.stack.empty());
    if (round == 5) early = UsageOf(runtime);
    if (round == 1000) {
      ASSERT_TRUE(early.has_value());
      const Usage middle = UsageOf(runtime);
      EXPECT_EQ(middle.refs, early->refs);
      EXPECT_EQ(middle.heap, early->heap);
      EXPECT_EQ(middle.owners, early->owners);
    }
  }
  ASSERT_EQ(step.stack.size(), 3u);  // Burpee, Rounds, SessionRoot
  // 1999 rounds advanced; the sink got every segment, the runtime keeps a
  // bounded window of records.
  EXPECT_EQ(segments.burpee_segments, 1999u);
  // (the window plus the records of the latest step).
  EXPECT_LE(
      runtime.records().size(),
      runtime::ScriptRuntimeOptions{}.record_window + step.emitted.size());
  EXPECT_THAT(runtime.CheckInvariants(), IsOk());
}

// A 20:00 AMRAP ticked every second, one round every 10 s: flat as well.
TEST(FlatMemory, AmrapTickedEverySecondKeepsLiveRefsConstant) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create("20:00 AMRAP\n  5 Pullups\n  10 Pushups\n");
  ASSERT_THAT(made.status(), IsOk());
  WorkoutSession& session = **made;
  const runtime::ScriptRuntime& runtime = session.runtime();
  // The runtime keeps a window of records; its sink gets every one.
  struct SegmentCounter final : runtime::SessionSink {
    void OnSegment(const runtime::Record& r) override {
      if (r.label == "1 Burpee") ++burpee_segments;
    }
    size_t burpee_segments = 0;
  } segments;
  session.AttachSink(&segments);
  session.Start();
  session.Apply(runtime::StepCommand{});  // gate
  std::optional<Usage> early;
  runtime::TraceStep step;
  for (int second = 1; second < 1200; ++second) {
    step = session.Apply(Steps("tick 1000").front());
    // Pull-ups at 5 s, push-ups at 10 s: one round every 10 s.
    if (second % 5 == 0) step = session.Apply(runtime::StepCommand{});
    ASSERT_FALSE(step.stack.empty()) << "second " << second;
    ASSERT_THAT(runtime.CheckInvariants(), IsOk());
    if (second == 61) early = UsageOf(runtime);
    if (second == 601) {
      ASSERT_TRUE(early.has_value());
      const Usage middle = UsageOf(runtime);
      EXPECT_EQ(middle.refs, early->refs);
      EXPECT_EQ(middle.heap, early->heap);
      EXPECT_EQ(middle.owners, early->owners);
    }
  }
}

}  // namespace
}  // namespace wod::blocks
