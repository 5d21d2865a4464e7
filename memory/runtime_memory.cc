#include "memory/runtime_memory.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "fmt/format.h"
#include "memory/memory_snapshot.h"

namespace wod::memory {

using internal::BlockMeta;
using internal::Chunk;
using internal::HotSlot;
using internal::kBlockShift;
using internal::kBlockSlots;
using internal::kChunkBlocks;
using internal::kChunkMask;
using internal::kChunkShift;
using internal::kChunkSlots;
using internal::kNone;
using internal::OwnerSlot;
using internal::TypeRuntime;

namespace {

// The last owner-slot generation; a slot forgotten at it is not recycled
// (so an OwnerId is never reused, docs/spec/design.md §2).
constexpr uint32_t kMaxOwnerGeneration = 0xFFFFFFFEu;

// Temporary storage for one value of a type known only by its TypeInfo.
class ErasedValue {
 public:
  explicit ErasedValue(const TypeInfo& info)
      : info_(info),
        storage_(::operator new (std::max<size_t>(info.size(), 1),
                                 std::align_val_t{info.alignment()})) {}
  ~ErasedValue() {
    if (constructed_) info_.Destroy(storage_);
    ::operator delete (storage_, std::align_val_t{info_.alignment()});
  }
  ErasedValue(const ErasedValue&) = delete;
  ErasedValue& operator=(const ErasedValue&) = delete;

  absl::Status Parse(std::string_view text) {
    absl::Status status = info_.ParseConstruct(text, storage_);
    constructed_ = status.ok();
    return status;
  }
  const void* get() const { return storage_; }

 private:
  const TypeInfo& info_;
  void* storage_;
  bool constructed_ = false;
};

// The event of an owner mutation: create, update (both with the owner's
// info) or forget (without).
MutationEvent OwnerEvent(MutationKind kind, OwnerId owner,
                         const OwnerInfo* info, uint64_t version) {
  MutationEvent event;
  event.kind = kind;
  event.owner = owner;
  event.owner_info = info;
  event.version = version;
  return event;
}

// Calls `f(slot)` for each slot of block `b` set in its `live` mask, in
// slot order (the queries' walk; the hot release loops keep their own).
template <class F>
void ForEachLiveSlot(uint32_t b, uint32_t live, F&& f) {
  while (live != 0) {
    f((b << kBlockShift) | static_cast<uint32_t>(std::countr_zero(live)));
    live &= live - 1;
  }
}

}  // namespace

RuntimeMemory::RuntimeMemory(MemoryOptions options) : options_(options) {
  options_.max_slots = std::min(options_.max_slots, 0xFFFFFFF8u);
  options_.max_generation =
      std::clamp(options_.max_generation, 1u, internal::kFreeBit - 1u);
  options_.max_owners = std::min(options_.max_owners, 1u << 22);
  pool_ = std::make_shared<internal::SnapshotPool>();
}

RuntimeMemory::~RuntimeMemory() {
  // Out-of-line values are heap boxes: free them (no leak, ASan clean).
  for (uint32_t b = 0; b < blocks_used_; ++b) {
    ForEachLiveSlot(b, block(b).live, [&](uint32_t slot) {
      HotSlot& h = hot(slot);
      if (h.flags & internal::kSlotBoxed) {
        type_rt_[h.type].info->Delete(ErasedValuePtr(h));
      }
    });
  }
  for (Chunk* c : chunks_) delete c;
}

// ---- Errors -----------------------------------------------------------------

absl::Status RuntimeMemory::CallbackError() {
  return absl::FailedPreconditionError(
      "memory mutations are refused while change callbacks run");
}

absl::Status RuntimeMemory::ReleasedError(RefId id, bool write) {
  if (write) {
    return absl::FailedPreconditionError(
        fmt::format("ref {} is released (or null)", ToString(id)));
  }
  return absl::NotFoundError(
      fmt::format("ref {} is released (or null)", ToString(id)));
}

// ---- Slots and blocks -------------------------------------------------------

uint32_t RuntimeMemory::NewBlock() {
  if (free_block_head_ != kNone) {
    const uint32_t b = free_block_head_;
    free_block_head_ = block(b).next;
    if (free_block_head_ != kNone) {
      // The next owner will want it: start the (likely) miss now
      // (docs/spec/design.md §6: "prefetch the next free block").
      __builtin_prefetch(&hot(free_block_head_ << kBlockShift), 1);
    }
    return b;
  }
  const uint64_t first_slot = uint64_t{blocks_used_} << kBlockShift;
  if (first_slot + kBlockSlots > options_.max_slots) return kNone;
  const uint32_t b = blocks_used_;
  if ((first_slot >> kChunkShift) >= chunks_.size()) {
    chunks_.push_back(new Chunk);  // uninitialised; blocks init lazily
    for (TypeRuntime& tr : type_rt_) EnsureTypeBits(tr);
  }
  ++blocks_used_;
  BlockMeta& m = block(b);
  m.owner = kNone;
  m.next = kNone;
  m.prev = kNone;
  m.live = 0;
  m.retired = 0;
  m.unused = 0;
  Chunk& c = chunk(static_cast<uint32_t>(first_slot));
  for (uint32_t i = 0; i < kBlockSlots; ++i) {
    const uint32_t off = (static_cast<uint32_t>(first_slot) + i) & kChunkMask;
    c.gen[off] = internal::kFreeBit;  // free, last generation 0
    c.hot[off].flags = 0;
    c.first_child[off] = kNone;
    c.next_sibling[off] = kNone;
  }
  slot_limit_ = static_cast<uint32_t>(first_slot + kBlockSlots);
  return b;
}

uint32_t RuntimeMemory::TakeSlotInNewBlock(uint32_t owner_index) {
  const uint32_t b = NewBlock();
  if (b == kNone) return kNone;
  OwnerSlot& o = owners_[owner_index];
  BlockMeta& m = block(b);
  m.owner = owner_index;
  m.prev = kNone;
  m.next = o.head_block;
  if (o.head_block != kNone) block(o.head_block).prev = b;
  o.head_block = b;
  const uint32_t bit = static_cast<uint32_t>(std::countr_one(
      static_cast<uint32_t>(m.retired)));  // never 8: full-retired blocks
                                           // are not recycled
  m.live = static_cast<uint8_t>(1u << bit);
  return (b << kBlockShift) | bit;
}

void RuntimeMemory::EnsureTypeBits(TypeRuntime& type) const {
  const size_t words = chunks_.size() * (kChunkSlots / 64);
  if (type.bits.size() < words) type.bits.resize(words, 0);
}

void RuntimeMemory::AccountHeap(uint32_t slot, int64_t delta) {
  HotSlot& h = hot(slot);
  OwnerSlot& o = owners_[owner_of(slot)];
  o.set_heap_bytes(
      static_cast<uint64_t>(static_cast<int64_t>(o.heap_bytes()) + delta));
  TypeRuntime& tr = type_rt_[h.type];
  tr.heap_bytes =
      static_cast<size_t>(static_cast<int64_t>(tr.heap_bytes) + delta);
}

void RuntimeMemory::FreeSlot(uint32_t slot, BlockMeta& m) {
  Chunk& c = chunk(slot);
  const uint32_t off = slot & kChunkMask;
  HotSlot& h = c.hot[off];
  TypeRuntime& tr = type_rt_[h.type];
  if (h.flags & internal::kSlotBoxed) {
    void* box = ErasedValuePtr(h);
    AccountHeap(
        slot, -static_cast<int64_t>(tr.info->size() + tr.info->HeapBytes(box)));
    tr.info->Delete(box);
    h.flags = 0;
  }
  --tr.live;
  tr.bits[slot >> 6] &= ~(uint64_t{1} << (slot & 63));
  const uint32_t generation = c.gen[off];
  // The free word keeps the generation, so the next use continues from it
  // and the hot record is not written on release.
  c.gen[off] = generation | internal::kFreeBit;
  if (generation >= options_.max_generation) {
    // "A slot whose generation would overflow is retired": never reused, so
    // no old handle can ever match it again.
    m.retired =
        static_cast<uint8_t>(m.retired | (1u << (slot & (kBlockSlots - 1))));
  }
}

void RuntimeMemory::RemoveBlockFromOwner(uint32_t b) {
  BlockMeta& m = block(b);
  OwnerSlot& o = owners_[m.owner];
  if (m.prev != kNone) {
    block(m.prev).next = m.next;
  } else {
    o.head_block = m.next;
  }
  if (m.next != kNone) block(m.next).prev = m.prev;
  m.owner = kNone;
  m.prev = kNone;
  m.next = kNone;
}

void RuntimeMemory::PushFreeBlock(uint32_t b) {
  BlockMeta& m = block(b);
  m.owner = kNone;
  m.prev = kNone;
  if (m.retired == 0xFFu) {
    m.next = kNone;  // every slot retired: the block is out of service
    return;
  }
  m.next = free_block_head_;
  free_block_head_ = b;
}

absl::StatusOr<uint32_t> RuntimeMemory::ParentSlot(RefId parent) const {
  if (!IsValid(parent)) {
    return absl::FailedPreconditionError(
        fmt::format("parent ref {} is released (or null)", ToString(parent)));
  }
  return parent.index;
}

absl::Status RuntimeMemory::CheckAllocateChild(const TypeRegistry* registry,
                                               TypeId type,
                                               RefId parent) const {
  if (dispatching_) return CallbackError();
  if (registry != &types_ || !types_.Contains(type)) {
    return absl::InvalidArgumentError(
        "type tag was not registered in this memory");
  }
  return ParentSlot(parent).status();
}

absl::Status RuntimeMemory::CheckAllocate(const TypeRegistry* registry,
                                          TypeId type, OwnerId owner) const {
  if (dispatching_) return CallbackError();
  if (registry != &types_ || !types_.Contains(type)) {
    return absl::InvalidArgumentError(
        "type tag was not registered in this memory");
  }
  if (!OwnerLive(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} is not a live owner", ToString(owner)));
  }
  return absl::OkStatus();
}

uint32_t RuntimeMemory::FillSlotErased(uint32_t slot, TypeId type,
                                       const void* value, uint32_t owner_index,
                                       uint32_t parent) {
  Chunk& c = chunk(slot);
  const uint32_t off = slot & kChunkMask;
  HotSlot& h = c.hot[off];
  const uint32_t generation = (c.gen[off] & ~internal::kFreeBit) + 1;
  c.gen[off] = generation;
  const TypeInfo& info = *type_rt_[type].info;
  std::memset(h.value, 0, sizeof(h.value));
  if (info.stored_inline()) {
    std::memcpy(h.value, value, info.size());
    h.flags = 0;
  } else {
    void* box = info.NewCopy(value);
    std::memcpy(h.value, &box, sizeof(box));
    h.flags = internal::kSlotBoxed;
  }
  h.parent = parent;
  h.type = type;
  c.first_child[off] = kNone;
  FinishFill(slot, type, owner_index);
  return generation;
}

void RuntimeMemory::FinishFill(uint32_t slot, TypeId type,
                               uint32_t owner_index) {
  TypeRuntime& tr = type_rt_[type];
  ++tr.live;
  tr.bits[slot >> 6] |= uint64_t{1} << (slot & 63);
  ++owners_[owner_index].live;
  ++live_count_;
  ++version_;
  HotSlot& h = hot(slot);
  if (h.flags & internal::kSlotBoxed) {
    AccountHeap(slot,
                static_cast<int64_t>(tr.info->size() +
                                     tr.info->HeapBytes(ErasedValuePtr(h))));
  }
}

// ---- Release ----------------------------------------------------------------

size_t RuntimeMemory::ReleaseSubtree(uint32_t root) {
  // Unlink the root from its parent's child list (O(siblings before it)).
  const uint32_t parent = hot(root).parent;
  if (parent != kNone) {
    uint32_t* link = &first_child(parent);
    while (*link != root) link = &next_sibling(*link);
    *link = next_sibling(root);
  }
  const bool recording = (slow_flags_ & kWatching) != 0;
  size_t released = 0;
  work_.clear();
  work_.push_back(root);
  while (!work_.empty()) {
    const uint32_t slot = work_.back();
    work_.pop_back();
    // Children share the owner (docs/spec/design.md §2), so the cascade stays
    // inside the owner's blocks, and every released child leaves every index
    // (docs/spec/runtime.md §13.1: released children stayed in the maps).
    for (uint32_t c = first_child(slot); c != kNone; c = next_sibling(c)) {
      work_.push_back(c);
    }
    if (recording) RecordChange(slot, ChangeKind::kReleased);
    const uint32_t b = slot >> kBlockShift;
    BlockMeta& m = block(b);
    FreeSlot(slot, m);
    m.live = static_cast<uint8_t>(m.live & ~(1u << (slot & (kBlockSlots - 1))));
    --owners_[m.owner].live;
    ++released;
    if (m.live == 0) {
      RemoveBlockFromOwner(b);
      PushFreeBlock(b);
    } else if (m.prev != kNone) {
      // Move the block to the head of its owner's list so the next
      // allocation refills the hole (keeps the owner's refs dense).
      const uint32_t owner_index = m.owner;
      RemoveBlockFromOwner(b);
      OwnerSlot& o = owners_[owner_index];
      m.owner = owner_index;
      m.prev = kNone;
      m.next = o.head_block;
      if (o.head_block != kNone) block(o.head_block).prev = b;
      o.head_block = b;
    }
  }
  live_count_ -= released;
  version_ += released;
  return released;
}

size_t RuntimeMemory::ReleaseOwnerRefs(uint32_t owner_index) {
  OwnerSlot& o = owners_[owner_index];
  const bool recording = (slow_flags_ & kWatching) != 0;
  size_t released = 0;
  uint32_t b = o.head_block;
  // One contiguous sweep per block of 8 (docs/spec/design.md §6); no
  // child-list unlinking is needed because the whole forest of the owner goes.
  while (b != kNone) {
    BlockMeta& m = block(b);
    const uint32_t next = m.next;
    if (next != kNone) __builtin_prefetch(&block(next), 1);
    uint32_t live = m.live;
    while (live != 0) {
      const uint32_t slot =
          (b << kBlockShift) | static_cast<uint32_t>(std::countr_zero(live));
      live &= live - 1;
      if (recording) RecordChange(slot, ChangeKind::kReleased);
      FreeSlot(slot, m);
      ++released;
    }
    m.live = 0;
    PushFreeBlock(b);
    b = next;
  }
  o.head_block = kNone;
  o.live = 0;
  live_count_ -= released;
  version_ += released;
  return released;
}

absl::StatusOr<size_t> RuntimeMemory::Release(RefId id) {
  if (dispatching_) return CallbackError();
  if (!IsValid(id)) return size_t{0};  // idempotent
  const uint32_t owner_index = owner_of(id.index);
  const size_t released = ReleaseSubtree(id.index);
  if (slow_flags_ != 0) {
    MutationEvent event;
    event.kind = MutationKind::kRelease;
    event.id = id;
    event.owner = OwnerId{owner_index, owners_[owner_index].generation};
    event.count = released;
    event.version = version();
    AfterMutation(event);
  }
  return released;
}

absl::StatusOr<size_t> RuntimeMemory::ReleaseOwner(OwnerId owner) {
  if (dispatching_) return CallbackError();
  if (!OwnerLive(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} is not a live owner", ToString(owner)));
  }
  const size_t released = ReleaseOwnerRefs(owner.index);
  if (slow_flags_ != 0) {
    MutationEvent event;
    event.kind = MutationKind::kReleaseOwner;
    event.owner = owner;
    event.count = released;
    event.version = version();
    AfterMutation(event);
  }
  return released;
}

// ---- Owners -----------------------------------------------------------------

namespace internal {

namespace {

uint32_t LoadSize(const std::string& text, size_t at) {
  uint32_t size;
  std::memcpy(&size, text.data() + at, sizeof(size));
  return size;
}

void AppendSized(std::string& text, const std::string& bytes) {
  const auto size = static_cast<uint32_t>(bytes.size());
  text.append(reinterpret_cast<const char*>(&size), sizeof(size));
  text += bytes;
}

}  // namespace

size_t OwnerChunk::TextSize(const CompactOwner& r) const {
  if (r.text == kNone) return 0;
  size_t at = r.text;
  if (r.kind == CompactOwner::kKindInText) {
    at += sizeof(uint32_t) + LoadSize(text, at);
  }
  at += sizeof(uint32_t) + LoadSize(text, at);
  return at - r.text;
}

OwnerRecord OwnerChunk::Record(uint32_t i, uint32_t base) const {
  const CompactOwner& r = records[i];
  OwnerRecord out;
  out.id = Id(i, base);
  out.state = r.state;
  if (r.generation == 0 || r.state == OwnerState::kFree) return out;
  if (r.kind != CompactOwner::kKindInText) out.info.kind = (*kinds)[r.kind];
  if (r.text != kNone) {
    size_t at = r.text;
    if (r.kind == CompactOwner::kKindInText) {
      const uint32_t size = LoadSize(text, at);
      out.info.kind.assign(text, at + sizeof(size), size);
      at += sizeof(size) + size;
    }
    out.info.label.assign(text, at + sizeof(uint32_t), LoadSize(text, at));
  }
  out.info.line_begin = r.line_begin;
  out.info.line_end = r.line_end;
  out.info.created_step = CompactOwner::Load(r.created_step);
  out.info.released_step = CompactOwner::Load(r.released_step);
  return out;
}

void OwnerChunk::Write(uint32_t i, uint32_t generation, OwnerState state,
                       const OwnerInfo& info, uint16_t kind) {
  if (records.size() <= i) records.resize(i + 1);
  dead_text += static_cast<uint32_t>(TextSize(records[i]));
  records[i].text = kNone;  // its old bytes are dead from here on
  // Forgotten and rewritten records leave dead bytes behind; once they are
  // most of the arena, copy the live ones out, so the arena stays within
  // twice the live text however often owner slots are recycled.
  if (dead_text > 256 && dead_text * 2 > text.size()) {
    std::string live;
    live.reserve(text.size() - dead_text);
    for (CompactOwner& r : records) {
      const size_t size = TextSize(r);
      if (size == 0) continue;
      const size_t at = live.size();
      live.append(text, r.text, size);
      r.text = static_cast<uint32_t>(at);
    }
    text = std::move(live);
    dead_text = 0;
  }
  CompactOwner& r = records[i];
  r.generation = generation;
  r.state = state;
  r.kind = kind;
  if (state != OwnerState::kFree &&
      (kind == CompactOwner::kKindInText || !info.label.empty())) {
    r.text = static_cast<uint32_t>(text.size());
    if (kind == CompactOwner::kKindInText) AppendSized(text, info.kind);
    AppendSized(text, info.label);
  }
  r.line_begin = info.line_begin;
  r.line_end = info.line_end;
  CompactOwner::Store(r.created_step, info.created_step);
  CompactOwner::Store(r.released_step, info.released_step);
}

}  // namespace internal

internal::OwnerChunk& RuntimeMemory::MutableOwnerChunk(uint32_t index) {
  const uint32_t k = index / internal::OwnerChunk::kSize;
  while (owner_chunks_.size() <= k) {
    owner_chunks_.push_back(std::make_shared<internal::OwnerChunk>());
    owner_chunks_.back()->records.reserve(internal::OwnerChunk::kSize);
    owner_chunk_shared_.push_back(false);
  }
  if (owner_chunk_shared_[k]) {
    // A snapshot holds this chunk: copy on write.
    owner_chunks_[k] =
        std::make_shared<internal::OwnerChunk>(*owner_chunks_[k]);
    owner_chunk_shared_[k] = false;
  }
  owner_directory_.reset();
  return *owner_chunks_[k];
}

uint16_t RuntimeMemory::InternOwnerKind(const std::string& kind) {
  if (auto it = owner_kind_ids_.find(kind); it != owner_kind_ids_.end()) {
    return it->second;
  }
  // Bounded, so a host that invents a kind per owner cannot grow the table
  // (and its copies) without limit: past it, kinds go into the chunk text.
  constexpr size_t kMaxInternedKinds = 1024;
  if (owner_kind_ids_.size() >= kMaxInternedKinds) {
    return internal::CompactOwner::kKindInText;
  }
  // Snapshots share the table, so a new kind makes a new table.
  auto table = owner_kinds_ == nullptr
                   ? std::make_shared<std::vector<std::string>>()
                   : std::make_shared<std::vector<std::string>>(*owner_kinds_);
  const auto id = static_cast<uint16_t>(table->size());
  table->push_back(kind);
  owner_kinds_ = std::move(table);
  owner_kind_ids_.emplace(kind, id);
  return id;
}

void RuntimeMemory::WriteOwnerRecord(uint32_t index, OwnerState state,
                                     const OwnerInfo& info) {
  const uint16_t kind = state == OwnerState::kFree
                            ? internal::CompactOwner::kKindInText
                            : InternOwnerKind(info.kind);
  internal::OwnerChunk& chunk = MutableOwnerChunk(index);
  chunk.kinds = owner_kinds_;
  chunk.Write(index % internal::OwnerChunk::kSize, owners_[index].generation,
              state, info, kind);
}

OwnerRecord RuntimeMemory::OwnerRecordAt(uint32_t index) const {
  const uint32_t k = index / internal::OwnerChunk::kSize;
  return owner_chunks_[k]->Record(index % internal::OwnerChunk::kSize,
                                  k * internal::OwnerChunk::kSize);
}

absl::StatusOr<OwnerId> RuntimeMemory::CreateOwner(OwnerInfo info) {
  if (dispatching_) return CallbackError();
  uint32_t index;
  if (free_owner_head_ != kNone) {
    index = free_owner_head_;
    free_owner_head_ = owners_[index].head_block;  // the free-list link
    ++owners_[index].generation;
  } else {
    if (owners_.size() >= options_.max_owners) {
      return absl::ResourceExhaustedError("owner id space exhausted");
    }
    index = static_cast<uint32_t>(owners_.size());
    owners_.push_back(OwnerSlot{});
    owners_[index].generation = 1;
  }
  OwnerSlot& o = owners_[index];
  o.head_block = kNone;
  o.live = 0;
  o.set_heap_bytes(0);
  o.set_state(OwnerState::kLive);
  const OwnerId id{index, o.generation};
  WriteOwnerRecord(index, OwnerState::kLive, info);
  ++version_;
  if (observer_ != nullptr) {
    Emit(OwnerEvent(MutationKind::kCreateOwner, id, &info, version()));
  }
  return id;
}

bool RuntimeMemory::IsOwnerLive(OwnerId owner) const {
  return OwnerLive(owner);
}

bool RuntimeMemory::OwnerExists(OwnerId owner) const {
  return owner.index < owners_.size() && owner.generation != 0 &&
         owners_[owner.index].generation == owner.generation &&
         owners_[owner.index].state() != OwnerState::kFree;
}

absl::StatusOr<OwnerRecord> RuntimeMemory::GetOwner(OwnerId owner) const {
  if (!OwnerExists(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} does not exist", ToString(owner)));
  }
  return OwnerRecordAt(owner.index);
}

absl::Status RuntimeMemory::UpdateOwnerInfo(OwnerId owner, OwnerInfo info) {
  if (dispatching_) return CallbackError();
  if (!OwnerExists(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} does not exist", ToString(owner)));
  }
  WriteOwnerRecord(owner.index, owners_[owner.index].state(), info);
  ++version_;
  if (observer_ != nullptr) {
    Emit(OwnerEvent(MutationKind::kUpdateOwner, owner, &info, version()));
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> RuntimeMemory::RetireOwner(OwnerId owner,
                                                  int64_t released_step) {
  if (dispatching_) return CallbackError();
  if (!OwnerLive(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} is not a live owner", ToString(owner)));
  }
  const size_t released = ReleaseOwnerRefs(owner.index);
  OwnerSlot& o = owners_[owner.index];
  o.set_state(OwnerState::kRetired);
  // The texts stay where they are: only the state and the step change.
  internal::OwnerChunk& chunk = MutableOwnerChunk(owner.index);
  internal::CompactOwner& record =
      chunk.records[owner.index % internal::OwnerChunk::kSize];
  record.state = OwnerState::kRetired;
  internal::CompactOwner::Store(record.released_step, released_step);
  ++version_;
  if (slow_flags_ != 0) {
    const OwnerRecord retired = OwnerRecordAt(owner.index);
    MutationEvent event;
    event.kind = MutationKind::kRetireOwner;
    event.owner = owner;
    event.owner_info = &retired.info;
    event.count = released;
    event.version = version();
    AfterMutation(event);
  }
  return released;
}

absl::Status RuntimeMemory::ForgetOwner(OwnerId owner) {
  if (dispatching_) return CallbackError();
  if (!OwnerExists(owner)) {
    return absl::NotFoundError(
        fmt::format("owner {} does not exist", ToString(owner)));
  }
  OwnerSlot& o = owners_[owner.index];
  if (o.state() != OwnerState::kRetired) {
    return absl::FailedPreconditionError(
        fmt::format("owner {} is live; retire it first", ToString(owner)));
  }
  o.set_state(OwnerState::kFree);
  if (o.generation < kMaxOwnerGeneration) {
    o.head_block = free_owner_head_;  // the free-list link
    free_owner_head_ = owner.index;
  } else {
    o.head_block = kNone;  // generation exhausted: never reuse the slot
  }
  // The record keeps its id (OwnersChangedSince names the forgotten owner
  // from the older snapshot's record); its texts become dead bytes.
  WriteOwnerRecord(owner.index, OwnerState::kFree, OwnerInfo{});
  ++version_;
  if (observer_ != nullptr) {
    Emit(OwnerEvent(MutationKind::kForgetOwner, owner, nullptr, version()));
  }
  return absl::OkStatus();
}

std::vector<OwnerId> RuntimeMemory::LiveOwners() const {
  std::vector<OwnerId> out;
  for (uint32_t i = 0; i < owners_.size(); ++i) {
    if (owners_[i].state() == OwnerState::kLive) {
      out.push_back(OwnerId{i, owners_[i].generation});
    }
  }
  return out;
}

UsageStats RuntimeMemory::OwnerUsage(OwnerId owner) const {
  if (!OwnerLive(owner)) return UsageStats{};
  const OwnerSlot& o = owners_[owner.index];
  return UsageStats{o.live, static_cast<size_t>(o.heap_bytes())};
}

UsageStats RuntimeMemory::TypeUsage(TypeId type) const {
  if (type >= type_rt_.size()) return UsageStats{};
  return UsageStats{type_rt_[type].live, type_rt_[type].heap_bytes};
}

UsageStats RuntimeMemory::TotalUsage() const {
  UsageStats total;
  total.live_refs = live_count_;
  for (const TypeRuntime& tr : type_rt_) total.heap_bytes += tr.heap_bytes;
  return total;
}

// ---- Untyped access ---------------------------------------------------------

absl::StatusOr<RefInfo> RuntimeMemory::Describe(RefId id) const {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/false);
  const HotSlot& h = hot(id.index);
  RefInfo info;
  info.id = id;
  info.type = h.type;
  const uint32_t owner_index = owner_of(id.index);
  info.owner = OwnerId{owner_index, owners_[owner_index].generation};
  if (h.parent != kNone) info.parent = RefId{h.parent, gen(h.parent)};
  return info;
}

absl::StatusOr<std::string> RuntimeMemory::FormatValue(RefId id) const {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/false);
  HotSlot& h = hot(id.index);
  return type_rt_[h.type].info->Format(ErasedValuePtr(h));
}

absl::StatusOr<std::string> RuntimeMemory::SerializeValue(RefId id) const {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/false);
  HotSlot& h = hot(id.index);
  return type_rt_[h.type].info->Serialize(ErasedValuePtr(h));
}

absl::Status RuntimeMemory::SetFromText(RefId id, std::string_view text) {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/true);
  if (dispatching_) return CallbackError();
  const uint32_t slot = id.index;
  HotSlot& h = hot(slot);
  const TypeInfo& info = *type_rt_[h.type].info;
  ErasedValue parsed(info);
  absl::Status status = parsed.Parse(text);
  if (!status.ok()) return status;
  void* current = ErasedValuePtr(h);
  if (info.Equal(current, parsed.get())) return absl::OkStatus();
  const size_t before = info.HeapBytes(current);
  info.Assign(current, parsed.get());
  if (h.flags & internal::kSlotBoxed) {
    AccountHeap(slot, static_cast<int64_t>(info.HeapBytes(current)) -
                          static_cast<int64_t>(before));
  }
  ++version_;
  if (slow_flags_ != 0) {
    RecordChange(slot, ChangeKind::kChanged);
    AfterMutation(ValueEvent(MutationKind::kSet, slot));
  }
  return absl::OkStatus();
}

absl::StatusOr<RefId> RuntimeMemory::AllocateFromText(TypeId type,
                                                      std::string_view text,
                                                      OwnerId owner,
                                                      RefId parent) {
  uint32_t parent_slot = kNone;
  if (!parent.is_null()) {
    auto p = ParentSlot(parent);
    if (!p.ok()) return p.status();
    parent_slot = *p;
    const uint32_t owner_index = owner_of(parent_slot);
    const OwnerId parent_owner{owner_index, owners_[owner_index].generation};
    if (!owner.is_null() && owner != parent_owner) {
      return absl::InvalidArgumentError(
          "a child is always owned by its parent's owner");
    }
    owner = parent_owner;
  }
  absl::Status status = CheckAllocate(&types_, type, owner);
  if (!status.ok()) return status;
  const TypeInfo& info = *type_rt_[type].info;
  ErasedValue parsed(info);
  status = parsed.Parse(text);
  if (!status.ok()) return status;
  const uint32_t slot = TakeSlot(owner.index);
  if (slot == kNone) {
    return absl::ResourceExhaustedError("memory id space exhausted");
  }
  const uint32_t generation =
      FillSlotErased(slot, type, parsed.get(), owner.index, parent_slot);
  if (parent_slot != kNone) LinkChild(slot, parent_slot);
  if (slow_flags_ != 0) {
    RecordChange(slot, ChangeKind::kAllocated);
    AfterMutation(ValueEvent(MutationKind::kAllocate, slot));
  }
  return RefId{slot, generation};
}

// ---- Queries ----------------------------------------------------------------

std::vector<RefId> RuntimeMemory::ByOwner(OwnerId owner) const {
  std::vector<RefId> out;
  if (!OwnerLive(owner)) return out;
  out.reserve(owners_[owner.index].live);
  for (uint32_t b = owners_[owner.index].head_block; b != kNone;
       b = block(b).next) {
    ForEachLiveSlot(b, block(b).live, [&](uint32_t slot) {
      out.push_back(RefId{slot, gen(slot)});
    });
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<RefId> RuntimeMemory::ByType(TypeId type) const {
  std::vector<RefId> out;
  if (type >= type_rt_.size()) return out;
  const TypeRuntime& tr = type_rt_[type];
  out.reserve(tr.live);
  const size_t words =
      std::min<size_t>(tr.bits.size(), (slot_limit_ + 63) / 64);
  for (size_t w = 0; w < words && out.size() < tr.live; ++w) {
    uint64_t bits = tr.bits[w];
    while (bits != 0) {
      const uint32_t slot = static_cast<uint32_t>(
          w * 64 + static_cast<size_t>(std::countr_zero(bits)));
      bits &= bits - 1;
      out.push_back(RefId{slot, gen(slot)});
    }
  }
  return out;
}

std::vector<RefId> RuntimeMemory::All() const {
  std::vector<RefId> out;
  out.reserve(live_count_);
  for (uint32_t b = 0; b < blocks_used_; ++b) {
    ForEachLiveSlot(b, block(b).live, [&](uint32_t slot) {
      out.push_back(RefId{slot, gen(slot)});
    });
  }
  return out;
}

std::vector<RefId> RuntimeMemory::Children(RefId id) const {
  std::vector<RefId> out;
  if (!IsValid(id)) return out;
  for (uint32_t c = first_child(id.index); c != kNone; c = next_sibling(c)) {
    out.push_back(RefId{c, gen(c)});
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<HierarchyRow> RuntimeMemory::Hierarchy() const {
  std::vector<HierarchyRow> rows;
  rows.reserve(live_count_);
  struct Pending {
    RefId id;
    RefId parent;
    uint32_t depth;
  };
  std::vector<Pending> stack;
  for (const OwnerId owner : LiveOwners()) {
    const std::vector<RefId> refs = ByOwner(owner);
    // Roots in descending order on the stack so they pop ascending.
    for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
      if (hot(it->index).parent == kNone) stack.push_back({*it, RefId{}, 0});
    }
    while (!stack.empty()) {
      const Pending p = stack.back();
      stack.pop_back();
      rows.push_back(HierarchyRow{owner, p.id, p.parent, p.depth});
      const std::vector<RefId> children = Children(p.id);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back({*it, p.id, p.depth + 1});
      }
    }
  }
  return rows;
}

// ---- Subscriptions ----------------------------------------------------------

void RuntimeMemory::UpdateSlowFlags() {
  uint32_t flags = 0;
  if (observer_ != nullptr) flags |= kObserverAttached;
  if (!watches_.empty()) flags |= kWatching;
  if (batch_depth_ > 0) flags |= kBatching;
  if (dispatching_) flags |= kDispatching;
  slow_flags_ = flags;
}

WatchId RuntimeMemory::AddWatch(Watch::Target target, uint64_t key,
                                WatchCallback callback) {
  auto watch = std::make_unique<Watch>();
  watch->id = static_cast<WatchId>(next_watch_id_++);
  watch->target = target;
  watch->key = key;
  watch->callback = std::move(callback);
  const WatchId id = watch->id;
  // Appended: a watch added inside a callback is not part of the current
  // round (Dispatch iterates a prefix), so it takes effect afterwards.
  watches_.push_back(std::move(watch));
  UpdateSlowFlags();
  return id;
}

WatchId RuntimeMemory::WatchRef(RefId id, WatchCallback callback) {
  return AddWatch(Watch::Target::kRef, id.packed(), std::move(callback));
}
WatchId RuntimeMemory::WatchType(TypeId type, WatchCallback callback) {
  return AddWatch(Watch::Target::kType, type, std::move(callback));
}
WatchId RuntimeMemory::WatchOwner(OwnerId owner, WatchCallback callback) {
  return AddWatch(Watch::Target::kOwner, owner.packed(), std::move(callback));
}

absl::Status RuntimeMemory::Unwatch(WatchId id) {
  // Watch ids increase with registration order, so the list is sorted.
  auto it = std::lower_bound(
      watches_.begin(), watches_.end(), id,
      [](const std::unique_ptr<Watch>& w, WatchId key) { return w->id < key; });
  if (it == watches_.end() || (*it)->id != id || (*it)->removed) {
    return absl::NotFoundError("no such watch");
  }
  if (dispatching_) {
    (*it)->removed = true;  // erased after the current round
  } else {
    watches_.erase(it);
    UpdateSlowFlags();
  }
  return absl::OkStatus();
}

absl::Status RuntimeMemory::BeginBatch() {
  if (dispatching_) return CallbackError();
  ++batch_depth_;
  UpdateSlowFlags();
  return absl::OkStatus();
}

absl::Status RuntimeMemory::EndBatch() {
  if (dispatching_) return CallbackError();
  if (batch_depth_ == 0) {
    return absl::FailedPreconditionError("EndBatch without BeginBatch");
  }
  --batch_depth_;
  UpdateSlowFlags();
  if (batch_depth_ == 0) Dispatch();
  return absl::OkStatus();
}

void RuntimeMemory::RecordChange(uint32_t slot, ChangeKind kind) {
  if ((slow_flags_ & kWatching) == 0) return;
  const HotSlot& h = hot(slot);
  MemoryChange change;
  change.id = RefId{slot, gen(slot)};
  const uint32_t owner_index = owner_of(slot);
  change.owner = OwnerId{owner_index, owners_[owner_index].generation};
  change.type = h.type;
  change.kinds = static_cast<uint8_t>(kind);
  RecordChange(change);
}

void RuntimeMemory::RecordChange(const MemoryChange& change) {
  if (batch_depth_ > 0) {
    // The per-turn dirty set: one entry per ref, in first-change order (the
    // map only finds the position; it is never iterated).
    auto [it, inserted] =
        pending_index_.try_emplace(change.id.packed(), pending_.size());
    if (!inserted) {
      pending_[it->second].kinds |= change.kinds;
      return;
    }
  }
  pending_.push_back(change);
}

void RuntimeMemory::Emit(MutationEvent event) {
  if (observer_ == nullptr) return;
  // The observer must not mutate either: same guard as callbacks.
  const bool was = dispatching_;
  dispatching_ = true;
  UpdateSlowFlags();
  observer_->OnMutation(event);
  dispatching_ = was;
  UpdateSlowFlags();
}

void RuntimeMemory::AfterMutation(const MutationEvent& event) {
  Emit(event);
  if (batch_depth_ == 0) Dispatch();
}

MutationEvent RuntimeMemory::ValueEvent(MutationKind kind,
                                        uint32_t slot) const {
  HotSlot& h = hot(slot);
  MutationEvent event;
  event.kind = kind;
  event.id = RefId{slot, gen(slot)};
  if (h.parent != kNone) event.parent = RefId{h.parent, gen(h.parent)};
  const uint32_t owner_index = owner_of(slot);
  event.owner = OwnerId{owner_index, owners_[owner_index].generation};
  event.type = h.type;
  event.type_name = types_[h.type].name;
  event.type_info = type_rt_[h.type].info;
  event.value = ErasedValuePtr(h);
  event.version = version();
  return event;
}

void RuntimeMemory::Dispatch() {
  if (pending_.empty()) return;
  std::vector<MemoryChange> changes;
  changes.swap(pending_);
  pending_index_.clear();
  dispatching_ = true;
  UpdateSlowFlags();
  const size_t round = watches_.size();
  for (size_t i = 0; i < round; ++i) {
    Watch* w = watches_[i].get();  // stable even if watches_ grows
    scratch_.clear();
    for (const MemoryChange& c : changes) {
      bool match = false;
      switch (w->target) {
        case Watch::Target::kRef:
          match = c.id.packed() == w->key;
          break;
        case Watch::Target::kType:
          match = c.type == w->key;
          break;
        case Watch::Target::kOwner:
          match = c.owner.packed() == w->key;
          break;
      }
      if (match) scratch_.push_back(c);
    }
    if (!scratch_.empty()) {
      // Copy: the callback may add watches, but scratch_ is not touched
      // until it returns.
      w->callback(*this, absl::MakeConstSpan(scratch_));
    }
  }
  dispatching_ = false;
  watches_.erase(std::remove_if(watches_.begin(), watches_.end(),
                                [](const std::unique_ptr<Watch>& w) {
                                  return w->removed;
                                }),
                 watches_.end());
  changes.clear();
  pending_.swap(changes);  // keep the capacity
  UpdateSlowFlags();
}

void RuntimeMemory::AttachObserver(MutationObserver* observer) {
  observer_ = observer;
  UpdateSlowFlags();
}

}  // namespace wod::memory
