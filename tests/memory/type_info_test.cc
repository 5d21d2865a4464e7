// TypeInfo defaults and user-supplied operations.

#include "memory/type_info.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::wod::memory::testing::IsOk;
using ::wod::memory::testing::StatusIs;

enum class Phase : uint8_t { kIdle = 0, kRunning = 3 };

// Parses `text` into a T through the erased interface and returns it.
template <typename T>
absl::StatusOr<T> RoundTrip(const TypeInfo& info, std::string_view text) {
  alignas(T) unsigned char storage[sizeof(T)];
  absl::Status status = info.ParseConstruct(text, storage);
  if (!status.ok()) return status;
  T* value = std::launder(reinterpret_cast<T*>(storage));
  T copy = *value;
  info.Destroy(value);
  return copy;
}

struct Collector : FieldVisitor {
  std::vector<std::pair<std::string, std::string>> fields;
  void Field(std::string_view name, std::string_view text) override {
    fields.emplace_back(std::string(name), std::string(text));
  }
};

TEST(TypeInfo, StorageIsInlineOnlyForSmallTriviallyCopyableValues) {
  EXPECT_TRUE(TypeInfo::Of<int64_t>("i").stored_inline());
  EXPECT_TRUE(TypeInfo::Of<test::TimerValue>("t").stored_inline());
  EXPECT_FALSE(TypeInfo::Of<std::string>("s").stored_inline());
  EXPECT_FALSE(TypeInfo::Of<std::vector<int>>("v").stored_inline());
  struct Big {
    int64_t a[3];
    bool operator==(const Big&) const = default;
  };
  EXPECT_FALSE(TypeInfo::Of<Big>("big").stored_inline());
}

TEST(TypeInfo, ArithmeticBoolEnumAndStringRoundTripThroughText) {
  const TypeInfo i = TypeInfo::Of<int32_t>("i");
  int32_t v = -42;
  EXPECT_EQ(i.Serialize(&v), "-42");
  EXPECT_THAT(RoundTrip<int32_t>(i, "-42"),
              ::wod::memory::testing::IsOkAndHolds(-42));
  EXPECT_THAT(RoundTrip<int32_t>(i, "4294967296"),
              StatusIs(absl::StatusCode::kOutOfRange));
  EXPECT_THAT(RoundTrip<int32_t>(i, "x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const TypeInfo u = TypeInfo::Of<uint16_t>("u");
  EXPECT_THAT(RoundTrip<uint16_t>(u, "-1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const TypeInfo d = TypeInfo::Of<double>("d");
  const double pi = 3.141592653589793;
  EXPECT_THAT(RoundTrip<double>(d, d.Serialize(&pi)),
              ::wod::memory::testing::IsOkAndHolds(pi));
  const TypeInfo b = TypeInfo::Of<bool>("b");
  const bool t = true;
  EXPECT_EQ(b.Serialize(&t), "true");
  EXPECT_THAT(RoundTrip<bool>(b, "false"),
              ::wod::memory::testing::IsOkAndHolds(false));
  EXPECT_THAT(RoundTrip<bool>(b, "1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const TypeInfo e = TypeInfo::Of<Phase>("phase");
  const Phase running = Phase::kRunning;
  EXPECT_EQ(e.Serialize(&running), "3");
  EXPECT_THAT(RoundTrip<Phase>(e, "3"),
              ::wod::memory::testing::IsOkAndHolds(Phase::kRunning));
  const TypeInfo s = TypeInfo::Of<std::string>("s");
  const std::string tricky = "quote\" back\\ nl\n tab\t bell\x07 end";
  EXPECT_THAT(RoundTrip<std::string>(s, s.Serialize(&tricky)),
              ::wod::memory::testing::IsOkAndHolds(tricky));
  EXPECT_THAT(RoundTrip<std::string>(s, "unquoted"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RoundTrip<std::string>(s, "\"bad \\q\""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RoundTrip<std::string>(s, "\"dangling\\\""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(TypeInfo, UserOperationsReplaceTheDefaults) {
  const TypeInfo info =
      TypeInfo::Of<test::TimerValue>("TimerValue", test::TimerOps());
  const test::TimerValue v{3, 10, 2500};
  EXPECT_EQ(info.name(), "TimerValue");
  EXPECT_EQ(info.Format(&v), "3/10 2500ms");
  EXPECT_EQ(info.Serialize(&v), "3 10 2500");
  EXPECT_TRUE(info.can_parse());
  EXPECT_THAT(RoundTrip<test::TimerValue>(info, "3 10 2500"),
              ::wod::memory::testing::IsOkAndHolds(v));
  Collector fields;
  info.VisitFields(&v, fields);
  EXPECT_THAT(fields.fields,
              ElementsAre(Pair("current", "3"), Pair("total", "10"),
                          Pair("elapsed_ms", "2500")));
  TypeOps<int> ops;
  ops.equal = [](const int& a, const int& b) { return a / 10 == b / 10; };
  const TypeInfo coarse = TypeInfo::Of<int>("coarse", ops);
  const int a = 11;
  const int b = 19;
  const int c = 21;
  EXPECT_TRUE(coarse.Equal(&a, &b));
  EXPECT_FALSE(coarse.Equal(&a, &c));
}

TEST(TypeInfo, TypesWithoutTextFormsSayTheyCannotParse) {
  struct Opaque {
    int x;
    bool operator==(const Opaque&) const = default;
  };
  const TypeInfo info = TypeInfo::Of<Opaque>("Opaque");
  const Opaque o{1};
  EXPECT_FALSE(info.can_parse());
  EXPECT_EQ(info.Format(&o), "<Opaque>");
  EXPECT_THAT(RoundTrip<Opaque>(info, "1"),
              StatusIs(absl::StatusCode::kUnimplemented));
  Collector fields;
  info.VisitFields(&o, fields);
  EXPECT_THAT(fields.fields, ElementsAre(Pair("value", "<Opaque>")));
}

TEST(TypeInfo, HeapBytesCountOwnedBuffers) {
  const TypeInfo s = TypeInfo::Of<std::string>("s");
  const std::string small = "abc";
  const std::string large(200, 'x');
  EXPECT_EQ(s.HeapBytes(&small), 0u);
  EXPECT_EQ(s.HeapBytes(&large), large.capacity() + 1);
  const TypeInfo v = TypeInfo::Of<std::vector<int64_t>>("v");
  std::vector<int64_t> values(10);
  EXPECT_EQ(v.HeapBytes(&values), values.capacity() * sizeof(int64_t));
  const TypeInfo i = TypeInfo::Of<int>("i");
  const int x = 1;
  EXPECT_EQ(i.HeapBytes(&x), 0u);
}

TEST(TypeInfo, EqualityFollowsTheValueTypeAndIdentityIsPerType) {
  const TypeInfo d = TypeInfo::Of<double>("d");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(d.Equal(&nan, &nan));
  EXPECT_TRUE(d.Is<double>());
  EXPECT_FALSE(d.Is<float>());
}

}  // namespace
}  // namespace wod::memory
