// The slot table behind RuntimeMemory: the chunked storage of every ref
// (generation words, hot records, child links, 8-slot blocks) and the
// per-owner and per-type bookkeeping records. Internal to memory/: only
// RuntimeMemory (which inherits SlotTable privately) and its snapshot code
// use it; everything else goes through runtime_memory.h.
//
// Layout (docs/memory.md has the details): slots live in chunks of 4096 that
// never move; each chunk has a dense uint32 generation array, 24-byte hot
// records (value, parent, type, flags) and cold first-child / next-sibling
// arrays. Slots are handed out in blocks of 8 that belong to one owner (the
// block records it), so an owner's refs are contiguous: ReleaseOwner sweeps
// its blocks and recycled blocks are reused whole by the next owner.
//
// Invariants (checked by RuntimeMemory::CheckInvariants(), one named check
// each):
//  - a slot's generation word has no kFreeBit iff the slot is live iff its
//    block's live bit is set; free slots keep their last generation under
//    kFreeBit; a slot that reached max_generation is retired (never reused).
//  - every block is either on the free list (no live slot, no owner), or in
//    exactly one owner's block list (owner field = that owner); blocks in an
//    owner's list hold only that owner's refs.
//  - a live ref's parent is live, has the same owner, and lists it among its
//    children exactly once; child lists contain only live refs.
//  - per-owner and per-type counts and heap bytes equal the sums over refs;
//    the per-type bitmaps hold exactly the live refs of that type.
//  - retired and free owners hold no refs.
//
// The accessors are inline and trivial on purpose: MemoryRef::Get/Set/IsValid
// compile down to one generation load plus one hot-record access.

#ifndef WOD_MEMORY_INTERNAL_SLOT_TABLE_H_
#define WOD_MEMORY_INTERNAL_SLOT_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "memory/owner_info.h"
#include "memory/type_info.h"

namespace wod::memory::internal {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;
inline constexpr uint32_t kBlockShift = 3;
inline constexpr uint32_t kBlockSlots = 1u << kBlockShift;  // 8
inline constexpr uint32_t kChunkShift = 12;
inline constexpr uint32_t kChunkSlots = 1u << kChunkShift;  // 4096
inline constexpr uint32_t kChunkMask = kChunkSlots - 1;
inline constexpr uint32_t kChunkBlocks = kChunkSlots / kBlockSlots;  // 512
inline constexpr uint16_t kSlotBoxed = 1;  // value field holds a T*

// The hot part of a slot: everything Get/Set/Snapshot touch. The owner is
// not here: every slot of a block has the block's owner.
struct HotSlot {
  alignas(8) unsigned char value[16];  // inline T, or a T* when boxed
  uint32_t parent;                     // parent slot, or kNone
  uint16_t type;                       // TypeId
  uint16_t flags;                      // kSlotBoxed
};
static_assert(sizeof(HotSlot) == 24);

// Generation words: a live slot holds its generation (< 2^31); a free slot
// holds kFreeBit | the last generation it had, which no handle can carry.
inline constexpr uint32_t kFreeBit = 0x80000000u;

// A block of 8 consecutive slots, owned by one owner or free.
struct BlockMeta {
  uint32_t owner;   // owner index, or kNone when free
  uint32_t next;    // next block of the owner / of the free list
  uint32_t prev;    // previous block of the owner
  uint8_t live;     // live-slot bits
  uint8_t retired;  // slots retired by generation overflow
  uint16_t unused;
};

struct Chunk {
  uint32_t gen[kChunkSlots];  // see kFreeBit
  HotSlot hot[kChunkSlots];
  uint32_t first_child[kChunkSlots];   // kNone when no child
  uint32_t next_sibling[kChunkSlots];  // next child of the same parent
  BlockMeta blocks[kChunkBlocks];
};

// 20 bytes, 4-aligned: the free-list link shares `head_block` (a free
// owner holds no block), the state shares the high word of the heap bytes,
// and "live with this generation" is `generation` plus the state.
struct OwnerSlot {
  uint32_t generation;       // current (or last) generation of the slot
  uint32_t head_block;       // first block of the owner's list, or kNone; while
                             // kFree: the next free owner slot, or kNone
  uint32_t live;             // live refs
  uint32_t heap_low;         // heap bytes: low 32 bits
  uint32_t heap_high_state;  // heap bytes: bits 32-55; state: top 8 bits

  [[nodiscard]] OwnerState state() const {
    return static_cast<OwnerState>(heap_high_state >> 24);
  }
  void set_state(OwnerState s) {
    heap_high_state = (heap_high_state & 0x00FFFFFFu) |
                      (uint32_t{static_cast<uint8_t>(s)} << 24);
  }
  // 56 bits: 64 PiB, beyond any heap.
  [[nodiscard]] uint64_t heap_bytes() const {
    return (uint64_t{heap_high_state & 0x00FFFFFFu} << 32) | heap_low;
  }
  void set_heap_bytes(uint64_t bytes) {
    heap_low = static_cast<uint32_t>(bytes);
    heap_high_state = (heap_high_state & 0xFF000000u) |
                      (static_cast<uint32_t>(bytes >> 32) & 0x00FFFFFFu);
  }
};
static_assert(sizeof(OwnerSlot) == 20);

struct TypeRuntime {
  const TypeInfo* info = nullptr;
  const void* key = nullptr;
  bool boxed = false;
  size_t live = 0;
  size_t heap_bytes = 0;
  std::vector<uint64_t> bits;  // live slots of this type
};

// One owner's metadata as the owner table stores it: 36 bytes, where the
// public OwnerRecord (an OwnerInfo with two std::strings) is 104. The kind is
// an index into a memory-wide table of interned kinds (block kinds repeat);
// the label's bytes live in the chunk's text arena. MemorySnapshot::Owner
// and RuntimeMemory::GetOwner build the OwnerRecord on demand.
struct CompactOwner {
  // `kind` when the kind is not interned (the table is full): its bytes are
  // then in the record's text, before the label.
  static constexpr uint16_t kKindInText = 0xFFFF;
  uint32_t generation = 0;  // the id's generation; 0 = never used
  OwnerState state = OwnerState::kFree;
  uint8_t unused = 0;
  uint16_t kind = kKindInText;
  // Offset in OwnerChunk::text of this record's bytes: [kind size (4 bytes),
  // kind] when kind is kKindInText, then [label size (4 bytes), label];
  // kNone when it has none (an interned kind and an empty label).
  uint32_t text = kNone;
  int32_t line_begin = 0;
  int32_t line_end = 0;
  // The steps as 32-bit halves, so the record is 4-aligned (36 bytes).
  uint32_t created_step[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};   // -1
  uint32_t released_step[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};  // -1

  static int64_t Load(const uint32_t (&half)[2]) {
    return static_cast<int64_t>((uint64_t{half[1]} << 32) | half[0]);
  }
  static void Store(uint32_t (&half)[2], int64_t value) {
    const auto bits = static_cast<uint64_t>(value);
    half[0] = static_cast<uint32_t>(bits);
    half[1] = static_cast<uint32_t>(bits >> 32);
  }
};
static_assert(sizeof(CompactOwner) == 36);

// Copy-on-write chunk of the owner metadata table (shared with snapshots).
struct OwnerChunk {
  // Small, so the copy a write makes after a snapshot shared the chunk is
  // cheap (the runtime creates and retires an owner per block).
  static constexpr uint32_t kSize = 64;
  std::vector<CompactOwner> records;
  std::string text;        // labels (and kinds not interned) of `records`
  uint32_t dead_text = 0;  // bytes of `text` that no record refers to
  // The interned kinds as they were at this chunk's last write (the table
  // only grows, so it names every kind its records use).
  std::shared_ptr<const std::vector<std::string>> kinds;

  // Bytes of `text` that record `r` refers to.
  [[nodiscard]] size_t TextSize(const CompactOwner& r) const;
  // Record `i` of this chunk (whose first owner index is `base`) as the
  // public OwnerRecord; a never-used record has a null id.
  [[nodiscard]] OwnerRecord Record(uint32_t i, uint32_t base) const;
  // Record `i`'s id alone (no strings built).
  [[nodiscard]] OwnerId Id(uint32_t i, uint32_t base) const {
    const uint32_t generation = records[i].generation;
    return generation == 0 ? OwnerId{} : OwnerId{base + i, generation};
  }
  // Replaces record `i`'s texts and fields (kind already interned as
  // `kind`, or kKindInText); compacts `text` when most of it is dead.
  void Write(uint32_t i, uint32_t generation, OwnerState state,
             const OwnerInfo& info, uint16_t kind);
};

// The chunk storage and its block lists. RuntimeMemory inherits it
// privately, so its members read as RuntimeMemory's own private members;
// the accessors take slot (or block) indices that the caller has already
// validated.
class SlotTable {
 public:
  Chunk& chunk(uint32_t slot) const { return *chunks_[slot >> kChunkShift]; }
  HotSlot& hot(uint32_t slot) const {
    return chunk(slot).hot[slot & kChunkMask];
  }
  uint32_t& gen(uint32_t slot) const {
    return chunk(slot).gen[slot & kChunkMask];
  }
  BlockMeta& block(uint32_t b) const {
    return chunks_[b >> (kChunkShift - kBlockShift)]
        ->blocks[b & (kChunkBlocks - 1)];
  }
  uint32_t owner_of(uint32_t slot) const {
    return block(slot >> kBlockShift).owner;
  }
  uint32_t& first_child(uint32_t slot) const {
    return chunk(slot).first_child[slot & kChunkMask];
  }
  uint32_t& next_sibling(uint32_t slot) const {
    return chunk(slot).next_sibling[slot & kChunkMask];
  }
  void LinkChild(uint32_t slot, uint32_t parent) {
    // New children go first; queries sort by id.
    next_sibling(slot) = first_child(parent);
    first_child(parent) = slot;
  }

  // The value a hot record holds: in place, or behind the box pointer.
  template <typename T>
  static T* ValuePtr(HotSlot& h) {
    if constexpr (kStoredInline<T>) {
      return std::launder(reinterpret_cast<T*>(h.value));
    } else {
      T* box;
      std::memcpy(&box, h.value, sizeof(box));
      return box;
    }
  }
  static void* ErasedValuePtr(HotSlot& h) {
    if (h.flags & kSlotBoxed) {
      void* box;
      std::memcpy(&box, h.value, sizeof(box));
      return box;
    }
    return h.value;
  }

 protected:
  SlotTable() = default;
  ~SlotTable() = default;

  uint32_t slot_limit_ = 0;     // slots [0, slot_limit_) have initialised gens
  std::vector<Chunk*> chunks_;  // owned by RuntimeMemory; never move
  uint32_t free_block_head_ = kNone;
  uint32_t blocks_used_ = 0;  // blocks ever handed out (fresh bump index)
};

}  // namespace wod::memory::internal

#endif  // WOD_MEMORY_INTERNAL_SLOT_TABLE_H_
