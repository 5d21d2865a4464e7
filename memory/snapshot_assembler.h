// SnapshotAssembler: builds MemorySnapshots from plain data — ids, type ids,
// owners and values as their TypeInfo serialization — without a
// RuntimeMemory.
//
// A reader of published state that never ran the memory (a recording opened
// from disk, a debugger attached over a socket) rebuilds the very snapshots
// the host published: each value is parsed back into a real T through the
// type table, so formatting, heap bytes, typed fields and Diff/Apply behave
// exactly as on the snapshot the host took (docs/spec/recording.md §6). The
// owner table is kept across snapshots as the memory keeps it, in
// copy-on-write chunks, so a long run of snapshots shares it.
//
// A type without a parser cannot be read back: its values were published as
// their display text (TypeInfo::Serialize falls back to Format). The
// assembler's type table replaces such a type by a display stand-in of the
// same name that holds that text and the heap bytes the value owned, and
// counts the original inline size, so a rebuilt ref formats, counts its
// bytes and lists its fields (the default "value" field) exactly as the
// original did.
//
//   SnapshotAssembler assembler(types);            // this build's TypeTable
//   assembler.SetOwner({.id = owner, .state = OwnerState::kLive, .info = i});
//   std::vector<SnapshotAssembler::Ref> refs = {
//       {.id = RefId{1, 1}, .type = 0, .owner_index = 0, .text = "\"5:00\""}};
//   WOD_ASSIGN_OR_RETURN(auto snapshot, assembler.Build(/*version=*/7, refs));
//   fmt::print("{}", snapshot->ToText());

#ifndef WOD_MEMORY_SNAPSHOT_ASSEMBLER_H_
#define WOD_MEMORY_SNAPSHOT_ASSEMBLER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "memory/memory_snapshot.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "memory/type_info.h"

namespace wod::memory {

class SnapshotAssembler {
 public:
  // One ref to place in a snapshot. `parent` must be a ref of the same
  // snapshot (or null); `text` is the value's TypeInfo serialization;
  // `heap` the heap bytes the value owned (read only for a type without a
  // parser, whose text is its display text).
  struct Ref {
    RefId id;
    TypeId type = kInvalidTypeId;
    uint32_t owner_index = 0;
    RefId parent;
    std::string_view text;
    size_t heap = 0;
  };

  // `types`: the table of the memory whose snapshots are rebuilt.
  explicit SnapshotAssembler(const TypeTable& types);

  // Sets the owner record at `record.id.index` (kFree clears the slot).
  // Snapshots built before keep the table as it was.
  void SetOwner(const OwnerRecord& record);
  // The record at `index`, or nullptr when the slot is free.
  [[nodiscard]] const OwnerRecord* Owner(uint32_t index) const;

  // A snapshot of `version` holding `refs` (strictly increasing ids) and
  // the owner table as it is now. Errors: InvalidArgument naming the ref
  // (ids out of order, an unknown type, an owner index beyond the entry's
  // bits, a value the type cannot read back).
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Build(
      uint64_t version, absl::Span<const Ref> refs);

  // The patch of a SnapshotDelta (its added and changed refs, whose parents
  // may be outside it): as Build, without the parent check; memory::Apply
  // then places it over the older snapshot.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const MemorySnapshot>>
  BuildPatch(uint64_t version, absl::Span<const Ref> refs);

  // The table the built snapshots carry (stand-ins included).
  [[nodiscard]] const std::shared_ptr<const TypeTable>& types() const {
    return types_;
  }

 private:
  absl::StatusOr<std::shared_ptr<const MemorySnapshot>> Assemble(
      uint64_t version, absl::Span<const Ref> refs, bool whole);

  std::shared_ptr<const TypeTable> types_;
  std::vector<bool> stand_in_;  // by TypeId
  std::vector<std::shared_ptr<internal::OwnerChunk>> chunks_;
  std::vector<OwnerRecord> owners_;  // by index, as SetOwner was given them
  // The directory handed to the last snapshot; dropped by SetOwner.
  std::shared_ptr<const internal::OwnerDirectory> directory_;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_SNAPSHOT_ASSEMBLER_H_
