// The text forms of a TraceStep (docs/spec/step-trace.md §2).
#include "runtime/step_trace.h"

#include <string>

#include "gtest/gtest.h"
#include "runtime/record.h"

namespace wod::runtime {
namespace {

TraceBlock Timer(int64_t elapsed, int64_t duration) {
  TraceBlock b;
  b.type = "Timer";
  b.label = "5:00 Run";
  b.has_timer = true;
  b.countdown = true;
  b.elapsed_ms = elapsed;
  b.duration_ms = duration;
  return b;
}

TEST(TraceStep, StackCellPrintsTokensInContractOrder) {
  TraceStep step;
  TraceBlock amrap = Timer(1500, 1200000);
  amrap.type = "AMRAP";
  amrap.label = "AMRAP 20:00";
  amrap.has_round = true;
  amrap.round_current = 2;
  amrap.paused = true;
  amrap.complete_reason = "timer-expired";
  TraceBlock root;
  root.type = "SessionRoot";
  root.label = "Session";
  root.has_round = true;
  root.round_current = 1;
  root.round_total = 1;
  step.stack = {amrap, root};
  EXPECT_EQ(step.StackCell(),
            "AMRAP \"AMRAP 20:00\" [R2/∞ ↓1.5s/1200s paused "
            "complete:timer-expired] · SessionRoot [R1/1]");
}

TEST(TraceStep, EmptyStackAndSessionEnd) {
  TraceStep step;
  EXPECT_EQ(step.StackCell(), "— (empty)");
  step.session_ended = true;
  EXPECT_EQ(step.StackCell(), "— (empty) **session ended**");
  EXPECT_EQ(step.EmittedCell(), "—");
}

TEST(TraceStep, RowEscapesPipesAndQuotes) {
  TraceStep step;
  step.index = 3;
  step.action = "userNext";
  step.t_ms = 60000;
  TraceBlock b = Timer(0, 300000);
  b.label = "say \"hi\"";
  step.stack = {b};
  Record seg;
  seg.kind = RecordKind::kSegment;
  seg.label = "x";
  seg.reason = CompletionReason::kUserAdvance;
  seg.level = 2;
  seg.elapsed_ms = 10;
  seg.total_ms = 20;
  seg.metrics.rep = {"5", "5"};
  step.emitted = {seg.ToTrace()};
  EXPECT_EQ(step.Row(),
            "| 3 | userNext | 60000 | 1 | Timer \"say \\\"hi\\\"\" [↓0s/300s] "
            "| segment \"x\" (user-advance, L2, elapsed=10, total=20, "
            "rep=5\\|5) |");
}

TEST(Record, MilestoneAndSoundForms) {
  Record m;
  m.kind = RecordKind::kMilestone;
  m.label = "EMOM 3";
  m.round = RoundValue{2, 3};
  m.milestone_has_elapsed = true;
  m.elapsed_ms = 0;
  EXPECT_EQ(m.ToTrace().text, "milestone \"EMOM 3\" Round 2 of 3 elapsed=0");
  m.round = RoundValue{4, std::nullopt};
  m.milestone_has_elapsed = false;
  EXPECT_EQ(m.ToTrace().text, "milestone \"EMOM 3\" Round 4");
  EXPECT_EQ(
      Record::Sound(0, memory::OwnerId{}, "countdown-beep", 3).ToTrace().text,
      "sound(countdown-beep@3s)");
  EXPECT_EQ(Record::Sound(0, memory::OwnerId{}, "start-beep").ToTrace().text,
            "sound(start-beep)");
}

TEST(ShortLabel, CutsAfterEightyCodePointsNeverInsideACharacter) {
  const std::string ascii80(80, 'a');
  EXPECT_EQ(ShortLabel(ascii80), ascii80);  // exactly the bound: kept whole
  EXPECT_EQ(ShortLabel(ascii80 + "b"), ascii80 + "…");
  // 2- and 3-byte characters count once each.
  std::string wide;
  for (int i = 0; i < 81; ++i) wide += (i % 2 == 0) ? "é" : "…";
  const std::string cut = ShortLabel(wide);
  std::string want;
  for (int i = 0; i < 80; ++i) want += (i % 2 == 0) ? "é" : "…";
  EXPECT_EQ(cut, want + "…");
  EXPECT_EQ(ShortLabel(""), "");
}

TEST(ShortLabel, OnlyThePushRecordCarriesTheWholeLabel) {
  const std::string label(200, 'x');
  const std::string shown = std::string(80, 'x') + "…";
  const Record push = Record::Push(0, memory::OwnerId{}, label, 1);
  EXPECT_EQ(push.ToTrace().text, "push \"" + label + "\"");
  const Record pop = Record::Pop(0, memory::OwnerId{}, label,
                                 CompletionReason::kUserAdvance, 0);
  EXPECT_EQ(pop.ToTrace().text.find(label), std::string::npos);
  EXPECT_NE(pop.ToTrace().text.find("\"" + shown + "\""), std::string::npos);
  Record milestone;
  milestone.kind = RecordKind::kMilestone;
  milestone.label = label;
  EXPECT_EQ(milestone.ToTrace().text, "milestone \"" + shown + "\" Round 0");

  TraceStep step;
  TraceBlock block;
  block.type = "Rounds";
  block.label = label;
  step.stack = {block, block};
  EXPECT_EQ(step.StackCell(),
            "Rounds \"" + shown + "\" · Rounds \"" + shown + "\"");
}

TEST(CompletionReason, EveryReasonHasItsCorpusString) {
  EXPECT_EQ(CompletionReasonName(CompletionReason::kEventTimerComplete),
            "event:timer:complete");
  EXPECT_EQ(CompletionReasonName(CompletionReason::kForcedPop), "forced-pop");
  EXPECT_EQ(CompletionReasonName(CompletionReason::kUserAbort), "user-abort");
}

}  // namespace
}  // namespace wod::runtime
