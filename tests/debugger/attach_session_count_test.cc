// With no debugger connected, a real session with the endpoint wired in
// (attach::SessionPublisher as its sink) costs nothing per step: no
// allocation and no syscall beyond what the same session makes without it
// (docs/attach.md "Cost"). This binary replaces the global operator new with
// a counting one (allowed in a test binary, nowhere else); under a
// sanitizer it counts through the sanitizer's malloc hook instead.
//
// The session runs the same 2,000 commands twice on the host thread: with a
// sink that does nothing (no endpoint), and with the publisher. Around the
// step loop only, the test counts the host thread's operator new calls and
// the thread's
// read/write syscalls (/proc/thread-self/io), and reads the endpoint's own
// counters (wakeups: the eventfd write that is the only syscall in
// Publish's code; writer_loops: the writer thread stayed parked in poll()).
// With a debugger connected the same counters move, so they are shown to
// catch what they look for.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "attach_test_util.h"
#include "blocks/workout_session.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/attach/session_publisher.h"
#include "gtest/gtest.h"
#include "runtime/session_sink.h"
#include "runtime/step_command.h"

// Sanitizer runtimes define operator new themselves; there the count comes
// from their malloc hook, which sees operator new and malloc alike.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WOD_ATTACH_TEST_MALLOC_HOOKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WOD_ATTACH_TEST_MALLOC_HOOKS 1
#endif
#endif

namespace {

// The allocation count: test-only global state.
std::atomic<uint64_t> g_allocations{0};
// Only the host thread's allocations are counted: the endpoint's writer
// thread allocates once when it starts (its poll list), at a moment the
// scheduler picks; that it never wakes per step is what writer_loops shows.
thread_local bool t_counting = false;
void CountAllocation() {
  if (t_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

#ifdef WOD_ATTACH_TEST_MALLOC_HOOKS
#include <sanitizer/allocator_interface.h>

namespace {

void CountMalloc(const volatile void*, size_t) { CountAllocation(); }
void IgnoreFree(const volatile void*) {}
const bool kHooksInstalled =
    __sanitizer_install_malloc_and_free_hooks(&CountMalloc, &IgnoreFree) != 0;

}  // namespace

#else

namespace {

void* CountedAlloc(std::size_t size) {
  CountAllocation();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* CountedAlignedAlloc(std::size_t size, std::align_val_t align) {
  CountAllocation();
  const std::size_t a = static_cast<std::size_t>(align);
  void* p = nullptr;
  if (posix_memalign(&p, a < sizeof(void*) ? sizeof(void*) : a,
                     size == 0 ? 1 : size) == 0) {
    return p;
  }
  throw std::bad_alloc();
}

const bool kHooksInstalled = true;

}  // namespace

void* operator new(std::size_t size) { return CountedAlloc(size); }
void* operator new[](std::size_t size) { return CountedAlloc(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  CountAllocation();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  CountAllocation();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return CountedAlignedAlloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return CountedAlignedAlloc(size, align);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

#endif  // WOD_ATTACH_TEST_MALLOC_HOOKS

namespace wod::attach {
namespace {

using testing::kWait;
using testing::TempDir;

// The calling thread's read/write syscall counts, read without allocating
// (one open, one read, one close: a fixed cost the test measures).
struct SyscallCounts {
  uint64_t syscr = 0;
  uint64_t syscw = 0;
  bool ok = false;
};
SyscallCounts ThreadSyscalls() {
  SyscallCounts counts;
  const int fd = open("/proc/thread-self/io", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return counts;
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return counts;
  buf[n] = '\0';
  const char* r = std::strstr(buf, "syscr: ");
  const char* w = std::strstr(buf, "syscw: ");
  if (r == nullptr || w == nullptr) return counts;
  counts.syscr = std::strtoull(r + 7, nullptr, 10);
  counts.syscw = std::strtoull(w + 7, nullptr, 10);
  counts.ok = true;
  return counts;
}

struct Measure {
  uint64_t allocations = 0;
  uint64_t syscr = 0;
  uint64_t syscw = 0;
  bool syscalls_known = false;
  std::string table;
};

constexpr char kScript[] =
    "20:00 AMRAP\n  5 Pullups\n  10 Pushups\n  15 Air Squats\n";
constexpr int kSteps = 2000;

// A sink that is attached but does nothing: the session's cost with a sink.
class QuietSink : public runtime::SessionSink {};

// Runs kSteps commands on a fresh session with `sink`; measures the loop.
Measure RunSession(runtime::SessionSink* sink) {
  Measure m;
  auto session = blocks::WorkoutSession::Create(kScript);
  EXPECT_TRUE(session.ok());
  if (!session.ok()) return m;
  (*session)->AttachSink(sink);
  std::vector<runtime::StepCommand> commands(kSteps);
  for (int i = 0; i < kSteps; ++i) {
    commands[static_cast<size_t>(i)].kind =
        i % 7 == 3 ? runtime::CommandKind::kNext : runtime::CommandKind::kTick;
    commands[static_cast<size_t>(i)].ms = 250;
  }
  std::vector<runtime::TraceStep> rows;
  rows.reserve(kSteps + 1);
  rows.push_back((*session)->Start());
  const SyscallCounts sys_before = ThreadSyscalls();
  const uint64_t allocs_before = g_allocations.load();
  t_counting = true;
  for (const runtime::StepCommand& command : commands) {
    rows.push_back((*session)->Apply(command));
  }
  t_counting = false;
  const uint64_t allocs_after = g_allocations.load();
  const SyscallCounts sys_after = ThreadSyscalls();
  m.allocations = allocs_after - allocs_before;
  m.syscalls_known = sys_before.ok && sys_after.ok;
  m.syscr = sys_after.syscr - sys_before.syscr;
  m.syscw = sys_after.syscw - sys_before.syscw;
  for (const runtime::TraceStep& row : rows) m.table += row.Row() + "\n";
  return m;
}

TEST(AttachSessionCountTest, NoDebuggerMeansNoAllocationAndNoSyscallPerStep) {
  ASSERT_TRUE(kHooksInstalled);
  QuietSink quiet;
  // A first session warms up what the process does once (the sanitizer
  // runtimes write their own bookkeeping on first use), so the two measured
  // runs differ only by the sink.
  (void)RunSession(&quiet);
  const Measure without = RunSession(&quiet);
  ASSERT_GT(without.allocations, 0u);  // the session itself allocates

  TempDir dir;
  auto publisher = SessionPublisher::Listen(dir.Address(), kScript, {});
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  const EndpointStats before = (*publisher)->endpoint().stats();
  const Measure with = RunSession(publisher->get());
  const EndpointStats after = (*publisher)->endpoint().stats();

  EXPECT_EQ(with.table, without.table);
  EXPECT_EQ(with.allocations, without.allocations)
      << "the endpoint allocated per step with no client connected";
  EXPECT_EQ(after.publications, before.publications);  // none was built
  EXPECT_EQ(after.wakeups, before.wakeups);
  EXPECT_EQ(after.writer_loops, before.writer_loops);
  if (with.syscalls_known && without.syscalls_known) {
    EXPECT_EQ(with.syscr, without.syscr);
    EXPECT_EQ(with.syscw, without.syscw);
  }
}

TEST(AttachSessionCountTest, WithADebuggerTheCountersSeeTheWork) {
  ASSERT_TRUE(kHooksInstalled);
  QuietSink quiet;
  const Measure without = RunSession(&quiet);
  TempDir dir;
  auto publisher = SessionPublisher::Listen(dir.Address(), kScript, {});
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE((*publisher)->WaitForClients(1, kWait).ok());
  const EndpointStats before = (*publisher)->endpoint().stats();
  const Measure with = RunSession(publisher->get());
  const EndpointStats after = (*publisher)->endpoint().stats();
  EXPECT_EQ(with.table, without.table);
  EXPECT_GT(with.allocations, without.allocations);
  EXPECT_EQ(after.publications - before.publications,
            static_cast<uint64_t>(kSteps) + 1);  // row 0 too
  EXPECT_GT(after.wakeups, before.wakeups);
}

}  // namespace
}  // namespace wod::attach
