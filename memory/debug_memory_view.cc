#include "memory/debug_memory_view.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace wod::memory {

namespace {

size_t EntryBytes(const MemorySnapshot& snapshot, const SnapshotEntry& entry) {
  const TypeInfo& info = snapshot.TypeInfoOf(entry.type());
  return info.counted_size() + info.HeapBytes(snapshot.ValuePtr(entry));
}

class FieldCollector : public FieldVisitor {
 public:
  void Field(std::string_view name, std::string_view text) override {
    fields.emplace_back(std::string(name), std::string(text));
  }
  std::vector<std::pair<std::string, std::string>> fields;
};

}  // namespace

DebugMemoryView::DebugMemoryView(const RuntimeMemory& memory)
    : memory_(&memory) {}

DebugMemoryView::DebugMemoryView(std::shared_ptr<const MemorySnapshot> snapshot)
    : fixed_(std::move(snapshot)) {}

std::shared_ptr<const MemorySnapshot> DebugMemoryView::GetMemorySnapshot()
    const {
  if (fixed_ != nullptr) return fixed_;
  return memory_->Snapshot();
}

DebugEntry DebugMemoryView::MakeEntry(const MemorySnapshot& snapshot,
                                      const SnapshotEntry& entry) {
  DebugEntry out;
  out.id = entry.id();
  out.type = std::string(snapshot.TypeName(entry.type()));
  out.owner = snapshot.OwnerOf(entry);
  if (const std::optional<OwnerRecord> record =
          snapshot.Owner(entry.owner_index())) {
    out.owner_kind = record->info.kind;
    out.owner_label = record->info.label;
  }
  out.parent = snapshot.ParentOf(entry);
  out.children = snapshot.Children(entry.id());
  out.value = snapshot.FormatValue(entry);
  out.type_id = entry.type();
  out.bytes = EntryBytes(snapshot, entry);
  return out;
}

template <typename Pred>
std::vector<DebugEntry> DebugMemoryView::Collect(Pred keep) const {
  std::vector<DebugEntry> out;
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return out;
  const absl::Span<const SnapshotEntry> all = snapshot->entries();
  // Child lists for the whole snapshot in one pass: entries are in id order,
  // so appending keeps every list sorted.
  std::vector<std::vector<RefId>> children(all.size());
  for (const SnapshotEntry& e : all) {
    if (!e.has_parent()) continue;
    const SnapshotEntry* parent = snapshot->Find(snapshot->ParentOf(e));
    if (parent != nullptr) {
      children[static_cast<size_t>(parent - all.data())].push_back(e.id());
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (!keep(*snapshot, all[i])) continue;
    DebugEntry entry;
    entry.id = all[i].id();
    entry.type = std::string(snapshot->TypeName(all[i].type()));
    entry.owner = snapshot->OwnerOf(all[i]);
    if (const std::optional<OwnerRecord> record =
            snapshot->Owner(all[i].owner_index())) {
      entry.owner_kind = record->info.kind;
      entry.owner_label = record->info.label;
    }
    entry.parent = snapshot->ParentOf(all[i]);
    entry.children = std::move(children[i]);
    entry.value = snapshot->FormatValue(all[i]);
    entry.type_id = all[i].type();
    entry.bytes = EntryBytes(*snapshot, all[i]);
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<DebugEntry> DebugMemoryView::GetByType(
    std::string_view type) const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  auto id = snapshot->types().Find(type);
  if (!id.ok()) return {};
  const TypeId wanted = *id;
  return Collect([wanted](const MemorySnapshot&, const SnapshotEntry& e) {
    return e.type() == wanted;
  });
}

std::vector<DebugEntry> DebugMemoryView::GetByOwner(OwnerId owner) const {
  return Collect([owner](const MemorySnapshot& s, const SnapshotEntry& e) {
    return e.owner_index() == owner.index && s.OwnerOf(e) == owner;
  });
}

std::vector<DebugEntry> DebugMemoryView::GetAll() const {
  return Collect(
      [](const MemorySnapshot&, const SnapshotEntry&) { return true; });
}

std::vector<RefId> DebugMemoryView::GetIdsByType(std::string_view type) const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  auto id = snapshot->types().Find(type);
  if (!id.ok()) return {};
  return snapshot->ByType(*id);
}

std::vector<RefId> DebugMemoryView::GetIdsByOwner(OwnerId owner) const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  return snapshot->ByOwner(owner);
}

std::vector<DebugEntry> DebugMemoryView::GetByIds(
    absl::Span<const RefId> ids) const {
  std::vector<DebugEntry> out;
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr || ids.empty()) return out;
  const absl::Span<const SnapshotEntry> all = snapshot->entries();
  // Slot indices of the wanted live entries (sorted: ids are), then one
  // scan for their children, which name their parent by slot index.
  std::vector<const SnapshotEntry*> wanted;
  std::vector<uint32_t> slots;
  for (const RefId id : ids) {
    const SnapshotEntry* e = snapshot->Find(id);
    if (e == nullptr) continue;
    wanted.push_back(e);
    slots.push_back(e->index);
  }
  std::vector<std::vector<RefId>> children(wanted.size());
  for (const SnapshotEntry& e : all) {
    if (!e.has_parent()) continue;
    auto it = std::lower_bound(slots.begin(), slots.end(), e.parent);
    if (it != slots.end() && *it == e.parent) {
      children[static_cast<size_t>(it - slots.begin())].push_back(e.id());
    }
  }
  out.reserve(wanted.size());
  for (size_t i = 0; i < wanted.size(); ++i) {
    const SnapshotEntry& e = *wanted[i];
    DebugEntry entry;
    entry.id = e.id();
    entry.type = std::string(snapshot->TypeName(e.type()));
    entry.owner = snapshot->OwnerOf(e);
    if (const std::optional<OwnerRecord> record =
            snapshot->Owner(e.owner_index())) {
      entry.owner_kind = record->info.kind;
      entry.owner_label = record->info.label;
    }
    entry.parent = snapshot->ParentOf(e);
    entry.children = std::move(children[i]);
    entry.value = snapshot->FormatValue(e);
    entry.type_id = e.type();
    entry.bytes = EntryBytes(*snapshot, e);
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<DebugOwnerUsage> DebugMemoryView::GetUsageByOwner() const {
  std::vector<DebugOwnerUsage> out;  // by owner index
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return out;
  // Few owners hold refs at once, but owner indices grow with every owner
  // a session ever made: a sorted list, not a table indexed by owner, and
  // neighbouring entries mostly share their owner.
  size_t last = 0;
  for (const SnapshotEntry& e : snapshot->entries()) {
    const uint32_t o = e.owner_index();
    if (last >= out.size() || out[last].owner.index != o) {
      auto it = std::lower_bound(out.begin(), out.end(), o,
                                 [](const DebugOwnerUsage& u, uint32_t index) {
                                   return u.owner.index < index;
                                 });
      if (it == out.end() || it->owner.index != o) {
        it = out.insert(it, DebugOwnerUsage{snapshot->OwnerOf(e), 0, 0});
      }
      last = static_cast<size_t>(it - out.begin());
    }
    ++out[last].refs;
    out[last].bytes += EntryBytes(*snapshot, e);
  }
  return out;
}

std::vector<HierarchyRow> DebugMemoryView::GetMemoryHierarchy() const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  return snapshot->Hierarchy();
}

std::vector<std::pair<std::string, std::string>> DebugMemoryView::GetFields(
    RefId id) const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  const SnapshotEntry* e = snapshot->Find(id);
  if (e == nullptr) return {};
  FieldCollector c;
  snapshot->TypeInfoOf(e->type()).VisitFields(snapshot->ValuePtr(*e), c);
  return std::move(c.fields);
}

std::vector<OwnerRecord> DebugMemoryView::GetOwners() const {
  const auto snapshot = GetMemorySnapshot();
  if (snapshot == nullptr) return {};
  return snapshot->Owners();
}

}  // namespace wod::memory
