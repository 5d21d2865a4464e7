// SnapshotPublisher: hands the latest MemorySnapshot from the runtime's
// thread to reader threads (the debugger UI). Publisher<T> is the same
// handoff for any immutable value shared by pointer — the debugger hands
// each step's publication (runtime/publication.h) to its UI thread with it
// — and can also queue every value, for a reader that keeps history.
//
// The producer thread publishes; any thread reads. The pointer is swapped
// under a std::mutex: std::atomic<std::shared_ptr> is reported as a race by
// g++'s TSan and absl::Mutex is invisible to TSan with Debian's libabsl;
// a publish costs tens of ns, nothing at step rate. The previous value is
// dropped outside the lock, so recycling a snapshot's buffer never blocks
// readers.
//
//   SnapshotPublisher publisher;
//   publisher.Publish(memory.Snapshot());          // runtime thread
//   auto latest = publisher.Latest();              // UI thread
//   if (latest != nullptr) Draw(*latest);
//
//   Publisher<Step> steps(Publisher<Step>::kQueue);
//   steps.Publish(std::make_shared<const Step>(s));  // producer thread
//   for (auto& s : steps.Drain()) history.Add(*s);   // reader: every one

#ifndef WOD_MEMORY_SNAPSHOT_PUBLISHER_H_
#define WOD_MEMORY_SNAPSHOT_PUBLISHER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "memory/memory_snapshot.h"

namespace wod::memory {

template <typename T>
class Publisher {
 public:
  using Ptr = std::shared_ptr<const T>;
  enum Mode { kLatestOnly, kQueue };

  explicit Publisher(Mode mode = kLatestOnly) : mode_(mode) {}
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Replaces the published value (nullptr clears it; a queue passes the
  // null on, for a history reader it means "start again").
  void Publish(Ptr value) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (mode_ == kQueue) queue_.push_back(value);
      latest_.swap(value);
      ++publish_count_;
    }
    // `value` now holds the previous one; it is released here, unlocked.
  }
  // The latest published value, or nullptr. The caller's copy keeps it
  // alive for as long as it needs.
  [[nodiscard]] Ptr Latest() const {
    std::lock_guard<std::mutex> lock(mu_);
    return latest_;
  }
  // kQueue: every value published since the previous call, oldest first.
  // kLatestOnly: empty.
  [[nodiscard]] std::vector<Ptr> Drain() {
    std::vector<Ptr> out;
    std::lock_guard<std::mutex> lock(mu_);
    out.swap(queue_);
    return out;
  }
  // How many times Publish was called.
  [[nodiscard]] uint64_t publish_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return publish_count_;
  }

 private:
  const Mode mode_;
  mutable std::mutex mu_;
  Ptr latest_;
  std::vector<Ptr> queue_;
  uint64_t publish_count_ = 0;
};

class SnapshotPublisher : public Publisher<MemorySnapshot> {
 public:
  SnapshotPublisher() = default;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_SNAPSHOT_PUBLISHER_H_
