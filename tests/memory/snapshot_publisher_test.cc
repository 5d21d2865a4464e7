// SnapshotPublisher with one writer and several readers (runs under TSan;
// ctest label "threaded").

#include "memory/snapshot_publisher.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "memory/runtime_memory.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

double TestScale() {
  const char* env = std::getenv("WOD_TEST_SCALE");
  const double scale = env == nullptr ? 1.0 : std::strtod(env, nullptr);
  return scale > 0 ? scale : 1.0;
}

TEST(SnapshotPublisher, LatestIsNullUntilPublished) {
  SnapshotPublisher publisher;
  EXPECT_EQ(publisher.Latest(), nullptr);
  EXPECT_EQ(publisher.publish_count(), 0u);
  RuntimeMemory memory;
  publisher.Publish(memory.Snapshot());
  ASSERT_NE(publisher.Latest(), nullptr);
  EXPECT_EQ(publisher.publish_count(), 1u);
  publisher.Publish(nullptr);
  EXPECT_EQ(publisher.Latest(), nullptr);
}

TEST(SnapshotPublisher, ReadersSeeConsistentSnapshotsWhileTheWriterRuns) {
  // The writer keeps every value equal to the step number and publishes
  // after each step; a reader must never see a snapshot whose values
  // disagree with each other, and versions must never go backwards.
  RuntimeMemory memory;
  const test::Tags tags = test::RegisterTags(memory);
  const OwnerId owner = *memory.CreateOwner({"Timer", "t"});
  std::vector<MemoryRef<int64_t>> metrics;
  std::vector<MemoryRef<std::string>> labels;
  for (int i = 0; i < 32; ++i) {
    metrics.push_back(*memory.Allocate(tags.metric, int64_t{0}, owner));
    labels.push_back(*memory.Allocate(tags.label, std::string("0"), owner));
  }
  SnapshotPublisher publisher;
  publisher.Publish(memory.Snapshot());
  const int steps = std::max(50, static_cast<int>(2000 * TestScale()));
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::atomic<int64_t> reads{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      uint64_t last_version = 0;
      bool counted = false;
      while (!done.load(std::memory_order_acquire)) {
        std::shared_ptr<const MemorySnapshot> snap = publisher.Latest();
        if (snap == nullptr) continue;
        if (snap->version() < last_version) bad.fetch_add(1);
        last_version = snap->version();
        if (snap->size() != 64) bad.fetch_add(1);
        int64_t step = -1;
        for (const SnapshotEntry& e : snap->entries()) {
          const std::string text = snap->FormatValue(e);
          const std::string value =
              text.front() == '"' ? text.substr(1, text.size() - 2) : text;
          const int64_t v = std::stoll(value);
          if (step == -1) step = v;
          if (v != step) bad.fetch_add(1);
        }
        reads.fetch_add(1);
        if (!counted) {
          counted = true;
          ready.fetch_add(1);
        }
      }
    });
  }
  // Start writing once every reader is reading, and every few steps let
  // the readers make progress, so reads really overlap the writes.
  while (ready.load() < 3) std::this_thread::yield();
  for (int step = 1; step <= steps; ++step) {
    if (step % 10 == 0) {
      const int64_t seen = reads.load();
      while (reads.load() == seen) std::this_thread::yield();
    }
    for (auto& m : metrics) ASSERT_TRUE(m.Set(step).ok());
    for (auto& l : labels) ASSERT_TRUE(l.Set(std::to_string(step)).ok());
    publisher.Publish(memory.Snapshot());
  }
  done.store(true, std::memory_order_release);
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(publisher.publish_count(), static_cast<uint64_t>(steps) + 1);
  EXPECT_EQ(*publisher.Latest()->Get<int64_t>(metrics[0].id()), steps);
}

TEST(SnapshotPublisher, SnapshotsDroppedOnReaderThreadsOutliveTheMemory) {
  SnapshotPublisher publisher;
  std::shared_ptr<const MemorySnapshot> held;
  {
    RuntimeMemory memory;
    const test::Tags tags = test::RegisterTags(memory);
    const OwnerId owner = *memory.CreateOwner({});
    ASSERT_TRUE(memory.Allocate(tags.label, std::string(100, 'x'), owner).ok());
    publisher.Publish(memory.Snapshot());
    std::thread reader([&] { held = publisher.Latest(); });
    reader.join();
  }
  publisher.Publish(nullptr);
  std::thread dropper([&] { held.reset(); });  // returns the buffer to the
  dropper.join();                              // pool after the memory died
  EXPECT_EQ(held, nullptr);
}

TEST(Publisher, AQueueHandsEveryValueToTheReaderInOrder) {
  Publisher<int> queue(Publisher<int>::kQueue);
  const int steps = static_cast<int>(2000 * TestScale());
  std::thread writer([&] {
    for (int i = 0; i < steps; ++i) {
      queue.Publish(i == steps / 2 ? nullptr : std::make_shared<const int>(i));
    }
  });
  std::vector<std::shared_ptr<const int>> seen;
  // Drains while the writer runs, then once more after it finished.
  while (queue.publish_count() < static_cast<uint64_t>(steps)) {
    for (auto& v : queue.Drain()) seen.push_back(std::move(v));
  }
  writer.join();
  for (auto& v : queue.Drain()) seen.push_back(std::move(v));
  ASSERT_EQ(seen.size(), static_cast<size_t>(steps));
  for (int i = 0; i < steps; ++i) {
    if (i == steps / 2) {
      EXPECT_EQ(seen[static_cast<size_t>(i)], nullptr);
    } else {
      ASSERT_NE(seen[static_cast<size_t>(i)], nullptr);
      EXPECT_EQ(*seen[static_cast<size_t>(i)], i);
    }
  }
  EXPECT_EQ(*queue.Latest(), steps - 1);
}

TEST(Publisher, LatestOnlyQueuesNothing) {
  SnapshotPublisher publisher;
  RuntimeMemory memory;
  publisher.Publish(memory.Snapshot());
  EXPECT_TRUE(publisher.Drain().empty());
  EXPECT_NE(publisher.Latest(), nullptr);
}

}  // namespace
}  // namespace wod::memory
