// attach_bench: what PublicationEndpoint::Publish costs the host's thread
// (docs/attach.md "Cost"; docs/spec/design.md §6).
//
//   tools/wod bench attach
//   attach_bench --benchmark_filter='BM_Publish/no_client/'
//
// Names are exactly `BM_Publish/<clients>/<line bytes>`:
// - no_client: nobody connected, the fast path (an atomic load; a keyframe
//   adds an uncontended lock and a string swap);
// - one_reader: one PublicationReader draining the stream on another
//   thread (a shared copy of the line, a lock, a queue push, and an eventfd
//   write when the writer thread sleeps).
// A keyframe every 100 publications. Lines are built outside the timed
// region, in batches of 1024, and moved into Publish; only the Publish calls
// are timed (manual time). Counters: `ns_per_op` (wall clock per Publish),
// `cpu_ns_per_op` (the host thread's CPU time per Publish), `drops`
// (publications the reader missed: it reads slower than the host publishes in a
// tight loop, so the queue overflows and the endpoint resyncs it, as designed).
//
// `BM_SessionStep/<mode>`: one step of a real session (an AMRAP, a 250 ms
// tick or a `next`), timed per step, with the endpoint wired in as the
// session's sink (attach::SessionPublisher):
// - no_endpoint: a sink that does nothing (the session alone);
// - publisher_no_client: the publisher, nobody connected (no publication is
//   built: the difference to no_endpoint is the cost of the endpoint);
// - publisher_one_reader: a reader drains the stream (each step builds its
//   publication, serializes it and queues the line).
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "blocks/workout_session.h"
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/attach/session_publisher.h"
#include "exact_name_reporter.h"
#include "fmt/format.h"
#include "runtime/script_runtime.h"
#include "runtime/session_sink.h"
#include "runtime/step_command.h"

namespace wod::bench {
namespace {

using wod::attach::EndpointOptions;
using wod::attach::Publication;
using wod::attach::PublicationEndpoint;
using wod::attach::PublicationReader;
using wod::attach::ReadResult;

constexpr size_t kBatch = 1024;

// The calling thread's CPU time: leaves out preemption on a shared machine.
double ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}
constexpr int64_t kKeyframeEvery = 100;

// A new directory of our own for the socket (mkdtemp), or "" when none
// could be made (the benchmark is then marked skipped).
std::string SocketDir(benchmark::State& state) {
  char templ[] = "/tmp/wod-attach-bench-XXXXXX";
  if (mkdtemp(templ) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return "";
  }
  return templ;
}

// Connects one reader to `address`, waits until `host` (an endpoint or a
// session publisher) counts it, then reads it on `drain` until the end line,
// an error or 30 s of silence, so the host never blocks on a full socket.
// False when no reader got connected within 10 s.
template <class Host>
bool StartDrain(const std::string& address, Host& host, std::thread& drain) {
  auto reader = PublicationReader::Connect(address);
  if (!reader.ok() || !host.WaitForClients(1, absl::Seconds(10)).ok()) {
    return false;
  }
  drain = std::thread([r = *std::move(reader)] {
    while (true) {
      absl::StatusOr<ReadResult> next = r->Next(absl::Seconds(30));
      if (!next.ok() || next->kind == ReadResult::kEnd ||
          next->kind == ReadResult::kTimeout) {
        return;
      }
    }
  });
  return true;
}

void BM_Publish(benchmark::State& state, bool with_reader, size_t bytes) {
  const std::string dir = SocketDir(state);
  if (dir.empty()) return;
  const std::string address = "unix:" + dir + "/bench.sock";
  auto endpoint = PublicationEndpoint::Listen(address, EndpointOptions{});
  if (!endpoint.ok()) {
    state.SkipWithError(endpoint.status().ToString().c_str());
    rmdir(dir.c_str());
    return;
  }
  (*endpoint)->SetHeader(R"({"header":"attach_bench"})");
  std::thread drain;
  if (with_reader) {
    if (!StartDrain(address, **endpoint, drain)) {
      state.SkipWithError("no reader");
      return;
    }
  }
  const std::string line(bytes, 'x');
  std::vector<Publication> batch(kBatch);
  int64_t seq = 0;
  double wall_ns = 0;
  double cpu_ns = 0;
  for (auto _ : state) {
    for (Publication& p : batch) {
      p.line = line;
      p.keyframe = seq++ % kKeyframeEvery == 0;
    }
    const double cpu_start = ThreadCpuNs();
    const auto start = std::chrono::steady_clock::now();
    for (Publication& p : batch) (*endpoint)->Publish(std::move(p));
    const auto stop = std::chrono::steady_clock::now();
    cpu_ns += ThreadCpuNs() - cpu_start;
    const double ns =
        std::chrono::duration<double, std::nano>(stop - start).count();
    wall_ns += ns;
    state.SetIterationTime(ns * 1e-9);
  }
  const uint64_t ops = static_cast<uint64_t>(state.iterations()) * kBatch;
  const attach::EndpointStats stats = (*endpoint)->stats();
  (*endpoint)->Finish(absl::Seconds(10)).IgnoreError();
  if (drain.joinable()) drain.join();
  endpoint->reset();
  rmdir(dir.c_str());
  state.SetItemsProcessed(static_cast<int64_t>(ops));
  state.counters["ns_per_op"] =
      ops > 0 ? wall_ns / static_cast<double>(ops) : 0;
  state.counters["cpu_ns_per_op"] =
      ops > 0 ? cpu_ns / static_cast<double>(ops) : 0;
  state.counters["drops"] = static_cast<double>(stats.drops);
}

enum class SessionMode { kNoEndpoint, kNoClient, kOneReader };

void BM_SessionStep(benchmark::State& state, SessionMode mode) {
  constexpr char kScript[] =
      "20:00 AMRAP\n  5 Pullups\n  10 Pushups\n  15 Air Squats\n";
  const std::string dir = SocketDir(state);
  if (dir.empty()) return;
  const std::string address = "unix:" + dir + "/bench.sock";
  runtime::SessionSink quiet;
  std::unique_ptr<attach::SessionPublisher> publisher;
  std::thread drain;
  if (mode != SessionMode::kNoEndpoint) {
    auto made = attach::SessionPublisher::Listen(address, kScript);
    if (!made.ok()) {
      state.SkipWithError(made.status().ToString().c_str());
      rmdir(dir.c_str());
      return;
    }
    publisher = *std::move(made);
  }
  if (mode == SessionMode::kOneReader) {
    if (!StartDrain(address, *publisher, drain)) {
      state.SkipWithError("no reader");
      return;
    }
  }
  runtime::SessionSink* sink =
      publisher != nullptr ? static_cast<runtime::SessionSink*>(publisher.get())
                           : &quiet;
  std::unique_ptr<blocks::WorkoutSession> session;
  runtime::StepCommand tick;
  tick.kind = runtime::CommandKind::kTick;
  tick.ms = 250;
  runtime::StepCommand next;
  next.kind = runtime::CommandKind::kNext;
  int64_t i = 0;
  double cpu_ns = 0;
  for (auto _ : state) {
    if (session == nullptr || session->runtime().session_ended()) {
      auto made = blocks::WorkoutSession::Create(kScript);
      if (!made.ok()) {
        state.SkipWithError("session");
        break;
      }
      session = *std::move(made);
      session->AttachSink(sink);
      session->Start();
    }
    const runtime::StepCommand& command = ++i % 7 == 3 ? next : tick;
    const double cpu_start = ThreadCpuNs();
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(session->Apply(command));
    const auto stop = std::chrono::steady_clock::now();
    cpu_ns += ThreadCpuNs() - cpu_start;
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
  }
  session.reset();
  if (publisher != nullptr) {
    publisher->Finish(absl::Seconds(10)).IgnoreError();
  }
  if (drain.joinable()) drain.join();
  publisher.reset();
  rmdir(dir.c_str());
  state.counters["cpu_ns_per_op"] =
      state.iterations() > 0 ? cpu_ns / static_cast<double>(state.iterations())
                             : 0;
}

void RegisterAll() {
  for (const auto& [name, mode] :
       {std::pair{"no_endpoint", SessionMode::kNoEndpoint},
        std::pair{"publisher_no_client", SessionMode::kNoClient},
        std::pair{"publisher_one_reader", SessionMode::kOneReader}}) {
    benchmark::RegisterBenchmark(fmt::format("BM_SessionStep/{}", name).c_str(),
                                 &BM_SessionStep, mode)
        ->UseManualTime();
  }
  for (size_t bytes : {size_t{64}, size_t{4096}}) {
    for (bool with_reader : {false, true}) {
      const std::string name = fmt::format(
          "BM_Publish/{}/{}", with_reader ? "one_reader" : "no_client", bytes);
      benchmark::RegisterBenchmark(name.c_str(), &BM_Publish, with_reader,
                                   bytes)
          ->UseManualTime();
    }
  }
}

}  // namespace
}  // namespace wod::bench

int main(int argc, char** argv) {
  wod::bench::RegisterAll();
  return wod::bench::RunBenchmarksWithExactNames(argc, argv);
}
