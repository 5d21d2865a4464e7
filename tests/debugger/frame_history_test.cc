#include "debugger/model/frame_history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "debugger/model/synthetic_frames.h"

namespace wod::debugger {
namespace {

void ExpectSameFrame(const Frame& want, const Frame& got) {
  EXPECT_EQ(want.step, got.step);
  EXPECT_EQ(want.action, got.action);
  EXPECT_EQ(want.t_ms, got.t_ms);
  EXPECT_EQ(want.version, got.version);
  EXPECT_EQ(want.types, got.types);
  ASSERT_EQ(want.owners.size(), got.owners.size());
  for (size_t i = 0; i < want.owners.size(); ++i) {
    EXPECT_EQ(want.owners[i].label, got.owners[i].label);
    EXPECT_EQ(want.owners[i].released_step, got.owners[i].released_step);
  }
  ASSERT_EQ(want.refs.size(), got.refs.size());
  for (size_t i = 0; i < want.refs.size(); ++i) {
    EXPECT_EQ(want.refs[i].id, got.refs[i].id);
    EXPECT_TRUE(want.refs[i].SameContent(got.refs[i])) << "ref " << i;
  }
  ASSERT_EQ(want.stack.size(), got.stack.size());
  for (size_t i = 0; i < want.stack.size(); ++i) {
    EXPECT_EQ(want.stack[i].label, got.stack[i].label);
  }
  ASSERT_EQ(want.emitted.size(), got.emitted.size());
}

TEST(FrameHistory, ScrubbingRebuildsEveryStepExactly) {
  SyntheticFrames gen(200, 5);
  FrameHistory history(8);
  std::vector<FramePtr> originals;
  originals.push_back(gen.Current());
  history.Append(gen.Current());
  for (int i = 0; i < 60; ++i) {
    originals.push_back(gen.Step());
    history.Append(originals.back());
  }
  ASSERT_EQ(history.size(), originals.size());
  EXPECT_GE(history.keyframe_count(), 60u / 8u);
  EXPECT_LT(history.keyframe_count(), 20u);
  // Forward, backward and random-ish order all give the same frames.
  for (size_t i = 0; i < originals.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectSameFrame(*originals[i], *history.At(i));
  }
  for (size_t i = originals.size(); i-- > 0;) {
    SCOPED_TRACE(i);
    ExpectSameFrame(*originals[i], *history.At(i));
  }
  for (size_t k = 0; k < originals.size(); ++k) {
    const size_t i = (k * 37) % originals.size();
    SCOPED_TRACE(i);
    ExpectSameFrame(*originals[i], *history.At(i));
  }
}

TEST(FrameHistory, LatestIsTheAppendedFrameWithoutCopy) {
  SyntheticFrames gen(50);
  FrameHistory history;
  history.Append(gen.Current());
  FramePtr next = gen.Step();
  history.Append(next);
  EXPECT_EQ(history.Latest(), next);
  EXPECT_EQ(history.At(1), next);
}

TEST(FrameHistory, SummariesCarryCountsBytesAndRecords) {
  SyntheticFrames gen(100);
  FrameHistory history;
  history.Append(gen.Current());
  for (int i = 0; i < 10; ++i) history.Append(gen.Step());
  const FramePtr f = history.At(10);
  const StepSummary& s = history.Summary(10);
  EXPECT_EQ(s.step, 10);
  EXPECT_EQ(s.ref_count, f->refs.size());
  uint64_t bytes = 0;
  for (const RefRow& r : f->refs) bytes += r.bytes;
  EXPECT_EQ(s.ref_bytes, bytes);
  ASSERT_EQ(s.emitted.size(), f->emitted.size());
  EXPECT_EQ(s.emitted.front().kind, "pop");  // step 10 pops the top block
}

TEST(FrameHistory, FindPopLocatesThePopOfABlock) {
  SyntheticFrames gen(100);
  FrameHistory history;
  history.Append(gen.Current());
  for (int i = 0; i < 25; ++i) history.Append(gen.Step());
  // Step 10 pops the initial "10 Pullups", step 20 pops "15 Squats".
  EXPECT_EQ(history.FindPop("10 Pullups", 0), 10);
  EXPECT_EQ(history.FindPop("15 Squats", 0), 20);
  EXPECT_EQ(history.FindPop("10 Pullups", 11), -1);
  EXPECT_EQ(history.FindPop("no such block", 0), -1);
}

TEST(FrameHistory, ValueChangesListsEachDistinctValueAndTheRelease) {
  FrameHistory history(4);
  Frame f;
  f.types = {"timer"};
  RefRow r;
  r.id = MakeRefKey(1, 1);
  const std::vector<std::string> values = {"0 ms",   "0 ms",   "100 ms",
                                           "200 ms", "200 ms", "300 ms"};
  for (size_t i = 0; i < values.size(); ++i) {
    f.step = static_cast<int64_t>(i);
    f.version = i + 1;
    r.value = values[i];
    f.refs = {r};
    history.Append(std::make_shared<const Frame>(f));
  }
  f.step = 6;
  f.version = 7;
  f.refs.clear();
  history.Append(std::make_shared<const Frame>(f));
  using Change = std::pair<int64_t, std::string>;
  EXPECT_THAT(history.ValueChanges(MakeRefKey(1, 1), 100),
              ::testing::ElementsAre(Change{0, "0 ms"}, Change{2, "100 ms"},
                                     Change{3, "200 ms"}, Change{5, "300 ms"},
                                     Change{6, "(released)"}));
  EXPECT_THAT(
      history.ValueChanges(MakeRefKey(1, 1), 2),
      ::testing::ElementsAre(Change{5, "300 ms"}, Change{6, "(released)"}));
}

// docs/spec/debugger.md §4: 1,000 steps at 10,000 refs stay under 50 MB. A
// budget, not a randomized test: it always runs at full size (a few seconds
// under ASan).
TEST(FrameHistory, ThousandStepsAtTenThousandRefsStayUnderFiftyMegabytes) {
  const size_t refs = 10000;
  SyntheticFrames gen(refs, 8);
  FrameHistory history;
  history.Append(gen.Current());
  for (int i = 1; i < 1000; ++i) history.Append(gen.Step());
  const double budget = 50.0 * 1024 * 1024;
  EXPECT_LT(static_cast<double>(history.ByteSize()), budget)
      << history.ByteSize() << " bytes for " << refs << " refs, "
      << history.keyframe_count() << " keyframes";
  // And the figure is not a trivially small guess: it holds the refs.
  EXPECT_GT(history.ByteSize(), refs * sizeof(RefRow));
}

}  // namespace
}  // namespace wod::debugger
