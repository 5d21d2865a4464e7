// DebugMemoryView: the read-only inspection surface of a RuntimeMemory (the
// seed's IDebugMemoryView): snapshot, by type, by owner, hierarchy.
//
// Everything it returns is a copy (values as text, owners with their
// metadata); it never hands out live objects, never allocates refs in the
// live memory and never triggers a change notification
// (docs/spec/design.md §2, "Debug view"; docs/spec/runtime.md §13.5 is the
// defect this prevents: a debug view that read private fields and returned live
// mutable values). It can read the live memory or any snapshot (a published
// one, a history keyframe).
//
//   DebugMemoryView view(memory);
//   for (const DebugEntry& e : view.GetByType("timer-state")) {
//     fmt::print("{} {} {}\n", ToString(e.id), e.owner_label, e.value);
//   }
//   DebugMemoryView past(history_snapshot);   // same API over a snapshot

#ifndef WOD_MEMORY_DEBUG_MEMORY_VIEW_H_
#define WOD_MEMORY_DEBUG_MEMORY_VIEW_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "memory/memory_snapshot.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "memory/runtime_memory.h"

namespace wod::memory {

// One ref, fully copied out.
struct DebugEntry {
  RefId id;
  std::string type;  // tag name
  OwnerId owner;
  std::string owner_kind;
  std::string owner_label;
  RefId parent;
  std::vector<RefId> children;  // by id
  std::string value;            // TypeInfo::Format
  TypeId type_id = kInvalidTypeId;
  // The ref's footprint as the memory counts it: the value's inline size
  // plus the heap it owns (TypeInfo::counted_size + HeapBytes).
  size_t bytes = 0;

  friend bool operator==(const DebugEntry&, const DebugEntry&) = default;
};

// The refs one owner holds and their footprint (DebugEntry::bytes summed).
struct DebugOwnerUsage {
  OwnerId owner;
  size_t refs = 0;
  size_t bytes = 0;

  friend bool operator==(const DebugOwnerUsage&,
                         const DebugOwnerUsage&) = default;
};

class DebugMemoryView {
 public:
  // Reads the live memory, taking a fresh snapshot per call.
  explicit DebugMemoryView(const RuntimeMemory& memory);
  // Reads one fixed snapshot.
  explicit DebugMemoryView(std::shared_ptr<const MemorySnapshot> snapshot);

  // The snapshot the view reads (a new one per call for a live view).
  [[nodiscard]] std::shared_ptr<const MemorySnapshot> GetMemorySnapshot() const;
  // All refs of the named type, by id; empty for an unknown type.
  [[nodiscard]] std::vector<DebugEntry> GetByType(std::string_view type) const;
  [[nodiscard]] std::vector<DebugEntry> GetByOwner(OwnerId owner) const;
  [[nodiscard]] std::vector<DebugEntry> GetAll() const;
  // The ids GetByType / GetByOwner return, without copying anything else:
  // for a viewer that already holds the values and only filters (the
  // debugger's memory table). O(refs), no formatting.
  [[nodiscard]] std::vector<RefId> GetIdsByType(std::string_view type) const;
  [[nodiscard]] std::vector<RefId> GetIdsByOwner(OwnerId owner) const;
  // The entries of `ids` (sorted by id) that are live, by id, as GetAll
  // copies them; the cost follows ids.size() (values formatted for those
  // only), plus one scan of the snapshot for their children.
  [[nodiscard]] std::vector<DebugEntry> GetByIds(
      absl::Span<const RefId> ids) const;
  // Refs held and bytes per owner, for every owner holding at least one
  // ref, by owner index (a GetByOwner count without copying entries).
  [[nodiscard]] std::vector<DebugOwnerUsage> GetUsageByOwner() const;
  // The forest (owners by index, roots and children by id), pre-order.
  [[nodiscard]] std::vector<HierarchyRow> GetMemoryHierarchy() const;
  // Owner metadata (live and retired owners), by index.
  [[nodiscard]] std::vector<OwnerRecord> GetOwners() const;
  // The typed fields of `id` (TypeInfo field visitor: name, text), in the
  // type's order; empty when `id` is not live or its type has no fields.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> GetFields(
      RefId id) const;

  // Copies one snapshot entry out (children: O(n); the views above share
  // one child index per call instead).
  static DebugEntry MakeEntry(const MemorySnapshot& snapshot,
                              const SnapshotEntry& entry);

 private:
  // Copies the entries selected by `keep`; children from one shared index.
  template <typename Pred>
  std::vector<DebugEntry> Collect(Pred keep) const;

  const RuntimeMemory* memory_ = nullptr;
  std::shared_ptr<const MemorySnapshot> fixed_;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_DEBUG_MEMORY_VIEW_H_
