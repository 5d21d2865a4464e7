#include "memory/memory_snapshot.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string_view>
#include <utility>

#include "base/json.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace wod::memory {

using internal::Chunk;
using internal::HotSlot;
using internal::kBlockShift;
using internal::kChunkBlocks;
using internal::kChunkMask;
using internal::kNone;

namespace {

// Binary search by slot index (entries are sorted by index, one per index).
const SnapshotEntry* FindIndex(absl::Span<const SnapshotEntry> entries,
                               uint32_t index) {
  auto it = std::lower_bound(
      entries.begin(), entries.end(), index,
      [](const SnapshotEntry& e, uint32_t key) { return e.index < key; });
  if (it == entries.end() || it->index != index) return nullptr;
  return &*it;
}

}  // namespace

// ---- ValueArena -------------------------------------------------------------

namespace internal {

void* ValueArena::Allocate(size_t size, size_t alignment) {
  for (;;) {
    if (current_ < blocks_.size()) {
      Block& block = blocks_[current_];
      const size_t start = (used_ + alignment - 1) & ~(alignment - 1);
      if (start + size <= block.size) {
        used_ = start + size;
        return block.data.get() + start;
      }
      ++current_;
      used_ = 0;
      continue;
    }
    // new[] of unsigned char is aligned for any fundamental type; TypeInfo
    // refuses over-aligned types.
    Block block;
    block.size = std::max(kBlockSize, size + alignment);
    block.data.reset(new unsigned char[block.size]);
    blocks_.push_back(std::move(block));
  }
}

void ValueArena::Reset() {
  current_ = 0;
  used_ = 0;
}

size_t ValueArena::capacity() const {
  size_t total = 0;
  for (const Block& b : blocks_) total += b.size;
  return total;
}

// ---- SnapshotPool -----------------------------------------------------------

std::shared_ptr<MemorySnapshot> SnapshotPool::Acquire() {
  std::unique_ptr<MemorySnapshot> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      snapshot = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (snapshot == nullptr) snapshot = std::make_unique<MemorySnapshot>();
  std::shared_ptr<SnapshotPool> self = shared_from_this();
  return std::shared_ptr<MemorySnapshot>(
      snapshot.release(), [self](MemorySnapshot* s) { self->Recycle(s); });
}

void SnapshotPool::Recycle(MemorySnapshot* snapshot) {
  // Destroy value copies outside the lock (this may run on a reader thread).
  snapshot->Clear();
  std::unique_ptr<MemorySnapshot> owned(snapshot);
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.size() < kMaxPooled) free_.push_back(std::move(owned));
}

size_t SnapshotPool::pooled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return free_.size();
}

}  // namespace internal

// ---- Capture ----------------------------------------------------------------

std::shared_ptr<const MemorySnapshot> RuntimeMemory::Snapshot() const {
  std::shared_ptr<MemorySnapshot> snapshot = pool_->Acquire();
  snapshot->version_ = version();
  snapshot->types_ = types_.table();
  if (owner_directory_ == nullptr) {
    auto directory = std::make_shared<internal::OwnerDirectory>();
    directory->reserve(owner_chunks_.size());
    for (size_t k = 0; k < owner_chunks_.size(); ++k) {
      directory->push_back(owner_chunks_[k]);
      owner_chunk_shared_[k] = true;  // later writes copy the chunk
    }
    owner_directory_ = std::move(directory);
  }
  snapshot->owners_ = owner_directory_;

  // One linear pass over the blocks in index order: the entries come out
  // sorted by id with no per-entry lookup (docs/spec/design.md §6).
  SnapshotEntry* out = snapshot->Reserve(live_count_);
  size_t n = 0;
  for (size_t c = 0; c < chunks_.size(); ++c) {
    const Chunk& ch = *chunks_[c];
    const uint32_t first_block = static_cast<uint32_t>(c) * kChunkBlocks;
    if (first_block >= blocks_used_) break;
    const uint32_t end = std::min(blocks_used_ - first_block, kChunkBlocks);
    for (uint32_t lb = 0; lb < end; ++lb) {
      uint32_t live = ch.blocks[lb].live;
      if (live == 0) continue;
      // Every slot of a block has the block's owner.
      const uint32_t owner = ch.blocks[lb].owner;
      while (live != 0) {
        const uint32_t off =
            (lb << kBlockShift) | static_cast<uint32_t>(std::countr_zero(live));
        live &= live - 1;
        const HotSlot& h = ch.hot[off];
        SnapshotEntry& e = out[n++];
        e.index = (first_block << kBlockShift) + off;
        e.generation = ch.gen[off];
        e.parent = h.parent;
        e.owner_type = owner | (uint32_t{h.type} << SnapshotEntry::kOwnerBits);
        if (h.flags & internal::kSlotBoxed) {
          const void* box;
          std::memcpy(&box, h.value, sizeof(box));
          void* copy = snapshot->CopyOut(*type_rt_[h.type].info, box);
          std::memset(e.value, 0, sizeof(e.value));
          std::memcpy(e.value, &copy, sizeof(copy));
        } else {
          std::memcpy(e.value, h.value, sizeof(e.value));
        }
      }
    }
  }
  snapshot->size_ = n;
  return snapshot;
}

// ---- MemorySnapshot ---------------------------------------------------------

MemorySnapshot::MemorySnapshot() = default;

MemorySnapshot::~MemorySnapshot() { Clear(); }

SnapshotEntry* MemorySnapshot::Reserve(size_t n) {
  if (n > capacity_) {
    const size_t capacity = std::max(n, capacity_ + capacity_ / 2);
    // Default-initialised: no zeroing pass, every used entry is written.
    entries_.reset(new SnapshotEntry[capacity]);
    capacity_ = capacity;
  }
  return entries_.get();
}

void* MemorySnapshot::CopyOut(const TypeInfo& info, const void* value) {
  void* copy = arena_.Allocate(info.size(), info.alignment());
  info.CopyConstruct(copy, value);
  has_boxed_ = true;
  return copy;
}

void MemorySnapshot::Clear() {
  if (has_boxed_) {
    for (size_t i = 0; i < size_; ++i) {
      const SnapshotEntry& e = entries_[i];
      if (IsBoxed(e.type())) {
        TypeInfoOf(e.type()).Destroy(const_cast<void*>(ValuePtr(e)));
      }
    }
  }
  has_boxed_ = false;
  arena_.Reset();
  size_ = 0;
  version_ = 0;
  types_.reset();
  owners_.reset();
}

const SnapshotEntry* MemorySnapshot::Find(RefId id) const {
  const SnapshotEntry* e = FindIndex(entries(), id.index);
  if (e == nullptr || e->generation != id.generation) return nullptr;
  return e;
}

RefId MemorySnapshot::ParentOf(const SnapshotEntry& entry) const {
  if (!entry.has_parent()) return RefId{};
  const SnapshotEntry* p = FindIndex(entries(), entry.parent);
  return p == nullptr ? RefId{} : p->id();
}

OwnerId MemorySnapshot::OwnerOf(const SnapshotEntry& entry) const {
  const OwnerId id = OwnerIdAt(entry.owner_index());
  return id.is_null() ? OwnerId{entry.owner_index(), 0} : id;
}

std::string_view MemorySnapshot::TypeName(TypeId type) const {
  if (types_ == nullptr || !types_->Contains(type)) return "?";
  return (*types_)[type].name;
}

const void* MemorySnapshot::ValuePtr(const SnapshotEntry& entry) const {
  if (IsBoxed(entry.type())) {
    const void* copy;
    std::memcpy(&copy, entry.value, sizeof(copy));
    return copy;
  }
  return entry.value;
}

std::string MemorySnapshot::FormatValue(const SnapshotEntry& entry) const {
  return TypeInfoOf(entry.type()).Format(ValuePtr(entry));
}

std::string MemorySnapshot::SerializeValue(const SnapshotEntry& entry) const {
  return TypeInfoOf(entry.type()).Serialize(ValuePtr(entry));
}

const internal::OwnerChunk* MemorySnapshot::OwnerChunkOf(
    uint32_t owner_index) const {
  if (owners_ == nullptr) return nullptr;
  const size_t k = owner_index / internal::OwnerChunk::kSize;
  const size_t i = owner_index % internal::OwnerChunk::kSize;
  if (k >= owners_->size() || i >= (*owners_)[k]->records.size()) {
    return nullptr;
  }
  const internal::OwnerChunk* chunk = (*owners_)[k].get();
  return chunk->records[i].state == OwnerState::kFree ? nullptr : chunk;
}

std::optional<OwnerRecord> MemorySnapshot::Owner(uint32_t owner_index) const {
  const internal::OwnerChunk* chunk = OwnerChunkOf(owner_index);
  if (chunk == nullptr) return std::nullopt;
  constexpr uint32_t kSize = internal::OwnerChunk::kSize;
  return chunk->Record(owner_index % kSize, owner_index / kSize * kSize);
}

std::optional<OwnerRecord> MemorySnapshot::Owner(OwnerId owner) const {
  if (OwnerIdAt(owner.index) != owner || owner.is_null()) return std::nullopt;
  return Owner(owner.index);
}

OwnerId MemorySnapshot::OwnerIdAt(uint32_t owner_index) const {
  const internal::OwnerChunk* chunk = OwnerChunkOf(owner_index);
  if (chunk == nullptr) return OwnerId{};
  constexpr uint32_t kSize = internal::OwnerChunk::kSize;
  return chunk->Id(owner_index % kSize, owner_index / kSize * kSize);
}

std::vector<OwnerRecord> MemorySnapshot::Owners() const {
  std::vector<OwnerRecord> out;
  if (owners_ == nullptr) return out;
  for (size_t k = 0; k < owners_->size(); ++k) {
    const internal::OwnerChunk& chunk = *(*owners_)[k];
    const auto base = static_cast<uint32_t>(k * internal::OwnerChunk::kSize);
    for (uint32_t i = 0; i < chunk.records.size(); ++i) {
      if (chunk.records[i].state != OwnerState::kFree) {
        out.push_back(chunk.Record(i, base));
      }
    }
  }
  return out;
}

namespace {

// Where record `r`'s kind and label are (internal::CompactOwner::text).
std::pair<std::string_view, std::string_view> OwnerTexts(
    const internal::OwnerChunk& chunk, const internal::CompactOwner& r) {
  using internal::CompactOwner;
  if (r.generation == 0 || r.state == OwnerState::kFree) return {};
  const std::string_view text = chunk.text;
  const auto size_at = [&](size_t at) {
    uint32_t size;
    std::memcpy(&size, text.data() + at, sizeof(size));
    return size;
  };
  std::string_view kind;
  if (r.kind != CompactOwner::kKindInText) kind = (*chunk.kinds)[r.kind];
  if (r.text == internal::kNone) return {kind, {}};
  size_t at = r.text;
  if (r.kind == CompactOwner::kKindInText) {
    kind = text.substr(at + sizeof(uint32_t), size_at(at));
    at += sizeof(uint32_t) + kind.size();
  }
  return {kind, text.substr(at + sizeof(uint32_t), size_at(at))};
}

// Whether record `i` of two copies of one chunk reads back as the same
// OwnerRecord, compared in place (no strings built).
bool SameOwnerRecord(const internal::OwnerChunk& a,
                     const internal::OwnerChunk& b, uint32_t i) {
  using internal::CompactOwner;
  const CompactOwner& x = a.records[i];
  const CompactOwner& y = b.records[i];
  return x.generation == y.generation && x.state == y.state &&
         x.line_begin == y.line_begin && x.line_end == y.line_end &&
         CompactOwner::Load(x.created_step) ==
             CompactOwner::Load(y.created_step) &&
         CompactOwner::Load(x.released_step) ==
             CompactOwner::Load(y.released_step) &&
         OwnerTexts(a, x) == OwnerTexts(b, y);
}

}  // namespace

std::vector<OwnerRecord> MemorySnapshot::OwnersChangedSince(
    const MemorySnapshot* older) const {
  std::vector<OwnerRecord> out;
  if (owners_ == nullptr) return out;
  const internal::OwnerDirectory* before =
      older != nullptr ? older->owners_.get() : nullptr;
  if (before == owners_.get()) return out;
  const OwnerRecord kFreeRecord;
  for (size_t k = 0; k < owners_->size(); ++k) {
    const internal::OwnerChunk* chunk = (*owners_)[k].get();
    const internal::OwnerChunk* old_chunk =
        before != nullptr && k < before->size() ? (*before)[k].get() : nullptr;
    if (chunk == old_chunk) continue;
    const auto base = static_cast<uint32_t>(k * internal::OwnerChunk::kSize);
    for (uint32_t i = 0; i < chunk->records.size(); ++i) {
      // A chunk copied on write differs from its older copy in a record or
      // two: compare in place and build only the records that changed.
      if (old_chunk != nullptr && i < old_chunk->records.size() &&
          SameOwnerRecord(*chunk, *old_chunk, i)) {
        continue;
      }
      const OwnerRecord now = chunk->Record(i, base);
      const OwnerRecord then =
          old_chunk != nullptr && i < old_chunk->records.size()
              ? old_chunk->Record(i, base)
              : kFreeRecord;
      if (now.state == then.state && now.id == then.id &&
          now.info == then.info) {
        continue;
      }
      OwnerRecord changed = now;
      if (changed.state == OwnerState::kFree) {
        // A forgotten owner: name the one that was there.
        changed.id = then.id;
        changed.info = then.info;
      }
      out.push_back(std::move(changed));
    }
  }
  return out;
}

std::vector<RefId> MemorySnapshot::ByType(TypeId type) const {
  std::vector<RefId> out;
  for (const SnapshotEntry& e : entries()) {
    if (e.type() == type) out.push_back(e.id());
  }
  return out;
}

std::vector<RefId> MemorySnapshot::ByOwner(OwnerId owner) const {
  std::vector<RefId> out;
  if (owner.is_null() || OwnerIdAt(owner.index) != owner) return out;
  for (const SnapshotEntry& e : entries()) {
    if (e.owner_index() == owner.index) out.push_back(e.id());
  }
  return out;
}

std::vector<RefId> MemorySnapshot::Children(RefId id) const {
  std::vector<RefId> out;
  if (Find(id) == nullptr) return out;
  for (const SnapshotEntry& e : entries()) {
    if (e.parent == id.index) out.push_back(e.id());
  }
  return out;
}

UsageStats MemorySnapshot::CountByType(TypeId type) const {
  UsageStats stats;
  for (const SnapshotEntry& e : entries()) {
    if (e.type() != type) continue;
    ++stats.live_refs;
    if (IsBoxed(type)) {
      stats.heap_bytes +=
          TypeInfoOf(type).size() + TypeInfoOf(type).HeapBytes(ValuePtr(e));
    }
  }
  return stats;
}

UsageStats MemorySnapshot::CountByOwner(OwnerId owner) const {
  UsageStats stats;
  if (owner.is_null() || OwnerIdAt(owner.index) != owner) return stats;
  for (const SnapshotEntry& e : entries()) {
    if (e.owner_index() != owner.index) continue;
    ++stats.live_refs;
    if (IsBoxed(e.type())) {
      stats.heap_bytes += TypeInfoOf(e.type()).size() +
                          TypeInfoOf(e.type()).HeapBytes(ValuePtr(e));
    }
  }
  return stats;
}

std::vector<HierarchyRow> MemorySnapshot::Hierarchy() const {
  const absl::Span<const SnapshotEntry> all = entries();
  const size_t n = all.size();
  std::vector<uint32_t> first_child(n, kNone);
  std::vector<uint32_t> next_sibling(n, kNone);
  std::vector<uint32_t> roots;
  // Reverse pass so that each child list comes out in ascending id order.
  for (size_t k = n; k-- > 0;) {
    const SnapshotEntry& e = all[k];
    if (!e.has_parent()) continue;
    const SnapshotEntry* p = FindIndex(all, e.parent);
    if (p == nullptr) continue;  // cannot happen for a captured snapshot
    const size_t pos = static_cast<size_t>(p - all.data());
    next_sibling[k] = first_child[pos];
    first_child[pos] = static_cast<uint32_t>(k);
  }
  for (size_t k = 0; k < n; ++k) {
    if (!all[k].has_parent() || FindIndex(all, all[k].parent) == nullptr) {
      roots.push_back(static_cast<uint32_t>(k));
    }
  }
  std::stable_sort(roots.begin(), roots.end(), [&](uint32_t x, uint32_t y) {
    return all[x].owner_index() < all[y].owner_index();
  });
  std::vector<HierarchyRow> rows;
  rows.reserve(n);
  struct Pending {
    uint32_t pos;
    uint32_t depth;
  };
  std::vector<Pending> stack;
  for (const uint32_t root : roots) {
    stack.push_back({root, 0});
    while (!stack.empty()) {
      const Pending p = stack.back();
      stack.pop_back();
      const SnapshotEntry& e = all[p.pos];
      rows.push_back(HierarchyRow{OwnerOf(e), e.id(), ParentOf(e), p.depth});
      // Children are pushed in id order and that run reversed in place, so
      // they pop in id order (no list per node: this runs per debugger
      // step).
      const size_t mark = stack.size();
      for (uint32_t c = first_child[p.pos]; c != kNone; c = next_sibling[c]) {
        stack.push_back({c, p.depth + 1});
      }
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark),
                   stack.end());
    }
  }
  return rows;
}

std::string MemorySnapshot::EntryText(const SnapshotEntry& e) const {
  const OwnerId owner = OwnerOf(e);
  const std::optional<OwnerRecord> record = Owner(e.owner_index());
  const RefId parent = ParentOf(e);
  return fmt::format(
      "{} {} owner={}({}:{}) parent={} = {}", ToString(e.id()),
      TypeName(e.type()), ToString(owner),
      !record.has_value() ? std::string_view("?") : record->info.kind,
      !record.has_value() ? std::string_view("?") : record->info.label,
      parent.is_null() ? std::string("-") : ToString(parent), FormatValue(e));
}

std::string MemorySnapshot::ToText() const {
  std::string out =
      fmt::format("snapshot version={} refs={}\n", version_, size_);
  for (const SnapshotEntry& e : entries()) {
    out += EntryText(e);
    out += '\n';
  }
  return out;
}

std::string MemorySnapshot::ToJson() const {
  // Strings as bytes (JsonStrings::kBytes): a recording's keyframes must
  // round-trip every value exactly (docs/spec/recording.md).
  base::JsonWriter out(base::JsonStrings::kBytes);
  out.BeginObject().Key("version").Int(static_cast<int64_t>(version_));
  out.Key("owners").BeginArray();
  for (const OwnerRecord& r : Owners()) {
    out.BeginObject().Key("id").String(ToString(r.id));
    out.Key("state").String(r.state == OwnerState::kLive ? "live" : "retired");
    out.Key("kind").String(r.info.kind).Key("label").String(r.info.label);
    out.Key("lines").BeginArray().Int(r.info.line_begin).Int(r.info.line_end);
    out.EndArray().Key("created_step").Int(r.info.created_step);
    out.Key("released_step").Int(r.info.released_step).EndObject();
  }
  out.EndArray().Key("refs").BeginArray();
  for (const SnapshotEntry& e : entries()) {
    const RefId parent = ParentOf(e);
    out.BeginObject().Key("id").String(ToString(e.id()));
    out.Key("type").String(TypeName(e.type()));
    out.Key("owner").String(ToString(OwnerOf(e))).Key("parent");
    if (parent.is_null()) {
      out.Null();
    } else {
      out.String(ToString(parent));
    }
    out.Key("value").String(SerializeValue(e)).EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

// ---- Diff / Apply -----------------------------------------------------------

namespace {

bool SameValue(const MemorySnapshot& a, const SnapshotEntry& x,
               const MemorySnapshot& b, const SnapshotEntry& y) {
  const TypeInfo& info = a.TypeInfoOf(x.type());
  if (info.stored_inline() &&
      std::memcmp(x.value, y.value, sizeof(x.value)) == 0) {
    return true;  // identical bytes of a trivially copyable value
  }
  return info.Equal(a.ValuePtr(x), b.ValuePtr(y));
}

}  // namespace

SnapshotDelta Diff(const MemorySnapshot& a, const MemorySnapshot& b) {
  SnapshotDelta delta;
  delta.from_version = a.version();
  delta.to_version = b.version();
  auto patch = std::make_shared<MemorySnapshot>();
  patch->version_ = b.version_;
  patch->types_ = b.types_;
  patch->owners_ = b.owners_;
  std::vector<const SnapshotEntry*> patch_entries;
  const absl::Span<const SnapshotEntry> xs = a.entries();
  const absl::Span<const SnapshotEntry> ys = b.entries();
  size_t i = 0;
  size_t j = 0;
  while (i < xs.size() || j < ys.size()) {
    if (j >= ys.size() || (i < xs.size() && xs[i].id() < ys[j].id())) {
      delta.removed.push_back(xs[i++].id());
    } else if (i >= xs.size() || ys[j].id() < xs[i].id()) {
      delta.added.push_back(ys[j].id());
      patch_entries.push_back(&ys[j++]);
    } else {
      if (!SameValue(a, xs[i], b, ys[j])) {
        delta.changed.push_back(ys[j].id());
        patch_entries.push_back(&ys[j]);
      }
      ++i;
      ++j;
    }
  }
  SnapshotEntry* out = patch->Reserve(patch_entries.size());
  for (size_t k = 0; k < patch_entries.size(); ++k) {
    const SnapshotEntry& e = *patch_entries[k];
    out[k] = e;
    if (b.IsBoxed(e.type())) {
      void* copy = patch->CopyOut(b.TypeInfoOf(e.type()), b.ValuePtr(e));
      std::memcpy(out[k].value, &copy, sizeof(copy));
    }
  }
  patch->size_ = patch_entries.size();
  delta.patch = std::move(patch);
  return delta;
}

absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Apply(
    const MemorySnapshot& a, const SnapshotDelta& delta) {
  if (delta.from_version != a.version()) {
    return absl::FailedPreconditionError(
        fmt::format("delta starts at version {}, snapshot is version {}",
                    delta.from_version, a.version()));
  }
  if (delta.patch == nullptr ||
      delta.patch->size() != delta.added.size() + delta.changed.size()) {
    return absl::InvalidArgumentError("delta patch does not match its lists");
  }
  const MemorySnapshot& p = *delta.patch;
  auto out = std::make_shared<MemorySnapshot>();
  out->version_ = delta.to_version;
  out->types_ = p.types_;
  out->owners_ = p.owners_;
  const absl::Span<const SnapshotEntry> xs = a.entries();
  const absl::Span<const SnapshotEntry> ps = p.entries();
  SnapshotEntry* dst = out->Reserve(xs.size() + ps.size());
  size_t n = 0;
  size_t removed_found = 0;
  size_t changed_found = 0;
  size_t r = 0;
  auto emit = [&](const MemorySnapshot& from,
                  const SnapshotEntry& e) -> absl::Status {
    if (n > 0 && dst[n - 1].index >= e.index) {
      return absl::InvalidArgumentError(
          fmt::format("delta adds {} over a live ref", ToString(e.id())));
    }
    dst[n] = e;
    if (from.IsBoxed(e.type())) {
      void* copy = out->CopyOut(from.TypeInfoOf(e.type()), from.ValuePtr(e));
      std::memcpy(dst[n].value, &copy, sizeof(copy));
    }
    out->size_ = ++n;
    return absl::OkStatus();
  };
  size_t i = 0;
  size_t j = 0;
  while (i < xs.size() || j < ps.size()) {
    if (j >= ps.size() || (i < xs.size() && xs[i].id() < ps[j].id())) {
      const RefId id = xs[i].id();
      while (r < delta.removed.size() && delta.removed[r] < id) ++r;
      if (r < delta.removed.size() && delta.removed[r] == id) {
        ++removed_found;
        ++i;
        continue;
      }
      absl::Status s = emit(a, xs[i++]);
      if (!s.ok()) return s;
    } else if (i < xs.size() && xs[i].id() == ps[j].id()) {
      ++changed_found;
      absl::Status s = emit(p, ps[j]);
      if (!s.ok()) return s;
      ++i;
      ++j;
    } else {
      absl::Status s = emit(p, ps[j++]);
      if (!s.ok()) return s;
    }
  }
  if (removed_found != delta.removed.size()) {
    return absl::InvalidArgumentError("delta removes refs the snapshot lacks");
  }
  if (changed_found != delta.changed.size()) {
    return absl::InvalidArgumentError("delta changes refs the snapshot lacks");
  }
  return std::shared_ptr<const MemorySnapshot>(std::move(out));
}

}  // namespace wod::memory
