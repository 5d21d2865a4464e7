#include "runtime/block_state.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

std::string RoundText(int64_t current, const std::optional<int64_t>& total) {
  return absl::StrCat(current, "/",
                      total.has_value() ? std::to_string(*total) : "∞");
}

std::string ResultText(const ResultEntry& e) {
  return absl::StrCat(
      "elapsed=", e.elapsed_ms, " total=", e.total_ms, " ",
      MetricsText(e.metrics),
      e.round.has_value()
          ? absl::StrCat(" round=", RoundText(e.round->current, e.round->total))
          : "");
}

}  // namespace

template <>
memory::TypeInfo StateTypeInfo<TimerState>() {
  memory::TypeOps<TimerState> ops;
  ops.format = [](const TimerState& t) {
    return absl::StrCat(
        t.direction == TimerDirection::kDown ? "down" : "up",
        t.duration_ms.has_value() ? absl::StrCat(" ", *t.duration_ms, "ms")
                                  : "",
        t.role == TimerRole::kPrimary
            ? ""
            : (t.role == TimerRole::kSecondary ? " secondary" : " auto"));
  };
  return memory::TypeInfo::Of<TimerState>("TimerState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<TimeSpan>() {
  memory::TypeOps<TimeSpan> ops;
  ops.format = [](const TimeSpan& s) {
    return absl::StrCat(
        s.start_ms, "..",
        s.end_ms.has_value() ? std::to_string(*s.end_ms) : "open");
  };
  return memory::TypeInfo::Of<TimeSpan>("TimeSpan", ops);
}

template <>
memory::TypeInfo StateTypeInfo<RoundState>() {
  memory::TypeOps<RoundState> ops;
  ops.format = [](const RoundState& r) {
    return RoundText(r.current, r.total);
  };
  return memory::TypeInfo::Of<RoundState>("RoundState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<ChildCursor>() {
  memory::TypeOps<ChildCursor> ops;
  ops.format = [](const ChildCursor& c) {
    return absl::StrCat("group ", c.next_group, "/", c.total_groups,
                        c.rest_active ? " rest" : "");
  };
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
  return memory::TypeInfo::Of<ResultState>("ResultState", ops);
}

template <>
memory::TypeInfo StateTypeInfo<RoundResult>() {
  memory::TypeOps<RoundResult> ops;
  ops.format = [](const RoundResult& r) {
    return absl::StrCat(r.label, ": ", ResultText(r.entry));
  };
  return memory::TypeInfo::Of<RoundResult>("RoundResult", ops);
}

template <>
memory::TypeInfo StateTypeInfo<CompletionReason>() {
  memory::TypeOps<CompletionReason> ops;
  ops.format = [](const CompletionReason& r) {
    return r == CompletionReason::kNone ? std::string("running")
                                        : std::string(CompletionReasonName(r));
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
