// The one pipeline (docs/spec/recording.md §3–§5): each step publishes its
// trace row plus a memory delta or keyframe built on memory's snapshot
// deltas; a recording is those publications, and the memory it rebuilds at
// every step equals the live memory — values, bytes, owners and parents.
#include "runtime/publication.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "blocks/recording.h"
#include "blocks/replay.h"
#include "blocks/workout_session.h"
#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "memory/testing/status_matchers.h"
#include "runtime/block_memory.h"
#include "runtime/script_runtime.h"
#include "runtime/session_sink.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::wod::blocks::testing::AutoPolicy;
using ::wod::blocks::testing::ExampleFiles;
using ::wod::blocks::testing::ReadFile;
using ::wod::memory::testing::IsOk;

// One ref as a frame shows it: ids, type, owner, parent, display text and
// bytes.
struct FrameRef {
  memory::RefId id;
  std::string type;
  memory::OwnerId owner;
  memory::RefId parent;
  std::string value;
  int64_t bytes = 0;
  friend bool operator==(const FrameRef&, const FrameRef&) = default;
};
struct FrameImage {
  std::vector<RecordedOwner> owners;
  std::vector<FrameRef> refs;
};

std::string Text(const FrameRef& r) {
  return fmt::format("{} {} owner={} parent={} value={} bytes={}",
                     memory::ToString(r.id), r.type, memory::ToString(r.owner),
                     memory::ToString(r.parent), r.value, r.bytes);
}

FrameImage LiveImage(const memory::MemorySnapshot& snap) {
  FrameImage out;
  for (const memory::OwnerRecord& o : snap.Owners()) {
    out.owners.push_back({o.id, o.state == memory::OwnerState::kLive, o.info});
  }
  for (const memory::SnapshotEntry& e : snap.entries()) {
    const memory::TypeInfo& info = snap.TypeInfoOf(e.type());
    out.refs.push_back(
        {e.id(), std::string(snap.TypeName(e.type())), snap.OwnerOf(e),
         snap.ParentOf(e), snap.FormatValue(e),
         static_cast<int64_t>(info.size() + info.HeapBytes(snap.ValuePtr(e)))});
  }
  return out;
}

FrameImage RebuiltImage(const RecordedSnapshot& image,
                        const RecordedTypes& types) {
  FrameImage out;
  out.owners = image.owners;
  for (const RecordedRef& r : image.refs) {
    out.refs.push_back({r.id, r.type, r.owner, r.parent,
                        types.Display(r.type, r.value),
                        types.Bytes(r.type, r.heap)});
  }
  return out;
}

// Runs `script` under the auto policy with a recorder, keeping the live
// snapshot of every step.
struct LiveRun {
  std::string text;
  std::vector<std::shared_ptr<const memory::MemorySnapshot>> live;
};
LiveRun RecordWithSnapshots(const std::string& script,
                            int64_t keyframe_interval, int max_steps = 5000) {
  LiveRun run;
  auto session = WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  std::ostringstream out;
  SessionRecorder::Options options;
  options.keyframe_interval = keyframe_interval;
  auto recorder =
      SessionRecorder::Create(**session, script, "t.wod", &out, options);
  EXPECT_TRUE(recorder.ok());
  runtime::TraceStep step = (*session)->Start();
  EXPECT_THAT((*recorder)->Record(step, std::nullopt), IsOk());
  run.live.push_back((*session)->runtime().memory().Snapshot());
  AutoPolicy policy;
  for (int i = 0; i < max_steps; ++i) {
    std::optional<runtime::StepCommand> command = policy.Next(step);
    if (!command.has_value()) break;
    step = (*session)->Apply(*command);
    EXPECT_THAT((*recorder)->Record(step, command), IsOk());
    run.live.push_back((*session)->runtime().memory().Snapshot());
  }
  EXPECT_THAT((*recorder)->Finish(), IsOk());
  run.text = out.str();
  return run;
}

void ExpectSame(const FrameImage& live, const FrameImage& rebuilt,
                bool live_owners_only) {
  std::vector<RecordedOwner> want = live.owners;
  if (live_owners_only) std::erase_if(want, [](auto& o) { return !o.live; });
  ASSERT_EQ(want.size(), rebuilt.owners.size());
  for (size_t o = 0; o < want.size(); ++o) {
    EXPECT_EQ(want[o], rebuilt.owners[o])
        << "owner " << memory::ToString(want[o].id);
  }
  ASSERT_EQ(live.refs.size(), rebuilt.refs.size());
  for (size_t r = 0; r < live.refs.size(); ++r) {
    ASSERT_EQ(live.refs[r], rebuilt.refs[r])
        << "live: " << Text(live.refs[r])
        << "\nrebuilt: " << Text(rebuilt.refs[r]);
  }
}

// For every example, the frame of every step rebuilt from the recording
// (from step 0, and from the nearest keyframe alone, as a seek does) equals
// the live one.
TEST(Publication, EveryExampleRebuildsTheLiveFrameAtEveryStep) {
  for (const auto& path : ExampleFiles()) {
    SCOPED_TRACE(path.filename().string());
    const int64_t interval = 5;
    LiveRun run = RecordWithSnapshots(ReadFile(path), interval);
    absl::StatusOr<Recording> rec = LoadRecording(run.text);
    ASSERT_THAT(rec.status(), IsOk());
    ASSERT_THAT(rec->error, IsOk());
    ASSERT_EQ(rec->steps.size(), run.live.size());
    absl::StatusOr<RecordedTypes> types =
        RecordedTypes::Resolve(rec->header.types);
    ASSERT_THAT(types.status(), IsOk());
    RecordingState sequential;
    std::optional<RecordingState> seek;
    for (size_t i = 0; i < rec->steps.size(); ++i) {
      SCOPED_TRACE(fmt::format("step {}", i));
      const RecordedStep& step = rec->steps[i];
      ASSERT_THAT(sequential.ApplyStep(step), IsOk());
      const FrameImage live = LiveImage(*run.live[i]);
      ExpectSame(live, RebuiltImage(sequential.Snapshot(), *types),
                 /*live_owners_only=*/false);
      if (step.memory.keyframe) seek.emplace();
      ASSERT_TRUE(seek.has_value());
      ASSERT_THAT(seek->ApplyStep(step), IsOk());
      // From a keyframe only the owners named since are known: the live
      // ones always, retired ones once named.
      FrameImage from_keyframe = RebuiltImage(seek->Snapshot(), *types);
      std::erase_if(from_keyframe.owners, [](auto& o) { return !o.live; });
      ExpectSame(live, from_keyframe, /*live_owners_only=*/true);
    }
  }
}

// Keyframes hold live state only; the delta that retires an owner names it.
TEST(Publication, KeyframesHoldLiveOwnersAndRetiringDeltasNameTheOwner) {
  LiveRun run = RecordWithSnapshots(ReadFile(ExampleFiles().front()), 4);
  absl::StatusOr<Recording> rec = LoadRecording(run.text);
  ASSERT_THAT(rec.status(), IsOk());
  ASSERT_TRUE(rec->steps.front().memory.keyframe);
  int64_t retired = 0;
  for (const RecordedStep& step : rec->steps) {
    for (const RecordedOwner& o : step.memory.owners) EXPECT_TRUE(o.live);
    for (const RecordedOwner& o : step.memory.retired) {
      EXPECT_FALSE(o.live);
      EXPECT_FALSE(o.info.kind.empty());
      EXPECT_GE(o.info.released_step, 0);
      ++retired;
    }
    EXPECT_EQ(step.memory.keyframe,
              step.step % 4 == 0 || step.trace.session_ended);
  }
  EXPECT_GT(retired, 2);
}

// The publication's delta is memory's own: Apply(previous, delta) gives the
// snapshot, and a sink that asks gets one per step through the session.
class Collect final : public runtime::SessionSink {
 public:
  [[nodiscard]] int64_t PublicationKeyframeInterval() const override {
    return 3;
  }
  void OnPublication(const runtime::Publication& p) override {
    published.push_back(p);
  }
  void OnStep(const runtime::TraceStep& step) override {
    steps.push_back(step.index);
  }
  std::vector<runtime::Publication> published;
  std::vector<int64_t> steps;
};

TEST(Publication, SinkReceivesOnePublicationPerStepBuiltOnSnapshotDeltas) {
  auto session = WorkoutSession::Create(ReadFile(ExampleFiles().front()));
  ASSERT_THAT(session.status(), IsOk());
  Collect sink;
  (*session)->AttachSink(&sink);
  runtime::TraceStep step = (*session)->Start();
  AutoPolicy policy;
  for (int i = 0; i < 40; ++i) {
    std::optional<runtime::StepCommand> command = policy.Next(step);
    if (!command.has_value()) break;
    step = (*session)->Apply(*command);
  }
  ASSERT_EQ(sink.published.size(), sink.steps.size());
  ASSERT_GE(sink.published.size(), 10u);
  EXPECT_TRUE(sink.published[0].keyframe);
  for (size_t i = 1; i < sink.published.size(); ++i) {
    const runtime::Publication& p = sink.published[i];
    EXPECT_EQ(p.trace.index, static_cast<int64_t>(i));
    EXPECT_EQ(p.keyframe, i % 3 == 0 || p.trace.session_ended);
    if (p.keyframe) continue;
    absl::StatusOr<std::shared_ptr<const memory::MemorySnapshot>> rebuilt =
        memory::Apply(*sink.published[i - 1].snapshot, p.delta);
    ASSERT_THAT(rebuilt.status(), IsOk());
    EXPECT_EQ((*rebuilt)->ToText(), p.snapshot->ToText());
  }
}

// Replaying the release of a 32,000-ref parent chain is O(subtree): the
// delta names each removed ref, and applying it costs one map operation per
// ref (docs/spec/recording.md §5.3), not one sweep per level.
TEST(Publication, ReleaseOfADeepParentChainIsLinearToApply) {
  constexpr int kDepth = 32000;
  memory::RuntimeMemory memory;
  absl::StatusOr<runtime::MemoryTypes> types =
      runtime::MemoryTypes::Register(memory);
  ASSERT_THAT(types.status(), IsOk());
  const auto tag = types->Get<runtime::MemoryTag::kOwnerState>();
  memory::OwnerInfo info;
  info.kind = "Chain";
  info.label = "chain";
  absl::StatusOr<memory::OwnerId> owner = memory.CreateOwner(info);
  ASSERT_THAT(owner.status(), IsOk());

  runtime::PublicationBuilder builder(memory, {.keyframe_interval = 1000});
  RecordingHeader header;
  header.types = BuildTypeRegistry();
  std::string text = HeaderLine(header) + "\n";
  runtime::TraceStep step;
  step.action = "startSession";
  text +=
      StepLine(RecordStep(builder.Build(step), std::nullopt), header.types) +
      "\n";
  auto root = memory.Allocate(
      tag, runtime::TagValue<runtime::MemoryTag::kOwnerState>{}, *owner);
  ASSERT_THAT(root.status(), IsOk());
  memory::RefId parent = root->id();
  for (int i = 1; i < kDepth; ++i) {
    auto child = memory.AllocateChild(
        tag, runtime::TagValue<runtime::MemoryTag::kOwnerState>{}, parent);
    ASSERT_THAT(child.status(), IsOk());
    parent = child->id();
  }
  const runtime::StepCommand next =
      runtime::MakeStepCommand(runtime::CommandKind::kNext, 0, "");
  step.index = 1;
  step.action = "userNext";
  text += StepLine(RecordStep(builder.Build(step), next), header.types) + "\n";
  ASSERT_THAT(memory.Release(root->id()).status(), IsOk());
  step.index = 2;
  text += StepLine(RecordStep(builder.Build(step), next), header.types) + "\n";

  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  ASSERT_THAT(rec->error, IsOk());
  ASSERT_EQ(rec->steps.size(), 3u);
  EXPECT_EQ(rec->steps[2].memory.removed.size(), static_cast<size_t>(kDepth));
  RecordingState state;
  ASSERT_THAT(state.ApplyStep(rec->steps[0]), IsOk());
  ASSERT_THAT(state.ApplyStep(rec->steps[1]), IsOk());
  EXPECT_EQ(state.live_refs(), static_cast<size_t>(kDepth));
  const int64_t before = state.operations();
  ASSERT_THAT(state.ApplyStep(rec->steps[2]), IsOk());
  EXPECT_EQ(state.live_refs(), 0u);
  // One operation per removed ref (plus a constant): a sweep per level
  // would be kDepth² / 2.
  EXPECT_LE(state.operations() - before, kDepth + 16);
}

// Step lines stay small and do not grow with the session: the average line
// of (N) rounds of one exercise is at most 1.0 KB, and the second half of
// the session averages no more than the first (docs/spec/recording.md §6).
TEST(Publication, StepLinesStayUnderOneKilobyteOnAverageAndDoNotGrow) {
  LiveRun run =
      RecordWithSnapshots("(400)\n  1 Burpee\n", kDefaultKeyframeInterval,
                          /*max_steps=*/5000);
  std::vector<size_t> sizes;
  std::istringstream in(run.text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.rfind("{\"step\":", 0) == 0) sizes.push_back(line.size() + 1);
  }
  ASSERT_GE(sizes.size(), 800u);
  const size_t half = sizes.size() / 2;
  double first = 0;
  double second = 0;
  for (size_t i = 0; i < sizes.size(); ++i)
    (i < half ? first : second) += sizes[i];
  first /= static_cast<double>(half);
  second /= static_cast<double>(sizes.size() - half);
  EXPECT_LE((first * half + second * (sizes.size() - half)) / sizes.size(),
            1024.0);
  EXPECT_LE(second, first * 1.02) << "lines grow with the session";
}

}  // namespace
}  // namespace wod::blocks
