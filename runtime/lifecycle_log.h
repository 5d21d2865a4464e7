// LifecycleLog: a bounded ring buffer of what the runtime did
// (docs/spec/design.md §3: push, pop with reason, mount, next, unmount,
// allocate, set, release, event handled; default 500 entries).
//
// It is a data stream for tools and the debugger, never printed
// (docs/spec/design.md §8.7). When full, the oldest entry is overwritten;
// `dropped()` counts them.
//
//   LifecycleLog log(500);
//   log.Append(LifecycleKind::kPush, t, key, "5:00 Run");
//   for (const LifecycleEntry& e : log.Entries()) { ... }  // oldest first
#ifndef WOD_RUNTIME_LIFECYCLE_LOG_H_
#define WOD_RUNTIME_LIFECYCLE_LOG_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/enum_table.h"
#include "memory/ref_id.h"

namespace wod::runtime {

enum class LifecycleKind {
  kPush = 0,
  kPop,
  kMount,
  kNext,
  kUnmount,
  kAllocate,
  kSet,
  kRelease,
  kEventHandled,
  kCount,
};

inline constexpr base::EnumTable<LifecycleKind> kLifecycleKindNames = {
    "push",     "pop", "mount",   "next", "unmount",
    "allocate", "set", "release", "event"};

static_assert(base::NoneEmpty(kLifecycleKindNames),
              "every LifecycleKind needs its name");

[[nodiscard]] constexpr std::string_view LifecycleKindName(LifecycleKind k) {
  return base::EnumTableAt(kLifecycleKindNames, k);
}

struct LifecycleEntry {
  LifecycleKind kind = LifecycleKind::kPush;
  int64_t t_ms = 0;
  memory::OwnerId owner;  // null for runtime-level entries
  std::string detail;     // label, reason, event name, tag, ...
  // `owner` as text ("o3.1"); filled by Entries(), not stored, so appending
  // costs no formatting on the hot path.
  std::string block_key;
};

class LifecycleLog {
 public:
  static constexpr size_t kDefaultCapacity = 500;

  explicit LifecycleLog(size_t capacity = kDefaultCapacity);

  // Overwrites the oldest slot in place (its string capacity is reused).
  void Append(LifecycleKind kind, int64_t t_ms, memory::OwnerId owner,
              std::string_view detail);
  // Oldest first. O(size).
  [[nodiscard]] std::vector<LifecycleEntry> Entries() const;
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] size_t capacity() const { return ring_.size(); }
  // Entries overwritten because the buffer was full.
  [[nodiscard]] uint64_t dropped() const { return dropped_; }

 private:
  std::vector<LifecycleEntry> ring_;
  size_t head_ = 0;  // next write position
  size_t size_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_LIFECYCLE_LOG_H_
