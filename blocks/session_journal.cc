#include "blocks/session_journal.h"

#include "runtime/script_runtime.h"

namespace wod::blocks {

SessionJournal::SessionJournal(WorkoutSession& session) : session_(session) {
  session_.AttachMemoryObserver(this);
}

SessionJournal::~SessionJournal() { session_.AttachMemoryObserver(nullptr); }

void SessionJournal::OnMutation(const memory::MutationEvent& event) {
  journal_.set_virtual_time_ms(session_.runtime().now_ms());
  journal_.OnMutation(event);
}

}  // namespace wod::blocks
