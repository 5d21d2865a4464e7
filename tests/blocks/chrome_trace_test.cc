// The Chrome trace export: valid JSON in Trace Event Format, durations
// nested like the stack, one instant per record, counters per step, and the
// same bytes for the same recording.
#include "blocks/chrome_trace.h"

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/strings.h"
#include "blocks/recording.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "memory/testing/status_matchers.h"
#include "tests/blocks/recording_testing.h"

namespace wod::blocks {
namespace {

using ::wod::blocks::testing::ExampleFiles;
using ::wod::blocks::testing::ReadFile;
using ::wod::blocks::testing::RecordRun;
using ::wod::memory::testing::IsOk;

Recording LoadExample(const std::string& script) {
  absl::StatusOr<testing::RecordedRun> run = RecordRun(script, nullptr);
  EXPECT_THAT(run.status(), IsOk());
  absl::StatusOr<Recording> rec = LoadRecording(run.ok() ? run->text : "");
  EXPECT_THAT(rec.status(), IsOk());
  return rec.ok() ? *rec : Recording{};
}

std::string Field(const base::JsonValue& event, std::string_view key) {
  const base::JsonValue* v = event.Find(key);
  return v != nullptr && v->is_string() ? v->string() : "";
}

TEST(ChromeTrace, EveryExampleExportsBalancedDurationsInstantsAndCounters) {
  for (const auto& path : ExampleFiles()) {
    SCOPED_TRACE(path.filename().string());
    const Recording rec = LoadExample(ReadFile(path));
    ASSERT_FALSE(rec.steps.empty());
    absl::StatusOr<base::JsonValue> trace =
        base::ParseJson(ExportChromeTrace(rec));
    ASSERT_THAT(trace.status(), IsOk());
    const base::JsonValue* events = trace->Find("traceEvents");
    ASSERT_NE(events, nullptr);
    ASSERT_TRUE(events->is_array());

    size_t records = 0;
    for (const RecordedStep& step : rec.steps) {
      records += step.trace.emitted.size();
    }
    std::vector<std::string> open;  // keys of begun, unended blocks
    size_t instants = 0;
    size_t counters = 0;
    size_t begins = 0;
    int64_t last_ts = 0;
    for (const base::JsonValue& e : events->items()) {
      const std::string ph = Field(e, "ph");
      if (ph == "M") continue;
      const base::JsonValue* ts = e.Find("ts");
      ASSERT_NE(ts, nullptr);
      ASSERT_TRUE(ts->is_integer());
      ASSERT_GE(ts->integer(), last_ts) << "timestamps never go back";
      last_ts = ts->integer();
      if (ph == "B" || ph == "E") {
        const base::JsonValue* args = e.Find("args");
        ASSERT_NE(args, nullptr);
        const std::string key = Field(*args, "key");
        if (ph == "B") {
          open.push_back(key);
          ++begins;
        } else {
          ASSERT_FALSE(open.empty());
          ASSERT_EQ(open.back(), key) << "E closes the innermost B";
          open.pop_back();
        }
      } else if (ph == "i") {
        ++instants;
      } else if (ph == "C") {
        ++counters;
      } else {
        FAIL() << "unexpected phase " << ph;
      }
    }
    EXPECT_TRUE(open.empty()) << "every B has its E";
    EXPECT_GE(begins, 3u) << "session root, waiting, and a workout block";
    EXPECT_EQ(instants, records);
    EXPECT_EQ(counters, 2 * rec.steps.size());
    EXPECT_EQ(last_ts, rec.steps.back().trace.t_ms * 1000);
  }
}

TEST(ChromeTrace, CountersCarryTheRecordedMemoryUsage) {
  const Recording rec = LoadExample("3:00 Run\n");
  absl::StatusOr<base::JsonValue> trace =
      base::ParseJson(ExportChromeTrace(rec));
  ASSERT_THAT(trace.status(), IsOk());
  std::vector<int64_t> refs;
  for (const base::JsonValue& e : trace->Find("traceEvents")->items()) {
    if (Field(e, "ph") == "C" && Field(e, "name") == "memory") {
      refs.push_back(e.Find("args")->Find("live_refs")->integer());
    }
  }
  ASSERT_EQ(refs.size(), rec.steps.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    EXPECT_EQ(refs[i], rec.steps[i].usage.live_refs);
  }
  EXPECT_GT(refs.front(), 0);
  EXPECT_EQ(refs.back(), 0) << "memory is empty once the session ended";
}

TEST(ChromeTrace, SameRecordingExportsTheSameBytes) {
  const std::string script = ReadFile(ExampleFiles().back());
  EXPECT_EQ(ExportChromeTrace(LoadExample(script)),
            ExportChromeTrace(LoadExample(script)));
}

// A recording read from a file may hold any bytes (older writers copied
// invalid UTF-8 through): the trace is valid UTF-8 all the same, so strict
// JSON readers load it (docs/spec/recording.md §1.3).
TEST(ChromeTrace, InvalidUtf8InARecordingExportsValidUtf8) {
  absl::StatusOr<testing::RecordedRun> run =
      RecordRun("10 Pullups\n:30 Rest\n", nullptr);
  ASSERT_THAT(run.status(), IsOk());
  // Hand-edit the labels and the source name to hold raw invalid bytes.
  std::string text = run->text;
  for (const std::string& from :
       {std::string("Pullups"), std::string("test.wod")}) {
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + 1)) {
      text[at + 1] = '\xFF';
    }
  }
  absl::StatusOr<Recording> rec = LoadRecording(text);
  ASSERT_THAT(rec.status(), IsOk());
  ASSERT_THAT(rec->error, IsOk());
  ASSERT_FALSE(base::IsValidUtf8(rec->steps[1].trace.Row()));
  const std::string trace = ExportChromeTrace(*rec);
  EXPECT_TRUE(base::IsValidUtf8(trace));
  EXPECT_THAT(trace, ::testing::HasSubstr("P\xEF\xBF\xBDllups"));
  EXPECT_THAT(base::ParseJson(trace).status(), IsOk());
}

}  // namespace
}  // namespace wod::blocks
