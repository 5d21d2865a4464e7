#include "runtime/block_state.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "fmt/format.h"

namespace wod::runtime {

int64_t TimerReading::Elapsed(int64_t now) const {
  int64_t total = 0;
  for (const TimeSpan& span : spans) {
    const int64_t end = span.end_ms.value_or(now);
    if (end > span.start_ms) total += end - span.start_ms;
  }
  return total;
}

int64_t TimerReading::Total(int64_t now) const {
  if (spans.empty()) return 0;
  const int64_t end = spans.back().end_ms.value_or(now);
  return std::max<int64_t>(0, end - spans.front().start_ms);
}

namespace {

// ---- Display text (TypeInfo::Format, unchanged: snapshots and goldens
// print it) -------------------------------------------------------------

std::string MetricsText(const SegmentMetrics& m) {
  std::vector<std::string> parts;
  if (!m.rep.empty()) parts.push_back("rep=" + absl::StrJoin(m.rep, "|"));
  if (!m.resistance.empty()) {
    parts.push_back("resistance=" + absl::StrJoin(m.resistance, "|"));
  }
  if (!m.distance.empty()) {
    parts.push_back("distance=" + absl::StrJoin(m.distance, "|"));
  }
  return absl::StrJoin(parts, " ");
}

std::string OptionalText(const std::optional<int64_t>& v,
                         std::string_view none) {
  return v.has_value() ? std::to_string(*v) : std::string(none);
}

std::string RoundText(int64_t current, const std::optional<int64_t>& total) {
  return absl::StrCat(current, "/", OptionalText(total, "∞"));
}

std::string ResultText(const ResultEntry& e) {
  return absl::StrCat(
      "elapsed=", e.elapsed_ms, " total=", e.total_ms, " ",
      MetricsText(e.metrics),
      e.round.has_value()
          ? absl::StrCat(" round=", RoundText(e.round->current, e.round->total))
          : "");
}

const char* DirectionName(TimerDirection d) {
  return d == TimerDirection::kDown ? "down" : "up";
}

const char* RoleName(TimerRole r) {
  switch (r) {
    case TimerRole::kPrimary:
      return "primary";
    case TimerRole::kSecondary:
      return "secondary";
    case TimerRole::kAuto:
      return "auto";
  }
  return "primary";
}

std::string CursorText(const ChildCursor& c) {
  return absl::StrCat("group ", c.next_group, "/", c.total_groups,
                      c.rest_active ? " rest" : "");
}

// ---- Parsing (docs/spec/runtime.md §11.4) ------------------------------

absl::Status Bad(std::string_view type, std::string_view text) {
  return absl::InvalidArgumentError(
      fmt::format("not a {} value: {}", type, base::JsonQuoted(text)));
}

// A whole decimal int64 ("-5", "60000"), or nothing.
template <typename N>
std::optional<N> Number(std::string_view text) {
  // from_chars: no locale, no whitespace, no leading '+'; the whole text.
  N v{};
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> Int(std::string_view text) {
  return Number<int64_t>(text);
}

// `text` split at each space.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t from = 0;
  while (true) {
    const size_t space = text.find(' ', from);
    out.push_back(text.substr(from, space - from));
    if (space == std::string_view::npos) return out;
    from = space + 1;
  }
}

// "N" or `none` (the text of an absent value) as an optional.
std::optional<std::optional<int64_t>> OptionalInt(std::string_view text,
                                                  std::string_view none) {
  if (text == none) return std::optional<int64_t>();
  std::optional<int64_t> v = Int(text);
  if (!v.has_value()) return std::nullopt;
  return v;
}

// "A<sep>B" with A an int64 and B an int64 or `none` ("0..1500",
// "2000..open", "3/∞"), or nothing.
struct IntAndOptional {
  int64_t first = 0;
  std::optional<int64_t> second;
};
std::optional<IntAndOptional> IntPair(std::string_view text,
                                      std::string_view sep,
                                      std::string_view none) {
  const size_t at = text.find(sep);
  if (at == std::string_view::npos) return std::nullopt;
  std::optional<int64_t> first = Int(text.substr(0, at));
  std::optional<std::optional<int64_t>> second =
      OptionalInt(text.substr(at + sep.size()), none);
  if (!first.has_value() || !second.has_value()) return std::nullopt;
  return IntAndOptional{*first, *second};
}

// ---- The lossless JSON form of metrics and results ---------------------
//
// Metric values are free text (`1 mile`, `95|65lb`), so the display text
// cannot be read back; these types serialize as compact JSON instead,
// strings as bytes (round-trip exact).

void WriteMetrics(base::JsonWriter& out, const SegmentMetrics& m) {
  auto list = [&](std::string_view key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    out.Key(key).BeginArray();
    for (const std::string& s : v) out.String(s);
    out.EndArray();
  };
  list("rep", m.rep);
  list("resistance", m.resistance);
  list("distance", m.distance);
}

void WriteEntry(base::JsonWriter& out, const ResultEntry& e) {
  out.Key("elapsed_ms").Int(e.elapsed_ms).Key("total_ms").Int(e.total_ms);
  WriteMetrics(out, e.metrics);
  if (e.round.has_value()) {
    out.Key("round").BeginArray().Int(e.round->current);
    if (e.round->total.has_value()) {
      out.Int(*e.round->total);
    } else {
      out.Null();
    }
    out.EndArray();
  }
}

absl::Status ReadStrings(const base::JsonValue& object, std::string_view key,
                         std::vector<std::string>& out) {
  const base::JsonValue* v = object.Find(key);
  if (v == nullptr) return absl::OkStatus();
  if (!v->is_array()) {
    return absl::InvalidArgumentError(fmt::format("{} must be a list", key));
  }
  for (const base::JsonValue& item : v->items()) {
    if (!item.is_string()) {
      return absl::InvalidArgumentError(
          fmt::format("{} must hold strings", key));
    }
    out.push_back(item.string());
  }
  return absl::OkStatus();
}

absl::Status ReadMetrics(const base::JsonValue& object, SegmentMetrics& m) {
  if (absl::Status s = ReadStrings(object, "rep", m.rep); !s.ok()) return s;
  if (absl::Status s = ReadStrings(object, "resistance", m.resistance);
      !s.ok()) {
    return s;
  }
  return ReadStrings(object, "distance", m.distance);
}

absl::StatusOr<int64_t> ReadInt(const base::JsonValue& object,
                                std::string_view key) {
  const base::JsonValue* v = object.Find(key);
  if (v == nullptr || !v->is_integer()) {
    return absl::InvalidArgumentError(
        fmt::format("{} must be an integer", key));
  }
  return v->integer();
}

absl::StatusOr<ResultEntry> ReadEntry(const base::JsonValue& object) {
  if (!object.is_object()) {
    return absl::InvalidArgumentError("an entry must be an object");
  }
  ResultEntry e;
  absl::StatusOr<int64_t> elapsed = ReadInt(object, "elapsed_ms");
  if (!elapsed.ok()) return elapsed.status();
  absl::StatusOr<int64_t> total = ReadInt(object, "total_ms");
  if (!total.ok()) return total.status();
  e.elapsed_ms = *elapsed;
  e.total_ms = *total;
  if (absl::Status s = ReadMetrics(object, e.metrics); !s.ok()) return s;
  if (const base::JsonValue* round = object.Find("round"); round != nullptr) {
    if (!round->is_array() || round->items().size() != 2 ||
        !round->items()[0].is_integer() ||
        !(round->items()[1].is_integer() || round->items()[1].is_null())) {
      return absl::InvalidArgumentError(
          "round must be [current, total or null]");
    }
    RoundValue r;
    r.current = round->items()[0].integer();
    if (round->items()[1].is_integer()) r.total = round->items()[1].integer();
    e.round = r;
  }
  return e;
}

// The JSON document `text`, as an error naming `type` when it is not one.
absl::StatusOr<base::JsonValue> Json(std::string_view type,
                                     std::string_view text) {
  absl::StatusOr<base::JsonValue> json = base::ParseJson(text);
  if (!json.ok()) {
    return absl::InvalidArgumentError(fmt::format(
        "not a {} value: {}", type, base::StatusMessage(json.status())));
  }
  return json;
}

absl::Status Context(std::string_view type, const absl::Status& s) {
  return absl::InvalidArgumentError(
      fmt::format("not a {} value: {}", type, std::string(s.message())));
}

// ---- Fields (the inspector, watch conditions) --------------------------

void MetricFields(const SegmentMetrics& m, std::string_view prefix,
                  memory::FieldVisitor& v) {
  if (!m.rep.empty())
    v.Field(fmt::format("{}rep", prefix), absl::StrJoin(m.rep, "|"));
  if (!m.resistance.empty()) {
    v.Field(fmt::format("{}resistance", prefix),
            absl::StrJoin(m.resistance, "|"));
  }
  if (!m.distance.empty()) {
    v.Field(fmt::format("{}distance", prefix), absl::StrJoin(m.distance, "|"));
  }
}

void EntryFields(const ResultEntry& e, std::string_view prefix,
                 memory::FieldVisitor& v) {
  v.Field(fmt::format("{}elapsed_ms", prefix), std::to_string(e.elapsed_ms));
  v.Field(fmt::format("{}total_ms", prefix), std::to_string(e.total_ms));
  MetricFields(e.metrics, prefix, v);
  if (e.round.has_value()) {
    v.Field(fmt::format("{}round.current", prefix),
            std::to_string(e.round->current));
    v.Field(fmt::format("{}round.total", prefix),
            OptionalText(e.round->total, "∞"));
  }
}

std::string WeightText(double w) { return fmt::format("{}", w); }

}  // namespace

// Each state type: display text (Format), a field per leaf, and a text form
// Parse reads back (docs/spec/runtime.md §11.4). Where the display text
// holds everything it is also the serialization; otherwise Serialize writes
// a lossless form.

template <>
memory::TypeInfo StateTypeInfo<TimerState>() {
  memory::TypeOps<TimerState> ops;
  ops.format = [](const TimerState& t) {
    return absl::StrCat(
        DirectionName(t.direction),
        t.duration_ms.has_value() ? absl::StrCat(" ", *t.duration_ms, "ms")
                                  : "",
        t.role == TimerRole::kPrimary ? ""
                                      : absl::StrCat(" ", RoleName(t.role)));
  };
  // "down 60000ms", "up", "up auto", "down 20000ms secondary".
  ops.parse = [](std::string_view text) -> absl::StatusOr<TimerState> {
    std::vector<std::string_view> words = Words(text);
    TimerState t;
    size_t i = 0;
    if (words[i] == "down") {
      t.direction = TimerDirection::kDown;
    } else if (words[i] != "up") {
      return Bad("TimerState", text);
    }
    ++i;
    if (i < words.size() && words[i].ends_with("ms")) {
      t.duration_ms = Int(words[i].substr(0, words[i].size() - 2));
      if (!t.duration_ms.has_value()) return Bad("TimerState", text);
      ++i;
    }
    if (i < words.size()) {
      if (words[i] == "secondary") {
        t.role = TimerRole::kSecondary;
      } else if (words[i] == "auto") {
        t.role = TimerRole::kAuto;
      } else {
        return Bad("TimerState", text);
      }
      ++i;
    }
    if (i != words.size()) return Bad("TimerState", text);
    return t;
  };
  ops.visit_fields = [](const TimerState& t, memory::FieldVisitor& v) {
    v.Field("duration_ms", OptionalText(t.duration_ms, "none"));
    v.Field("direction", DirectionName(t.direction));
    v.Field("role", RoleName(t.role));
  };
  ops.field_names = "duration_ms,direction,role";
  return memory::TypeInfo::Of<TimerState>("TimerState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<TimeSpan>() {
  memory::TypeOps<TimeSpan> ops;
  ops.format = [](const TimeSpan& s) {
    return absl::StrCat(s.start_ms, "..", OptionalText(s.end_ms, "open"));
  };
  // "0..1500", "2000..open".
  ops.parse = [](std::string_view text) -> absl::StatusOr<TimeSpan> {
    const std::optional<IntAndOptional> span = IntPair(text, "..", "open");
    if (!span.has_value()) return Bad("TimeSpan", text);
    return TimeSpan{span->first, span->second};
  };
  ops.visit_fields = [](const TimeSpan& s, memory::FieldVisitor& v) {
    v.Field("start_ms", std::to_string(s.start_ms));
    v.Field("end_ms", OptionalText(s.end_ms, "open"));
  };
  ops.field_names = "start_ms,end_ms";
  return memory::TypeInfo::Of<TimeSpan>("TimeSpan", ops);
}

template <>
memory::TypeInfo StateTypeInfo<RoundState>() {
  memory::TypeOps<RoundState> ops;
  ops.format = [](const RoundState& r) {
    return RoundText(r.current, r.total);
  };
  // "2/5", "3/∞".
  ops.parse = [](std::string_view text) -> absl::StatusOr<RoundState> {
    const std::optional<IntAndOptional> round = IntPair(text, "/", "∞");
    if (!round.has_value()) return Bad("RoundState", text);
    return RoundState{round->first, round->second};
  };
  ops.visit_fields = [](const RoundState& r, memory::FieldVisitor& v) {
    v.Field("current", std::to_string(r.current));
    v.Field("total", OptionalText(r.total, "∞"));
  };
  ops.field_names = "current,total";
  return memory::TypeInfo::Of<RoundState>("RoundState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<ChildCursor>() {
  memory::TypeOps<ChildCursor> ops;
  ops.format = [](const ChildCursor& c) { return CursorText(c); };
  // The display text plus the round-advance bookkeeping it leaves out, when
  // there is any: "group 1/3 rest turn=7 rounds=1".
  ops.serialize = [](const ChildCursor& c) {
    return c.last_round_turn == 0 && c.rounds_this_turn == 0
               ? CursorText(c)
               : absl::StrCat(CursorText(c), " turn=", c.last_round_turn,
                              " rounds=", c.rounds_this_turn);
  };
  ops.parse = [](std::string_view text) -> absl::StatusOr<ChildCursor> {
    std::vector<std::string_view> words = Words(text);
    if (words.size() < 2 || words[0] != "group")
      return Bad("ChildCursor", text);
    const size_t slash = words[1].find('/');
    if (slash == std::string_view::npos) return Bad("ChildCursor", text);
    std::optional<int64_t> next = Int(words[1].substr(0, slash));
    std::optional<int64_t> total = Int(words[1].substr(slash + 1));
    auto fits = [](const std::optional<int64_t>& v) {
      return v.has_value() && *v >= std::numeric_limits<int>::min() &&
             *v <= std::numeric_limits<int>::max();
    };
    if (!fits(next) || !fits(total)) return Bad("ChildCursor", text);
    ChildCursor c;
    c.next_group = static_cast<int>(*next);
    c.total_groups = static_cast<int>(*total);
    size_t i = 2;
    if (i < words.size() && words[i] == "rest") {
      c.rest_active = true;
      ++i;
    }
    if (i < words.size()) {
      if (i + 2 != words.size() || !words[i].starts_with("turn=") ||
          !words[i + 1].starts_with("rounds=")) {
        return Bad("ChildCursor", text);
      }
      std::optional<int64_t> rounds = Int(words[i + 1].substr(7));
      const std::string_view turn_text = words[i].substr(5);
      std::optional<uint64_t> turn = Number<uint64_t>(turn_text);
      if (!rounds.has_value() || !turn.has_value()) {
        return Bad("ChildCursor", text);
      }
      c.last_round_turn = *turn;
      c.rounds_this_turn = *rounds;
    }
    return c;
  };
  ops.visit_fields = [](const ChildCursor& c, memory::FieldVisitor& v) {
    v.Field("next_group", std::to_string(c.next_group));
    v.Field("total_groups", std::to_string(c.total_groups));
    v.Field("rest_active", c.rest_active ? "true" : "false");
    v.Field("last_round_turn", std::to_string(c.last_round_turn));
    v.Field("rounds_this_turn", std::to_string(c.rounds_this_turn));
  };
  ops.field_names =
      "next_group,total_groups,rest_active,last_round_turn,rounds_this_turn";
  return memory::TypeInfo::Of<ChildCursor>("ChildCursor", ops);
}

template <>
memory::TypeInfo StateTypeInfo<DisplayMetrics>() {
  memory::TypeOps<DisplayMetrics> ops;
  ops.format = [](const DisplayMetrics& d) {
    std::vector<std::string> groups;
    for (const MetricGroup& g : d.groups)
      groups.push_back(MetricsText(g.metrics));
    return absl::StrJoin(groups, " ; ");
  };
  // [{"rep":["21"],"weight":"21"},…]: `weight` absent when 1.
  ops.serialize = [](const DisplayMetrics& d) {
    base::JsonWriter out(base::JsonStrings::kBytes);
    out.BeginArray();
    for (const MetricGroup& g : d.groups) {
      out.BeginObject();
      WriteMetrics(out, g.metrics);
      if (g.weight != 1) out.Key("weight").String(WeightText(g.weight));
      out.EndObject();
    }
    out.EndArray();
    return out.Take();
  };
  ops.parse = [](std::string_view text) -> absl::StatusOr<DisplayMetrics> {
    absl::StatusOr<base::JsonValue> json = Json("DisplayMetrics", text);
    if (!json.ok()) return json.status();
    if (!json->is_array()) return Bad("DisplayMetrics", text);
    DisplayMetrics d;
    for (const base::JsonValue& item : json->items()) {
      if (!item.is_object()) return Bad("DisplayMetrics", text);
      MetricGroup g;
      if (absl::Status s = ReadMetrics(item, g.metrics); !s.ok()) {
        return Context("DisplayMetrics", s);
      }
      if (const base::JsonValue* w = item.Find("weight"); w != nullptr) {
        std::optional<double> weight =
            w->is_string() ? Number<double>(w->string()) : std::nullopt;
        if (!weight.has_value()) return Bad("DisplayMetrics", text);
        g.weight = *weight;
      }
      d.groups.push_back(std::move(g));
    }
    return d;
  };
  ops.visit_fields = [](const DisplayMetrics& d, memory::FieldVisitor& v) {
    v.Field("groups", std::to_string(d.groups.size()));
    for (size_t i = 0; i < d.groups.size(); ++i) {
      const std::string prefix = absl::StrCat("groups[", i, "].");
      MetricFields(d.groups[i].metrics, prefix, v);
      v.Field(fmt::format("{}weight", prefix), WeightText(d.groups[i].weight));
    }
  };
  ops.field_names =
      "groups,groups[].rep,groups[].resistance,groups[].distance,"
      "groups[].weight";
  return memory::TypeInfo::Of<DisplayMetrics>("DisplayMetrics", ops);
}

template <>
memory::TypeInfo StateTypeInfo<ResultState>() {
  memory::TypeOps<ResultState> ops;
  ops.format = [](const ResultState& r) {
    std::vector<std::string> parts;
    for (const ResultEntry& e : r.entries) parts.push_back(ResultText(e));
    return absl::StrJoin(parts, " ; ");
  };
  // [{"elapsed_ms":n,"total_ms":n,"rep":[…],…,"round":[cur,total]},…].
  ops.serialize = [](const ResultState& r) {
    base::JsonWriter out(base::JsonStrings::kBytes);
    out.BeginArray();
    for (const ResultEntry& e : r.entries) {
      out.BeginObject();
      WriteEntry(out, e);
      out.EndObject();
    }
    out.EndArray();
    return out.Take();
  };
  ops.parse = [](std::string_view text) -> absl::StatusOr<ResultState> {
    absl::StatusOr<base::JsonValue> json = Json("ResultState", text);
    if (!json.ok()) return json.status();
    if (!json->is_array()) return Bad("ResultState", text);
    ResultState r;
    for (const base::JsonValue& item : json->items()) {
      absl::StatusOr<ResultEntry> e = ReadEntry(item);
      if (!e.ok()) return Context("ResultState", e.status());
      r.entries.push_back(std::move(*e));
    }
    return r;
  };
  ops.visit_fields = [](const ResultState& r, memory::FieldVisitor& v) {
    v.Field("entries", std::to_string(r.entries.size()));
    for (size_t i = 0; i < r.entries.size(); ++i) {
      EntryFields(r.entries[i], absl::StrCat("entries[", i, "]."), v);
    }
  };
  ops.field_names =
      "entries,entries[].elapsed_ms,entries[].total_ms,entries[].rep,"
      "entries[].resistance,entries[].distance,entries[].round.current,"
      "entries[].round.total";
  return memory::TypeInfo::Of<ResultState>("ResultState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<RoundResult>() {
  memory::TypeOps<RoundResult> ops;
  ops.format = [](const RoundResult& r) {
    return absl::StrCat(r.label, ": ", ResultText(r.entry));
  };
  // {"label":"…","elapsed_ms":n,…}: the label, then the entry's members.
  ops.serialize = [](const RoundResult& r) {
    base::JsonWriter out(base::JsonStrings::kBytes);
    out.BeginObject().Key("label").String(r.label);
    WriteEntry(out, r.entry);
    out.EndObject();
    return out.Take();
  };
  ops.parse = [](std::string_view text) -> absl::StatusOr<RoundResult> {
    absl::StatusOr<base::JsonValue> json = Json("RoundResult", text);
    if (!json.ok()) return json.status();
    const base::JsonValue* label =
        json->is_object() ? json->Find("label") : nullptr;
    if (label == nullptr || !label->is_string())
      return Bad("RoundResult", text);
    absl::StatusOr<ResultEntry> e = ReadEntry(*json);
    if (!e.ok()) return Context("RoundResult", e.status());
    return RoundResult{label->string(), std::move(*e)};
  };
  ops.visit_fields = [](const RoundResult& r, memory::FieldVisitor& v) {
    v.Field("label", r.label);
    EntryFields(r.entry, "", v);
  };
  ops.field_names =
      "label,elapsed_ms,total_ms,rep,resistance,distance,round.current,"
      "round.total";
  return memory::TypeInfo::Of<RoundResult>("RoundResult", ops);
}

template <>
memory::TypeInfo StateTypeInfo<CompletionReason>() {
  memory::TypeOps<CompletionReason> ops;
  ops.format = [](const CompletionReason& r) {
    return r == CompletionReason::kNone ? std::string("running")
                                        : std::string(CompletionReasonName(r));
  };
  // Serialized as its number (the default for an enum); parse checks the
  // range, so a recorded number this build has no reason for is an error.
  ops.parse = [](std::string_view text) -> absl::StatusOr<CompletionReason> {
    std::optional<int64_t> v = Int(text);
    if (!v.has_value() || *v < 0 ||
        *v >= static_cast<int64_t>(kCompletionReasonNames.size())) {
      return Bad("CompletionReason", text);
    }
    return static_cast<CompletionReason>(*v);
  };
  ops.visit_fields = [](const CompletionReason& r, memory::FieldVisitor& v) {
    v.Field("value",
            r == CompletionReason::kNone ? "running" : CompletionReasonName(r));
  };
  return memory::TypeInfo::Of<CompletionReason>("CompletionReason", ops);
}

template <>
memory::TypeInfo StateTypeInfo<std::string>() {
  return memory::TypeInfo::Of<std::string>("string");
}

template <>
memory::TypeInfo StateTypeInfo<int64_t>() {
  return memory::TypeInfo::Of<int64_t>("int64");
}

}  // namespace wod::runtime
