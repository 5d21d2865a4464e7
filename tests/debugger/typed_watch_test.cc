// Watch conditions on typed fields over a real script
// (docs/spec/debugger.md §2.8.1 and docs/spec/debugger.md §2.8.2): Cindy run
// live through SessionDriver and opened from a recording of the same run
// through RecordingDriver. `round.current >= 3` fires where the AMRAP's round
// counter reaches 3, `time.elapsed > 60000` where its timer passes 60 s (a
// field the debugger derives from the timer's spans at the frame's time),
// `value == "…"` where a label appears, each at the same step with the same old
// → new text live and recorded.
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/session_driver.h"
#include "debugger/model/watch.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

// Cindy (20:00 AMRAP of three efforts): each `next` finishes an effort,
// ticks run the clock, and a pause/resume of the top effort in between.
constexpr char kCommands[] =
    "next; tick 10000; next; tick 10000; pause; tick 15000; resume; next; "
    "tick 10000; next; tick 10000; next; tick 10000; next; tick 10000; next; "
    "tick 10000; next; tick 10000; next; tick 10000";

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(WOD_EXAMPLES_DIR) + "/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Record(const std::string& script) {
  auto session = blocks::WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  std::ostringstream out;
  auto recorder =
      blocks::SessionRecorder::Create(**session, script, "cindy.wod", &out);
  EXPECT_TRUE(recorder.ok());
  EXPECT_TRUE((*recorder)->Record((*session)->Start(), std::nullopt).ok());
  auto commands = runtime::ParseStepCommands(kCommands);
  EXPECT_TRUE(commands.ok());
  for (const runtime::StepCommand& c : *commands) {
    EXPECT_TRUE((*recorder)->Record((*session)->Apply(c), c).ok());
  }
  EXPECT_TRUE((*recorder)->Finish().ok());
  return out.str();
}

// The first hit of `watch` walking `history` step by step, as the driver
// and reverse-continue evaluate it.
std::optional<WatchHit> FirstHit(const Timeline& history, const Watch& watch) {
  for (size_t i = 1; i < history.size(); ++i) {
    std::vector<WatchHit> hits =
        EvaluateWatches({watch}, *history.At(i - 1), *history.At(i));
    if (!hits.empty()) return hits.front();
  }
  return std::nullopt;
}

// The AMRAP's block row of `frame`, or nullptr.
const BlockRow* Amrap(const Frame& frame) {
  for (const BlockRow& b : frame.stack) {
    if (b.type == "AMRAP") return &b;
  }
  return nullptr;
}

// The first step whose AMRAP stack cell (the trace's own text) satisfies
// `pred`: what the watches must agree with.
template <class Pred>
int64_t FirstStepWhere(const Timeline& history, Pred pred) {
  for (size_t i = 0; i < history.size(); ++i) {
    const BlockRow* b = Amrap(*history.At(i));
    if (b != nullptr && pred(b->state)) return history.At(i)->step;
  }
  return -1;
}

// Seconds of "↓65s/1200s" in a stack cell "[R2/∞ ↓65s/1200s]".
int64_t TimerSeconds(const std::string& state) {
  const size_t at = state.find("↓");
  if (at == std::string::npos) return -1;
  return std::stoll(state.substr(at + std::string("↓").size()));
}

// The AMRAP's `time` ref in `frame`.
RefKey AmrapTimer(const Frame& frame) {
  for (const RefRow& r : frame.refs) {
    if (frame.TypeName(r.type) == "time" &&
        frame.OwnerLabel(r.owner) == "AMRAP 20:00") {
      return r.id;
    }
  }
  return RefKey::kNone;
}

struct Sessions {
  std::unique_ptr<SessionDriver> live;
  std::unique_ptr<RecordingDriver> recorded;
};

Sessions RunCindy() {
  Sessions s;
  const std::string script = ReadExample("cindy.wod");
  EXPECT_FALSE(script.empty());
  auto live = SessionDriver::Create(script, "cindy.wod");
  EXPECT_TRUE(live.ok()) << live.status();
  if (!live.ok()) return s;
  (*live)->Handle(Intent::Of(Intent::Kind::kStart));
  EXPECT_TRUE((*live)->ApplySteps(kCommands).ok());
  s.live = std::move(*live);
  absl::StatusOr<blocks::Recording> rec = blocks::LoadRecording(Record(script));
  EXPECT_TRUE(rec.ok()) << rec.status();
  if (!rec.ok()) return s;
  auto recorded = RecordingDriver::Create(*rec, "cindy.wodrec");
  EXPECT_TRUE(recorded.ok()) << recorded.status();
  if (recorded.ok()) s.recorded = std::move(*recorded);
  return s;
}

// Checks `watch` fires first at `step` with `old_value` → `new_value` on
// `ref` (kNone: any), live and from the recording alike.
void ExpectFirstHit(const Sessions& s, const Watch& watch, int64_t step,
                    const std::string& what, const std::string& old_value,
                    const std::string& new_value, RefKey ref = RefKey::kNone) {
  SCOPED_TRACE(watch.label);
  for (const Timeline* history : {&s.live->history(), &s.recorded->history()}) {
    SCOPED_TRACE(history == &s.live->history() ? "live" : "recorded");
    const std::optional<WatchHit> hit = FirstHit(*history, watch);
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->step, step);
    EXPECT_EQ(hit->what, what);
    EXPECT_EQ(hit->old_value, old_value);
    EXPECT_EQ(hit->new_value, new_value);
    if (ref != RefKey::kNone) EXPECT_EQ(hit->ref, ref);
  }
  const std::optional<WatchHit> live = FirstHit(s.live->history(), watch);
  const std::optional<WatchHit> recorded =
      FirstHit(s.recorded->history(), watch);
  ASSERT_TRUE(live.has_value() && recorded.has_value());
  EXPECT_EQ(live->ref, recorded->ref);
  EXPECT_EQ(live->message, recorded->message);
}

TEST(TypedWatch, RoundCurrentFiresWhereTheRoundCounterReachesThree) {
  const Sessions s = RunCindy();
  ASSERT_NE(s.live, nullptr);
  ASSERT_NE(s.recorded, nullptr);
  ASSERT_EQ(s.live->history().size(), s.recorded->history().size());
  // The trace's own stack cell says where round 3 starts.
  const int64_t expected =
      FirstStepWhere(s.live->history(), [](const std::string& state) {
        return state.find("R3/") != std::string::npos;
      });
  EXPECT_EQ(expected, 16);
  absl::StatusOr<Watch> watch = Watch::Parse("round.current >= 3");
  ASSERT_TRUE(watch.ok()) << watch.status();
  ExpectFirstHit(s, *watch, expected, "changed", "2", "3");
  // The round's `total` of an AMRAP is unbounded.
  absl::StatusOr<Watch> total = Watch::Parse("round.total == \"∞\"");
  ASSERT_TRUE(total.ok());
  ExpectFirstHit(s, *total, 1, "added", "", "∞");
}

TEST(TypedWatch, TimeElapsedFiresWhereThePrimaryTimerPassesSixtySeconds) {
  const Sessions s = RunCindy();
  ASSERT_NE(s.live, nullptr);
  ASSERT_NE(s.recorded, nullptr);
  const int64_t expected = FirstStepWhere(
      s.live->history(),
      [](const std::string& state) { return TimerSeconds(state) > 60; });
  EXPECT_EQ(expected, 13);
  absl::StatusOr<Watch> watch = Watch::Parse("time.elapsed > 60000");
  ASSERT_TRUE(watch.ok()) << watch.status();
  // The step changes no `time` ref: only the frame's time moved.
  ExpectFirstHit(s, *watch, expected, "changed", "55000", "65000");
  // The same condition on the AMRAP's own timer (a ref watch).
  const RefKey timer = AmrapTimer(*s.live->history().Latest());
  ASSERT_NE(timer, RefKey::kNone);
  const Watch on_timer = Watch::OnRef(timer);
  absl::StatusOr<Watch> elapsed = Watch::Parse("elapsed > 60000", &on_timer);
  ASSERT_TRUE(elapsed.ok()) << elapsed.status();
  ExpectFirstHit(s, *elapsed, expected, "changed", "55000", "65000", timer);
  // A countdown's remaining time is derived too: 1200 s - 65 s.
  absl::StatusOr<Watch> remaining =
      Watch::Parse("remaining <= 1135000", &on_timer);
  ASSERT_TRUE(remaining.ok());
  ExpectFirstHit(s, *remaining, expected, "changed", "1145000", "1135000",
                 timer);
}

TEST(TypedWatch, ValueConditionComparesTheTextOfAStringValue) {
  const Sessions s = RunCindy();
  ASSERT_NE(s.live, nullptr);
  ASSERT_NE(s.recorded, nullptr);
  // "15 Air Squats" is pushed by the `next` of step 8.
  absl::StatusOr<Watch> watch =
      Watch::Parse("metric:label.value == \"15 Air Squats\"");
  ASSERT_TRUE(watch.ok()) << watch.status();
  ExpectFirstHit(s, *watch, 8, "added", "", "\"15 Air Squats\"");
  // A typed field of a composite value: the cursor moves to group 2.
  absl::StatusOr<Watch> cursor =
      Watch::Parse("children:status.next_group == 2");
  ASSERT_TRUE(cursor.ok());
  ExpectFirstHit(s, *cursor, 3, "changed", "1", "2");
}

}  // namespace
}  // namespace wod::debugger
