// RuntimeMemory::CheckInvariants, as one named check per invariant of the
// slot table (listed in memory/internal/slot_table.h). Each check returns
// an Internal error that names the invariant and the offending slot, block,
// owner or type; CheckInvariants returns the first one that fails.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "memory/internal/slot_table.h"
#include "memory/runtime_memory.h"
#include "memory/status_macros.h"

namespace wod::memory {
namespace internal {

// Reads RuntimeMemory's private state (it is a friend). Checks that need the
// result of an earlier walk take it as an argument, so each check reads as
// one invariant.
class InvariantChecker {
 public:
  explicit InvariantChecker(const RuntimeMemory& memory) : m_(memory) {}

  absl::Status Run() const;

 private:
  // Which list a block was found on by the list walks.
  enum class BlockList : uint8_t { kUnseen, kFree, kOwner };
  // Counts and heap bytes recomputed from the live slots.
  struct Tally {
    std::vector<size_t> owner_live, type_live;
    std::vector<uint64_t> owner_heap, type_heap;
    size_t live = 0;
    size_t with_parent = 0;
  };

  static absl::Status Violation(std::string_view check, std::string message) {
    return absl::InternalError(
        fmt::format("memory invariant violated: {}: {}", check, message));
  }

  absl::Status CheckBlockBounds() const;
  absl::Status CheckFreeBlockList(std::vector<BlockList>& seen) const;
  absl::Status CheckOwnerFreeList() const;
  absl::Status CheckOwnerSlot(uint32_t i) const;
  absl::Status CheckOwnerBlockList(uint32_t i,
                                   std::vector<BlockList>& seen) const;
  absl::Status CheckNoLeakedBlocks(const std::vector<BlockList>& seen) const;
  absl::Status CheckSlot(uint32_t slot, const BlockMeta& block,
                         Tally& tally) const;
  absl::Status CheckChildLists(const Tally& tally) const;
  absl::Status CheckHierarchyReachable(const Tally& tally) const;
  absl::Status CheckOwnerCounts(const Tally& tally) const;
  absl::Status CheckTypeCounts(const Tally& tally) const;

  // Calls `f(slot)` for every live slot, by block; stops at the first error.
  template <typename F>
  absl::Status ForEachLiveSlot(F f) const {
    for (uint32_t b = 0; b < m_.blocks_used_; ++b) {
      uint32_t bits = m_.block(b).live;
      while (bits != 0) {
        const uint32_t slot =
            (b << kBlockShift) | static_cast<uint32_t>(std::countr_zero(bits));
        bits &= bits - 1;
        absl::Status status = f(slot);
        if (!status.ok()) return status;
      }
    }
    return absl::OkStatus();
  }

  const RuntimeMemory& m_;
};

// The slot limit covers exactly the blocks handed out, inside the chunks.
absl::Status InvariantChecker::CheckBlockBounds() const {
  constexpr std::string_view kCheck = "block bounds";
  if (m_.slot_limit_ != m_.blocks_used_ * kBlockSlots) {
    return Violation(kCheck, "slot limit does not match the blocks handed out");
  }
  if (m_.chunks_.size() * kChunkBlocks < m_.blocks_used_) {
    return Violation(kCheck, "blocks beyond the allocated chunks");
  }
  return absl::OkStatus();
}

// Free blocks have no owner and no live slot, and are not fully retired.
absl::Status InvariantChecker::CheckFreeBlockList(
    std::vector<BlockList>& seen) const {
  constexpr std::string_view kCheck = "free block list";
  size_t steps = 0;
  for (uint32_t b = m_.free_block_head_; b != kNone; b = m_.block(b).next) {
    if (b >= m_.blocks_used_) {
      return Violation(kCheck, fmt::format("free block {} out of range", b));
    }
    if (seen[b] != BlockList::kUnseen) {
      return Violation(kCheck, fmt::format("free list cycles at block {}", b));
    }
    seen[b] = BlockList::kFree;
    const BlockMeta& m = m_.block(b);
    if (m.owner != kNone || m.live != 0) {
      return Violation(
          kCheck, fmt::format("free block {} has an owner or live slots", b));
    }
    if (m.retired == 0xFFu) {
      return Violation(
          kCheck, fmt::format("fully retired block {} is on the free list", b));
    }
    if (++steps > m_.blocks_used_) {
      return Violation(kCheck, "free list too long");
    }
  }
  return absl::OkStatus();
}

// The owner free list links free owner slots only, without a cycle.
absl::Status InvariantChecker::CheckOwnerFreeList() const {
  constexpr std::string_view kCheck = "owner free list";
  size_t free_owners = 0;
  for (uint32_t i = m_.free_owner_head_; i != kNone;
       i = m_.owners_[i].head_block) {  // the free-list link
    if (i >= m_.owners_.size()) return Violation(kCheck, "out of range");
    if (m_.owners_[i].state() != OwnerState::kFree) {
      return Violation(
          kCheck, fmt::format("owner slot {} on the free list is not free", i));
    }
    if (++free_owners > m_.owners_.size()) {
      return Violation(kCheck, "owner free list cycles");
    }
  }
  return absl::OkStatus();
}

// An owner slot's generations match its state, its metadata record matches
// the slot, and a non-live owner holds nothing.
absl::Status InvariantChecker::CheckOwnerSlot(uint32_t i) const {
  constexpr std::string_view kCheck = "owner slot";
  const OwnerSlot& o = m_.owners_[i];
  if (o.generation == 0 || static_cast<uint8_t>(o.state()) > 2) {
    return Violation(kCheck,
                     fmt::format("owner slot {} generation/state mismatch", i));
  }
  if (i / OwnerChunk::kSize >= m_.owner_chunks_.size() ||
      i % OwnerChunk::kSize >=
          m_.owner_chunks_[i / OwnerChunk::kSize]->records.size()) {
    return Violation(kCheck,
                     fmt::format("owner slot {} has no metadata record", i));
  }
  const OwnerChunk& chunk = *m_.owner_chunks_[i / OwnerChunk::kSize];
  const CompactOwner& record = chunk.records[i % OwnerChunk::kSize];
  if (record.state != o.state() || record.generation != o.generation) {
    return Violation(
        kCheck, fmt::format("owner {} metadata does not match its slot", i));
  }
  if ((record.text != kNone &&
       (record.text >= chunk.text.size() ||
        record.text + chunk.TextSize(record) > chunk.text.size())) ||
      (record.kind != CompactOwner::kKindInText &&
       (chunk.kinds == nullptr || record.kind >= chunk.kinds->size()))) {
    return Violation(kCheck, fmt::format("owner {} metadata names no text", i));
  }
  // A free owner's head_block is its free-list link.
  if (o.state() != OwnerState::kLive &&
      ((o.state() != OwnerState::kFree && o.head_block != kNone) ||
       o.live != 0 || o.heap_bytes() != 0)) {
    return Violation(kCheck,
                     fmt::format("non-live owner {} still holds refs", i));
  }
  return absl::OkStatus();
}

// A live owner's block list is doubly linked, holds only blocks that name
// it and have a live slot, and shares no block with another list.
absl::Status InvariantChecker::CheckOwnerBlockList(
    uint32_t i, std::vector<BlockList>& seen) const {
  constexpr std::string_view kCheck = "owner block list";
  uint32_t prev = kNone;
  size_t blocks = 0;
  for (uint32_t b = m_.owners_[i].head_block; b != kNone;
       b = m_.block(b).next) {
    if (b >= m_.blocks_used_) {
      return Violation(kCheck, fmt::format("owner {} block out of range", i));
    }
    if (seen[b] != BlockList::kUnseen) {
      return Violation(
          kCheck, fmt::format("block {} is in two lists (owner {})", b, i));
    }
    seen[b] = BlockList::kOwner;
    const BlockMeta& m = m_.block(b);
    if (m.owner != i) {
      return Violation(kCheck,
                       fmt::format("block {} owner field is not {}", b, i));
    }
    if (m.prev != prev) {
      return Violation(kCheck, fmt::format("block {} prev link broken", b));
    }
    if (m.live == 0) {
      return Violation(kCheck,
                       fmt::format("owner {} keeps empty block {}", i, b));
    }
    if ((m.live & m.retired) != 0) {
      return Violation(kCheck,
                       fmt::format("block {} has a live retired slot", b));
    }
    prev = b;
    if (++blocks > m_.blocks_used_) {
      return Violation(kCheck, "owner block list cycles");
    }
  }
  return absl::OkStatus();
}

// Every block is on a list, except fully retired empty blocks.
absl::Status InvariantChecker::CheckNoLeakedBlocks(
    const std::vector<BlockList>& seen) const {
  for (uint32_t b = 0; b < m_.blocks_used_; ++b) {
    const BlockMeta& m = m_.block(b);
    if (seen[b] == BlockList::kUnseen && !(m.retired == 0xFFu && m.live == 0)) {
      return Violation("leaked block",
                       fmt::format("block {} is in no list (leaked)", b));
    }
  }
  return absl::OkStatus();
}

// A slot is live iff its block's live bit is set iff its generation has no
// free bit; a live slot has a valid generation and type, is in its type's
// bitmap, is stored as its type says, and has a live parent of its owner.
// Adds the live slot to `tally`.
absl::Status InvariantChecker::CheckSlot(uint32_t slot, const BlockMeta& block,
                                         Tally& tally) const {
  constexpr std::string_view kCheck = "slot";
  const bool is_live = (block.live >> (slot & (kBlockSlots - 1))) & 1u;
  const uint32_t g = m_.gen(slot);
  if (is_live != ((g & kFreeBit) == 0)) {
    return Violation(
        kCheck, fmt::format("slot {} live bit and generation disagree", slot));
  }
  if (!is_live) return absl::OkStatus();
  // RuntimeMemory::IsValid relies on a word never being 0.
  if (g == 0 || g > m_.options_.max_generation) {
    return Violation(
        kCheck, fmt::format("slot {} generation beyond the maximum", slot));
  }
  ++tally.live;
  const HotSlot& h = m_.hot(slot);
  if (h.type >= m_.type_rt_.size()) {
    return Violation(kCheck, fmt::format("slot {} bad type", slot));
  }
  const TypeRuntime& tr = m_.type_rt_[h.type];
  if (((tr.bits[slot >> 6] >> (slot & 63)) & 1u) == 0) {
    return Violation(kCheck,
                     fmt::format("slot {} missing from its type index", slot));
  }
  if (((h.flags & kSlotBoxed) != 0) != tr.boxed) {
    return Violation(
        kCheck, fmt::format("slot {} storage flag does not match type", slot));
  }
  ++tally.type_live[h.type];
  ++tally.owner_live[block.owner];
  if (tr.boxed) {
    const size_t bytes =
        tr.info->size() + tr.info->HeapBytes(RuntimeMemory::ErasedValuePtr(
                              const_cast<HotSlot&>(h)));
    tally.type_heap[h.type] += bytes;
    tally.owner_heap[block.owner] += bytes;
  }
  if (h.parent != kNone) {
    ++tally.with_parent;
    if (h.parent >= m_.slot_limit_ || (m_.gen(h.parent) & kFreeBit) != 0) {
      return Violation(kCheck,
                       fmt::format("slot {} has a released parent", slot));
    }
    if (m_.owner_of(h.parent) != block.owner) {
      return Violation(
          kCheck, fmt::format("slot {} and its parent differ in owner", slot));
    }
  }
  return absl::OkStatus();
}

// Every listed child is live and points back; with the count equal to the
// refs that have a parent and no duplicates, each child is listed exactly
// once.
absl::Status InvariantChecker::CheckChildLists(const Tally& tally) const {
  constexpr std::string_view kCheck = "child lists";
  std::vector<uint8_t> listed(m_.slot_limit_, 0);
  size_t children = 0;
  absl::Status status = ForEachLiveSlot([&](uint32_t slot) -> absl::Status {
    for (uint32_t c = m_.first_child(slot); c != kNone;
         c = m_.next_sibling(c)) {
      if (c >= m_.slot_limit_ || (m_.gen(c) & kFreeBit) != 0) {
        return Violation(kCheck,
                         fmt::format("slot {} lists a released child", slot));
      }
      if (m_.hot(c).parent != slot) {
        return Violation(
            kCheck, fmt::format("child {} of {} points elsewhere", c, slot));
      }
      if (listed[c] != 0) {
        return Violation(kCheck, fmt::format("child {} listed twice", c));
      }
      listed[c] = 1;
      if (++children > tally.live) {
        return Violation(kCheck, "child lists cycle");
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (children != tally.with_parent) {
    return Violation(kCheck, "child lists miss some children");
  }
  return absl::OkStatus();
}

// A walk from the roots reaches every live ref (no parent cycles).
absl::Status InvariantChecker::CheckHierarchyReachable(
    const Tally& tally) const {
  constexpr std::string_view kCheck = "hierarchy";
  std::vector<uint32_t> stack;
  WOD_RETURN_IF_ERROR(ForEachLiveSlot([&](uint32_t slot) {
    if (m_.hot(slot).parent == kNone) stack.push_back(slot);
    return absl::OkStatus();
  }));
  size_t reached = 0;
  while (!stack.empty()) {
    const uint32_t slot = stack.back();
    stack.pop_back();
    if (++reached > tally.live) {
      return Violation(kCheck, "hierarchy walk does not terminate");
    }
    for (uint32_t c = m_.first_child(slot); c != kNone;
         c = m_.next_sibling(c)) {
      stack.push_back(c);
    }
  }
  if (reached != tally.live) {
    return Violation(kCheck, "some refs are unreachable (parent cycle)");
  }
  return absl::OkStatus();
}

// Per-owner live counts and heap bytes equal the sums over their refs.
absl::Status InvariantChecker::CheckOwnerCounts(const Tally& tally) const {
  constexpr std::string_view kCheck = "owner counts";
  for (uint32_t i = 0; i < m_.owners_.size(); ++i) {
    if (tally.owner_live[i] != m_.owners_[i].live) {
      return Violation(kCheck, fmt::format("owner {} live count mismatch", i));
    }
    if (tally.owner_heap[i] != m_.owners_[i].heap_bytes()) {
      return Violation(kCheck, fmt::format("owner {} heap bytes mismatch", i));
    }
  }
  return absl::OkStatus();
}

// Per-type live counts and heap bytes equal the sums over their refs, the
// bitmaps hold exactly the live refs, and the TypeInfo pointers are current.
absl::Status InvariantChecker::CheckTypeCounts(const Tally& tally) const {
  constexpr std::string_view kCheck = "type counts";
  for (size_t t = 0; t < m_.type_rt_.size(); ++t) {
    const TypeRuntime& tr = m_.type_rt_[t];
    if (tally.type_live[t] != tr.live) {
      return Violation(kCheck, fmt::format("type {} live count mismatch", t));
    }
    if (tally.type_heap[t] != tr.heap_bytes) {
      return Violation(kCheck, fmt::format("type {} heap bytes mismatch", t));
    }
    size_t bits = 0;
    for (const uint64_t w : tr.bits) {
      bits += static_cast<size_t>(std::popcount(w));
    }
    if (bits != tr.live) {
      return Violation(kCheck, fmt::format("type {} index has stale bits", t));
    }
    if (tr.info != &m_.types_[static_cast<TypeId>(t)].info) {
      return Violation(kCheck, fmt::format("type {} info pointer is stale", t));
    }
  }
  if (m_.types_.size() != m_.type_rt_.size()) {
    return Violation(kCheck, "type tables disagree");
  }
  return absl::OkStatus();
}

absl::Status InvariantChecker::Run() const {
  WOD_RETURN_IF_ERROR(CheckBlockBounds());
  std::vector<BlockList> seen(m_.blocks_used_, BlockList::kUnseen);
  WOD_RETURN_IF_ERROR(CheckFreeBlockList(seen));
  WOD_RETURN_IF_ERROR(CheckOwnerFreeList());
  for (uint32_t i = 0; i < m_.owners_.size(); ++i) {
    WOD_RETURN_IF_ERROR(CheckOwnerSlot(i));
    if (m_.owners_[i].state() == OwnerState::kLive) {
      WOD_RETURN_IF_ERROR(CheckOwnerBlockList(i, seen));
    }
  }
  WOD_RETURN_IF_ERROR(CheckNoLeakedBlocks(seen));

  Tally tally;
  tally.owner_live.assign(m_.owners_.size(), 0);
  tally.owner_heap.assign(m_.owners_.size(), 0);
  tally.type_live.assign(m_.type_rt_.size(), 0);
  tally.type_heap.assign(m_.type_rt_.size(), 0);
  for (uint32_t b = 0; b < m_.blocks_used_; ++b) {
    const BlockMeta& block = m_.block(b);
    for (uint32_t j = 0; j < kBlockSlots; ++j) {
      WOD_RETURN_IF_ERROR(CheckSlot((b << kBlockShift) | j, block, tally));
    }
  }
  if (tally.live != m_.live_count_) {
    return Violation("live count", "live count mismatch");
  }
  WOD_RETURN_IF_ERROR(CheckChildLists(tally));
  WOD_RETURN_IF_ERROR(CheckHierarchyReachable(tally));
  WOD_RETURN_IF_ERROR(CheckOwnerCounts(tally));
  return CheckTypeCounts(tally);
}

}  // namespace internal

absl::Status RuntimeMemory::CheckInvariants() const {
  return internal::InvariantChecker(*this).Run();
}

}  // namespace wod::memory
