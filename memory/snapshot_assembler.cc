#include "memory/snapshot_assembler.h"

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "fmt/format.h"
#include "memory/internal/slot_table.h"

namespace wod::memory {

namespace {

// A value of a type without a parser, as it was published.
struct DisplayStandIn {
  std::string text;
  size_t heap = 0;
  friend bool operator==(const DisplayStandIn&,
                         const DisplayStandIn&) = default;
};

TypeInfo StandInFor(const TypeInfo& original) {
  TypeOps<DisplayStandIn> ops;
  ops.format = [](const DisplayStandIn& v) { return v.text; };
  ops.serialize = [](const DisplayStandIn& v) { return v.text; };
  ops.heap_bytes = [](const DisplayStandIn& v) { return v.heap; };
  TypeInfo info = TypeInfo::Of<DisplayStandIn>(original.name(), ops);
  info.set_counted_size(original.counted_size());
  return info;
}

}  // namespace

SnapshotAssembler::SnapshotAssembler(const TypeTable& types) {
  std::vector<RegisteredType> table;
  table.reserve(types.size());
  for (size_t t = 0; t < types.size(); ++t) {
    RegisteredType r = types[static_cast<TypeId>(t)];
    stand_in_.push_back(!r.info.can_parse());
    if (!r.info.can_parse()) r.info = StandInFor(r.info);
    table.push_back(std::move(r));
  }
  types_ = std::make_shared<const TypeTable>(std::move(table));
}

void SnapshotAssembler::SetOwner(const OwnerRecord& record) {
  const size_t k = record.id.index / internal::OwnerChunk::kSize;
  const size_t i = record.id.index % internal::OwnerChunk::kSize;
  if (record.state == OwnerState::kFree &&
      (k >= chunks_.size() || i >= chunks_[k]->records.size())) {
    return;  // already free
  }
  while (chunks_.size() <= k) {
    chunks_.push_back(std::make_shared<internal::OwnerChunk>());
  }
  // Copy on write: a chunk a snapshot still shares is never changed.
  if (chunks_[k].use_count() > 1) {
    chunks_[k] = std::make_shared<internal::OwnerChunk>(*chunks_[k]);
  }
  // The chunk keeps the memory's compact form; kinds are not interned here
  // (kKindInText), so the chunk needs no kind table.
  const bool free = record.state == OwnerState::kFree;
  chunks_[k]->Write(static_cast<uint32_t>(i), record.id.generation,
                    record.state, free ? OwnerInfo{} : record.info,
                    internal::CompactOwner::kKindInText);
  // Owner() answers from a plain copy of the table.
  if (owners_.size() <= record.id.index) owners_.resize(record.id.index + 1);
  owners_[record.id.index] = record;
  if (free) owners_[record.id.index].info = OwnerInfo{};
  directory_.reset();
}

const OwnerRecord* SnapshotAssembler::Owner(uint32_t index) const {
  if (index >= owners_.size()) return nullptr;
  const OwnerRecord& r = owners_[index];
  return r.state == OwnerState::kFree ? nullptr : &r;
}

absl::StatusOr<std::shared_ptr<const MemorySnapshot>> SnapshotAssembler::Build(
    uint64_t version, absl::Span<const Ref> refs) {
  return Assemble(version, refs, /*whole=*/true);
}

absl::StatusOr<std::shared_ptr<const MemorySnapshot>>
SnapshotAssembler::BuildPatch(uint64_t version, absl::Span<const Ref> refs) {
  return Assemble(version, refs, /*whole=*/false);
}

absl::StatusOr<std::shared_ptr<const MemorySnapshot>>
SnapshotAssembler::Assemble(uint64_t version, absl::Span<const Ref> refs,
                            bool whole) {
  if (types_ == nullptr) {
    return absl::FailedPreconditionError("snapshot assembler has no types");
  }
  if (directory_ == nullptr) {
    auto directory = std::make_shared<internal::OwnerDirectory>();
    directory->reserve(chunks_.size());
    for (const auto& chunk : chunks_) directory->push_back(chunk);
    directory_ = std::move(directory);
  }
  auto out = std::make_shared<MemorySnapshot>();
  out->version_ = version;
  out->types_ = types_;
  out->owners_ = directory_;
  SnapshotEntry* dst = out->Reserve(refs.size());
  for (size_t n = 0; n < refs.size(); ++n) {
    const Ref& r = refs[n];
    if (n > 0 && refs[n - 1].id.index >= r.id.index) {
      return absl::InvalidArgumentError(
          fmt::format("ref {} is out of id order", ToString(r.id)));
    }
    if (!types_->Contains(r.type)) {
      return absl::InvalidArgumentError(
          fmt::format("ref {} has unknown type {}", ToString(r.id), r.type));
    }
    if (r.owner_index > SnapshotEntry::kOwnerMask) {
      return absl::InvalidArgumentError(fmt::format(
          "ref {} names owner index {}", ToString(r.id), r.owner_index));
    }
    const TypeInfo& info = (*types_)[r.type].info;
    SnapshotEntry& e = dst[n];
    e.index = r.id.index;
    e.generation = r.id.generation;
    e.parent = r.parent.is_null() ? SnapshotEntry::kNoParent : r.parent.index;
    e.owner_type = r.owner_index |
                   (static_cast<uint32_t>(r.type) << SnapshotEntry::kOwnerBits);
    // Zeroed first: equal inline values compare equal byte for byte (Diff).
    std::memset(e.value, 0, sizeof(e.value));
    absl::Status parsed;
    if (stand_in_[r.type]) {
      void* copy = out->arena_.Allocate(info.size(), info.alignment());
      ::new (copy) DisplayStandIn{std::string(r.text), r.heap};
      out->has_boxed_ = true;
      std::memcpy(e.value, &copy, sizeof(copy));
    } else if (info.stored_inline()) {
      parsed = info.ParseConstruct(r.text, e.value);
    } else {
      // Parsed into a scratch value, then copied as the memory's own
      // snapshot copies it: a container's capacity (its heap bytes) is then
      // what a copy of the live value has, not what parsing grew it to.
      auto scratch = std::make_unique<std::max_align_t[]>(
          (info.size() + sizeof(std::max_align_t) - 1) /
          sizeof(std::max_align_t));
      parsed = info.ParseConstruct(r.text, scratch.get());
      if (parsed.ok()) {
        void* copy = out->CopyOut(info, scratch.get());
        info.Destroy(scratch.get());
        std::memcpy(e.value, &copy, sizeof(copy));
      }
    }
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("ref {} ({}): {}", ToString(r.id), (*types_)[r.type].name,
                      std::string(parsed.message())));
    }
    out->size_ = n + 1;  // only constructed values are destroyed later
  }
  // Every parent must be a ref of this snapshot (a patch's parents are in
  // the snapshot it applies to).
  for (const SnapshotEntry& e :
       whole ? out->entries() : absl::Span<const SnapshotEntry>()) {
    if (e.has_parent() && out->ParentOf(e).is_null()) {
      return absl::InvalidArgumentError(
          fmt::format("ref {} names a parent that is not in the snapshot",
                      ToString(e.id())));
    }
  }
  return std::shared_ptr<const MemorySnapshot>(std::move(out));
}

}  // namespace wod::memory
