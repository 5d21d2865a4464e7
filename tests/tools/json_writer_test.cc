// Tests of the JSON lines output (tools/cli/json_writer.h,
// docs/spec/step-trace.md "JSON lines"): the shape of one step object and
// string escaping.
#include "tools/cli/json_writer.h"

#include <string>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;

runtime::TraceStep SampleStep() {
  runtime::TraceStep step;
  step.index = 1;
  step.action = "userNext";
  step.t_ms = 60000;
  runtime::TraceBlock amrap;
  amrap.type = "AMRAP";
  amrap.label = "AMRAP 20:00";
  amrap.key = "b2";
  amrap.has_round = true;
  amrap.round_current = 2;
  amrap.has_timer = true;
  amrap.countdown = true;
  amrap.elapsed_ms = 60000;
  amrap.duration_ms = 1200000;
  runtime::TraceBlock root;
  root.type = "SessionRoot";
  root.label = "Session";
  root.key = "b1";
  root.has_round = true;
  root.round_current = 1;
  root.round_total = 1;
  runtime::TraceBlock countup;
  countup.type = "Timer";
  countup.label = "say \"hi\"";
  countup.key = "b3";
  countup.has_timer = true;
  countup.elapsed_ms = 1500;
  countup.paused = true;
  countup.complete_reason = "user-advance";
  step.stack = {countup, amrap, root};
  runtime::TraceRecord push;
  push.kind = "push";
  push.fields = {{"label", "say \"hi\""}};
  push.text = "push \"say \\\"hi\\\"\"";
  runtime::TraceRecord segment;
  segment.kind = "segment";
  segment.fields = {
      {"label", "5 Pullups"}, {"reason", "user-advance"}, {"rep", "5|3"}};
  segment.text = "segment \"5 Pullups\" (user-advance, L2, elapsed=0, rep=5|3)";
  step.emitted = {push, segment};
  return step;
}

TEST(StepToJson, HasEveryMemberInAFixedOrder) {
  const runtime::TraceStep step = SampleStep();
  const std::string json = StepToJson(step);
  EXPECT_EQ(json.find('\n'), std::string::npos);  // one line
  const std::string expected_prefix =
      R"({"step":1,"action":"userNext","t_ms":60000,"depth":3,)"
      R"("session_ended":false,"stack":[)"
      R"({"type":"Timer","label":"say \"hi\"","key":"b3","round":null,)"
      R"("timer":{"direction":"up","elapsed_ms":1500,"duration_ms":null},)"
      R"("paused":true,"complete":"user-advance"},)"
      R"({"type":"AMRAP","label":"AMRAP 20:00","key":"b2",)"
      R"("round":{"current":2,"total":null},)"
      R"("timer":{"direction":"down","elapsed_ms":60000,"duration_ms":1200000},)"
      R"("paused":false,"complete":null},)"
      R"({"type":"SessionRoot","label":"Session","key":"b1",)"
      R"("round":{"current":1,"total":1},"timer":null,"paused":false,)"
      R"("complete":null}],)"
      R"("emitted":[{"kind":"push","label":"say \"hi\"",)"
      R"("text":"push \"say \\\"hi\\\"\""},)"
      R"({"kind":"segment","label":"5 Pullups","reason":"user-advance",)"
      R"("rep":"5|3","text":"segment \"5 Pullups\" (user-advance, L2, )"
      R"x(elapsed=0, rep=5|3)"}],"row":)x";
  EXPECT_EQ(json.substr(0, expected_prefix.size()), expected_prefix);
  // The row member carries the table row, escapes and all.
  std::string row_json;
  base::AppendJsonString(step.Row(), row_json, base::JsonStrings::kValidUtf8);
  EXPECT_EQ(json.substr(expected_prefix.size()), row_json + "}");
  EXPECT_THAT(row_json, HasSubstr("rep=5\\\\|3"));  // `\|` in the row
}

TEST(StepToJson, SnapshotIsAddedVerbatimLast) {
  const std::string json = StepToJson(SampleStep(), R"({"version":7})");
  EXPECT_THAT(json, ::testing::EndsWith(R"(,"snapshot":{"version":7}})"));
}

TEST(StepToJson, EmptyStackAndNoRecords) {
  runtime::TraceStep step;
  step.action = "startSession";
  const std::string json = StepToJson(step);
  EXPECT_THAT(json, HasSubstr(R"("depth":0,"session_ended":false,"stack":[],)"
                              R"("emitted":[],"row":"| 0 | startSession)"));
}

}  // namespace
}  // namespace wod::cli
