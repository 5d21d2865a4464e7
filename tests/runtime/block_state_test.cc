// The state types' TypeInfos (docs/spec/runtime.md §11.4): every value reads
// back from its text form exactly (Parse(Serialize(v)) == v), the display
// text is unchanged, each leaf is a named field, and bad text is an error.
#include "runtime/block_state.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/type_info.h"

namespace wod::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

using Fields = std::vector<std::pair<std::string, std::string>>;

class Collect : public memory::FieldVisitor {
 public:
  void Field(std::string_view name, std::string_view text) override {
    fields.emplace_back(std::string(name), std::string(text));
  }
  Fields fields;
};

template <typename T>
Fields FieldsOf(const T& value) {
  Collect c;
  StateTypeInfo<T>().VisitFields(&value, c);
  return c.fields;
}

// Parses `text` as a T through the TypeInfo (as a recording reader does).
template <typename T>
absl::StatusOr<T> ParseAs(std::string_view text) {
  const memory::TypeInfo info = StateTypeInfo<T>();
  alignas(T) unsigned char storage[sizeof(T)];
  absl::Status s = info.ParseConstruct(text, storage);
  if (!s.ok()) return s;
  T* parsed = std::launder(reinterpret_cast<T*>(storage));
  T out = std::move(*parsed);
  parsed->~T();
  return out;
}

// Every value survives Serialize → Parse, and every field name the visitor
// reports is in the type's schema (indices written as `[]`).
template <typename T>
void ExpectRoundTrips(const std::vector<T>& values) {
  const memory::TypeInfo info = StateTypeInfo<T>();
  ASSERT_TRUE(info.can_parse()) << info.name();
  const std::string schema = "," + std::string(info.field_names()) + ",";
  for (const T& v : values) {
    const std::string text = info.Serialize(&v);
    SCOPED_TRACE(text);
    absl::StatusOr<T> back = ParseAs<T>(text);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_TRUE(*back == v);
    EXPECT_EQ(info.Serialize(&*back), text);
    EXPECT_EQ(info.Format(&*back), info.Format(&v));
    for (const auto& [name, unused] : FieldsOf(v)) {
      std::string generic;
      for (size_t i = 0; i < name.size(); ++i) {
        generic += name[i];
        if (name[i] == '[') {
          while (i + 1 < name.size() && name[i + 1] != ']') ++i;
        }
      }
      EXPECT_NE(schema.find("," + generic + ","), std::string::npos)
          << name << " not in " << schema;
    }
  }
}

SegmentMetrics Metrics(std::vector<std::string> rep,
                       std::vector<std::string> resistance,
                       std::vector<std::string> distance) {
  SegmentMetrics m;
  m.rep = std::move(rep);
  m.resistance = std::move(resistance);
  m.distance = std::move(distance);
  return m;
}

TEST(BlockStateTypes, TimerStateRoundTripsThroughItsDisplayText) {
  const std::vector<TimerState> values = {
      {},
      {60'000, TimerDirection::kDown, TimerRole::kPrimary},
      {std::nullopt, TimerDirection::kUp, TimerRole::kSecondary},
      {20'000, TimerDirection::kDown, TimerRole::kAuto},
      {0, TimerDirection::kUp, TimerRole::kAuto},
      {-5, TimerDirection::kDown, TimerRole::kSecondary}};
  ExpectRoundTrips(values);
  const memory::TypeInfo info = StateTypeInfo<TimerState>();
  for (const TimerState& v : values) {
    EXPECT_EQ(info.Serialize(&v), info.Format(&v));  // Parse(Format(v)) == v
  }
  EXPECT_EQ(info.Format(&values[1]), "down 60000ms");
  EXPECT_EQ(info.Format(&values[2]), "up secondary");
  EXPECT_THAT(FieldsOf(values[1]),
              ElementsAre(Pair("duration_ms", "60000"),
                          Pair("direction", "down"), Pair("role", "primary")));
  EXPECT_THAT(FieldsOf(values[2]),
              ElementsAre(Pair("duration_ms", "none"), Pair("direction", "up"),
                          Pair("role", "secondary")));
}

TEST(BlockStateTypes, TimeSpanAndRoundStateRoundTripThroughTheirDisplayText) {
  const std::vector<TimeSpan> spans = {
      {}, {0, 1500}, {2000, std::nullopt}, {-1, -1}, {INT64_MAX, INT64_MIN}};
  ExpectRoundTrips(spans);
  const std::vector<RoundState> rounds = {
      {}, {3, 5}, {7, std::nullopt}, {0, 0}, {-2, INT64_MAX}};
  ExpectRoundTrips(rounds);
  const memory::TypeInfo span = StateTypeInfo<TimeSpan>();
  const memory::TypeInfo round = StateTypeInfo<RoundState>();
  EXPECT_EQ(span.Format(&spans[2]), "2000..open");
  EXPECT_EQ(round.Format(&rounds[2]), "7/∞");
  for (const TimeSpan& v : spans)
    EXPECT_EQ(span.Serialize(&v), span.Format(&v));
  for (const RoundState& v : rounds) {
    EXPECT_EQ(round.Serialize(&v), round.Format(&v));
  }
  EXPECT_THAT(FieldsOf(spans[2]),
              ElementsAre(Pair("start_ms", "2000"), Pair("end_ms", "open")));
  EXPECT_THAT(FieldsOf(rounds[1]),
              ElementsAre(Pair("current", "3"), Pair("total", "5")));
  EXPECT_THAT(FieldsOf(rounds[2]),
              ElementsAre(Pair("current", "7"), Pair("total", "∞")));
}

TEST(BlockStateTypes, ChildCursorKeepsItsRoundBookkeeping) {
  const std::vector<ChildCursor> values = {{},
                                           {1, 3, false, 0, 0},
                                           {2, 2, true, 0, 0},
                                           {0, 4, true, 17, 2},
                                           {5, 5, false, UINT64_MAX, -1}};
  ExpectRoundTrips(values);
  const memory::TypeInfo info = StateTypeInfo<ChildCursor>();
  // The display text is unchanged, and is the serialization while the
  // bookkeeping it leaves out is zero.
  EXPECT_EQ(info.Format(&values[2]), "group 2/2 rest");
  EXPECT_EQ(info.Serialize(&values[2]), "group 2/2 rest");
  EXPECT_EQ(info.Format(&values[3]), "group 0/4 rest");
  EXPECT_EQ(info.Serialize(&values[3]), "group 0/4 rest turn=17 rounds=2");
  EXPECT_THAT(
      FieldsOf(values[3]),
      ElementsAre(Pair("next_group", "0"), Pair("total_groups", "4"),
                  Pair("rest_active", "true"), Pair("last_round_turn", "17"),
                  Pair("rounds_this_turn", "2")));
}

TEST(BlockStateTypes, MetricsAndResultsRoundTripWithFreeTextValues) {
  DisplayMetrics empty;
  DisplayMetrics display;
  display.groups.push_back({Metrics({"21", "15", "9"}, {"95lb"}, {}), 45});
  display.groups.push_back({Metrics({}, {}, {"1 mile"}), 1});
  display.groups.push_back(
      {Metrics({"a|b ; c=\"d\"\n"}, {"\xff\xfe"}, {"é"}), 0.25});
  ExpectRoundTrips(std::vector<DisplayMetrics>{empty, display});
  EXPECT_THAT(FieldsOf(empty), ElementsAre(Pair("groups", "0")));
  const memory::TypeInfo info = StateTypeInfo<DisplayMetrics>();
  EXPECT_EQ(info.Format(&display),
            "rep=21|15|9 resistance=95lb ; distance=1 mile ; rep=a|b ; "
            "c=\"d\"\n resistance=\xff\xfe distance=é");
  EXPECT_THAT(
      FieldsOf(display),
      ElementsAre(
          Pair("groups", "3"), Pair("groups[0].rep", "21|15|9"),
          Pair("groups[0].resistance", "95lb"), Pair("groups[0].weight", "45"),
          Pair("groups[1].distance", "1 mile"), Pair("groups[1].weight", "1"),
          Pair("groups[2].rep", "a|b ; c=\"d\"\n"),
          Pair("groups[2].resistance", "\xff\xfe"),
          Pair("groups[2].distance", "é"), Pair("groups[2].weight", "0.25")));

  ResultEntry a{1500, 2000, Metrics({"10"}, {}, {}), RoundValue{2, 5}};
  ResultEntry b{0, 0, Metrics({}, {"1.5 pood"}, {"400 m"}),
                RoundValue{3, std::nullopt}};
  ResultEntry c{-1, INT64_MAX, {}, std::nullopt};
  ResultState result;
  result.entries = {a, b, c};
  ExpectRoundTrips(std::vector<ResultState>{{}, result});
  EXPECT_THAT(
      FieldsOf(ResultState{{a}}),
      ElementsAre(Pair("entries", "1"), Pair("entries[0].elapsed_ms", "1500"),
                  Pair("entries[0].total_ms", "2000"),
                  Pair("entries[0].rep", "10"),
                  Pair("entries[0].round.current", "2"),
                  Pair("entries[0].round.total", "5")));
  EXPECT_THAT(
      FieldsOf(ResultState{{b}}),
      ElementsAre(Pair("entries", "1"), Pair("entries[0].elapsed_ms", "0"),
                  Pair("entries[0].total_ms", "0"),
                  Pair("entries[0].resistance", "1.5 pood"),
                  Pair("entries[0].distance", "400 m"),
                  Pair("entries[0].round.current", "3"),
                  Pair("entries[0].round.total", "∞")));

  const std::vector<RoundResult> results = {
      {}, {"Pullups", a}, {"1 mile Run", b}, {"\"odd\" label", c}};
  ExpectRoundTrips(results);
  EXPECT_THAT(
      FieldsOf(results[1]),
      ElementsAre(Pair("label", "Pullups"), Pair("elapsed_ms", "1500"),
                  Pair("total_ms", "2000"), Pair("rep", "10"),
                  Pair("round.current", "2"), Pair("round.total", "5")));
}

TEST(BlockStateTypes, CompletionStringAndIntegerFieldsAreTheirValue) {
  std::vector<CompletionReason> reasons;
  for (size_t r = 0; r < static_cast<size_t>(CompletionReason::kCount); ++r) {
    reasons.push_back(static_cast<CompletionReason>(r));
  }
  ExpectRoundTrips(reasons);
  EXPECT_THAT(FieldsOf(CompletionReason::kNone),
              ElementsAre(Pair("value", "running")));
  ExpectRoundTrips(std::vector<std::string>{"", "Session", "a \"b\"\n"});
  ExpectRoundTrips(std::vector<int64_t>{0, -3, INT64_MAX});
  EXPECT_THAT(FieldsOf(int64_t{42}), ElementsAre(Pair("value", "42")));
}

TEST(BlockStateTypes, BadTextIsAnErrorNamingTheType) {
  for (std::string_view text : {"", "sideways", "down 5s", "up 5ms primary",
                                "up x", "down 5ms auto x"}) {
    absl::StatusOr<TimerState> t = ParseAs<TimerState>(text);
    EXPECT_FALSE(t.ok()) << text;
    EXPECT_NE(t.status().message().find("TimerState"), std::string::npos);
  }
  for (std::string_view text : {"", "1.5", "..", "a..b", "1..", "1..2..3"}) {
    EXPECT_FALSE(ParseAs<TimeSpan>(text).ok()) << text;
  }
  for (std::string_view text : {"", "3", "3/", "/5", "3/five", "+3/5"}) {
    EXPECT_FALSE(ParseAs<RoundState>(text).ok()) << text;
  }
  for (std::string_view text :
       {"", "group", "group 1", "group 1/2 rest turn=1", "group 1/2 x",
        "group 99999999999/1", "group 1/2 turn=-1 rounds=0"}) {
    EXPECT_FALSE(ParseAs<ChildCursor>(text).ok()) << text;
  }
  for (std::string_view text :
       {"", "{}", "[1]", "[{\"rep\":[1]}]", "[{\"weight\":2}]", "[{\"rep\":"}) {
    EXPECT_FALSE(ParseAs<DisplayMetrics>(text).ok()) << text;
  }
  for (std::string_view text :
       {"[{}]", "[{\"elapsed_ms\":1}]",
        "[{\"elapsed_ms\":1,\"total_ms\":2,\"round\":[1]}]"}) {
    EXPECT_FALSE(ParseAs<ResultState>(text).ok()) << text;
  }
  EXPECT_FALSE(ParseAs<RoundResult>("{\"elapsed_ms\":1,\"total_ms\":2}").ok());
  EXPECT_FALSE(ParseAs<CompletionReason>("99").ok());
  EXPECT_FALSE(ParseAs<CompletionReason>("-1").ok());
}

}  // namespace
}  // namespace wod::runtime
