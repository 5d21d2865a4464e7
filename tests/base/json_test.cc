#include "base/json.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::base {
namespace {

using ::testing::HasSubstr;

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(ParseJson, ParsesNestedDocumentsKeepingMemberOrder) {
  absl::StatusOr<JsonValue> doc = ParseJson(
      R"({"z": 1, "a": [true, null, -2.5e3, "x\"y\u00e9"], "m": {}})");
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->members().size(), 3u);
  EXPECT_EQ(doc->members()[0].first, "z");
  EXPECT_EQ(doc->members()[1].first, "a");
  const JsonValue* a = doc->Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items().size(), 4u);
  EXPECT_TRUE(a->items()[0].boolean());
  EXPECT_TRUE(a->items()[1].is_null());
  EXPECT_DOUBLE_EQ(a->items()[2].number(), -2500);
  EXPECT_EQ(a->items()[3].string(), "x\"y\xC3\xA9");
  EXPECT_TRUE(doc->Find("m")->is_object());
  EXPECT_EQ(doc->Find("missing"), nullptr);
  EXPECT_EQ(doc->Find("z")->integer(), 1);
  EXPECT_DOUBLE_EQ(doc->Find("z")->number(), 1.0);
}

TEST(ParseJson, NonFiniteWordsOnlyWhenAllowed) {
  const JsonReadOptions options{.allow_non_finite = true};
  absl::StatusOr<JsonValue> doc =
      ParseJson(R"([inf, -inf, nan, Infinity])", options);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE(std::isinf(doc->items()[0].number()));
  EXPECT_LT(doc->items()[1].number(), 0);
  EXPECT_TRUE(std::isnan(doc->items()[2].number()));
  EXPECT_TRUE(std::isinf(doc->items()[3].number()));
  EXPECT_FALSE(ParseJson("[inf]").ok());
  EXPECT_FALSE(ParseJson("nan").ok());
}

TEST(ParseJson, NumbersBeyondInt64AreNotIntegers) {
  absl::StatusOr<JsonValue> big = ParseJson("99999999999999999999");
  ASSERT_TRUE(big.ok());
  EXPECT_FALSE(big->is_integer());
  EXPECT_TRUE(big->is_number());
  EXPECT_DOUBLE_EQ(big->number(), 1e20);
  absl::StatusOr<JsonValue> min = ParseJson("-9223372036854775808");
  ASSERT_TRUE(min.ok());
  ASSERT_TRUE(min->is_integer());
  EXPECT_EQ(min->integer(), INT64_MIN);
  absl::StatusOr<JsonValue> frac = ParseJson("1.5e3");
  ASSERT_TRUE(frac.ok());
  EXPECT_EQ(frac->kind(), JsonValue::Kind::kNumber);
  EXPECT_DOUBLE_EQ(frac->number(), 1500);
}

struct BadCase {
  const char* text;
  const char* message;  // the whole error, column included
};

TEST(ParseJson, ErrorsNameTheColumn) {
  const std::vector<BadCase> cases = {
      {"", "column 1: unexpected end of line, expected a value"},
      {"{", "column 2: unexpected end of line inside an object"},
      {"[1,]", "column 4: unexpected character ']'"},
      {R"({"a" 1})", "column 6: expected ':'"},
      {R"("abc)", "column 5: unterminated string"},
      {"tru", "column 1: unexpected character 't'"},
      {"[1] x", "column 5: unexpected text after the value"},
      {R"({"a":01})", "column 6: a number may not start with 0"},
      {R"("\q")", "column 3: bad escape '\\q'"},
      {"-", "column 2: expected a digit"},
      {"\"a\x01\"", "column 3: control character inside a string"},
      {R"("\u12G4")", "column 6: bad hex digit in \\u escape"},
      {R"("\ud83d")", "column 8: unpaired surrogate"},
      {"1.", "column 3: expected a digit after '.'"},
      {"\x80", "column 1: unexpected character '\\x80'"},
  };
  for (const BadCase& c : cases) {
    absl::StatusOr<JsonValue> doc = ParseJson(c.text);
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(Message(doc.status()), c.message) << c.text;
  }
}

TEST(ParseJson, DeepNestingIsAnErrorNotACrash) {
  const std::string deep(100000, '[');
  absl::StatusOr<JsonValue> doc = ParseJson(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_THAT(Message(doc.status()), HasSubstr("nesting too deep"));
  const JsonReadOptions options;
  std::string ok_depth(static_cast<size_t>(options.max_depth), '[');
  ok_depth += std::string(static_cast<size_t>(options.max_depth), ']');
  EXPECT_TRUE(ParseJson(ok_depth).ok());
  EXPECT_FALSE(ParseJson("[" + ok_depth + "]").ok());
  EXPECT_TRUE(ParseJson("[" + ok_depth + "]", {.max_depth = 65}).ok());
}

TEST(ParseJson, SurrogatePairsBecomeOneCodePoint) {
  absl::StatusOr<JsonValue> pair = ParseJson("\"\\ud83d\\ude00\"");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->string(), "\xF0\x9F\x98\x80");
  EXPECT_FALSE(ParseJson("\"\\ude00\"").ok());
}

TEST(JsonWriter, NestsArraysAndObjectsWithCommas) {
  JsonWriter json;
  json.BeginArray().Int(-3);
  json.BeginObject().Key("a").BeginArray().EndArray();
  json.Key("b").Bool(false).EndObject();
  json.Null().String("").Raw(R"({"v":7})");
  json.EndArray();
  EXPECT_EQ(json.str(), R"([-3,{"a":[],"b":false},null,"",{"v":7}])");
  EXPECT_EQ(json.Take(), R"([-3,{"a":[],"b":false},null,"",{"v":7}])");
}

TEST(JsonWriter, EmptyStringsAndMissingIntsAreNull) {
  JsonWriter json;
  json.BeginArray().StringOrNull("").StringOrNull("x");
  json.IntOrNull(std::nullopt).IntOrNull(int64_t{7}).EndArray();
  EXPECT_EQ(json.str(), R"([null,"x",null,7])");
}

TEST(JsonWriter, StringModesDifferOnlyOnDelAndInvalidUtf8) {
  const std::string text = "ok \xE2\x86\x93 \x7f \xFF";
  JsonWriter bytes(JsonStrings::kBytes);
  bytes.String(text);
  EXPECT_EQ(bytes.str(), "\"ok \xE2\x86\x93 \x7f \xFF\"");
  JsonWriter valid(JsonStrings::kValidUtf8);
  valid.String(text);
  EXPECT_EQ(valid.str(), "\"ok \xE2\x86\x93 \\u007f \xEF\xBF\xBD\"");
}

TEST(JsonWriter, EscapesRoundTripThroughTheParser) {
  const std::string text = "a\"b\\c\n\r\t\x01 \xE2\x86\x93 end";
  JsonWriter out(JsonStrings::kBytes);
  out.BeginObject().Key("s").String(text).Key("n").Int(INT64_MIN).EndObject();
  absl::StatusOr<JsonValue> v = ParseJson(out.str());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Find("s")->string(), text);
  EXPECT_EQ(v->Find("n")->integer(), INT64_MIN);
}

std::vector<JsonLine> ReadAll(JsonLineReader& reader,
                              std::vector<std::string>& texts) {
  std::vector<JsonLine> lines;
  JsonLine line;
  while (reader.Next(line)) {
    texts.emplace_back(line.text);
    lines.push_back(line);
  }
  return lines;
}

TEST(JsonLineReader, TextAndStreamGiveTheSameLines) {
  for (const std::string input : {"{}\n[1]\n\n\"cut", "a\nb\n", ""}) {
    std::vector<std::string> from_text;
    JsonLineReader text_reader(input);
    const std::vector<JsonLine> a = ReadAll(text_reader, from_text);
    std::istringstream stream(input);
    std::vector<std::string> from_stream;
    JsonLineReader stream_reader(&stream);
    const std::vector<JsonLine> b = ReadAll(stream_reader, from_stream);
    EXPECT_EQ(from_text, from_stream) << input;
    ASSERT_EQ(a.size(), b.size()) << input;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].number, static_cast<int64_t>(i + 1));
      EXPECT_EQ(b[i].number, a[i].number);
      EXPECT_EQ(b[i].complete, a[i].complete) << input << " line " << i;
    }
  }
  std::vector<std::string> texts;
  JsonLineReader reader(std::string_view("{}\n[1]\n\n\"cut"));
  const std::vector<JsonLine> lines = ReadAll(reader, texts);
  EXPECT_EQ(texts, (std::vector<std::string>{"{}", "[1]", "", "\"cut"}));
  EXPECT_TRUE(lines[2].complete);
  EXPECT_FALSE(lines[3].complete);
}

}  // namespace
}  // namespace wod::base
