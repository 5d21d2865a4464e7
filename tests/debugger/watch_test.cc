#include "debugger/model/watch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/debugger/frame_fixtures.h"

namespace wod::debugger {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(Watch, RefWatchFiresWhenItsValueChanges) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.step = 2;
  b.refs[1].value = "100 ms";
  const std::vector<Watch> watches = {Watch::OnRef(MakeRefKey(2, 1)),
                                      Watch::OnRef(MakeRefKey(1, 1))};
  const std::vector<WatchHit> hits = EvaluateWatches(watches, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].watch, 0u);
  EXPECT_EQ(hits[0].step, 2);
  EXPECT_EQ(hits[0].what, "changed");
  EXPECT_EQ(hits[0].message,
            "watch 'ref 2.1' fired at step 2: 2.1 changed: 0 ms → 100 ms");
  EXPECT_EQ(hits[0].old_value, "0 ms");
  EXPECT_EQ(hits[0].new_value, "100 ms");
}

TEST(Watch, TypeWatchFiresOnAnAddedRefOfThatType) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  RefRow r = b.refs[0];  // a round
  r.id = MakeRefKey(9, 1);
  b.refs.push_back(r);
  const std::vector<WatchHit> hits =
      EvaluateWatches({Watch::OnType("metric"), Watch::OnType("round")}, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].watch, 1u);
  EXPECT_EQ(hits[0].what, "added");
  EXPECT_EQ(hits[0].ref, MakeRefKey(9, 1));
}

TEST(Watch, OwnerWatchFiresWhenTheOwnersRefsAreReleased) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs.erase(b.refs.begin() + 1, b.refs.begin() + 4);  // Timer's refs
  const std::vector<WatchHit> hits =
      EvaluateWatches({Watch::OnOwner(OwnerKey{12}, "5:00 Run")}, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].what, "removed");
  EXPECT_THAT(hits[0].message, HasSubstr("owner 5:00 Run"));
}

TEST(Watch, DisabledOrUntouchedWatchesStaySilent) {
  const Frame a = testing::TwoBlockFrame();
  Frame b = a;
  b.refs[1].value = "100 ms";
  Watch off = Watch::OnRef(MakeRefKey(2, 1));
  off.enabled = false;
  EXPECT_THAT(EvaluateWatches({off, Watch::OnType("label")}, a, b), IsEmpty());
  EXPECT_THAT(EvaluateWatches({Watch::OnRef(MakeRefKey(2, 1))}, a, a),
              IsEmpty());
}

TEST(OwnershipCheck, CleanFrameHasNoViolations) {
  EXPECT_THAT(CheckOwnership(testing::TwoBlockFrame()), IsEmpty());
}

TEST(OwnershipCheck, RefsOfAPoppedBlockAreOrphans) {
  Frame f = testing::TwoBlockFrame();
  f.step = 4;
  f.stack.erase(f.stack.begin());
  f.owners[1].released_step = 4;
  const std::vector<OwnershipViolation> v = CheckOwnership(f);
  ASSERT_THAT(v, SizeIs(3));
  EXPECT_EQ(v[0].ref, MakeRefKey(2, 1));
  EXPECT_EQ(v[0].step, 4);
  EXPECT_THAT(v[0].message, HasSubstr("outlives its owner '5:00 Run'"));
  EXPECT_THAT(v[0].message, HasSubstr("popped at step 4"));
}

TEST(OwnershipCheck, NonBlockOwnersAreExempt) {
  Frame f = testing::TwoBlockFrame();
  f.stack.erase(f.stack.begin());
  f.owners[1].is_block = false;
  EXPECT_THAT(CheckOwnership(f), IsEmpty());
}

TEST(OwnershipCheck, ChildOfAReleasedParentIsFlagged) {
  Frame f = testing::TwoBlockFrame();
  f.refs.erase(f.refs.begin() + 1);  // 2.1 gone, 3.1 still points at it
  const std::vector<OwnershipViolation> v = CheckOwnership(f);
  ASSERT_THAT(v, SizeIs(1));
  EXPECT_EQ(v[0].ref, MakeRefKey(3, 1));
  EXPECT_THAT(v[0].message, HasSubstr("released parent 2.1"));
}

// Typed fields of the refs of a test frame: every ref has "count" = the
// number in its value ("rep=5" → 5), and "value".
class CountFields : public FieldSource {
 public:
  explicit CountFields(const Frame* frame) : frame_(frame) {}
  std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const override {
    const int64_t at = frame_->FindRef(id);
    if (at < 0) return {};
    const std::string& v = frame_->refs[static_cast<size_t>(at)].value;
    const size_t eq = v.find('=');
    return {{"count", eq == std::string::npos ? "0" : v.substr(eq + 1)},
            {"value", v}};
  }

 private:
  const Frame* frame_;
};

TEST(WatchCondition, ParsesTypedFieldConditions) {
  absl::StatusOr<Watch> w = Watch::Parse("round.current >= 3");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->kind, Watch::Kind::kType);
  EXPECT_EQ(w->type, "round");
  EXPECT_EQ(w->condition.field, "current");
  EXPECT_EQ(w->condition.op, WatchCondition::Op::kGe);
  EXPECT_EQ(w->condition.literal, "3");
  EXPECT_EQ(w->label, "type round when current >= 3");
  absl::StatusOr<Watch> t = Watch::Parse("time.elapsed > 60000");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->condition.op, WatchCondition::Op::kGt);
  const Watch base = Watch::OnRef(MakeRefKey(1, 1));
  absl::StatusOr<Watch> v = Watch::Parse("value == \"R2/3\"", &base);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->kind, Watch::Kind::kRef);
  EXPECT_EQ(v->condition.literal, "R2/3");
  EXPECT_EQ(v->label, "ref 1.1 when value == \"R2/3\"");
  // Errors name the problem.
  EXPECT_THAT(Watch::Parse("round.current").status().message(),
              HasSubstr("expected FIELD OP VALUE"));
  EXPECT_THAT(Watch::Parse("value == 3").status().message(),
              HasSubstr("name the type"));
  EXPECT_THAT(Watch::Parse("x.y == \"open").status().message(),
              HasSubstr("unterminated"));
  EXPECT_FALSE(Watch::Parse(".y == 1").ok());
  EXPECT_FALSE(Watch::Parse("x. == 1").ok());
}

TEST(WatchCondition, NumbersCompareAsNumbersAndTextAsText) {
  WatchCondition c{"count", WatchCondition::Op::kGe, "10"};
  EXPECT_TRUE(c.Holds("10"));
  EXPECT_TRUE(c.Holds("12"));
  EXPECT_FALSE(c.Holds("9"));  // as text, "9" > "10"
  WatchCondition t{"value", WatchCondition::Op::kEq, "R2/3"};
  EXPECT_TRUE(t.Holds("R2/3"));
  EXPECT_FALSE(t.Holds("R1/3"));
  WatchCondition ne{"value", WatchCondition::Op::kNe, "R2/3"};
  EXPECT_TRUE(ne.Holds("R1/3"));
}

TEST(WatchCondition, FiresWhereTheConditionTurnsTrueWithOldAndNew) {
  Frame a = testing::TwoBlockFrame();
  a.fields = std::make_shared<CountFields>(&a);
  Frame b = a;
  b.step = 2;
  b.refs[2].value = "rep=7";  // 3.1 metric: 5 → 7
  b.fields = std::make_shared<CountFields>(&b);
  absl::StatusOr<Watch> w = Watch::Parse("metric.count >= 7");
  ASSERT_TRUE(w.ok());
  std::vector<WatchHit> hits = EvaluateWatches({*w}, a, b);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].ref, MakeRefKey(3, 1));
  EXPECT_EQ(hits[0].old_value, "5");
  EXPECT_EQ(hits[0].new_value, "7");
  EXPECT_THAT(hits[0].message, HasSubstr("3.1 changed: 5 → 7"));
  // Still true one step later (7 → 8): no new hit, the condition did not
  // turn true there.
  Frame c = b;
  c.step = 3;
  c.refs[2].value = "rep=8";
  c.fields = std::make_shared<CountFields>(&c);
  EXPECT_THAT(EvaluateWatches({*w}, b, c), IsEmpty());
  // A condition on the formatted value of one ref.
  const Watch on_round = Watch::OnRef(MakeRefKey(1, 1));
  absl::StatusOr<Watch> v = Watch::Parse("value == \"R2/3\"", &on_round);
  ASSERT_TRUE(v.ok());
  Frame d = c;
  d.step = 4;
  d.refs[0].value = "R2/3";
  d.fields = nullptr;  // a frame rebuilt from history: `value` still works
  hits = EvaluateWatches({*v}, c, d);
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].old_value, "R1/3");
  EXPECT_EQ(hits[0].new_value, "R2/3");
}

}  // namespace
}  // namespace wod::debugger
