#include "memory/debug_memory_view.h"

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
