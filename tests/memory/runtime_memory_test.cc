#include "memory/runtime_memory.h"

#include <cstdint>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/testing/status_matchers.h"

namespace wod::memory {
namespace {

using ::testing::ElementsAre;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::IsOkAndHolds;
using ::wod::memory::testing::StatusIs;

TEST(RuntimeMemory, AllocateGetSetRoundTrip) {
  RuntimeMemory memory;
  auto tag = memory.RegisterType<int>("metric");
  ASSERT_THAT(tag, IsOk());
  auto owner = memory.CreateOwner({"Effort", "21 Thrusters"});
  ASSERT_THAT(owner, IsOk());
  auto ref = memory.Allocate(*tag, 21, *owner);
  ASSERT_THAT(ref, IsOk());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(21));
  EXPECT_THAT(ref->Set(15), IsOk());
  EXPECT_THAT(ref->Get(), IsOkAndHolds(15));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
  auto released = memory.ReleaseOwner(*owner);
  EXPECT_THAT(released, IsOkAndHolds(1u));
  EXPECT_FALSE(ref->IsValid());
  EXPECT_THAT(ref->Get(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ref->Set(3), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(memory.CheckInvariants(), IsOk());
}

}  // namespace
}  // namespace wod::memory
