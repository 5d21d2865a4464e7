// The view-model without a window: the shared DebuggerModel (owner stats,
// selection, hover, watches) and the memory and hierarchy panels' states.
#include "debugger/model/debugger_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "debugger/model/demo_driver.h"
#include "debugger/model/hierarchy_state.h"
#include "debugger/model/memory_table_state.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/synthetic_frames.h"
#include "tests/debugger/frame_fixtures.h"

namespace wod::debugger {
namespace {

using ::testing::ElementsAre;

// Row ids of the memory table, in display order.
std::vector<RefKey> ShownIds(MemoryTableState& table) {
  std::vector<RefKey> ids;
  for (uint32_t row : table.Rows()) ids.push_back(table.frame()->refs[row].id);
  return ids;
}

RefKey K(uint32_t index) { return MakeRefKey(index, 1); }

constexpr OwnerKey kTimer{12};

// The shared model, the memory table and the tree over TwoBlockFrame.
class DebuggerModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Show(std::make_shared<const Frame>(testing::TwoBlockFrame()));
  }
  void Show(FramePtr frame) {
    model_.SetFrame(frame);
    table_.SetFrame(frame);
    tree_.SetFrame(std::move(frame));
  }
  DebuggerModel model_;
  MemoryTableState table_;
  HierarchyState tree_;
};

TEST_F(DebuggerModelTest, UnfilteredRowsAreAllRefsInIdOrder) {
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(1), K(2), K(3), K(4), K(5)));
}

TEST_F(DebuggerModelTest, TextFilterIsCaseInsensitiveOverValueTypeOwnerAndId) {
  table_.SetTextFilter("REP=");
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(3), K(5)));
  table_.SetTextFilter("round");  // type name
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(1)));
  table_.SetTextFilter("session");  // owner label
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(1), K(5)));
  table_.SetTextFilter("4.1");  // id text
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(4)));
}

TEST_F(DebuggerModelTest, SortsByEveryColumnBothWays) {
  table_.SetSort(MemoryColumn::kValue, true);
  // "0 ms" < "5:00 Run" < "R1/3" < "rep=10" < "rep=5" (byte order).
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(2), K(4), K(1), K(5), K(3)));
  table_.SetSort(MemoryColumn::kValue, false);
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(3), K(5), K(1), K(4), K(2)));
  table_.SetSort(MemoryColumn::kBytes, true);  // 8, 24, 16, 40, 16; ties by id
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(1), K(3), K(5), K(2), K(4)));
  table_.SetSort(MemoryColumn::kType, true);  // label, metric, round, timer
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(4), K(3), K(5), K(1), K(2)));
  table_.SetSort(MemoryColumn::kOwner, true);  // "5:00 Run" < "Session"
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(2), K(3), K(4), K(1), K(5)));
  table_.SetSort(MemoryColumn::kParent, true);
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(1), K(2), K(5), K(3), K(4)));
  table_.SetSort(MemoryColumn::kId, false);
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(5), K(4), K(3), K(2), K(1)));
}

TEST_F(DebuggerModelTest, UnchangedFrameRebuildsNothing) {
  (void)table_.Rows();
  const uint64_t built = table_.rebuild_count();
  // Same frame again, and a frame with the same version (history rebuild).
  Show(model_.frame_ptr());
  Show(std::make_shared<const Frame>(*model_.frame()));
  (void)table_.Rows();
  (void)table_.Rows();
  EXPECT_EQ(table_.rebuild_count(), built);
  Frame next = *model_.frame();
  next.version = 2;
  next.refs.pop_back();
  Show(std::make_shared<const Frame>(next));
  EXPECT_EQ(table_.Rows().size(), 4u);
  EXPECT_EQ(table_.rebuild_count(), built + 1);
}

TEST_F(DebuggerModelTest, IdTextIsFormattedPerRow) {
  EXPECT_EQ(table_.IdText(2), "3.1");
  EXPECT_EQ(table_.IdText(0), "1.1");
}

// The same two blocks played into a real memory (FrameMirror) and read back
// as the debugger reads a step (PublicationTimeline): the type and owner
// filters, the owner counts and the tree are asked of that memory. Ids are
// the memory's own.
class MirroredModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FrameMirror mirror;
    PublicationTimeline timeline;
    timeline.AppendPublication(mirror.Publish(
        std::make_shared<const Frame>(testing::TwoBlockFrame())));
    frame_ = timeline.Latest();
    ASSERT_NE(frame_->snapshot, nullptr);
    ASSERT_EQ(frame_->refs.size(), 5u);
    model_.SetFrame(frame_);
    table_.SetFrame(frame_);
    tree_.SetFrame(frame_);
  }
  // The mirrored ref of hand-built ref `hand_index`, found by its value
  // (the memory picks its own slots).
  RefKey R(uint32_t hand_index) const {
    const std::string want =
        testing::TwoBlockFrame().refs[hand_index - 1].value;
    for (const RefRow& r : frame_->refs) {
      if (r.value == want || r.value == "\"" + want + "\"") return r.id;
    }
    ADD_FAILURE() << "no ref with value " << want;
    return RefKey::kNone;
  }
  static std::vector<RefKey> InIdOrder(std::vector<RefKey> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  OwnerKey Owner(const std::string& label) const {
    for (const OwnerRow& o : frame_->owners) {
      if (o.label == label) return o.id;
    }
    return OwnerKey::kNone;
  }
  FramePtr frame_;
  DebuggerModel model_;
  MemoryTableState table_;
  HierarchyState tree_;
};

TEST_F(MirroredModelTest, TypeFilterKeepsOnlyThatType) {
  table_.SetTypeFilter("metric");
  EXPECT_EQ(ShownIds(table_), InIdOrder({R(3), R(5)}));
  table_.SetTypeFilter("no-such-type");
  EXPECT_THAT(ShownIds(table_), ::testing::IsEmpty());
}

TEST_F(MirroredModelTest, OwnerFilterKeepsOnlyThatOwnersRefs) {
  table_.SetOwnerFilter(Owner("5:00 Run"));
  EXPECT_EQ(ShownIds(table_), InIdOrder({R(2), R(3), R(4)}));
}

TEST_F(MirroredModelTest, FiltersCombine) {
  table_.SetTypeFilter("metric");
  table_.SetOwnerFilter(Owner("Session"));
  EXPECT_THAT(ShownIds(table_), ElementsAre(R(5)));
  table_.SetSort(MemoryColumn::kId, false);
  table_.SetOwnerFilter(OwnerKey::kNone);
  std::vector<RefKey> descending = InIdOrder({R(3), R(5)});
  std::reverse(descending.begin(), descending.end());
  EXPECT_EQ(ShownIds(table_), descending);
}

TEST_F(MirroredModelTest, OwnerStatsCountRefsAndBytesPerOwner) {
  const std::vector<OwnerStats>& s = model_.OwnerStatsView();
  ASSERT_EQ(s.size(), 2u);
  const uint32_t session = frame_->FindOwner(Owner("Session"));
  const uint32_t timer = frame_->FindOwner(Owner("5:00 Run"));
  ASSERT_LT(session, 2u);
  ASSERT_LT(timer, 2u);
  EXPECT_EQ(s[session].count, 2u);
  EXPECT_EQ(s[timer].count, 3u);
  // The bytes are the rows' bytes summed per owner.
  uint64_t bytes[2] = {0, 0};
  for (const RefRow& r : frame_->refs) bytes[r.owner] += r.bytes;
  EXPECT_EQ(s[session].bytes, bytes[session]);
  EXPECT_EQ(s[timer].bytes, bytes[timer]);
  EXPECT_GT(bytes[timer], 0u);
}

// A frame built by hand has no memory to ask: no rows under the type or
// owner filter, no counts, no tree (the text filter and sort still work).
TEST_F(DebuggerModelTest, HandBuiltFrameHasNoViewAnswers) {
  table_.SetTypeFilter("metric");
  EXPECT_THAT(ShownIds(table_), ::testing::IsEmpty());
  table_.SetTypeFilter("");
  table_.SetOwnerFilter(kTimer);
  EXPECT_THAT(ShownIds(table_), ::testing::IsEmpty());
  EXPECT_EQ(model_.OwnerStatsView()[1].count, 0u);
  EXPECT_THAT(tree_.Rows(), ::testing::IsEmpty());
}

TEST_F(MirroredModelTest,
       HierarchyShowsOwnersCollapsedThenExpandsLevelByLevel) {
  const std::vector<TreeRow>& collapsed = tree_.Rows();
  ASSERT_EQ(collapsed.size(), 2u);
  EXPECT_EQ(collapsed[0].kind, TreeRow::Kind::kOwner);
  EXPECT_EQ(collapsed[0].child_count, 2u);
  EXPECT_EQ(collapsed[1].child_count, 3u);

  tree_.SetOwnerExpanded(Owner("5:00 Run"), true);
  std::vector<TreeRow> rows = tree_.Rows();
  // Session, Timer, 2.1 (collapsed, one child).
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].kind, TreeRow::Kind::kRef);
  EXPECT_EQ(model_.frame()->refs[rows[2].index].id, R(2));
  EXPECT_EQ(rows[2].child_count, 1u);
  EXPECT_EQ(rows[2].depth, 1);

  tree_.SetRefExpanded(R(2), true);
  tree_.SetRefExpanded(R(3), true);
  rows = tree_.Rows();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(model_.frame()->refs[rows[4].index].id, R(4));
  EXPECT_EQ(rows[4].depth, 3);

  tree_.ExpandAll(false);
  EXPECT_EQ(tree_.Rows().size(), 2u);
  tree_.ExpandAll(true);
  EXPECT_EQ(tree_.Rows().size(), 7u);  // 2 owners + 5 refs
}

TEST_F(MirroredModelTest, ExpansionSurvivesANewFrame) {
  tree_.SetOwnerExpanded(Owner("Session"), true);
  Frame next = *model_.frame();
  next.version = 2;
  tree_.SetFrame(std::make_shared<const Frame>(next));
  EXPECT_EQ(tree_.Rows().size(), 4u);  // Session + 2 refs + Timer
}

TEST_F(DebuggerModelTest, WhyAliveWalksParentsThenTheOwnerOnTheStack) {
  model_.Select(K(4));
  const std::vector<std::string> chain = model_.WhyAlive();
  ASSERT_EQ(chain.size(), 5u);
  EXPECT_THAT(chain[0], ::testing::HasSubstr("ref 4.1 (label)"));
  EXPECT_THAT(chain[1], ::testing::HasSubstr("ref 3.1 (metric)"));
  EXPECT_THAT(chain[2], ::testing::HasSubstr("ref 2.1 (timer)"));
  EXPECT_THAT(chain[3],
              ::testing::HasSubstr(
                  "owned by Timer '5:00 Run' \u00b7 o0.12 (stack position 2 of "
                  "2)"));
  EXPECT_THAT(chain[4], ::testing::HasSubstr("held by SessionRoot"));
}

TEST_F(DebuggerModelTest, WhyAliveFlagsAnOwnerThatIsNotOnTheStack) {
  Frame f = *model_.frame();
  f.stack.erase(f.stack.begin());  // Timer popped, its refs still there
  Show(std::make_shared<const Frame>(f));
  model_.Select(K(2));
  const std::vector<std::string> chain = model_.WhyAlive();
  ASSERT_FALSE(chain.empty());
  EXPECT_THAT(chain.back(), ::testing::HasSubstr("NOT on the stack (orphan)"));
}

TEST_F(DebuggerModelTest, HoverAssociatesBlockRefsAndLinesBothWays) {
  const Frame& f = *model_.frame();
  // Hovering the Timer block highlights its refs and its source line.
  model_.HoverBlock(kTimer);
  model_.BeginUiFrame();
  EXPECT_TRUE(model_.IsRefHighlighted(f.refs[1]));
  EXPECT_FALSE(model_.IsRefHighlighted(f.refs[0]));
  EXPECT_TRUE(model_.IsLineHighlighted(2));
  EXPECT_FALSE(model_.IsLineHighlighted(4));
  // Hovering a ref highlights its owning block and that block's lines.
  model_.BeginUiFrame();  // the hover is gone after one frame
  EXPECT_FALSE(model_.IsRefHighlighted(f.refs[1]));
  model_.HoverRef(K(1));
  model_.BeginUiFrame();
  EXPECT_TRUE(model_.IsBlockHighlighted(f.stack[1]));
  EXPECT_FALSE(model_.IsBlockHighlighted(f.stack[0]));
  EXPECT_TRUE(model_.IsLineHighlighted(3));
  // Hovering a line highlights the blocks (and refs) whose span holds it.
  model_.HoverLine(2);
  model_.BeginUiFrame();
  EXPECT_TRUE(model_.IsBlockHighlighted(f.stack[0]));
  EXPECT_TRUE(model_.IsBlockHighlighted(f.stack[1]));  // Session spans 1-3
  EXPECT_TRUE(model_.IsRefHighlighted(f.refs[2]));
}

TEST(MemoryTableState, SortedHundredThousandRowsAreOrderedAndComplete) {
  SyntheticFrames gen(100000);
  MemoryTableState table;
  table.SetFrame(gen.Current());
  table.SetSort(MemoryColumn::kValue, true);
  const std::vector<uint32_t>& rows = table.Rows();
  ASSERT_EQ(rows.size(), gen.Current()->refs.size());
  for (size_t i = 1; i < rows.size(); ++i) {
    const RefRow& a = gen.Current()->refs[rows[i - 1]];
    const RefRow& b = gen.Current()->refs[rows[i]];
    ASSERT_TRUE(a.value < b.value || (a.value == b.value && a.id < b.id)) << i;
  }
}

TEST_F(DebuggerModelTest, SortByVisibilityListsTheTiersThenNone) {
  Frame f = *model_.frame();
  f.version = 2;
  f.refs[0].visibility = Visibility::kNone;
  f.refs[1].visibility = Visibility::kResult;
  f.refs[2].visibility = Visibility::kDisplay;
  f.refs[3].visibility = Visibility::kPrivate;
  f.refs[4].visibility = Visibility::kPromote;
  Show(std::make_shared<const Frame>(f));
  table_.SetSort(MemoryColumn::kVisibility, true);
  EXPECT_THAT(ShownIds(table_), ElementsAre(K(3), K(5), K(4), K(2), K(1)));
}

TEST_F(DebuggerModelTest, WatchesKeepTheirKeysWhenOthersAreRemoved) {
  const WatchKey a = model_.AddWatch(Watch::OnType("timer"));
  const WatchKey b = model_.AddWatch(Watch::OnRef(K(2)));
  const WatchKey c = model_.AddWatch(Watch::OnOwner(kTimer, "5:00 Run"));
  EXPECT_NE(a, b);
  EXPECT_NE(b, c);
  model_.RemoveWatch(a);
  model_.SetWatchEnabled(c, false);
  ASSERT_EQ(model_.watches().size(), 2u);
  EXPECT_EQ(model_.watches()[0].key, b);
  EXPECT_TRUE(model_.watches()[0].enabled);
  EXPECT_EQ(model_.watches()[1].key, c);
  EXPECT_FALSE(model_.watches()[1].enabled);
  // A new watch never reuses a removed key.
  EXPECT_NE(model_.AddWatch(Watch::OnType("timer")), a);
}

}  // namespace
}  // namespace wod::debugger
