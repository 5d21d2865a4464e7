// SessionJournal: the memory journal of one WorkoutSession, shared by the
// recorder (which writes it to a .wodrec) and the replay (which compares
// it with the recorded one), so both stamp mutations the same way.
//
// It attaches itself to the session's memory when made and detaches when
// destroyed; every mutation is stamped with the runtime's frozen turn time
// (docs/spec/runtime.md §4: one instant per turn).
//
//   SessionJournal journal(session);
//   session.Apply(next);
//   std::vector<memory::JournalEntry> made = journal.journal().entries();
#ifndef WOD_BLOCKS_SESSION_JOURNAL_H_
#define WOD_BLOCKS_SESSION_JOURNAL_H_

#include "blocks/workout_session.h"
#include "memory/mutation_journal.h"
#include "memory/mutation_observer.h"

namespace wod::blocks {

class SessionJournal final : public memory::MutationObserver {
 public:
  // `session` must outlive the journal.
  explicit SessionJournal(WorkoutSession& session);
  ~SessionJournal() override;
  SessionJournal(const SessionJournal&) = delete;
  SessionJournal& operator=(const SessionJournal&) = delete;

  void OnMutation(const memory::MutationEvent& event) override;
  [[nodiscard]] memory::MutationJournal& journal() { return journal_; }

 private:
  WorkoutSession& session_;
  memory::MutationJournal journal_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_SESSION_JOURNAL_H_
