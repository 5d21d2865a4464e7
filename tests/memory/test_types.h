// Value types shared by the memory tests: the docs/spec/design.md §6 TimerValue
// (16 B, stored inline) with full TypeOps, and helpers to register the usual
// tags.

#ifndef WOD_TESTS_MEMORY_TEST_TYPES_H_
#define WOD_TESTS_MEMORY_TEST_TYPES_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"
#include "memory/type_info.h"

namespace wod::memory::test {

struct TimerValue {
  int32_t current = 0;
  int32_t total = 0;
  int64_t elapsed_ms = 0;
  friend bool operator==(const TimerValue&, const TimerValue&) = default;
};

inline TypeOps<TimerValue> TimerOps() {
  TypeOps<TimerValue> ops;
  ops.format = [](const TimerValue& v) {
    return fmt::format("{}/{} {}ms", v.current, v.total, v.elapsed_ms);
  };
  ops.serialize = [](const TimerValue& v) {
    return fmt::format("{} {} {}", v.current, v.total, v.elapsed_ms);
  };
  ops.parse = [](std::string_view text) -> absl::StatusOr<TimerValue> {
    TimerValue v;
    long long a = 0;
    long long b = 0;
    long long c = 0;
    char tail = 0;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%lld %lld %lld%c", &a, &b, &c, &tail) != 3) {
      return absl::InvalidArgumentError("bad TimerValue");
    }
    v.current = static_cast<int32_t>(a);
    v.total = static_cast<int32_t>(b);
    v.elapsed_ms = c;
    return v;
  };
  ops.visit_fields = [](const TimerValue& v, FieldVisitor& visitor) {
    visitor.Field("current", fmt::format("{}", v.current));
    visitor.Field("total", fmt::format("{}", v.total));
    visitor.Field("elapsed_ms", fmt::format("{}", v.elapsed_ms));
  };
  return ops;
}

// The four tags of the docs/spec/design.md §6 workload plus a string tag.
struct Tags {
  TypeTag<TimerValue> timer;
  TypeTag<int64_t> metric;
  TypeTag<int32_t> exercise;
  TypeTag<std::string> label;
};

inline Tags RegisterTags(RuntimeMemory& memory) {
  Tags tags;
  tags.timer = *memory.RegisterType<TimerValue>("timer-state", TimerOps());
  tags.metric = *memory.RegisterType<int64_t>("metric");
  tags.exercise = *memory.RegisterType<int32_t>("exercise-state");
  tags.label = *memory.RegisterType<std::string>("metadata");
  return tags;
}

}  // namespace wod::memory::test

#endif  // WOD_TESTS_MEMORY_TEST_TYPES_H_
