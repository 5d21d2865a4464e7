// PublicationTimeline: the debugger's history as the runtime's
// publications — every step rebuilt exactly, in any order; owners named from
// the publications even after the memory forgot them; the memory budget.
#include "debugger/model/publication_timeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/synthetic_frames.h"
#include "memory/runtime_memory.h"
#include "runtime/publication.h"

namespace wod::debugger {
namespace {

void ExpectSameFrame(const Frame& want, const Frame& got) {
  EXPECT_EQ(want.step, got.step);
  EXPECT_EQ(want.action, got.action);
  EXPECT_EQ(want.t_ms, got.t_ms);
  EXPECT_EQ(want.types, got.types);
  ASSERT_EQ(want.owners.size(), got.owners.size()) << "step " << want.step;
  for (size_t i = 0; i < want.owners.size(); ++i) {
    EXPECT_EQ(want.owners[i].id, got.owners[i].id);
    EXPECT_EQ(want.owners[i].label, got.owners[i].label);
    EXPECT_EQ(want.owners[i].released_step, got.owners[i].released_step);
  }
  ASSERT_EQ(want.refs.size(), got.refs.size()) << "step " << want.step;
  for (size_t i = 0; i < want.refs.size(); ++i) {
    EXPECT_EQ(want.refs[i].id, got.refs[i].id);
    EXPECT_TRUE(want.refs[i].SameContent(got.refs[i])) << "ref " << i;
  }
  ASSERT_EQ(want.stack.size(), got.stack.size());
  for (size_t i = 0; i < want.stack.size(); ++i) {
    EXPECT_EQ(want.stack[i].label, got.stack[i].label);
    EXPECT_EQ(want.stack[i].owner, got.stack[i].owner);
  }
  EXPECT_EQ(want.emitted.size(), got.emitted.size());
}

// The synthetic session as publications (what --demo feeds the history).
std::vector<runtime::Publication> SyntheticPublications(size_t refs,
                                                        int steps) {
  SyntheticFrames gen(refs, 5);
  FrameMirror mirror;
  std::vector<runtime::Publication> out;
  out.push_back(mirror.Publish(gen.Current()));
  for (int i = 1; i < steps; ++i) out.push_back(mirror.Publish(gen.Step()));
  return out;
}

// Following the newest step converts only what each delta touched (the
// other rows are the previous frame's); the result equals a whole build of
// the same step, through pops, pushes and retired owners.
TEST(PublicationTimeline, SteppingReusesUntouchedRowsAndEqualsAWholeBuild) {
  const std::vector<runtime::Publication> pubs =
      SyntheticPublications(300, 150);
  PublicationTimeline stepped;
  PublicationTimeline whole;
  for (const runtime::Publication& p : pubs) whole.AppendPublication(p);
  FramePtr before;
  size_t kept_text = 0;
  for (size_t i = 0; i < pubs.size(); ++i) {
    stepped.AppendPublication(pubs[i]);
    const FramePtr frame = stepped.Latest();
    ExpectSameFrame(*whole.At(i), *frame);
    EXPECT_EQ(frame->snapshot, stepped.SnapshotAt(i));
    if (before != nullptr && !pubs[i].keyframe) {
      // The rows of refs the delta left alone are the previous frame's.
      const FrameDiff d = Diff(*before, *frame);
      EXPECT_LE(d.changed.size() + d.added.size(),
                pubs[i].delta.changed.size() + pubs[i].delta.added.size());
      kept_text += frame->refs.size() - d.changed.size() - d.added.size();
    }
    before = frame;
  }
  EXPECT_GT(kept_text, 0u);
}

TEST(PublicationTimeline, ScrubbingRebuildsEveryStepExactly) {
  const std::vector<runtime::Publication> pubs =
      SyntheticPublications(200, 150);
  PublicationTimeline history;
  std::vector<FramePtr> whole;  // each step from its own full snapshot
  // A frame names the owners retired in the last kRetiredOwnerWindow steps.
  std::vector<std::vector<memory::OwnerRecord>> retired_at;
  for (const runtime::Publication& p : pubs) {
    history.AppendPublication(p);
    retired_at.push_back(p.retired);
    std::vector<memory::OwnerRecord> retired;
    const size_t n = retired_at.size();
    for (size_t j = n > kRetiredOwnerWindow ? n - kRetiredOwnerWindow : 0;
         j < n; ++j) {
      retired.insert(retired.end(), retired_at[j].begin(), retired_at[j].end());
    }
    whole.push_back(MakeFrame(p.snapshot, p.trace, retired, 0));
  }
  ASSERT_GT(pubs.size(), kRetiredOwnerWindow);
  ASSERT_EQ(history.size(), pubs.size());
  EXPECT_GT(history.keyframe_count(), 1u);
  EXPECT_LT(history.keyframe_count(), pubs.size());
  // Forward, backward and jumping: every order rebuilds the same frames.
  for (size_t i = 0; i < pubs.size(); ++i) {
    ExpectSameFrame(*whole[i], *history.At(i));
  }
  for (size_t i = pubs.size(); i-- > 0;) {
    ExpectSameFrame(*whole[i], *history.At(i));
  }
  for (size_t i : {7u, 131u, 2u, 149u, 64u, 65u, 63u}) {
    ExpectSameFrame(*whole[i], *history.At(i));
  }
  // The frame's typed fields and the memory of a step are there too.
  ASSERT_NE(history.At(3)->fields, nullptr);
  EXPECT_EQ(history.SnapshotAt(3)->size(), history.At(3)->refs.size());
  EXPECT_EQ(history.Latest(), history.At(pubs.size() - 1));
}

TEST(PublicationTimeline, PublicationAtHandsTheHistoryToAnotherStore) {
  const std::vector<runtime::Publication> pubs = SyntheticPublications(60, 40);
  PublicationTimeline first;
  for (const runtime::Publication& p : pubs) first.AppendPublication(p);
  PublicationTimeline second;
  for (size_t i = 0; i < first.size(); ++i) {
    second.AppendPublication(first.PublicationAt(i));
  }
  ASSERT_EQ(second.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    ExpectSameFrame(*first.At(i), *second.At(i));
  }
}

TEST(PublicationTimeline, SummariesCarryCountsBytesAndRecords) {
  const std::vector<runtime::Publication> pubs = SyntheticPublications(100, 11);
  PublicationTimeline history;
  for (const runtime::Publication& p : pubs) history.AppendPublication(p);
  const FramePtr last = history.Latest();
  const StepSummary& s = history.Summary(10);
  EXPECT_EQ(s.step, 10);
  EXPECT_EQ(s.ref_count, last->refs.size());
  uint64_t bytes = 0;
  for (const RefRow& r : last->refs) bytes += r.bytes;
  EXPECT_EQ(s.ref_bytes, bytes);
  EXPECT_EQ(s.depth, last->stack.size());
  EXPECT_EQ(s.emitted.size(), last->emitted.size());
  // Step 10 popped "10 Pullups" and pushed "15 Squats".
  EXPECT_EQ(history.FindPop("10 Pullups", 0), 10);
  EXPECT_EQ(history.FindPop("10 Pullups", 11), -1);
}

TEST(PublicationTimeline, ValueChangesListsEachDistinctValueAndTheRelease) {
  memory::RuntimeMemory memory;
  auto type = *memory.RegisterType<int64_t>("timer");
  const memory::OwnerId owner = *memory.CreateOwner({"Timer", "t"});
  runtime::PublicationBuilder builder(memory, {.keyframe_interval = 4});
  PublicationTimeline history;
  auto ref = *memory.Allocate(type, int64_t{0}, owner);
  const std::vector<int64_t> values = {0, 0, 100, 200, 200, 300};
  runtime::TraceStep step;
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_TRUE(ref.Set(values[i]).ok());
    step.index = static_cast<int64_t>(i);
    history.AppendPublication(builder.Build(step));
  }
  ASSERT_TRUE(ref.Release().ok());
  step.index = 6;
  history.AppendPublication(builder.Build(step));
  using Change = std::pair<int64_t, std::string>;
  const RefKey key = KeyOf(ref.id());
  EXPECT_THAT(
      history.ValueChanges(key, 100),
      ::testing::ElementsAre(Change{0, "0"}, Change{2, "100"}, Change{3, "200"},
                             Change{5, "300"}, Change{6, "(released)"}));
  EXPECT_THAT(
      history.ValueChanges(key, 2),
      ::testing::ElementsAre(Change{5, "300"}, Change{6, "(released)"}));
}

// Owners may be forgotten and their slot recycled under a new generation:
// history names the old one from the publication that retired it.
TEST(PublicationTimeline, RetiredOwnersAreNamedAfterTheMemoryForgotThem) {
  memory::RuntimeMemory memory;
  auto type = *memory.RegisterType<std::string>("label");
  runtime::PublicationBuilder builder(memory);
  PublicationTimeline history;
  runtime::TraceStep step;
  const memory::OwnerId first = *memory.CreateOwner(
      {"effort", "10 Pullups", 3, 3, /*created_step=*/0, -1});
  ASSERT_TRUE(memory.Allocate(type, std::string("x"), first).ok());
  history.AppendPublication(builder.Build(step));
  ASSERT_TRUE(memory.RetireOwner(first, 1).ok());
  step.index = 1;
  history.AppendPublication(builder.Build(step));
  ASSERT_TRUE(memory.ForgetOwner(first).ok());
  const memory::OwnerId second =
      *memory.CreateOwner({"effort", "15 Squats", 4, 4, 2, -1});
  ASSERT_EQ(second.index, first.index);  // the slot was recycled
  ASSERT_NE(second.generation, first.generation);
  step.index = 2;
  history.AppendPublication(builder.Build(step));

  const FramePtr at2 = history.At(2);
  const uint32_t old_row = at2->FindOwner(KeyOf(first));
  const uint32_t new_row = at2->FindOwner(KeyOf(second));
  ASSERT_NE(old_row, kNoOwner);
  ASSERT_NE(new_row, kNoOwner);
  EXPECT_EQ(at2->owners[old_row].label, "10 Pullups");
  EXPECT_EQ(at2->owners[old_row].released_step, 1);
  EXPECT_EQ(at2->owners[old_row].line_begin, 3);
  EXPECT_EQ(at2->owners[new_row].label, "15 Squats");
  EXPECT_EQ(at2->owners[new_row].released_step, -1);
  // Step 0 knows only the first owner, live.
  const FramePtr at0 = history.At(0);
  ASSERT_EQ(at0->owners.size(), 1u);
  EXPECT_EQ(at0->owners[0].released_step, -1);
  EXPECT_EQ(at0->refs[0].owner, 0u);
}

// docs/spec/debugger.md §4: 1,000 steps at 10,000 refs stay under 50 MB. A
// budget, not a randomized test: it always runs at full size.
TEST(PublicationTimeline,
     ThousandStepsAtTenThousandRefsStayUnderFiftyMegabytes) {
  const size_t refs = 10000;
  SyntheticFrames gen(refs, 8);
  FrameMirror mirror;
  PublicationTimeline history;
  history.AppendPublication(mirror.Publish(gen.Current()));
  for (int i = 1; i < 1000; ++i) {
    history.AppendPublication(mirror.Publish(gen.Step()));
  }
  const double budget = 50.0 * 1024 * 1024;
  EXPECT_LT(static_cast<double>(history.ByteSize()), budget)
      << history.ByteSize() << " bytes for " << refs << " refs, "
      << history.keyframe_count() << " keyframes";
  // And the figure is not a trivially small guess: it holds the refs.
  EXPECT_GT(history.ByteSize(), refs * sizeof(memory::SnapshotEntry));
}

}  // namespace
}  // namespace wod::debugger
