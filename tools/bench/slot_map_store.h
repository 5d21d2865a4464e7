// SlotMapStore: the in-tree "SlotMap (a)" baseline of
// docs/spec/design.md §6, the best C++ design measured there.
//
// One 64-byte slot (a cache line) per ref in a growing vector: generation
// (odd = live), type, owner, parent, intrusive first-child/sibling links,
// intrusive per-owner prev/next links, and a 16-byte inline value tagged by a
// `SlotValueOps*` (the runtime type id; values that do not fit inline go to
// the heap). LIFO free list, {32-bit index, 32-bit generation} handles,
// release with cascade, release-by-owner that pops the owner list's head
// until it is empty. It exists to be measured against `wod::memory` in the
// same run (docs/spec/design.md §6); it is not used by the product.
//
//   SlotMapStore store;
//   store.EnsureOwners(1);
//   SlotHandle root = store.Allocate<TimerValue>(0, {}, /*owner=*/0);
//   SlotHandle child = store.Allocate<TimerValue>(1, {}, 0, root);
//   store.Set(child, TimerValue{1, 2, 3});
//   store.ReleaseOwner(0);  // both gone; IsValid(child) == false
#ifndef WOD_TOOLS_BENCH_SLOT_MAP_STORE_H_
#define WOD_TOOLS_BENCH_SLOT_MAP_STORE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
#include <vector>

namespace wod::bench {

struct SlotHandle {
  uint32_t index = 0;
  uint32_t generation = 0;  // 0 is never live: the null handle
};

// Per-type operations on a value stored in a slot. One immutable constant per
// C++ type (`kSlotValueOps<T>`); its address is the runtime type id.
struct SlotValueOps {
  bool inline_storage;
  void (*copy_construct)(void* dst, const void* src);
  void (*destroy)(void* p);
  bool (*equal)(const void* a, const void* b);
};

namespace slot_map_internal {

inline constexpr size_t kInlineBytes = 16;

template <class T>
constexpr bool kFitsInline =
    sizeof(T) <= kInlineBytes &&
    alignof(T) <= 8 && std::is_nothrow_copy_constructible_v<T>;

// Storage of one value: the object itself when it fits, else a T* to a heap
// copy owned by the slot.
template <class T>
T* Object(void* storage) {
  if constexpr (kFitsInline<T>) {
    return std::launder(static_cast<T*>(storage));
  } else {
    return *static_cast<T**>(storage);
  }
}
template <class T>
const T* Object(const void* storage) {
  return Object<T>(const_cast<void*>(storage));
}

// Constructs the storage of a value from the value itself.
template <class T>
void Construct(void* dst, const T& value) {
  if constexpr (kFitsInline<T>) {
    ::new (dst) T(value);
  } else {
    *static_cast<T**>(dst) = new T(value);
  }
}

// Copies one storage into another.
template <class T>
void CopyConstruct(void* dst, const void* src) {
  if constexpr (kFitsInline<T>) {
    ::new (dst) T(*Object<T>(src));
  } else {
    *static_cast<T**>(dst) = new T(*Object<T>(src));
  }
}
template <class T>
void Destroy(void* p) {
  if constexpr (kFitsInline<T>) {
    Object<T>(p)->~T();
  } else {
    delete *static_cast<T**>(p);
  }
}
template <class T>
bool Equal(const void* a, const void* b) {
  return *Object<T>(a) == *Object<T>(b);
}

}  // namespace slot_map_internal

template <class T>
inline constexpr SlotValueOps kSlotValueOps = {
    slot_map_internal::kFitsInline<T>, &slot_map_internal::CopyConstruct<T>,
    &slot_map_internal::Destroy<T>, &slot_map_internal::Equal<T>};

// One fixed-size snapshot record (docs/spec/design.md §6 phase 6: id, type,
// owner, parent, value). Values are copied with their type's ops, so a heap
// value gets its own copy.
struct SlotSnapshotEntry {
  SlotHandle id;
  uint32_t type = 0;
  uint32_t owner = 0;
  uint32_t parent = 0;  // slot index, kNone for roots
  const SlotValueOps* ops = nullptr;
  alignas(8) unsigned char value[slot_map_internal::kInlineBytes] = {};

  SlotSnapshotEntry() = default;
  SlotSnapshotEntry(const SlotSnapshotEntry& other) { *this = other; }
  SlotSnapshotEntry& operator=(const SlotSnapshotEntry& other) {
    if (this == &other) return *this;
    Reset();
    id = other.id;
    type = other.type;
    owner = other.owner;
    parent = other.parent;
    ops = other.ops;
    if (ops != nullptr) ops->copy_construct(value, other.value);
    return *this;
  }
  ~SlotSnapshotEntry() { Reset(); }

  // Destroys the held value (a heap value's copy is freed).
  void Reset() {
    if (ops != nullptr) ops->destroy(value);
    ops = nullptr;
  }
};

struct SlotDiff {
  std::vector<SlotHandle> added, removed, changed;
  void Clear() {
    added.clear();
    removed.clear();
    changed.clear();
  }
};

class SlotMapStore {
 public:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

  SlotMapStore() = default;
  SlotMapStore(const SlotMapStore&) = delete;
  SlotMapStore& operator=(const SlotMapStore&) = delete;
  ~SlotMapStore() {
    for (Slot& s : slots_) {
      if (IsLive(s.generation) && s.ops != nullptr) s.ops->destroy(s.value);
    }
  }

  // Owners are dense integers; the table grows on demand.
  void EnsureOwners(size_t count) {
    if (owners_.size() < count) owners_.resize(count);
  }
  void Reserve(size_t refs) { slots_.reserve(refs); }

  // Allocates a ref owned by `owner`; with a live `parent` it is linked as
  // that parent's child.
  template <class T>
  SlotHandle Allocate(uint32_t type, const T& initial, uint32_t owner,
                      SlotHandle parent = {}) {
    const uint32_t index = TakeSlot();
    Slot& s = slots_[index];
    s.type = type;
    s.owner = owner;
    s.first_child = kNone;
    s.next_sibling = kNone;
    s.prev_sibling = kNone;
    s.parent = kNone;
    s.ops = &kSlotValueOps<T>;
    slot_map_internal::Construct<T>(s.value, initial);
    if (IsValid(parent)) {
      Slot& p = slots_[parent.index];
      s.parent = parent.index;
      s.next_sibling = p.first_child;
      if (p.first_child != kNone) slots_[p.first_child].prev_sibling = index;
      p.first_child = index;
    }
    OwnerRec& o = owners_[owner];
    s.owner_prev = kNone;
    s.owner_next = o.head;
    if (o.head != kNone) slots_[o.head].owner_prev = index;
    o.head = index;
    ++o.count;
    ++live_;
    return SlotHandle{index, s.generation};
  }

  bool IsValid(SlotHandle h) const {
    return h.index < slots_.size() &&
           slots_[h.index].generation == h.generation && IsLive(h.generation);
  }

  // nullptr when the handle is stale or the type differs.
  template <class T>
  const T* Get(SlotHandle h) const {
    if (!IsValid(h)) return nullptr;
    const Slot& s = slots_[h.index];
    if (s.ops != &kSlotValueOps<T>) return nullptr;
    return slot_map_internal::Object<T>(s.value);
  }

  template <class T>
  bool Set(SlotHandle h, const T& value) {
    if (!IsValid(h)) return false;
    Slot& s = slots_[h.index];
    if (s.ops != &kSlotValueOps<T>) return false;
    *slot_map_internal::Object<T>(s.value) = value;
    return true;
  }

  // Releases h and its whole subtree; returns how many refs were released.
  size_t Release(SlotHandle h) {
    if (!IsValid(h)) return 0;
    Unlink(h.index);
    // Depth-first over the subtree with an explicit stack: no recursion, so
    // a deep chain cannot overflow the call stack.
    size_t released = 0;
    pending_.clear();
    pending_.push_back(h.index);
    while (!pending_.empty()) {
      const uint32_t i = pending_.back();
      pending_.pop_back();
      for (uint32_t c = slots_[i].first_child; c != kNone;
           c = slots_[c].next_sibling) {
        pending_.push_back(c);
      }
      FreeSlot(i);
      ++released;
    }
    return released;
  }

  // Releases everything `owner` holds, cascading into children.
  size_t ReleaseOwner(uint32_t owner) {
    if (owner >= owners_.size()) return 0;
    size_t released = 0;
    while (owners_[owner].head != kNone) {
      const uint32_t head = owners_[owner].head;
      released += Release(SlotHandle{head, slots_[head].generation});
    }
    return released;
  }

  size_t live() const { return live_; }

  // Copies every live entry into `out` (resized; its capacity is reused).
  void Snapshot(std::vector<SlotSnapshotEntry>& out) const {
    out.resize(live_);
    size_t k = 0;
    for (uint32_t i = 0; i < slots_.size(); ++i) {
      const Slot& s = slots_[i];
      if (!IsLive(s.generation)) continue;
      SlotSnapshotEntry& e = out[k++];
      e.Reset();
      e.id = SlotHandle{i, s.generation};
      e.type = s.type;
      e.owner = s.owner;
      e.parent = s.parent;
      e.ops = s.ops;
      s.ops->copy_construct(e.value, s.value);
    }
  }

  // Both snapshots are in index order, so a merge finds added, removed and
  // changed (by the type's equality) entries in one pass.
  static void Diff(const std::vector<SlotSnapshotEntry>& a,
                   const std::vector<SlotSnapshotEntry>& b, SlotDiff& out) {
    out.Clear();
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && Key(a[i].id) < Key(b[j].id))) {
        out.removed.push_back(a[i++].id);
      } else if (i == a.size() || Key(b[j].id) < Key(a[i].id)) {
        out.added.push_back(b[j++].id);
      } else {
        if (a[i].ops != b[j].ops || !a[i].ops->equal(a[i].value, b[j].value)) {
          out.changed.push_back(b[j].id);
        }
        ++i;
        ++j;
      }
    }
  }

 private:
  struct alignas(64) Slot {
    uint32_t generation = 0;  // odd = live
    uint32_t type = 0;
    uint32_t owner = 0;
    uint32_t parent = kNone;
    uint32_t first_child = kNone;
    uint32_t next_sibling = kNone;
    uint32_t prev_sibling = kNone;
    uint32_t owner_prev = kNone;
    uint32_t owner_next = kNone;  // doubles as the free-list link
    const SlotValueOps* ops = nullptr;
    alignas(8) unsigned char value[slot_map_internal::kInlineBytes];
  };
  static_assert(sizeof(Slot) == 64);

  struct OwnerRec {
    uint32_t head = kNone;
    uint32_t count = 0;
  };

  static bool IsLive(uint32_t generation) { return (generation & 1u) != 0; }
  static uint64_t Key(SlotHandle h) {
    return (static_cast<uint64_t>(h.index) << 32) | h.generation;
  }

  uint32_t TakeSlot() {
    if (free_head_ != kNone) {
      const uint32_t index = free_head_;
      free_head_ = slots_[index].owner_next;
      ++slots_[index].generation;  // even -> odd: live again
      return index;
    }
    slots_.emplace_back();
    slots_.back().generation = 1;
    return static_cast<uint32_t>(slots_.size() - 1);
  }

  // Detaches slot i from its parent's child list and its owner's list.
  void Unlink(uint32_t i) {
    Slot& s = slots_[i];
    if (s.parent != kNone && s.prev_sibling == kNone) {
      slots_[s.parent].first_child = s.next_sibling;
    }
    if (s.prev_sibling != kNone) {
      slots_[s.prev_sibling].next_sibling = s.next_sibling;
    }
    if (s.next_sibling != kNone) {
      slots_[s.next_sibling].prev_sibling = s.prev_sibling;
    }
  }

  void FreeSlot(uint32_t i) {
    Slot& s = slots_[i];
    OwnerRec& o = owners_[s.owner];
    if (s.owner_prev != kNone) {
      slots_[s.owner_prev].owner_next = s.owner_next;
    } else {
      o.head = s.owner_next;
    }
    if (s.owner_next != kNone) slots_[s.owner_next].owner_prev = s.owner_prev;
    --o.count;
    s.ops->destroy(s.value);
    s.ops = nullptr;
    s.first_child = kNone;
    --live_;
    // A generation that would wrap is retired instead of reused, so an old
    // handle can never match again.
    if (s.generation == std::numeric_limits<uint32_t>::max()) return;
    ++s.generation;  // odd -> even: dead
    s.owner_next = free_head_;
    free_head_ = i;
  }

  std::vector<Slot> slots_;
  std::vector<OwnerRec> owners_;
  std::vector<uint32_t> pending_;  // Release's work stack, kept warm
  uint32_t free_head_ = kNone;
  size_t live_ = 0;
};

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_SLOT_MAP_STORE_H_
