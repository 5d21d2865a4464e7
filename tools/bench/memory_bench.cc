// memory_bench: wod::memory side by side with the two in-tree baselines
// (SlotMapStore = docs/spec/design.md §6 "SlotMap (a)", NaiveStore = "naive
// port (b)") and the machine limits, in one binary so every ratio compares
// figures of the same run (docs/spec/design.md §6; docs/performance.md has the
// table).
//
//   tools/wod bench memory                    # full run + table
//   memory_bench --benchmark_filter='BM_Get/' --benchmark_min_time=0.01
//   memory_bench --wod_cold=wod:1000000       # one cold child run
//
// Names are exactly `BM_<Op>/<impl>/<live refs>` (impl: wod, slotmap, naive,
// and for Set wod_journal, with a journal attached, and wod_nohook, from
// memory_bench_nohook: memory without the Set hook); the decorations Google
// Benchmark would add for manual time or fixed iterations are dropped by
// ExactNameReporter (exact_name_reporter.h), and the binary exits 1 when a
// benchmark reported an error (a wrong checksum or count).
//
// Every benchmark reports `ns_per_op` (wall clock, steady_clock, like the
// anchors' harness) and `cpu_ns_per_op` (thread CPU time, which leaves out
// preemption on a shared machine), per ref touched. Non-destructive phases
// (Set, Get, GetRandom, IsValid, Snapshot, Diff) time the whole benchmark
// loop on a shared populated store; destructive ones (Allocate,
// ReleaseOwner, AllocateAfterRelease) rebuild their store outside the timed
// region and report manual time, because PauseTiming costs hundreds of ns
// with Debian's DEBUG-built library.
//
// Cold figures (`BM_ColdAllocate/<impl>/1000000`, `BM_ColdSnapshot/...`) run
// in a fresh child process (this binary with --wod_cold) with GLIBC_TUNABLES
// removed, so first-touch page faults are included as in docs/spec/design.md §6
// "Fresh process"; the child also measures live bytes per ref as the RSS delta
// of construct+allocate+set (`bytes_per_ref`) and the malloc heap delta
// (`heap_bytes_per_ref`).
#include <malloc.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "benchmark/benchmark.h"
#include "fmt/format.h"
#include "memory/memory_snapshot.h"
#include "memory/mutation_journal.h"
#include "memory/runtime_memory.h"
#include "tools/bench/exact_name_reporter.h"
#include "tools/bench/naive_store.h"
#include "tools/bench/slot_map_store.h"
#include "tools/bench/workload.h"

extern char** environ;

namespace wod::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One reading of both clocks: wall time (what the anchors report) and this
// thread's CPU time, which excludes time spent preempted, so figures from a
// busy 2-core machine can be read with and without the other tenants.
struct Stamp {
  Clock::time_point wall;
  double cpu = 0;  // seconds
};

Stamp Now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return Stamp{Clock::now(), static_cast<double>(ts.tv_sec) +
                                 static_cast<double>(ts.tv_nsec) * 1e-9};
}

double WallSeconds(const Stamp& a, const Stamp& b) {
  return std::chrono::duration<double>(b.wall - a.wall).count();
}

// Accumulated wall and CPU seconds of timed phases.
struct Elapsed {
  double wall = 0;
  double cpu = 0;

  static Elapsed Between(const Stamp& a, const Stamp& b) {
    return Elapsed{WallSeconds(a, b), b.cpu - a.cpu};
  }
  void Add(const Stamp& a, const Stamp& b) {
    wall += WallSeconds(a, b);
    cpu += b.cpu - a.cpu;
  }
};

constexpr size_t kSizes[] = {1000, 100000, 1000000};
constexpr size_t kColdSize = 1000000;

// ---------------------------------------------------------------------------
// Adapters: the same primitive operations over the three implementations, so
// that one templated loop per phase measures all of them identically.

class SlotMapImpl {
 public:
  static constexpr std::string_view kName = "slotmap";
  using Handle = SlotHandle;
  using Snap = std::vector<SlotSnapshotEntry>;

  explicit SlotMapImpl(const Workload& w) {
    store_.EnsureOwners(w.owner_count());
  }
  Handle AllocateRoot(uint32_t owner, size_t kind) {
    return store_.Allocate<TimerValue>(static_cast<uint32_t>(kind),
                                       TimerValue{}, owner);
  }
  Handle AllocateChild(Handle root, uint32_t owner, size_t kind) {
    return store_.Allocate<TimerValue>(static_cast<uint32_t>(kind),
                                       TimerValue{}, owner, root);
  }
  void Set(Handle h, const TimerValue& v) { store_.Set(h, v); }
  TimerValue Get(Handle h) const {
    const TimerValue* v = store_.Get<TimerValue>(h);
    return v != nullptr ? *v : TimerValue{};
  }
  bool IsValid(Handle h) const { return store_.IsValid(h); }
  size_t ReleaseOwner(uint32_t owner) { return store_.ReleaseOwner(owner); }
  size_t live() const { return store_.live(); }
  // Into `snap`, whose buffer is reused from the previous call.
  size_t Snapshot(Snap& snap) const {
    store_.Snapshot(snap);
    return snap.size();
  }
  // Changed + added + removed entries between two snapshots.
  size_t Diff(const Snap& a, const Snap& b) {
    SlotMapStore::Diff(a, b, diff_);
    return diff_.changed.size() + diff_.added.size() + diff_.removed.size();
  }

 private:
  SlotMapStore store_;
  SlotDiff diff_;
};

class NaiveImpl {
 public:
  static constexpr std::string_view kName = "naive";
  using Handle = uint64_t;
  using Snap = std::vector<NaiveSnapshotEntry>;

  explicit NaiveImpl(const Workload& w) : w_(w) {}
  Handle AllocateRoot(uint32_t owner, size_t kind) {
    return store_.Allocate(Workload::TypeName(kind), TimerValue{},
                           w_.owner_key(owner));
  }
  Handle AllocateChild(Handle root, uint32_t owner, size_t kind) {
    return store_.Allocate(Workload::TypeName(kind), TimerValue{},
                           w_.owner_key(owner), root);
  }
  void Set(Handle h, const TimerValue& v) { store_.Set(h, v); }
  TimerValue Get(Handle h) const {
    const TimerValue* v = store_.Get<TimerValue>(h);
    return v != nullptr ? *v : TimerValue{};
  }
  bool IsValid(Handle h) const { return store_.IsValid(h); }
  size_t ReleaseOwner(uint32_t owner) {
    return store_.ReleaseOwner(w_.owner_key(owner));
  }
  size_t live() const { return store_.live(); }
  size_t Snapshot(Snap& snap) const {
    store_.Snapshot(snap);
    return snap.size();
  }
  size_t Diff(const Snap& a, const Snap& b) {
    NaiveStore::Diff(
        a, b,
        [](const std::any& x, const std::any& y) {
          const TimerValue* p = std::any_cast<TimerValue>(&x);
          const TimerValue* q = std::any_cast<TimerValue>(&y);
          return p != nullptr && q != nullptr && *p == *q;
        },
        diff_);
    return diff_.changed.size() + diff_.added.size() + diff_.removed.size();
  }

 private:
  const Workload& w_;
  NaiveStore store_;
  NaiveDiff diff_;
};

// wod::memory through its fastest documented path (runtime_memory.h "Fastest
// path"): typed MemoryRefs, Peek() for reads, CreateChild for children. Each
// of the workload's four type tags is registered as its own memory type and
// every owner is created up front (outside any timed phase), as the runtime
// creates a block's owner when it pushes the block.
class WodImpl {
 public:
#ifdef WOD_MEMORY_NO_OBSERVER_HOOK
  // memory_bench_nohook: memory built without the Set hook (see
  // BM_SetNoHook below).
  static constexpr std::string_view kName = "wod_nohook";
#else
  static constexpr std::string_view kName = "wod";
#endif
  using Handle = memory::MemoryRef<TimerValue>;
  using Snap = std::shared_ptr<const memory::MemorySnapshot>;

  explicit WodImpl(const Workload& w) {
    for (size_t k = 0; k < Workload::kKinds; ++k) {
      auto tag = memory_.RegisterType<TimerValue>(
          std::string(Workload::TypeName(k)), TimerOps());
      if (!tag.ok()) Die(tag.status());
      tags_[k] = *tag;
    }
    owners_.reserve(w.owner_count());
    for (size_t o = 0; o < w.owner_count(); ++o) {
      // A short kind and no label: the figures are the store's own, not
      // the metadata strings a runtime would attach.
      memory::OwnerInfo info;
      info.kind = "bench";
      auto owner = memory_.CreateOwner(std::move(info));
      if (!owner.ok()) Die(owner.status());
      owners_.push_back(*owner);
    }
  }
  Handle AllocateRoot(uint32_t owner, size_t kind) {
    auto ref = memory_.Allocate(tags_[kind], TimerValue{}, owners_[owner]);
    return ref.ok() ? *ref : Handle();
  }
  Handle AllocateChild(const Handle& root, uint32_t /*owner*/, size_t kind) {
    auto ref = root.CreateChild(tags_[kind], TimerValue{});
    return ref.ok() ? *ref : Handle();
  }
  void Set(Handle h, const TimerValue& v) { h.Set(v).IgnoreError(); }
  TimerValue Get(const Handle& h) const {
    const TimerValue* v = h.Peek();
    return v != nullptr ? *v : TimerValue{};
  }
  // Through the memory, like the slot map's store.IsValid(handle): the
  // memory is the same for every check, so its chunk table is loaded once
  // per loop, where MemoryRef::IsValid follows each handle's memory pointer.
  bool IsValid(const Handle& h) const { return memory_.IsValid(h.id()); }
  size_t ReleaseOwner(uint32_t owner) {
    auto released = memory_.ReleaseOwner(owners_[owner]);
    return released.ok() ? *released : 0;
  }
  size_t live() const { return memory_.size(); }
  // Drops the previous snapshot first so the pool hands its buffer back
  // (the warm-buffer case of docs/spec/design.md §6).
  size_t Snapshot(Snap& snap) const {
    snap.reset();
    snap = memory_.Snapshot();
    return snap->size();
  }
  size_t Diff(const Snap& a, const Snap& b) {
    const memory::SnapshotDelta delta = memory::Diff(*a, *b);
    return delta.added.size() + delta.removed.size() + delta.changed.size();
  }

  memory::RuntimeMemory& memory() { return memory_; }

 private:
  // Text forms, as the runtime registers for its own value types; the
  // journal serializes every journaled value through them.
  static memory::TypeOps<TimerValue> TimerOps() {
    memory::TypeOps<TimerValue> ops;
    ops.format = [](const TimerValue& v) {
      return fmt::format("{}/{} {}ms", v.current, v.total, v.elapsed_ms);
    };
    ops.serialize = [](const TimerValue& v) {
      return fmt::format("[{},{},{}]", v.current, v.total, v.elapsed_ms);
    };
    return ops;
  }

  [[noreturn]] static void Die(const absl::Status& status) {
    std::cerr << "memory_bench: wod setup failed: " << status.ToString()
              << "\n";
    std::abort();
  }

  memory::RuntimeMemory memory_;
  memory::TypeTag<TimerValue> tags_[Workload::kKinds];
  std::vector<memory::OwnerId> owners_;
};

// ---------------------------------------------------------------------------
// Phases (docs/spec/design.md §6 "Workload" table), shared by all
// implementations.

// Phase 1: owner by owner, root first, children pointing at the root. The
// handle vector is pre-sized, so filling it costs one store per ref.
template <class Impl>
void AllocateAll(Impl& impl, const Workload& w,
                 std::vector<typename Impl::Handle>& handles) {
  const size_t n = w.size();
  for (uint32_t o = 0; o < w.owner_count(); ++o) {
    const size_t base = size_t{o} * Workload::kRefsPerOwner;
    const typename Impl::Handle root = impl.AllocateRoot(o, 0);
    handles[base] = root;
    for (size_t j = 1; j < Workload::kRefsPerOwner && base + j < n; ++j) {
      handles[base + j] = impl.AllocateChild(root, o, Workload::KindOf(j));
    }
  }
}

// The bounds are read once: with `i < handles.size()` in the condition, an
// implementation whose Set has out-of-line cold paths (wod's released-ref
// error and slow path) made g++ reload the vector's end and the workload
// size on every iteration, hot path included, a harness cost (5 of ~30
// instructions per Set) that the slot map's loop did not pay.
template <class Impl>
void SetAll(Impl& impl, const Workload& w,
            const std::vector<typename Impl::Handle>& handles) {
  const size_t n = handles.size();
  const typename Impl::Handle* const data = handles.data();
  for (size_t i = 0; i < n; ++i) impl.Set(data[i], w.SetValue(i));
}

template <class Impl>
size_t ReleaseAllOwners(Impl& impl, const Workload& w) {
  size_t released = 0;
  for (uint32_t o : w.owner_order()) released += impl.ReleaseOwner(o);
  return released;
}

// A store with all N refs allocated and set (phases 1-2 done).
struct FixtureBase {
  virtual ~FixtureBase() = default;
};

template <class Impl>
struct Populated : FixtureBase {
  // With `released`, phase 7 ran too: every handle is stale.
  Populated(const Workload& w, bool released) : impl(w), handles(w.size()) {
    AllocateAll(impl, w, handles);
    SetAll(impl, w, handles);
    if (released) ReleaseAllOwners(impl, w);
  }
  Impl impl;
  std::vector<typename Impl::Handle> handles;
};

// Owns what benchmarks share: one Workload per size and the populated store
// of the (impl, N) being measured. Benchmarks are registered grouped by size
// and implementation, so keeping only the latest store bounds memory (the
// naive store alone is ~400 MB at 1e6). Lives in main(); no global state.
class BenchContext {
 public:
  const Workload& workload(size_t n) {
    std::unique_ptr<Workload>& w = workloads_[n];
    if (w == nullptr) w = std::make_unique<Workload>(n);
    return *w;
  }

  template <class Impl>
  Populated<Impl>& populated(size_t n, bool released = false) {
    const std::string key =
        fmt::format("{}/{}{}", Impl::kName, n, released ? "/released" : "");
    if (key != fixture_key_) {
      fixture_.reset();  // free the previous store before building this one
      fixture_ = std::make_unique<Populated<Impl>>(workload(n), released);
      fixture_key_ = key;
    }
    return static_cast<Populated<Impl>&>(*fixture_);
  }

  // Drops the shared store, e.g. before a destructive benchmark builds its
  // own, so two large stores never coexist.
  void DropFixture() {
    fixture_.reset();
    fixture_key_.clear();
  }

 private:
  std::map<size_t, std::unique_ptr<Workload>> workloads_;
  std::unique_ptr<FixtureBase> fixture_;
  std::string fixture_key_;
};

// ns_per_op (wall) and cpu_ns_per_op (thread CPU) over all iterations.
void ReportNsPerOp(benchmark::State& state, const Elapsed& elapsed,
                   size_t ops_per_iter) {
  const double ops = static_cast<double>(state.iterations()) *
                     static_cast<double>(ops_per_iter);
  state.counters["ns_per_op"] = ops > 0 ? elapsed.wall * 1e9 / ops : 0;
  state.counters["cpu_ns_per_op"] = ops > 0 ? elapsed.cpu * 1e9 / ops : 0;
  state.SetItemsProcessed(static_cast<int64_t>(ops));
}

// ---------------------------------------------------------------------------
// Destructive phases: a new store per iteration, built and destroyed outside
// the timed region (manual time).

// What a destructive phase does to its new store before the timed part.
enum class Before { kNothing, kAllocateAndSet, kAllocateSetRelease };
// The timed part: allocate all N refs, or release every owner.
enum class Timed { kAllocate, kReleaseOwners };

// One destructive phase: each iteration builds a new store and prepares it
// untimed, then times one operation; a store left in the wrong state stops
// the benchmark with `error`.
template <class Impl>
void FreshStorePhase(benchmark::State& state, BenchContext* ctx, size_t n,
                     Before before, Timed timed, const char* error) {
  ctx->DropFixture();
  const Workload& w = ctx->workload(n);
  std::vector<typename Impl::Handle> handles(n);
  Elapsed total;
  for (auto _ : state) {
    auto impl = std::make_unique<Impl>(w);  // "a new container"
    if (before != Before::kNothing) {
      AllocateAll(*impl, w, handles);
      SetAll(*impl, w, handles);
    }
    if (before == Before::kAllocateSetRelease) ReleaseAllOwners(*impl, w);
    Stamp t0;
    Stamp t1;
    bool ok = false;
    if (timed == Timed::kAllocate) {
      t0 = Now();
      AllocateAll(*impl, w, handles);
      t1 = Now();
      benchmark::DoNotOptimize(handles.data());
      ok = impl->live() == n;
    } else {
      t0 = Now();
      const size_t released = ReleaseAllOwners(*impl, w);
      t1 = Now();
      ok = released == n && impl->live() == 0;
    }
    state.SetIterationTime(WallSeconds(t0, t1));
    total.Add(t0, t1);
    if (!ok) {
      state.SkipWithError(error);
      break;
    }
  }
  ReportNsPerOp(state, total, n);
}

template <class Impl>
void BM_Allocate(benchmark::State& state, BenchContext* ctx, size_t n) {
  FreshStorePhase<Impl>(state, ctx, n, Before::kNothing, Timed::kAllocate,
                        "allocate: live count differs from N");
}

// Phase 7: release all by owner, owners shuffled; per ref released.
template <class Impl>
void BM_ReleaseOwner(benchmark::State& state, BenchContext* ctx, size_t n) {
  FreshStorePhase<Impl>(state, ctx, n, Before::kAllocateAndSet,
                        Timed::kReleaseOwners,
                        "release-by-owner did not release every ref");
}

// Phase 9: allocate N again into the container phase 7 emptied.
template <class Impl>
void BM_AllocateAfterRelease(benchmark::State& state, BenchContext* ctx,
                             size_t n) {
  FreshStorePhase<Impl>(state, ctx, n, Before::kAllocateSetRelease,
                        Timed::kAllocate, "reuse: live count differs from N");
}

// ---------------------------------------------------------------------------
// Non-destructive phases on the shared populated store; the whole loop is
// timed, so clock reads cost nothing per op.

template <class Impl>
void BM_Set(benchmark::State& state, BenchContext* ctx, size_t n) {
  Populated<Impl>& f = ctx->populated<Impl>(n);
  const Workload& w = ctx->workload(n);
  const Stamp t0 = Now();
  for (auto _ : state) {
    SetAll(f.impl, w, f.handles);
    benchmark::ClobberMemory();
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), n);
}

// BM_Set/wod_journal/N: phase 2 with memory's MutationJournal attached, the
// price of recording for the debugger. Each pass writes values that differ
// from the stored ones (a Set to an equal value is not a mutation and would
// not be journaled); the journal is cleared outside the timed passes so it
// does not grow without bound.
void BM_SetJournal(benchmark::State& state, BenchContext* ctx, size_t n) {
  Populated<WodImpl>& f = ctx->populated<WodImpl>(n);
  const Workload& w = ctx->workload(n);
  memory::MutationJournal journal;
  f.impl.memory().AttachObserver(&journal);
  Elapsed total;
  int64_t pass = 0;
  for (auto _ : state) {
    ++pass;
    const Stamp t0 = Now();
    for (size_t i = 0; i < f.handles.size(); ++i) {
      TimerValue v = w.SetValue(i);
      v.elapsed_ms += pass;
      f.impl.Set(f.handles[i], v);
    }
    const Stamp t1 = Now();
    state.SetIterationTime(WallSeconds(t0, t1));
    total.Add(t0, t1);
    journal.Clear();
  }
  f.impl.memory().AttachObserver(nullptr);
  SetAll(f.impl, w, f.handles);  // phase 2's values again for later users
  ReportNsPerOp(state, total, n);
}

// Phases 3 and 4: read every value and sum current + elapsed_ms; the sum is
// checked against the values phase 2 wrote.
template <class Impl>
void GetLoop(benchmark::State& state, BenchContext* ctx, size_t n,
             bool random_order) {
  Populated<Impl>& f = ctx->populated<Impl>(n);
  const Workload& w = ctx->workload(n);
  const std::vector<uint32_t>& order = w.random_order();
  int64_t sum = 0;
  const Stamp t0 = Now();
  for (auto _ : state) {
    sum = 0;
    if (random_order) {
      for (uint32_t i : order) {
        const TimerValue v = f.impl.Get(f.handles[i]);
        sum += v.current + v.elapsed_ms;
      }
    } else {
      for (const auto& h : f.handles) {
        const TimerValue v = f.impl.Get(h);
        sum += v.current + v.elapsed_ms;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), n);
  if (sum != w.ExpectedSum()) state.SkipWithError("get: wrong sum");
}

template <class Impl>
void BM_Get(benchmark::State& state, BenchContext* ctx, size_t n) {
  GetLoop<Impl>(state, ctx, n, false);
}
template <class Impl>
void BM_GetRandom(benchmark::State& state, BenchContext* ctx, size_t n) {
  GetLoop<Impl>(state, ctx, n, true);
}

// Phases 5 and 8: isValid on all N handles, live ones or (after
// release-by-owner) stale ones; the count of valid handles is checked.
template <class Impl>
void IsValidLoop(benchmark::State& state, BenchContext* ctx, size_t n,
                 bool released) {
  Populated<Impl>& f = ctx->populated<Impl>(n, released);
  size_t valid = 0;
  const Stamp t0 = Now();
  for (auto _ : state) {
    valid = 0;
    for (const auto& h : f.handles) valid += f.impl.IsValid(h) ? 1 : 0;
    benchmark::DoNotOptimize(valid);
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), n);
  if (valid != (released ? 0 : n)) {
    state.SkipWithError(released ? "isValid: a released handle is valid"
                                 : "isValid: a live handle is not valid");
  }
}

template <class Impl>
void BM_IsValid(benchmark::State& state, BenchContext* ctx, size_t n) {
  IsValidLoop<Impl>(state, ctx, n, /*released=*/false);
}
template <class Impl>
void BM_IsValidStale(benchmark::State& state, BenchContext* ctx, size_t n) {
  IsValidLoop<Impl>(state, ctx, n, /*released=*/true);
}

// Phase 6 with a warm buffer: one untimed snapshot first, then each timed
// snapshot reuses the previous one's memory.
template <class Impl>
void BM_Snapshot(benchmark::State& state, BenchContext* ctx, size_t n) {
  Populated<Impl>& f = ctx->populated<Impl>(n);
  typename Impl::Snap snap;
  f.impl.Snapshot(snap);
  size_t entries = 0;
  const Stamp t0 = Now();
  for (auto _ : state) {
    entries = f.impl.Snapshot(snap);
    benchmark::DoNotOptimize(entries);
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), n);
  if (entries != n) state.SkipWithError("snapshot: wrong entry count");
}

// Diff of two full snapshots with 1% of the entries changed in between;
// per entry.
template <class Impl>
void BM_Diff(benchmark::State& state, BenchContext* ctx, size_t n) {
  Populated<Impl>& f = ctx->populated<Impl>(n);
  const Workload& w = ctx->workload(n);
  typename Impl::Snap a, b;
  f.impl.Snapshot(a);
  size_t changed = 0;
  for (size_t i = 37; i < n; i += 100) {
    TimerValue v = w.SetValue(i);
    v.elapsed_ms += 1;
    f.impl.Set(f.handles[i], v);
    ++changed;
  }
  f.impl.Snapshot(b);
  SetAll(f.impl, w, f.handles);  // restore phase 2's values for later users
  size_t found = 0;
  const Stamp t0 = Now();
  for (auto _ : state) {
    found = f.impl.Diff(a, b);
    benchmark::DoNotOptimize(found);
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), n);
  if (found != changed) state.SkipWithError("diff: wrong number of changes");
}

// ---------------------------------------------------------------------------
// Cold, fresh-process figures.

// Resident set size of this process, from /proc/self/statm.
int64_t CurrentRssBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

// Peak RSS (VmHWM), from /proc/self/status.
int64_t PeakRssBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      int64_t kb = 0;
      std::istringstream(line.substr(6)) >> kb;
      return kb * 1024;
    }
  }
  return 0;
}

int64_t HeapInUseBytes() {
  const struct mallinfo2 mi = mallinfo2();
  return static_cast<int64_t>(mi.uordblks + mi.hblkhd);
}

// Child side of --wod_cold: allocate + set N refs into a new store, then one
// snapshot into a new buffer, in a process that has touched nothing else.
template <class Impl>
void ColdRun(size_t n) {
  const Workload w(n);
  std::vector<typename Impl::Handle> handles(n);
  typename Impl::Snap snap;
  // The store's construction (types and owners registered) is counted in
  // the bytes but not in the time, as in BM_Allocate.
  const int64_t rss0 = CurrentRssBytes();
  const int64_t heap0 = HeapInUseBytes();
  auto impl = std::make_unique<Impl>(w);
  const Stamp t0 = Now();
  AllocateAll(*impl, w, handles);
  const Stamp t1 = Now();
  SetAll(*impl, w, handles);
  const int64_t rss1 = CurrentRssBytes();
  const int64_t heap1 = HeapInUseBytes();
  const Stamp t2 = Now();
  const size_t entries = impl->Snapshot(snap);
  const Stamp t3 = Now();
  const double dn = static_cast<double>(n);
  std::cout << "alloc_ns=" << WallSeconds(t0, t1) * 1e9 / dn
            << " alloc_cpu_ns=" << (t1.cpu - t0.cpu) * 1e9 / dn
            << " snapshot_ns=" << WallSeconds(t2, t3) * 1e9 / dn
            << " snapshot_cpu_ns=" << (t3.cpu - t2.cpu) * 1e9 / dn
            << " bytes_per_ref=" << static_cast<double>(rss1 - rss0) / dn
            << " heap_bytes_per_ref=" << static_cast<double>(heap1 - heap0) / dn
            << " peak_rss_mb=" << static_cast<double>(PeakRssBytes()) / 1e6
            << " harness_rss_mb=" << static_cast<double>(rss0) / 1e6
            << " entries=" << entries << "\n";
}

int RunColdChild(std::string_view spec) {
  const size_t colon = spec.find(':');
  const std::string_view impl = spec.substr(0, colon);
  const std::string_view count =
      colon == std::string_view::npos ? "" : spec.substr(colon + 1);
  size_t n = 0;
  const auto [end, ec] =
      std::from_chars(count.data(), count.data() + count.size(), n);
  if (colon == std::string_view::npos || ec != std::errc() ||
      end != count.data() + count.size() || n == 0 || n > 100000000) {
    std::cerr << "memory_bench: --wod_cold=<impl>:<N>, got '" << spec << "'\n";
    return 2;
  }
  if (impl == SlotMapImpl::kName) {
    ColdRun<SlotMapImpl>(n);
  } else if (impl == NaiveImpl::kName) {
    ColdRun<NaiveImpl>(n);
  } else if (impl == WodImpl::kName) {
    ColdRun<WodImpl>(n);
  } else {
    std::cerr << "memory_bench: unknown implementation '" << impl << "'\n";
    return 2;
  }
  return 0;
}

// Runs `exe arg` in a fresh process and parses the `key=value` line it
// prints. Without `keep_tunables` GLIBC_TUNABLES is removed (default glibc:
// pages are first-touched, as in the anchors' fresh-process table).
bool SpawnChild(std::string exe, std::string arg, bool keep_tunables,
                std::map<std::string, double>& out, std::string& error) {
  int fds[2];
  if (pipe(fds) != 0) {
    error = "pipe failed";
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<char*> argv = {exe.data(), arg.data(), nullptr};
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (keep_tunables ||
        std::string_view(*e).rfind("GLIBC_TUNABLES=", 0) != 0) {
      env_strings.emplace_back(*e);
    }
  }
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(),
                             envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    error = fmt::format("posix_spawn failed: {}", std::strerror(rc));
    return false;
  }
  std::string text;
  char buf[512];
  for (ssize_t got; (got = read(fds[0], buf, sizeof buf)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buf, static_cast<size_t>(got));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "cold child failed";
    return false;
  }
  // `key=value` fields separated by spaces, one line.
  std::istringstream fields(text);
  for (std::string field; fields >> field;) {
    const size_t eq = field.find('=');
    if (eq == std::string::npos) continue;
    char* end = nullptr;
    const double value = std::strtod(field.c_str() + eq + 1, &end);
    if (end != field.c_str() + eq + 1) out[field.substr(0, eq)] = value;
  }
  if (out.empty()) {
    error = "child printed no figures";
    return false;
  }
  return true;
}

// This binary with --wod_cold, as a fresh process without GLIBC_TUNABLES.
bool SpawnColdChild(std::string_view impl, size_t n,
                    std::map<std::string, double>& out, std::string& error) {
  if (!SpawnChild("/proc/self/exe", fmt::format("--wod_cold={}:{}", impl, n),
                  /*keep_tunables=*/false, out, error)) {
    return false;
  }
  if (out.count("alloc_ns") == 0 || out.count("snapshot_ns") == 0) {
    error = "cold child printed no figures";
    return false;
  }
  return true;
}

// One child per iteration (Iterations(1) at registration): the figure is
// the child's own timing, reported as manual time.
void BM_Cold(benchmark::State& state, BenchContext* ctx, std::string impl,
             size_t n, bool snapshot) {
  ctx->DropFixture();
  std::map<std::string, double> figures;
  for (auto _ : state) {
    figures.clear();
    std::string error;
    if (!SpawnColdChild(impl, n, figures, error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    const double ns = figures[snapshot ? "snapshot_ns" : "alloc_ns"];
    state.SetIterationTime(ns * static_cast<double>(n) * 1e-9);
  }
  if (figures.empty()) return;
  state.counters["ns_per_op"] = figures[snapshot ? "snapshot_ns" : "alloc_ns"];
  state.counters["cpu_ns_per_op"] =
      figures[snapshot ? "snapshot_cpu_ns" : "alloc_cpu_ns"];
  if (snapshot) {
    state.counters["peak_rss_mb"] = figures["peak_rss_mb"];
    // RSS before the store existed: workload, handles, binary and libraries.
    state.counters["harness_rss_mb"] = figures["harness_rss_mb"];
  } else {
    state.counters["bytes_per_ref"] = figures["bytes_per_ref"];
    state.counters["heap_bytes_per_ref"] = figures["heap_bytes_per_ref"];
  }
}

// ---------------------------------------------------------------------------
// Set without the observer hook.
//
// memory_bench_nohook is this file built against a second memory library
// compiled with WOD_MEMORY_NO_OBSERVER_HOOK (MemoryRef::Set without the
// `slow_flags_` test that watches, batches and the journal share). Its
// `--wod_set=<N>:<seconds>` mode runs phase 2 on a populated store for at
// least that much thread CPU time and prints the figures; memory_bench runs
// it as `BM_Set/wod_nohook/<N>` right after `BM_Set/wod/<N>`, so the price
// of the detached hook is read within one run.

std::string NoHookBinary() {
  char buf[4096];
  const ssize_t len = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (len <= 0) return "";
  std::string path(buf, static_cast<size_t>(len));
  const size_t slash = path.rfind('/');
  return path.substr(0, slash + 1) + "memory_bench_nohook";
}

int RunSetChild(std::string_view spec) {
  const size_t colon = spec.find(':');
  size_t n = 0;
  const std::string_view count = spec.substr(0, colon);
  const auto [end, ec] =
      std::from_chars(count.data(), count.data() + count.size(), n);
  const double seconds =
      colon == std::string_view::npos
          ? 0.1
          : std::strtod(std::string(spec.substr(colon + 1)).c_str(), nullptr);
  if (ec != std::errc() || end != count.data() + count.size() || n == 0 ||
      n > 100000000 || !(seconds > 0)) {
    std::cerr << "memory_bench: --wod_set=<N>:<seconds>, got '" << spec
              << "'\n";
    return 2;
  }
  const Workload w(n);
  Populated<WodImpl> f(w, /*released=*/false);
  SetAll(f.impl, w, f.handles);  // warm
  size_t passes = 0;
  const Stamp t0 = Now();
  Stamp t1 = t0;
  do {
    SetAll(f.impl, w, f.handles);
    benchmark::ClobberMemory();
    ++passes;
    t1 = Now();
  } while (t1.cpu - t0.cpu < seconds);
  const double ops = static_cast<double>(passes) * static_cast<double>(n);
  std::cout << "ns_per_op=" << WallSeconds(t0, t1) * 1e9 / ops
            << " cpu_ns_per_op=" << (t1.cpu - t0.cpu) * 1e9 / ops << "\n";
  return 0;
}

// One child per iteration; the figure is the child's own timing.
void BM_SetNoHook(benchmark::State& state, std::string exe, size_t n) {
  std::map<std::string, double> figures;
  for (auto _ : state) {
    figures.clear();
    std::string error;
    if (!SpawnChild(exe, fmt::format("--wod_set={}:0.1", n),
                    /*keep_tunables=*/true, figures, error) ||
        figures.count("cpu_ns_per_op") == 0) {
      state.SkipWithError(error.empty() ? "no figures" : error.c_str());
      break;
    }
    state.SetIterationTime(figures["ns_per_op"] * static_cast<double>(n) *
                           1e-9);
  }
  if (figures.empty()) return;
  state.counters["ns_per_op"] = figures["ns_per_op"];
  state.counters["cpu_ns_per_op"] = figures["cpu_ns_per_op"];
}

// ---------------------------------------------------------------------------
// Machine limits, measured in the same run (docs/spec/design.md §6 "Physical
// limits").

void BM_MallocFree(benchmark::State& state) {
  const Stamp t0 = Now();
  for (auto _ : state) {
    void* p = std::malloc(16);  // a 16-byte pair, like one TimerValue
    benchmark::DoNotOptimize(p);
    std::free(p);
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), 1);
}

// The core clock, from a chain of dependent adds (one cycle each): the
// anchors' machine ran at 3.5 GHz; the `ghz` counter says what this one does,
// so absolute ns can be compared across machines.
void BM_CoreClock(benchmark::State& state) {
  constexpr int kAdds = 1 << 20;
  uint64_t x = 1;
  const Stamp t0 = Now();
  for (auto _ : state) {
    for (int i = 0; i < kAdds; ++i) {
      x += static_cast<uint64_t>(i);
      // An empty asm on x keeps each add in the dependency chain (no
      // vectorising or closed form).
      asm volatile("" : "+r"(x));
    }
  }
  benchmark::DoNotOptimize(x);
  const Elapsed e = Elapsed::Between(t0, Now());
  ReportNsPerOp(state, e, kAdds);
  const double adds = static_cast<double>(state.iterations()) * kAdds;
  state.counters["ghz"] = e.cpu > 0 ? adds / e.cpu / 1e9 : 0;
}

void BM_Memcpy(benchmark::State& state) {
  constexpr size_t kBytes = size_t{64} << 20;
  std::vector<char> src(kBytes, 1), dst(kBytes, 0);  // touched: warm pages
  const Stamp t0 = Now();
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), kBytes);
    benchmark::ClobberMemory();
  }
  ReportNsPerOp(state, Elapsed::Between(t0, Now()), 1);
  // A rate over real time (UseRealTime at registration): bench-report
  // prints it as GB/s.
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBytes));
}

// ---------------------------------------------------------------------------
// Registration and reporting.

using BenchFn = void (*)(benchmark::State&, BenchContext*, size_t);

template <class Impl>
void RegisterImpl(BenchContext* ctx, size_t n) {
  struct Op {
    const char* name;
    BenchFn fn;
    bool manual_time;
  };
  const Op ops[] = {
      {"BM_Allocate", &BM_Allocate<Impl>, true},
      {"BM_Set", &BM_Set<Impl>, false},
      {"BM_Get", &BM_Get<Impl>, false},
      {"BM_GetRandom", &BM_GetRandom<Impl>, false},
      {"BM_IsValid", &BM_IsValid<Impl>, false},
      {"BM_Snapshot", &BM_Snapshot<Impl>, false},
      {"BM_Diff", &BM_Diff<Impl>, false},
      {"BM_ReleaseOwner", &BM_ReleaseOwner<Impl>, true},
      {"BM_IsValidStale", &BM_IsValidStale<Impl>, false},
      {"BM_AllocateAfterRelease", &BM_AllocateAfterRelease<Impl>, true},
  };
  for (const Op& op : ops) {
    const std::string name = fmt::format("{}/{}/{}", op.name, Impl::kName, n);
    benchmark::internal::Benchmark* b =
        benchmark::RegisterBenchmark(name.c_str(), op.fn, ctx, n);
    // Wall-clock either way, so the library's own columns and rates agree
    // with ns_per_op.
    if (op.manual_time) {
      b->UseManualTime();
    } else {
      b->UseRealTime();
    }
    // Right after the detached figure, on the same populated store.
    if constexpr (std::is_same_v<Impl, WodImpl>) {
      if (std::string_view(op.name) == "BM_Set") {
        const std::string journal = fmt::format("BM_Set/wod_journal/{}", n);
        benchmark::RegisterBenchmark(journal.c_str(), &BM_SetJournal, ctx, n)
            ->UseManualTime();
        // Only where the no-hook binary was built next to this one (never
        // inside memory_bench_nohook itself).
        const std::string nohook = NoHookBinary();
        if (Impl::kName == "wod" && access(nohook.c_str(), X_OK) == 0) {
          const std::string nohook_name =
              fmt::format("BM_Set/wod_nohook/{}", n);
          benchmark::RegisterBenchmark(nohook_name.c_str(), &BM_SetNoHook,
                                       nohook, n)
              ->Iterations(1)
              ->UseManualTime();
        }
      }
    }
  }
}

void RegisterAll(BenchContext* ctx) {
  benchmark::RegisterBenchmark("BM_MallocFree", &BM_MallocFree)->UseRealTime();
  benchmark::RegisterBenchmark("BM_Memcpy", &BM_Memcpy)->UseRealTime();
  benchmark::RegisterBenchmark("BM_CoreClock", &BM_CoreClock)->UseRealTime();
  for (size_t n : kSizes) {
    RegisterImpl<WodImpl>(ctx, n);
    RegisterImpl<SlotMapImpl>(ctx, n);
    RegisterImpl<NaiveImpl>(ctx, n);
  }
  for (std::string_view impl :
       {WodImpl::kName, SlotMapImpl::kName, NaiveImpl::kName}) {
    for (bool snapshot : {false, true}) {
      const std::string name = fmt::format(
          "{}/{}/{}", snapshot ? "BM_ColdSnapshot" : "BM_ColdAllocate", impl,
          kColdSize);
      benchmark::RegisterBenchmark(name.c_str(), &BM_Cold, ctx,
                                   std::string(impl), kColdSize, snapshot)
          ->Iterations(1)
          ->UseManualTime();
    }
  }
}

}  // namespace
}  // namespace wod::bench

int main(int argc, char** argv) {
  constexpr std::string_view kColdFlag = "--wod_cold=";
  constexpr std::string_view kSetFlag = "--wod_set=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind(kColdFlag, 0) == 0) {
      return wod::bench::RunColdChild(arg.substr(kColdFlag.size()));
    }
    if (arg.rfind(kSetFlag, 0) == 0) {
      return wod::bench::RunSetChild(arg.substr(kSetFlag.size()));
    }
  }
  wod::bench::BenchContext ctx;
  wod::bench::RegisterAll(&ctx);
  return wod::bench::RunBenchmarksWithExactNames(argc, argv);
}
