// debugger_bench: CPU cost of the debugger window and its model
// (docs/spec/debugger.md §4).
//
//   tools/wod bench debugger
//   build/bin/debugger_bench --benchmark_filter='BM_Frame'
//
// - BM_FrameUnchanged/<refs>: one headless frame (NewFrame → every panel →
//   Render) with all panels open when nothing changed since the last frame.
//   Target: ≤ 4 ms at 100,000 refs.
// - BM_FrameAfterStep/<refs>: the first frame after a step (new frame
//   version: filters, sort, owner counts and tree rebuilt). The step itself
//   is not timed (manual time: this thread's CPU time around the frame).
//   Target: ≤ 16 ms at 100,000 refs.
// - BM_ModelUpdate/<refs>: what the debugger does per step besides drawing:
//   append the step's publication to the history, build its frame, show it
//   in the model, rebuild the memory rows, owner counts and hierarchy rows.
//   Target: ≤ 1 ms at 10,000 refs.
// - BM_FrameBuild/<script>: one step of a real runtime published
//   (PublicationBuilder: snapshot + delta) and turned into its frame
//   (PublicationTimeline) per step of an example.
//
// Frames are synthetic (SyntheticFrames: 5 types, 4 blocks, parent/child
// families, 8 values changed per step, a pop + push every 10th step).
#include <time.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "blocks/workout_session.h"
#include "debugger/model/debugger_model.h"
#include "debugger/model/demo_driver.h"
#include "debugger/model/driver.h"
#include "debugger/model/hierarchy_state.h"
#include "debugger/model/memory_table_state.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/synthetic_frames.h"
#include "debugger/panels/debugger_window.h"
#include "debugger/panels/headless_ui.h"
#include "runtime/publication.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"

namespace wod::debugger {
namespace {

// CPU time of this thread in seconds: the machine is shared, so wall time
// would count other processes (docs/spec/debugger.md §4 asks for CPU time).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) +
         static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A debugger over a DemoDriver with the memory table sorted by value (the
// costliest order), the hierarchy fully expanded and a ref selected, so
// every panel has work to do.
struct Window {
  explicit Window(size_t refs) : driver(refs) {
    driver.Handle(Intent::Of(Intent::Kind::kStart));
    for (int i = 0; i < 12; ++i) driver.Handle(Intent::Of(Intent::Kind::kNext));
    ui.window().memory_panel().table().SetSort(MemoryColumn::kValue, true);
    model.SetFrame(driver.history().Latest());
    HierarchyState& tree = ui.window().hierarchy_panel().tree();
    tree.SetFrame(model.frame_ptr());
    tree.ExpandAll(true);
    model.Select(model.frame()->refs[model.frame()->refs.size() / 2].id);
    Frame();
    Frame();
  }
  void Frame() {
    benchmark::DoNotOptimize(ui.Frame(model, BeginPanelFrame(model, driver)));
  }
  DemoDriver driver;
  DebuggerModel model;
  HeadlessUi ui;
};

void BM_FrameUnchanged(benchmark::State& state) {
  Window w(static_cast<size_t>(state.range(0)));
  const MemoryTableState& table = w.ui.window().memory_panel().table();
  const uint64_t built = table.rebuild_count();
  for (auto _ : state) w.Frame();
  // A frame in which nothing changed rebuilds (and formats) nothing.
  if (table.rebuild_count() != built) state.SkipWithError("rows rebuilt");
  state.counters["refs"] = static_cast<double>(w.model.frame()->refs.size());
}
BENCHMARK(BM_FrameUnchanged)
    ->Arg(1000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

void BM_FrameAfterStep(benchmark::State& state) {
  Window w(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    w.driver.Handle(Intent::Of(Intent::Kind::kNext));  // not timed
    const double start = ThreadCpuSeconds();
    w.Frame();
    const double end = ThreadCpuSeconds();
    state.SetIterationTime(end - start);
  }
  state.counters["refs"] = static_cast<double>(w.model.frame()->refs.size());
}
BENCHMARK(BM_FrameAfterStep)
    ->Arg(1000)
    ->Arg(100000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

void BM_ModelUpdate(benchmark::State& state) {
  SyntheticFrames gen(static_cast<size_t>(state.range(0)));
  FrameMirror mirror;
  PublicationTimeline history;
  DebuggerModel model;
  MemoryTableState table;
  HierarchyState tree;
  tree.SetOwnerExpanded(OwnerKey{2}, true);
  history.AppendPublication(mirror.Publish(gen.Current()));
  for (auto _ : state) {
    // The producer's work (the step and its publication): not timed.
    const runtime::Publication next = mirror.Publish(gen.Step());
    const double start = ThreadCpuSeconds();
    history.AppendPublication(next);
    model.SetFrame(history.Latest());
    table.SetFrame(model.frame_ptr());
    tree.SetFrame(model.frame_ptr());
    benchmark::DoNotOptimize(table.Rows().size());
    benchmark::DoNotOptimize(model.OwnerStatsView().size());
    benchmark::DoNotOptimize(tree.Rows().size());
    const double end = ThreadCpuSeconds();
    state.SetIterationTime(end - start);
    if (history.size() > 2000) history.Clear();  // keep the heap steady
  }
}
BENCHMARK(BM_ModelUpdate)
    ->Arg(1000)
    ->Arg(10000)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

void BM_FrameBuild(benchmark::State& state) {
  // A 21-15-9 couplet: a few dozen refs, every step a tick or a next.
  auto session = blocks::WorkoutSession::Create(
      "(21-15-9)\n  Thrusters 95lb\n  Pullups\n");
  if (!session.ok()) {
    state.SkipWithError("cannot compile the script");
    return;
  }
  runtime::PublicationBuilder builder((*session)->runtime().memory());
  PublicationTimeline history;
  history.AppendPublication(builder.Build((*session)->Start()));
  runtime::StepCommand tick;
  tick.kind = runtime::CommandKind::kTick;
  tick.ms = 1000;
  for (auto _ : state) {
    const runtime::TraceStep step = (*session)->Apply(tick);  // not timed
    const double start = ThreadCpuSeconds();
    history.AppendPublication(builder.Build(step));
    benchmark::DoNotOptimize(history.Latest());
    const double end = ThreadCpuSeconds();
    state.SetIterationTime(end - start);
    if (history.size() > 2000) history.Clear();  // keep the heap steady
  }
  state.counters["refs"] =
      static_cast<double>((*session)->runtime().memory().size());
}
BENCHMARK(BM_FrameBuild)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace wod::debugger

BENCHMARK_MAIN();
