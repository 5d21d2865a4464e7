// SnapshotPublisher: hands the latest MemorySnapshot from the runtime's
// thread to reader threads (the debugger UI).
//
// The runtime thread publishes; any thread reads. The pointer is swapped
// under a std::mutex: std::atomic<std::shared_ptr> is reported as a race by
// g++'s TSan and absl::Mutex is invisible to TSan with Debian's libabsl;
// a publish costs tens of ns, nothing at step rate. The previous snapshot is
// dropped outside the lock, so recycling its buffer never blocks readers.
//
//   SnapshotPublisher publisher;
//   publisher.Publish(memory.Snapshot());          // runtime thread
//   auto latest = publisher.Latest();              // UI thread
//   if (latest != nullptr) Draw(*latest);

#ifndef WOD_MEMORY_SNAPSHOT_PUBLISHER_H_
#define WOD_MEMORY_SNAPSHOT_PUBLISHER_H_

#include <cstdint>
#include <memory>
#include <mutex>

#include "memory/memory_snapshot.h"

namespace wod::memory {

class SnapshotPublisher {
 public:
  SnapshotPublisher() = default;
  SnapshotPublisher(const SnapshotPublisher&) = delete;
  SnapshotPublisher& operator=(const SnapshotPublisher&) = delete;

  // Replaces the published snapshot (nullptr clears it).
  void Publish(std::shared_ptr<const MemorySnapshot> snapshot);
  // The latest published snapshot, or nullptr. The caller's copy keeps it
  // alive for as long as it needs.
  [[nodiscard]] std::shared_ptr<const MemorySnapshot> Latest() const;
  // How many times Publish was called.
  [[nodiscard]] uint64_t publish_count() const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const MemorySnapshot> latest_;
  uint64_t publish_count_ = 0;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_SNAPSHOT_PUBLISHER_H_
