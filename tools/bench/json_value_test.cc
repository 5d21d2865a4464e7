#include "tools/bench/json_value.h"

#include <cmath>
#include <string>

#include "gtest/gtest.h"

namespace wod::bench {
namespace {

TEST(JsonValue, ParsesNestedDocumentsKeepingMemberOrder) {
  absl::StatusOr<JsonValue> doc = JsonValue::Parse(
      R"({"z": 1, "a": [true, null, -2.5e3, "x\"y\u00e9"], "m": {}})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->members().size(), 3u);
  EXPECT_EQ(doc->members()[0].first, "z");
  EXPECT_EQ(doc->members()[1].first, "a");
  const JsonValue* a = doc->Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items().size(), 4u);
  EXPECT_TRUE(a->items()[0].bool_value());
  EXPECT_TRUE(a->items()[1].is_null());
  EXPECT_DOUBLE_EQ(a->items()[2].number_value(), -2500);
  EXPECT_EQ(a->items()[3].string_value(), "x\"y\xC3\xA9");
  EXPECT_TRUE(doc->Find("m")->is_object());
  EXPECT_EQ(doc->Find("missing"), nullptr);
}

TEST(JsonValue, AcceptsInfAndNanCounters) {
  absl::StatusOr<JsonValue> doc = JsonValue::Parse(R"([inf, -inf, nan])");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE(std::isinf(doc->items()[0].number_value()));
  EXPECT_LT(doc->items()[1].number_value(), 0);
  EXPECT_TRUE(std::isnan(doc->items()[2].number_value()));
}

TEST(JsonValue, RejectsMalformedInputWithAnOffset) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "[1] x",
                          "{\"a\":01x}", "\"\\q\"", "-"}) {
    absl::StatusOr<JsonValue> doc = JsonValue::Parse(bad);
    EXPECT_FALSE(doc.ok()) << bad;
    if (!doc.ok()) {
      EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_NE(doc.status().message().find("at byte"), std::string::npos);
    }
  }
}

TEST(JsonValue, DeepNestingIsAnErrorNotACrash) {
  const std::string deep(100000, '[');
  absl::StatusOr<JsonValue> doc = JsonValue::Parse(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("too deep"), std::string::npos);
  std::string ok_depth(JsonValue::kMaxDepth, '[');
  ok_depth += std::string(JsonValue::kMaxDepth, ']');
  EXPECT_TRUE(JsonValue::Parse(ok_depth).ok());
}

}  // namespace
}  // namespace wod::bench
