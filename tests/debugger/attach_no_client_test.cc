// With no client connected, Publish makes no allocation and no syscall per
// call (docs/attach.md "Cost"). This binary replaces the global operator new
// with a counting one (allowed in a test binary, nowhere else); under a
// sanitizer, which owns operator new, it counts through the sanitizer's
// malloc hook instead.
//
// What the test asserts over 10,000 Publish calls (deltas and keyframes):
// - operator new ran 0 times (in any thread);
// - the endpoint never signalled its writer (stats().wakeups unchanged: the
//   eventfd write is the only syscall in Publish's code), and the writer
//   thread never woke up (stats().writer_loops unchanged): it stayed parked
//   in poll(), so no futex wake reached it either;
// - the host thread's read/write syscall counters (/proc/thread-self/io
//   syscr, syscw) moved by exactly what reading that file costs, measured
//   the same way with no Publish in between.
// The same measurement with one client connected sees allocations, wakeups
// and write syscalls, so the counters are shown to catch what they look for.
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
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "gtest/gtest.h"

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

}  // namespace

#ifdef WOD_ATTACH_TEST_MALLOC_HOOKS
#include <sanitizer/allocator_interface.h>

namespace {

void CountMalloc(const volatile void*, size_t) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
}
void IgnoreFree(const volatile void*) {}
const bool kHooksInstalled =
    __sanitizer_install_malloc_and_free_hooks(&CountMalloc, &IgnoreFree) != 0;

}  // namespace

#else

namespace {

void* CountedAlloc(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* CountedAlignedAlloc(std::size_t size, std::align_val_t align) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
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
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
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
using testing::Numbered;
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
  uint64_t wakeups = 0;
  uint64_t writer_loops = 0;
  uint64_t syscr = 0;
  uint64_t syscw = 0;
  bool syscalls_known = false;
};

// Publishes `pubs` (built beforehand) and measures around the calls only.
Measure PublishAll(PublicationEndpoint& endpoint,
                   std::vector<Publication>& pubs) {
  const EndpointStats before = endpoint.stats();
  const SyscallCounts sys_before = ThreadSyscalls();
  const uint64_t allocs_before = g_allocations.load();
  for (Publication& p : pubs) endpoint.Publish(std::move(p));
  const uint64_t allocs_after = g_allocations.load();
  const SyscallCounts sys_after = ThreadSyscalls();
  const EndpointStats after = endpoint.stats();
  Measure m;
  m.allocations = allocs_after - allocs_before;
  m.wakeups = after.wakeups - before.wakeups;
  m.writer_loops = after.writer_loops - before.writer_loops;
  m.syscalls_known = sys_before.ok && sys_after.ok;
  m.syscr = sys_after.syscr - sys_before.syscr;
  m.syscw = sys_after.syscw - sys_before.syscw;
  return m;
}

std::vector<Publication> Build(int64_t from, int64_t count) {
  std::vector<Publication> pubs;
  pubs.reserve(static_cast<size_t>(count));
  for (int64_t seq = from; seq < from + count; ++seq) {
    pubs.push_back(Numbered(seq, seq % 100 == 0, 200));
  }
  return pubs;
}

TEST(AttachNoClientTest, PublishMakesNoAllocationAndNoSyscall) {
  ASSERT_TRUE(kHooksInstalled);
  TempDir dir;
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  (*endpoint)->SetHeader(R"({"header":1})");

  // The cost of measuring itself: the same reads with nothing in between.
  std::vector<Publication> none;
  const Measure baseline = PublishAll(**endpoint, none);

  std::vector<Publication> pubs = Build(0, 10'000);
  const Measure m = PublishAll(**endpoint, pubs);
  EXPECT_EQ(m.allocations, 0u);
  EXPECT_EQ(m.wakeups, 0u);
  EXPECT_EQ(m.writer_loops, 0u);
  if (m.syscalls_known) {
    EXPECT_EQ(m.syscr, baseline.syscr);
    EXPECT_EQ(m.syscw, baseline.syscw);
  }
  EXPECT_EQ((*endpoint)->stats().publications, 10'000u);

  // The keyframe kept on the fast path reaches a client that connects now.
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE((*endpoint)->WaitForClients(1, kWait).ok());
  ASSERT_TRUE((*endpoint)->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(testing::ReadToEnd(**reader, &stream).ok());
  ASSERT_EQ(stream.size(), 4u);  // header, K9900, gap of 99, end
  EXPECT_EQ(stream[1].line, Numbered(9'900, true, 200).line);
  EXPECT_EQ(stream[2].kind, ReadResult::kGap);
  EXPECT_EQ(stream[2].dropped, 99u);
}

// The counters are not blind: with a client connected, Publish allocates
// (the shared line) and signals the writer with a write(2).
TEST(AttachNoClientTest, WithAClientTheCountersSeeTheWork) {
  TempDir dir;
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE((*endpoint)->WaitForClients(1, kWait).ok());
  std::vector<Publication> none;
  const Measure baseline = PublishAll(**endpoint, none);
  std::vector<Publication> pubs = Build(0, 100);
  const Measure m = PublishAll(**endpoint, pubs);
  EXPECT_GE(m.allocations, 100u);
  EXPECT_GT(m.wakeups, 0u);
  if (m.syscalls_known) {
    EXPECT_GT(m.syscw, baseline.syscw);
  }
}

}  // namespace
}  // namespace wod::attach
