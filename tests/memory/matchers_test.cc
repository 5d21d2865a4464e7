// The wod::memory_testing matchers and the status macros.

#include <cstdlib>
#include <fstream>
#include <string>

#include "base/status_macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "memory/testing/snapshot_matchers.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::wod::memory::testing::HasRef;
using ::wod::memory::testing::HasRefLabeled;
using ::wod::memory::testing::HasRefWithValue;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::IsOkAndHolds;
using ::wod::memory::testing::MatchesGoldenFile;
using ::wod::memory::testing::StatusIs;

template <typename M, typename T>
std::string Explain(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::Matcher<const T&>(matcher).MatchAndExplain(value, &listener);
  return listener.str();
}

class MatchersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tags_ = test::RegisterTags(memory_);
    owner_ = *memory_.CreateOwner({"Effort", "21 Thrusters", 2, 2, 1, -1});
    other_ = *memory_.CreateOwner({"Rest", "1:00", 3, 3, 2, -1});
    ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{21}, owner_), IsOk());
    ASSERT_THAT(
        memory_.Allocate(tags_.timer, test::TimerValue{0, 60, 0}, other_),
        IsOk());
  }
  RuntimeMemory memory_;
  test::Tags tags_;
  OwnerId owner_;
  OwnerId other_;
};

TEST_F(MatchersTest, HasRefMatchesTypeOwnerAndFormattedValue) {
  auto snap = memory_.Snapshot();
  EXPECT_THAT(*snap, HasRef("metric", owner_, "21"));
  EXPECT_THAT(*snap, Not(HasRef("metric", owner_, "22")));
  EXPECT_THAT(*snap, Not(HasRef("metric", other_, "21")));
  EXPECT_THAT(*snap, HasRefLabeled("timer-state", "1:00", "0/60 0ms"));
  EXPECT_THAT(*snap,
              Not(HasRefLabeled("timer-state", "21 Thrusters", "0/60 0ms")));
  EXPECT_THAT(*snap, HasRefWithValue<int64_t>("metric", owner_, 21));
  EXPECT_THAT(*snap, Not(HasRefWithValue<int64_t>("metric", owner_, 20)));
}

TEST_F(MatchersTest, HasRefFailurePrintsTheOwnersPartOfTheSnapshot) {
  auto snap = memory_.Snapshot();
  const std::string why = Explain(HasRef("metric", owner_, "99"), *snap);
  EXPECT_THAT(why, HasSubstr("the owner's refs are"));
  EXPECT_THAT(why, HasSubstr("metric owner=" + ToString(owner_)));
  EXPECT_THAT(why, Not(HasSubstr("timer-state")));
  const std::string no_owner =
      Explain(HasRefLabeled("timer-state", "nobody", "x"), *snap);
  EXPECT_THAT(no_owner, HasSubstr("refs of this type are"));
  EXPECT_THAT(no_owner, HasSubstr("0/60 0ms"));
  EXPECT_THAT(::testing::DescribeMatcher<const MemorySnapshot&>(
                  HasRef("metric", owner_, "99")),
              HasSubstr("of type 'metric'"));
}

TEST_F(MatchersTest, GoldenFileMatchesAndUpdatesOnRequest) {
  const std::string path = ::testing::TempDir() + "/memory_matchers.golden";
  std::remove(path.c_str());
  auto snap = memory_.Snapshot();
  EXPECT_THAT(Explain(MatchesGoldenFile(path), *snap), HasSubstr("missing"));
  ASSERT_EQ(setenv("WOD_UPDATE_GOLDEN", "1", 1), 0);
  EXPECT_THAT(*snap, MatchesGoldenFile(path));
  ASSERT_EQ(unsetenv("WOD_UPDATE_GOLDEN"), 0);
  EXPECT_THAT(*snap, MatchesGoldenFile(path));
  ASSERT_THAT(memory_.Allocate(tags_.metric, int64_t{15}, owner_), IsOk());
  auto changed = memory_.Snapshot();
  const std::string why = Explain(MatchesGoldenFile(path), *changed);
  EXPECT_THAT(why, HasSubstr("line 1"));  // the header (refs=3 vs 2)
  EXPECT_THAT(why, HasSubstr("= 15"));    // the new ref
  EXPECT_THAT(why, HasSubstr("WOD_UPDATE_GOLDEN=1"));
  std::remove(path.c_str());
}

TEST_F(MatchersTest, CheckedInGoldenFileMatches) {
  // tests/memory/testdata/two_owners.golden holds this fixture's snapshot.
  EXPECT_THAT(*memory_.Snapshot(),
              MatchesGoldenFile(std::string(WOD_MEMORY_TESTDATA) +
                                "/two_owners.golden"));
}

absl::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return absl::InvalidArgumentError("odd");
  return x / 2;
}
absl::Status Check(int x) {
  if (x < 0) return absl::OutOfRangeError("negative");
  return absl::OkStatus();
}
absl::StatusOr<int> Quarter(int x) {
  WOD_RETURN_IF_ERROR(Check(x));
  WOD_ASSIGN_OR_RETURN(int half, Half(x));
  WOD_ASSIGN_OR_RETURN(auto quarter, Half(half));
  return quarter;
}
absl::Status Pipeline(int x, int* out) {
  WOD_ASSIGN_OR_RETURN(*out, Quarter(x));
  WOD_RETURN_IF_ERROR(Half(*out));  // a StatusOr works too
  return absl::OkStatus();
}

TEST(StatusMacros, PropagateTheFirstErrorAndAssignValues) {
  EXPECT_THAT(Quarter(8), IsOkAndHolds(2));
  EXPECT_THAT(Quarter(6), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Quarter(-4), StatusIs(absl::StatusCode::kOutOfRange));
  int out = 0;
  EXPECT_THAT(Pipeline(8, &out), IsOk());
  EXPECT_EQ(out, 2);
  EXPECT_THAT(Pipeline(12, &out), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(out, 3);
}

TEST(StatusMatchers, DescribeFailures) {
  const absl::Status error = absl::NotFoundError("gone");
  EXPECT_THAT(error, Not(IsOk()));
  EXPECT_THAT(error, Not(StatusIs(absl::StatusCode::kInternal)));
  EXPECT_THAT(Explain(IsOk(), error), HasSubstr("NOT_FOUND"));
  EXPECT_THAT(absl::StatusOr<int>(3), Not(IsOkAndHolds(4)));
  EXPECT_THAT(absl::StatusOr<int>(error), Not(IsOkAndHolds(4)));
}

}  // namespace
}  // namespace wod::memory
