// RuntimeMemory: the owner-tagged, typed, parent/child store that holds every
// piece of runtime state (the seed's IRuntimeMemory), and MemoryRef<T>, a
// typed handle to one reference in it (the seed's IMemoryReference).
//
// docs/spec/design.md §2 is the specification; in short:
//  - A reference is named by a generational RefId; using a released id is
//    detected in O(1): IsValid() is false, Get() returns NotFound, Set()
//    returns FailedPrecondition. Never UB, never a crash, never a leak.
//  - Every reference has exactly one owner (OwnerId, a block's key). Children
//    (CreateChild) are always owned by their parent's owner. Release(id)
//    releases the whole subtree; ReleaseOwner(owner) releases everything the
//    owner holds in O(refs owned).
//  - Values of any copyable type, described once by a TypeInfo registered
//    under a tag name in this memory's own TypeRegistry.
//  - Queries (ByOwner, ByType, All, Children, Hierarchy) are O(result) (plus
//    a sort of the result, or a bitmap scan for ByType) and ordered by id.
//  - Snapshot() copies into a pooled buffer; see memory_snapshot.h.
//  - Watches (a ref, a type or an owner) run after the mutation, in
//    registration order; mutations from inside a callback are refused with
//    FailedPrecondition; BeginBatch/EndBatch coalesce one turn's changes.
//  - One optional MutationObserver (e.g. MutationJournal) sees every
//    mutation; detached it costs one predictable branch.
//
// Usage:
//
//   RuntimeMemory memory;
//   WOD_ASSIGN_OR_RETURN(auto timer_tag,
//                        memory.RegisterType<TimerValue>("timer-state", ops));
//   WOD_ASSIGN_OR_RETURN(OwnerId block, memory.CreateOwner({"Timer",
//   "20:00"})); WOD_ASSIGN_OR_RETURN(auto timer, memory.Allocate(timer_tag, {0,
//   1200, 0},
//                                                    block));
//   WOD_RETURN_IF_ERROR(timer.Set({1, 1200, 1000}));
//   WOD_ASSIGN_OR_RETURN(TimerValue v, timer.Get());
//   memory.ReleaseOwner(block);          // timer.IsValid() is now false
//
// Fastest path (what the benchmarks should call):
//  - Keep the TypeTag<T> and the MemoryRef<T>; MemoryRef::Get/Set/IsValid and
//    RuntimeMemory::Allocate/IsValid are inline and touch one 4-byte
//    generation plus one 32-byte hot record. Values that are trivially
//    copyable, <= 16 bytes and <= 8-aligned are stored inline (no heap).
//  - MemoryRef::Peek() returns a pointer without building a StatusOr.
//  - With no watch, no batch and no observer attached, Set and Allocate take
//    the fast path (one test of `slow_flags_`). Compiled with
//    WOD_MEMORY_NO_OBSERVER_HOOK (memory and all its users), MemoryRef::Set
//    skips that test, so no watch, batch or observer sees it: a build for
//    measuring what the hook costs (memory_bench_nohook), never a product
//    build.
//  - Snapshot(): drop the previous snapshot before taking the next one so its
//    buffer is reused (the pool keeps a few buffers).
//
// Layout and invariants of the slot table behind it:
// memory/internal/slot_table.h.
//
// Threads: a RuntimeMemory belongs to one thread. Other threads read
// snapshots published through SnapshotPublisher, never the live memory.

#ifndef WOD_MEMORY_RUNTIME_MEMORY_H_
#define WOD_MEMORY_RUNTIME_MEMORY_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "memory/internal/slot_table.h"
#include "memory/mutation_observer.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "memory/type_info.h"

namespace wod::memory {

class MemorySnapshot;
class RuntimeMemory;
namespace internal {
class InvariantChecker;
class SnapshotPool;
}  // namespace internal

// Limits of one RuntimeMemory. The defaults are the real limits; tests lower
// them to reach exhaustion and generation overflow quickly.
struct MemoryOptions {
  // Slots (refs) that may ever exist; Allocate returns ResourceExhausted
  // when no free slot is left. At most 2^32 - 8.
  uint32_t max_slots = 0xFFFFFFF8u;
  // A slot released at this generation is retired instead of reused.
  // Between 1 and 2^31 - 1 (the top bit marks free slots).
  uint32_t max_generation = 0x7FFFFFFFu;
  // Owner slots that may exist at once (live + retired); at most 2^22
  // (snapshot entries keep the owner index in 22 bits).
  uint32_t max_owners = 1u << 22;
};

// What a change notification reports about one ref. In a batch, several
// changes of one ref are merged (kinds OR-ed).
enum class ChangeKind : uint8_t {
  kAllocated = 1,
  kChanged = 2,
  kReleased = 4,
};

struct MemoryChange {
  RefId id;
  OwnerId owner;
  TypeId type = kInvalidTypeId;
  uint8_t kinds = 0;  // ChangeKind bits

  [[nodiscard]] bool Has(ChangeKind kind) const {
    return (kinds & static_cast<uint8_t>(kind)) != 0;
  }
};

// Called with the changes that match the watch, in the order they happened
// (first change of each ref). May read anything; mutations are refused.
using WatchCallback =
    std::function<void(const RuntimeMemory&, absl::Span<const MemoryChange>)>;

enum class WatchId : uint64_t {};

// Live count and heap bytes (boxes of out-of-line values plus what the
// values own, per TypeInfo::HeapBytes).
struct UsageStats {
  size_t live_refs = 0;
  size_t heap_bytes = 0;
  friend bool operator==(const UsageStats&, const UsageStats&) = default;
};

// Describes one live ref.
struct RefInfo {
  RefId id;
  TypeId type = kInvalidTypeId;
  OwnerId owner;
  RefId parent;  // null for a root
};

// One row of the hierarchy, in depth-first pre-order: owners by index, then
// each owner's roots by id, each followed by its children by id.
struct HierarchyRow {
  OwnerId owner;
  RefId id;
  RefId parent;
  uint32_t depth = 0;  // 0 for roots
  friend bool operator==(const HierarchyRow&, const HierarchyRow&) = default;
};

// A typed handle to one reference. Cheap to copy (an id and a pointer); does
// not keep the memory alive: the RuntimeMemory must outlive its refs' use.
template <typename T>
class MemoryRef {
 public:
  MemoryRef() = default;  // the null ref: invalid, every access fails

  [[nodiscard]] RefId id() const { return id_; }
  [[nodiscard]] RuntimeMemory* memory() const { return memory_; }
  // IsValid, Get, Peek and Set are always inlined: as calls they return
  // their result through memory (absl::Status has a destructor) and copy
  // the handle to the stack, which doubled the cost of a Set.
  [[nodiscard]] ABSL_ATTRIBUTE_ALWAYS_INLINE bool IsValid() const;

  // The current value. Errors: NotFound (released or null ref).
  [[nodiscard]] ABSL_ATTRIBUTE_ALWAYS_INLINE absl::StatusOr<T> Get() const;
  // Pointer to the current value, or nullptr if released. Valid until the
  // next mutation of this memory.
  [[nodiscard]] ABSL_ATTRIBUTE_ALWAYS_INLINE const T* Peek() const;
  // Replaces the value. Errors: FailedPrecondition (released or null ref, or
  // called from inside a watch callback).
  ABSL_ATTRIBUTE_ALWAYS_INLINE absl::Status Set(T value);
  // Allocates a child owned by this ref's owner.
  // Errors: FailedPrecondition (this ref released), as Allocate otherwise.
  template <typename U>
  absl::StatusOr<MemoryRef<U>> CreateChild(TypeTag<U> type, U initial) const;
  // Releases this ref and its subtree; returns how many refs went.
  absl::StatusOr<size_t> Release() const;

  friend bool operator==(const MemoryRef& a, const MemoryRef& b) {
    return a.id_ == b.id_ && a.memory_ == b.memory_;
  }

 private:
  friend class RuntimeMemory;
  MemoryRef(RefId id, RuntimeMemory* memory) : id_(id), memory_(memory) {}

  RefId id_;
  RuntimeMemory* memory_ = nullptr;
};

// The slot table (memory/internal/slot_table.h) is a private base: its
// accessors read as members here and stay inline.
class RuntimeMemory : private internal::SlotTable {
 public:
  explicit RuntimeMemory(MemoryOptions options = {});
  ~RuntimeMemory();
  // MemoryRefs point at their memory, so it never moves.
  RuntimeMemory(const RuntimeMemory&) = delete;
  RuntimeMemory& operator=(const RuntimeMemory&) = delete;

  // ---- Types --------------------------------------------------------------

  // Registers a memory type `name` with value type T (see TypeRegistry::
  // Register for errors). The second form describes T as TypeInfo::Of<T>(
  // name, ops).
  template <typename T>
  absl::StatusOr<TypeTag<T>> RegisterType(std::string name, TypeInfo info);
  template <typename T>
  absl::StatusOr<TypeTag<T>> RegisterType(std::string name,
                                          TypeOps<T> ops = {}) {
    TypeInfo info = TypeInfo::Of<T>(name, ops);
    return RegisterType<T>(std::move(name), std::move(info));
  }
  [[nodiscard]] const TypeRegistry& types() const { return types_; }

  // ---- Owners -------------------------------------------------------------

  // Creates a live owner. Errors: ResourceExhausted (max_owners owner slots
  // in use, live or retired), FailedPrecondition (inside a callback).
  absl::StatusOr<OwnerId> CreateOwner(OwnerInfo info = {});
  [[nodiscard]] bool IsOwnerLive(OwnerId owner) const;
  // The owner's record, also for retired owners.
  // Errors: NotFound (never existed or forgotten).
  [[nodiscard]] absl::StatusOr<OwnerRecord> GetOwner(OwnerId owner) const;
  // Replaces the metadata of a live or retired owner. Errors: NotFound,
  // FailedPrecondition (inside a callback).
  absl::Status UpdateOwnerInfo(OwnerId owner, OwnerInfo info);
  // Releases everything the owner holds, in O(refs owned); the owner stays
  // live. Returns the number of refs released (0 for an owner that holds
  // nothing). Errors: NotFound (not a live owner), FailedPrecondition
  // (inside a callback).
  absl::StatusOr<size_t> ReleaseOwner(OwnerId owner);
  // ReleaseOwner, then marks the owner retired (it can hold nothing more)
  // and records `released_step`. Its metadata stays for history.
  absl::StatusOr<size_t> RetireOwner(OwnerId owner, int64_t released_step);
  // Drops a retired owner's metadata and recycles its slot (the next owner
  // there gets a new generation). Errors: NotFound, FailedPrecondition (owner
  // is live, or inside a callback).
  absl::Status ForgetOwner(OwnerId owner);
  // Live owners, by index.
  [[nodiscard]] std::vector<OwnerId> LiveOwners() const;
  [[nodiscard]] UsageStats OwnerUsage(OwnerId owner) const;

  // ---- References ---------------------------------------------------------

  // Allocates a root ref of `type` owned by `owner`.
  // Errors: ResourceExhausted (no slot left: the only capacity failure),
  // NotFound (owner is not live), InvalidArgument (tag of another memory),
  // FailedPrecondition (inside a callback).
  template <typename T>
  absl::StatusOr<MemoryRef<T>> Allocate(TypeTag<T> type, T initial,
                                        OwnerId owner);
  // Allocates a child of `parent`, owned by the parent's owner.
  // Errors: FailedPrecondition (parent released), as Allocate otherwise.
  template <typename T>
  absl::StatusOr<MemoryRef<T>> AllocateChild(TypeTag<T> type, T initial,
                                             RefId parent);

  [[nodiscard]] bool IsValid(RefId id) const {
    // The chunk table is read before the bounds test, unconditionally, so a
    // loop of checks loads it once (g++ does not hoist a load that only a
    // taken branch reaches).
    internal::Chunk* const* const chunks = chunks_.data();
    if (id.index >= slot_limit_) return false;
    // A slot's word is never 0 (free words carry kFreeBit, live ones a
    // generation >= 1), so "equal and without the free bit" is "live with
    // this generation": the null id and forged ids with the free bit never
    // match. One branch-free test instead of two more branches.
    const uint32_t word = chunks[id.index >> internal::kChunkShift]
                              ->gen[id.index & internal::kChunkMask];
    return ((word ^ id.generation) | (word & internal::kFreeBit)) == 0;
  }
  // A typed handle for an untyped id. Errors: NotFound (released),
  // InvalidArgument (the ref's value type is not T).
  template <typename T>
  [[nodiscard]] absl::StatusOr<MemoryRef<T>> Typed(RefId id);
  // Typed read/write through an untyped id; same errors as Typed plus those
  // of MemoryRef::Get/Set.
  template <typename T>
  [[nodiscard]] absl::StatusOr<T> Get(RefId id) const;
  template <typename T>
  absl::Status Set(RefId id, T value);

  // Untyped access for tools, the debugger and replay (values as text,
  // through the TypeInfo). Errors, as the typed forms: a released or null
  // ref is NotFound for the reads (Describe, FormatValue, SerializeValue) and
  // FailedPrecondition for the write (SetFromText, like Set); SetFromText
  // and AllocateFromText also return the type's parse error
  // (InvalidArgument, or Unimplemented for a type without a parser), and
  // FailedPrecondition inside a callback. AllocateFromText fails as
  // Allocate otherwise.
  [[nodiscard]] absl::StatusOr<RefInfo> Describe(RefId id) const;
  [[nodiscard]] absl::StatusOr<std::string> FormatValue(RefId id) const;
  [[nodiscard]] absl::StatusOr<std::string> SerializeValue(RefId id) const;
  absl::Status SetFromText(RefId id, std::string_view text);
  absl::StatusOr<RefId> AllocateFromText(TypeId type, std::string_view text,
                                         OwnerId owner, RefId parent = {});

  // Releases `id` and its whole subtree; returns how many refs went (0 when
  // `id` is already released: release is idempotent). Cost: O(subtree +
  // siblings before it). Errors: FailedPrecondition (inside a callback).
  absl::StatusOr<size_t> Release(RefId id);

  // ---- Queries (ordered by id) --------------------------------------------

  [[nodiscard]] std::vector<RefId> ByOwner(OwnerId owner) const;
  [[nodiscard]] std::vector<RefId> ByType(TypeId type) const;
  [[nodiscard]] std::vector<RefId> All() const;
  [[nodiscard]] std::vector<RefId> Children(RefId id) const;
  [[nodiscard]] std::vector<HierarchyRow> Hierarchy() const;
  [[nodiscard]] size_t size() const { return live_count_; }
  [[nodiscard]] UsageStats TypeUsage(TypeId type) const;
  [[nodiscard]] UsageStats TotalUsage() const;
  // Bumped by every mutation; a snapshot carries the version it saw.
  [[nodiscard]] uint64_t version() const {
    // Hot paths only mark the memory dirty (a plain store, no
    // read-modify-write chain through memory); the number advances when it
    // is observed, so it differs between two observations iff something
    // was mutated between them.
    if (version_dirty_) {
      ++version_;
      version_dirty_ = false;
    }
    return version_;
  }

  // ---- Snapshots ----------------------------------------------------------

  // An immutable copy of every live ref (memory_snapshot.h). Reading it
  // never touches the live memory; it may outlive the memory.
  // Include "memory/memory_snapshot.h" to use the result (that header
  // includes this one, so this one can only forward-declare it).
  [[nodiscard]] std::shared_ptr<const MemorySnapshot> Snapshot() const;

  // ---- Subscriptions ------------------------------------------------------

  // Watches run after a mutation completes (or at EndBatch), in
  // registration order. Added/removed inside a callback: effective after the
  // current round of callbacks.
  WatchId WatchRef(RefId id, WatchCallback callback);
  WatchId WatchType(TypeId type, WatchCallback callback);
  WatchId WatchOwner(OwnerId owner, WatchCallback callback);
  // Errors: NotFound (unknown or already removed).
  absl::Status Unwatch(WatchId id);
  // Coalesce notifications: between BeginBatch and the matching EndBatch,
  // changes go to a dirty set (one entry per ref, first-change order) and
  // are delivered at EndBatch. Batches nest. Errors: FailedPrecondition
  // (inside a callback; EndBatch without an open batch).
  absl::Status BeginBatch();
  absl::Status EndBatch();
  [[nodiscard]] bool in_callback() const { return dispatching_; }

  // ---- Journal ------------------------------------------------------------

  // Attaches (or with nullptr detaches) the one mutation observer. The
  // observer must outlive its attachment.
  void AttachObserver(MutationObserver* observer);
  [[nodiscard]] MutationObserver* observer() const { return observer_; }

  // ---- Checking -----------------------------------------------------------

  // Walks every internal link (owner block lists, parent/child links,
  // counts, type bitmaps, free lists) and returns the first violation as an
  // Internal error naming it. O(slots + owners).
  [[nodiscard]] absl::Status CheckInvariants() const;

  [[nodiscard]] const MemoryOptions& options() const { return options_; }

 private:
  template <typename U>
  friend class MemoryRef;
  friend class internal::InvariantChecker;  // memory/invariant_checks.cc

  enum SlowFlag : uint32_t {
    kObserverAttached = 1,
    kWatching = 2,
    kBatching = 4,
    kDispatching = 8,
  };

  struct Watch {
    enum class Target : uint8_t { kRef, kType, kOwner };
    WatchId id;
    Target target;
    uint64_t key;
    WatchCallback callback;
    bool removed = false;
  };

  bool OwnerLive(OwnerId owner) const {
    return owner.index < owners_.size() && owner.generation != 0 &&
           owners_[owner.index].generation == owner.generation &&
           owners_[owner.index].state() == OwnerState::kLive;
  }

  // Takes a free slot for `owner_index` (reusing its head block or a new
  // block); kNone when the id space is exhausted.
  uint32_t TakeSlot(uint32_t owner_index) {
    internal::OwnerSlot& o = owners_[owner_index];
    if (ABSL_PREDICT_TRUE(o.head_block != internal::kNone)) {
      internal::BlockMeta& b = block(o.head_block);
      const uint32_t used = uint32_t{b.live} | uint32_t{b.retired};
      if (ABSL_PREDICT_TRUE(used != 0xFFu)) {
        const uint32_t bit = static_cast<uint32_t>(std::countr_one(used));
        b.live = static_cast<uint8_t>(b.live | (1u << bit));
        return (o.head_block << internal::kBlockShift) | bit;
      }
    }
    return TakeSlotInNewBlock(owner_index);
  }
  uint32_t TakeSlotInNewBlock(uint32_t owner_index);
  uint32_t NewBlock();  // from the free list or fresh; kNone if exhausted

  // Fills a taken slot; returns its new generation.
  // Always inlined (with AllocateImpl): the value then stays in registers
  // instead of being passed by address (a wide reload of narrow stores
  // stalls).
  template <typename T>
  ABSL_ATTRIBUTE_ALWAYS_INLINE uint32_t FillSlot(uint32_t slot, TypeId type,
                                                 T&& value,
                                                 uint32_t owner_index,
                                                 uint32_t parent);
  uint32_t FillSlotErased(uint32_t slot, TypeId type, const void* value,
                          uint32_t owner_index, uint32_t parent);
  void FinishFill(uint32_t slot, TypeId type, uint32_t owner_index);
  template <typename T>
  ABSL_ATTRIBUTE_ALWAYS_INLINE absl::StatusOr<MemoryRef<T>> AllocateImpl(
      TypeTag<T> type, T&& initial, uint32_t owner_index, uint32_t parent);
  absl::Status CheckAllocate(const TypeRegistry* registry, TypeId type,
                             OwnerId owner) const;
  absl::Status CheckAllocateChild(const TypeRegistry* registry, TypeId type,
                                  RefId parent) const;
  absl::StatusOr<uint32_t> ParentSlot(RefId parent) const;

  // Out of line so the fast paths stay small.
  template <typename T>
  ABSL_ATTRIBUTE_NOINLINE absl::Status SetSlow(uint32_t slot, T&& value);
  template <typename T>
  ABSL_ATTRIBUTE_ALWAYS_INLINE void StoreValue(uint32_t slot, T&& value);
  void AccountHeap(uint32_t slot, int64_t delta);

  // Releases one slot's value and handle: type count and bitmap, heap bytes,
  // generation (retiring on overflow). The caller updates the block's live
  // bits and the owner and total counts.
  void FreeSlot(uint32_t slot, internal::BlockMeta& m);
  void RemoveBlockFromOwner(uint32_t b);
  void PushFreeBlock(uint32_t b);
  size_t ReleaseSubtree(uint32_t slot);
  size_t ReleaseOwnerRefs(uint32_t owner_index);
  void EnsureTypeBits(internal::TypeRuntime& type) const;

  // Post-mutation hooks (slow path only).
  void RecordChange(uint32_t slot, ChangeKind kind);
  void RecordChange(const MemoryChange& change);
  void AfterMutation(const MutationEvent& event);
  void Dispatch();
  void UpdateSlowFlags();
  void Emit(MutationEvent event);
  MutationEvent ValueEvent(MutationKind kind, uint32_t slot) const;
  WatchId AddWatch(Watch::Target target, uint64_t key, WatchCallback cb);
  static absl::Status CallbackError();
  static absl::Status ReleasedError(RefId id, bool write);

  // Owner metadata (copy-on-write chunks of compact records shared with
  // snapshots; internal::CompactOwner).
  bool OwnerExists(OwnerId owner) const;  // live or retired
  internal::OwnerChunk& MutableOwnerChunk(uint32_t index);
  uint16_t InternOwnerKind(const std::string& kind);
  // Rewrites owner `index`'s record (generation from its slot).
  void WriteOwnerRecord(uint32_t index, OwnerState state,
                        const OwnerInfo& info);
  OwnerRecord OwnerRecordAt(uint32_t index) const;

  MemoryOptions options_;
  uint32_t slow_flags_ = 0;
  size_t live_count_ = 0;
  mutable uint64_t version_ = 0;
  mutable bool version_dirty_ = false;

  std::vector<internal::OwnerSlot> owners_;
  uint32_t free_owner_head_ = internal::kNone;
  std::vector<std::shared_ptr<internal::OwnerChunk>> owner_chunks_;
  mutable std::vector<bool> owner_chunk_shared_;  // captured by a snapshot
  mutable std::shared_ptr<
      const std::vector<std::shared_ptr<const internal::OwnerChunk>>>
      owner_directory_;  // cache; null when owners changed
  // Interned owner kinds: the table is shared with the owner chunks (and so
  // with snapshots) and replaced, never changed, when a kind is added.
  std::shared_ptr<const std::vector<std::string>> owner_kinds_;
  absl::flat_hash_map<std::string, uint16_t> owner_kind_ids_;

  TypeRegistry types_;
  mutable std::vector<internal::TypeRuntime> type_rt_;

  // Subscriptions.
  std::vector<std::unique_ptr<Watch>> watches_;
  uint64_t next_watch_id_ = 1;
  bool dispatching_ = false;
  int batch_depth_ = 0;
  std::vector<MemoryChange> pending_;
  absl::flat_hash_map<uint64_t, size_t> pending_index_;  // RefId -> position
  std::vector<MemoryChange> scratch_;

  MutationObserver* observer_ = nullptr;
  std::vector<uint32_t> work_;  // reusable DFS stack

  std::shared_ptr<internal::SnapshotPool> pool_;
};

}  // namespace wod::memory

// Template and inline definitions (kept inline: the fast paths depend on it).
#include "memory/internal/runtime_memory_inl.h"  // IWYU pragma: export

#endif  // WOD_MEMORY_RUNTIME_MEMORY_H_
