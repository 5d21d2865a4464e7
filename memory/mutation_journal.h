// MutationJournal: a MutationObserver that records every mutation of a
// RuntimeMemory as a self-contained event (values serialized through their
// TypeInfo), stamped with a caller-set step number and virtual time. It is
// the raw material of recordings and replay: Replay() applies a journal to a
// fresh memory with the same types registered and reproduces the same ids
// and values (ids are deterministic).
//
//   MutationJournal journal;
//   memory.AttachObserver(&journal);
//   journal.set_step(3);
//   journal.set_virtual_time_ms(12000);
//   ... runtime mutates memory ...
//   memory.AttachObserver(nullptr);
//   fmt::print("{}", journal.ToText());
//
//   RuntimeMemory copy;   // register the same types first
//   WOD_RETURN_IF_ERROR(Replay(journal, copy));

#ifndef WOD_MEMORY_MUTATION_JOURNAL_H_
#define WOD_MEMORY_MUTATION_JOURNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "memory/mutation_observer.h"
#include "memory/owner_info.h"
#include "memory/ref_id.h"

namespace wod::memory {

class RuntimeMemory;

struct JournalEntry {
  uint64_t sequence = 0;  // 0, 1, 2, ... within the journal
  int64_t step = 0;
  int64_t virtual_time_ms = 0;
  MutationKind kind = MutationKind::kAllocate;
  RefId id;
  RefId parent;
  OwnerId owner;
  std::string type;      // tag name (allocate, set)
  std::string value;     // serialized value (allocate, set)
  OwnerInfo owner_info;  // owner events
  uint64_t count = 0;    // release, release-owner, retire-owner
  uint64_t version = 0;  // memory version after the event

  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

class MutationJournal : public MutationObserver {
 public:
  void OnMutation(const MutationEvent& event) override;

  void set_step(int64_t step) { step_ = step; }
  void set_virtual_time_ms(int64_t ms) { virtual_time_ms_ = ms; }
  [[nodiscard]] int64_t step() const { return step_; }
  [[nodiscard]] int64_t virtual_time_ms() const { return virtual_time_ms_; }

  [[nodiscard]] const std::vector<JournalEntry>& entries() const {
    return entries_;
  }
  [[nodiscard]] size_t size() const { return entries_.size(); }
  void Clear() { entries_.clear(); }

  // One line per event, deterministic.
  [[nodiscard]] std::string ToText() const;

 private:
  int64_t step_ = 0;
  int64_t virtual_time_ms_ = 0;
  std::vector<JournalEntry> entries_;
};

// Applies `journal` to `memory`, which must hold the same history prefix
// the journal started from (normally: a new memory with the same types
// registered, and the journal attached from the start). Checks that every
// id comes out as recorded. Errors: InvalidArgument (unknown type, a value
// that does not parse, an id that differs), and whatever the memory
// returns.
absl::Status Replay(const MutationJournal& journal, RuntimeMemory& memory);

}  // namespace wod::memory

#endif  // WOD_MEMORY_MUTATION_JOURNAL_H_
