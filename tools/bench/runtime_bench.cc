// Runtime benchmarks (docs/spec/design.md §6; the brief's targets: ≤ 2 µs
// per round completion in a 10,000-round script, ≤ 200 ns per tick with a
// 5-deep stack).
//
// - BM_RoundCompletion: `(10000)` over one effort; each `next` pops the
//   effort (unmount, segment, pop records, release of its memory), advances
//   the round, compiles the child group again and pushes it (mount). Reported
//   per round (counter `ns_per_round`).
// - BM_Tick5Deep: effort · AMRAP · Rounds · Rounds · SessionRoot; each tick
//   advances the virtual clock by 1 ms and offers the tick to all five
//   blocks (countdown check + cues on the AMRAP). Reported per tick.
//
//   runtime_bench --benchmark_out=runtime.json --benchmark_out_format=json
#include <cstdint>
#include <memory>
#include <string>

#include "benchmark/benchmark.h"
#include "blocks/compiler.h"
#include "blocks/parser.h"
#include "blocks/workout_session.h"
#include "runtime/runtime_clock.h"
#include "runtime/runtime_event.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace {

using wod::blocks::WorkoutSession;
using wod::runtime::CommandKind;
using wod::runtime::StepCommand;

constexpr int kRounds = 10'000;

std::unique_ptr<WorkoutSession> StartedSession(const std::string& script) {
  auto session = WorkoutSession::Create(script);
  if (!session.ok()) return nullptr;
  (*session)->Start();
  (*session)->Apply(StepCommand{});  // leave WaitingToStart
  return std::move(*session);
}

// `(10000)` over one effort: each next completes a round.
std::string RoundsScript() {
  return "(" + std::to_string(kRounds) + ")\n  5 Burpees";
}

// Times kRounds - 1 round completions (the last next would end the session)
// on a subject built by `make` and destroyed outside the timed region, and
// reports ns per round.
template <class Make, class Run>
void TimeRoundCompletions(benchmark::State& state, Make make, Run run) {
  int64_t rounds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto subject = make();
    state.ResumeTiming();
    for (int i = 1; i < kRounds; ++i) run(*subject);
    rounds += kRounds - 1;
    state.PauseTiming();
    subject.reset();
    state.ResumeTiming();
  }
  state.counters["ns_per_round"] = benchmark::Counter(
      static_cast<double>(rounds) * 1e-9,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(rounds);
}

void BM_RoundCompletion(benchmark::State& state) {
  const std::string script = RoundsScript();
  const StepCommand next{};
  TimeRoundCompletions(
      state, [&] { return StartedSession(script); },
      [&](WorkoutSession& session) {
        benchmark::DoNotOptimize(session.Apply(next));
      });
}
BENCHMARK(BM_RoundCompletion)->Unit(benchmark::kMillisecond);

// A runtime built directly from the compiler (no TraceStep building).
struct Bare {
  explicit Bare(const std::string& script)
      : compiler(script, wod::blocks::Parse(script)), runtime(clock) {
    runtime.Start(compiler.CompileSessionRoot(runtime));
    runtime.Handle(Event(wod::runtime::kEventNext));  // leave WaitingToStart
  }
  static wod::runtime::RuntimeEvent Event(std::string_view name) {
    return wod::runtime::RuntimeEvent::Named(name);
  }
  wod::runtime::VirtualClock clock;
  wod::blocks::Compiler compiler;
  wod::runtime::ScriptRuntime runtime;
};

// The runtime alone: what an embedder pays per round completion.
void BM_RoundCompletionRuntimeOnly(benchmark::State& state) {
  const std::string script = RoundsScript();
  const wod::runtime::RuntimeEvent next = Bare::Event(wod::runtime::kEventNext);
  TimeRoundCompletions(
      state, [&] { return std::make_unique<Bare>(script); },
      [&](Bare& bare) { bare.runtime.Handle(next); });
}
BENCHMARK(BM_RoundCompletionRuntimeOnly)->Unit(benchmark::kMillisecond);

void BM_Tick5Deep(benchmark::State& state) {
  const std::string script =
      "(1000)\n  (1000)\n    20:00 AMRAP\n      5 Pullups";
  auto bare = std::make_unique<Bare>(script);
  if (bare->runtime.depth() != 5) {
    state.SkipWithError("expected a 5-deep stack");
    return;
  }
  const wod::runtime::RuntimeEvent tick = Bare::Event(wod::runtime::kEventTick);
  int64_t ticks = 0;
  for (auto _ : state) {
    bare->clock.Advance(1);
    bare->runtime.Handle(tick);
    // The AMRAP expires after 1,200,000 ms: start over well before.
    if (++ticks % 1'000'000 == 0) {
      state.PauseTiming();
      bare = std::make_unique<Bare>(script);
      state.ResumeTiming();
    }
  }
  state.counters["ns_per_tick"] = benchmark::Counter(
      static_cast<double>(ticks) * 1e-9,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(ticks);
}
BENCHMARK(BM_Tick5Deep);

}  // namespace

BENCHMARK_MAIN();
