// MutationObserver: the attachment point of the mutation path.
//
// RuntimeMemory reports every mutation (owner create/update/retire/forget,
// allocate, set, release, release-owner) to at most one attached observer.
// While none is attached the cost is one predictable branch on the memory's
// slow-path flags (docs/spec/design.md §2; §6 "keep
// logging off the hot path"). MutationJournal (mutation_journal.h) is the
// concrete observer that records events for recordings and replay.
//
//   class Counter : public MutationObserver {
//     void OnMutation(const MutationEvent& e) override { ++count; }
//     int count = 0;
//   };
//   Counter counter;
//   memory.AttachObserver(&counter);   // memory.AttachObserver(nullptr)
//   detaches

#ifndef WOD_MEMORY_MUTATION_OBSERVER_H_
#define WOD_MEMORY_MUTATION_OBSERVER_H_

#include <cstdint>
#include <string_view>

#include "memory/owner_info.h"
#include "memory/ref_id.h"
#include "memory/type_info.h"

namespace wod::memory {

enum class MutationKind : uint8_t {
  kCreateOwner,
  kUpdateOwner,
  kRetireOwner,
  kForgetOwner,
  kAllocate,
  kSet,
  kRelease,       // one explicit Release(id); `count` refs went (subtree)
  kReleaseOwner,  // ReleaseOwner(owner); `count` refs went
  kCount,         // number of enumerators; not a mutation
};

// "allocate", "set", ... (stable names used in journals).
std::string_view MutationKindName(MutationKind kind);

// One mutation, reported after it completed. Pointers are valid only during
// the OnMutation call.
struct MutationEvent {
  MutationKind kind = MutationKind::kAllocate;
  RefId id;                               // allocate, set, release
  RefId parent;                           // allocate (null for a root)
  OwnerId owner;                          // every kind except set and release
  TypeId type = kInvalidTypeId;           // allocate, set
  std::string_view type_name;             // allocate, set
  const TypeInfo* type_info = nullptr;    // allocate, set
  const void* value = nullptr;            // allocate, set: the new value
  const OwnerInfo* owner_info = nullptr;  // owner events
  uint64_t count = 0;                     // release, release-owner
  uint64_t version = 0;                   // memory version after the event
};

class MutationObserver {
 public:
  virtual ~MutationObserver() = default;
  // Runs on the memory's thread, after the mutation; must not mutate the
  // memory (it would be refused anyway while notifications run).
  virtual void OnMutation(const MutationEvent& event) = 0;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_MUTATION_OBSERVER_H_
