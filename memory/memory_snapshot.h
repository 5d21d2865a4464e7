// MemorySnapshot: an immutable copy of every live reference of a
// RuntimeMemory at one version, plus Diff/Apply between snapshots.
//
// Capture is linear and dense (docs/spec/design.md §6): one fixed 32-byte
// SnapshotEntry per live ref (id, type id, owner, parent, and the value inline
// or as a pointer into the snapshot's own value arena), written in id order
// into a buffer that comes from a pool and is reused once no reader holds it.
// Children lists, hierarchy and text are derived on demand from the entries,
// never built at capture. The snapshot shares the memory's immutable type table
// and owner directory (copy-on-write chunks), so it can name types and owners
// after the memory changed or is gone, and it may be read from any thread
// (SnapshotPublisher).
//
//   std::shared_ptr<const MemorySnapshot> before = memory.Snapshot();
//   ... mutate ...
//   std::shared_ptr<const MemorySnapshot> after = memory.Snapshot();
//   SnapshotDelta delta = Diff(*before, *after);   // added/removed/changed
//   auto rebuilt = Apply(*before, delta);          // == *after
//   fmt::print("{}", after->ToText());             // one line per ref, by id
//
// History can therefore be keyframe snapshots plus deltas.

#ifndef WOD_MEMORY_MEMORY_SNAPSHOT_H_
#define WOD_MEMORY_MEMORY_SNAPSHOT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "memory/runtime_memory.h"
#include "memory/type_info.h"

namespace wod::memory {

// One live ref at capture time. 32 bytes: the owner index (22 bits) and the
// type id (10 bits) share one word.
struct SnapshotEntry {
  static constexpr uint32_t kOwnerBits = 22;
  static constexpr uint32_t kOwnerMask = (1u << kOwnerBits) - 1;
  static constexpr uint32_t kNoParent = 0xFFFFFFFFu;

  uint32_t index;
  uint32_t generation;
  uint32_t parent;      // parent's index (live in the same snapshot), or
                        // kNoParent
  uint32_t owner_type;  // owner index | type << kOwnerBits
  alignas(8) unsigned char value[16];  // inline value, or a pointer into the
                                       // snapshot's value arena

  [[nodiscard]] RefId id() const { return RefId{index, generation}; }
  [[nodiscard]] uint32_t owner_index() const { return owner_type & kOwnerMask; }
  [[nodiscard]] TypeId type() const {
    return static_cast<TypeId>(owner_type >> kOwnerBits);
  }
  [[nodiscard]] bool has_parent() const { return parent != kNoParent; }
};
static_assert(sizeof(SnapshotEntry) == 32);

namespace internal {
class SnapshotPool;
using OwnerDirectory = std::vector<std::shared_ptr<const OwnerChunk>>;

// Bump allocator for out-of-line value copies; blocks never move (objects
// such as std::string must not be relocated by memcpy).
class ValueArena {
 public:
  void* Allocate(size_t size, size_t alignment);
  void Reset();  // keeps the blocks for reuse
  [[nodiscard]] size_t capacity() const;

 private:
  static constexpr size_t kBlockSize = 64 * 1024;
  struct Block {
    std::unique_ptr<unsigned char[]> data;
    size_t size = 0;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;  // block being filled
  size_t used_ = 0;     // bytes used in blocks_[current_]
};
}  // namespace internal

struct SnapshotDelta;

class MemorySnapshot {
 public:
  MemorySnapshot();
  ~MemorySnapshot();
  MemorySnapshot(const MemorySnapshot&) = delete;
  MemorySnapshot& operator=(const MemorySnapshot&) = delete;

  // The memory version this snapshot copied (RuntimeMemory::version()).
  [[nodiscard]] uint64_t version() const { return version_; }
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Ordered by id (index).
  [[nodiscard]] absl::Span<const SnapshotEntry> entries() const {
    return absl::Span<const SnapshotEntry>(entries_.get(), size_);
  }

  // The entry for `id`, or nullptr. O(log n).
  [[nodiscard]] const SnapshotEntry* Find(RefId id) const;
  [[nodiscard]] bool Contains(RefId id) const { return Find(id) != nullptr; }

  // Resolution helpers.
  [[nodiscard]] RefId ParentOf(const SnapshotEntry& entry) const;
  [[nodiscard]] OwnerId OwnerOf(const SnapshotEntry& entry) const;
  [[nodiscard]] const TypeTable& types() const { return *types_; }
  [[nodiscard]] std::string_view TypeName(TypeId type) const;
  [[nodiscard]] const TypeInfo& TypeInfoOf(TypeId type) const {
    return (*types_)[type].info;
  }
  // Pointer to the entry's value (a live T of the entry's type).
  [[nodiscard]] const void* ValuePtr(const SnapshotEntry& entry) const;
  [[nodiscard]] std::string FormatValue(const SnapshotEntry& entry) const;
  [[nodiscard]] std::string SerializeValue(const SnapshotEntry& entry) const;
  // Typed read. Errors: NotFound, InvalidArgument (not a T).
  template <typename T>
  [[nodiscard]] absl::StatusOr<T> Get(RefId id) const;

  // Owner metadata as it was at capture (live and retired owners), built on
  // demand from the compact owner table (docs/spec/design.md §2, "Owners");
  // empty if the index names no owner.
  [[nodiscard]] std::optional<OwnerRecord> Owner(uint32_t owner_index) const;
  [[nodiscard]] std::optional<OwnerRecord> Owner(OwnerId owner) const;
  // All owner records (live and retired), by index.
  [[nodiscard]] std::vector<OwnerRecord> Owners() const;
  // The owner records (free slots included, as kFree) that differ from
  // `older` (a snapshot of the same memory; nullptr = none): created,
  // updated, retired or forgotten since. The owner directory is copied on
  // write in chunks, so chunks shared with `older` are skipped by pointer:
  // the cost follows what changed, not how many owners history holds.
  [[nodiscard]] std::vector<OwnerRecord> OwnersChangedSince(
      const MemorySnapshot* older) const;

  // Derived queries, O(n) (or O(n log n) for Hierarchy); ordered by id.
  [[nodiscard]] std::vector<RefId> ByType(TypeId type) const;
  [[nodiscard]] std::vector<RefId> ByOwner(OwnerId owner) const;
  [[nodiscard]] std::vector<RefId> Children(RefId id) const;
  [[nodiscard]] std::vector<HierarchyRow> Hierarchy() const;
  [[nodiscard]] UsageStats CountByType(TypeId type) const;
  [[nodiscard]] UsageStats CountByOwner(OwnerId owner) const;

  // Deterministic text: a header line, then one line per ref in id order:
  //   #<index>.<gen> <type> owner=o<i>.<g>(<kind>:<label>) parent=#..|- =
  //   <value>
  [[nodiscard]] std::string ToText() const;
  [[nodiscard]] std::string EntryText(const SnapshotEntry& entry) const;
  // Deterministic JSON: {"version", "owners": [...], "refs": [...]}, refs in
  // id order with the serialized value as a string.
  [[nodiscard]] std::string ToJson() const;

 private:
  friend class RuntimeMemory;
  friend class SnapshotAssembler;
  friend class internal::SnapshotPool;
  friend SnapshotDelta Diff(const MemorySnapshot& a, const MemorySnapshot& b);
  friend absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Apply(
      const MemorySnapshot& a, const SnapshotDelta& delta);

  // Makes room for n entries (keeps capacity).
  SnapshotEntry* Reserve(size_t n);
  // Copies a value of `info` into the arena; returns the copy.
  void* CopyOut(const TypeInfo& info, const void* value);
  // Destroys arena copies and drops shared tables (buffer kept).
  void Clear();
  bool IsBoxed(TypeId type) const {
    return !(*types_)[type].info.stored_inline();
  }
  // The chunk holding owner `owner_index`'s record, or nullptr when the
  // index names no owner (out of range or free).
  [[nodiscard]] const internal::OwnerChunk* OwnerChunkOf(
      uint32_t owner_index) const;
  // Owner `owner_index`'s id without building its strings; null if none.
  [[nodiscard]] OwnerId OwnerIdAt(uint32_t owner_index) const;

  uint64_t version_ = 0;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::unique_ptr<SnapshotEntry[]> entries_;
  internal::ValueArena arena_;
  bool has_boxed_ = false;
  std::shared_ptr<const TypeTable> types_;
  std::shared_ptr<const internal::OwnerDirectory> owners_;
};

// What changed between two snapshots of one memory. `patch` holds the
// entries (with value copies) of `added` and `changed` as they are in the
// newer snapshot, plus its owner directory and type table, so the delta
// stays usable after both snapshots are gone.
struct SnapshotDelta {
  uint64_t from_version = 0;
  uint64_t to_version = 0;
  std::vector<RefId> removed;  // by id
  std::vector<RefId> added;    // by id
  std::vector<RefId> changed;  // by id; same ref, value differs (TypeInfo
                               // equality)
  std::shared_ptr<const MemorySnapshot> patch;

  [[nodiscard]] bool empty() const {
    return removed.empty() && added.empty() && changed.empty();
  }
};

// O(|a| + |b|) merge by id.
SnapshotDelta Diff(const MemorySnapshot& a, const MemorySnapshot& b);
// Rebuilds the newer snapshot from the older one and their delta.
// Errors: FailedPrecondition (delta.from_version != a.version()),
// InvalidArgument (a removed or changed id is not in `a`, or an added one
// already is).
absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Apply(
    const MemorySnapshot& a, const SnapshotDelta& delta);

namespace internal {

// Recycles snapshot buffers. Shared by the memory and by every snapshot it
// handed out (through their deleters), so either may go first; the mutex
// makes it safe to drop a snapshot on a reader thread.
class SnapshotPool : public std::enable_shared_from_this<SnapshotPool> {
 public:
  static constexpr size_t kMaxPooled = 4;
  std::shared_ptr<MemorySnapshot> Acquire();
  [[nodiscard]] size_t pooled() const;

 private:
  void Recycle(MemorySnapshot* snapshot);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<MemorySnapshot>> free_;
};

}  // namespace internal

template <typename T>
absl::StatusOr<T> MemorySnapshot::Get(RefId id) const {
  const SnapshotEntry* entry = Find(id);
  if (entry == nullptr) {
    return absl::NotFoundError(
        fmt::format("ref {} is not in the snapshot", ToString(id)));
  }
  if (!TypeInfoOf(entry->type()).template Is<T>()) {
    return internal::WrongTypeError(ToString(id), TypeInfoOf(entry->type()),
                                    CppTypeName<T>());
  }
  return *static_cast<const T*>(ValuePtr(*entry));
}

}  // namespace wod::memory

#endif  // WOD_MEMORY_MEMORY_SNAPSHOT_H_
