#include "memory/snapshot_publisher.h"

#include <utility>

namespace wod::memory {

void SnapshotPublisher::Publish(
    std::shared_ptr<const MemorySnapshot> snapshot) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    latest_.swap(snapshot);
    ++publish_count_;
  }
  // `snapshot` now holds the previous one; it is released here, unlocked.
}

std::shared_ptr<const MemorySnapshot> SnapshotPublisher::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

uint64_t SnapshotPublisher::publish_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return publish_count_;
}

}  // namespace wod::memory
