#include "runtime/publication.h"

#include <algorithm>
#include <utility>

namespace wod::runtime {

PublicationBuilder::PublicationBuilder(const memory::RuntimeMemory& memory,
                                       Options options)
    : memory_(memory), options_(options) {
  options_.keyframe_interval = std::max<int64_t>(1, options_.keyframe_interval);
}

Publication PublicationBuilder::Build(const TraceStep& step) {
  Publication p;
  p.trace = step;
  p.snapshot = memory_.Snapshot();
  p.usage = memory_.TotalUsage();
  p.keyframe = previous_ == nullptr ||
               step.index % options_.keyframe_interval == 0 ||
               step.session_ended;
  // Owner changes are found on the chunked owner directory, so retired
  // owners named once are never repeated (docs/spec/recording.md §4).
  for (memory::OwnerRecord& r : p.snapshot->OwnersChangedSince(
           previous_ == nullptr ? nullptr : previous_.get())) {
    switch (r.state) {
      case memory::OwnerState::kLive:
        if (!p.keyframe) p.owners.push_back(std::move(r));
        break;
      case memory::OwnerState::kRetired:
        p.retired.push_back(std::move(r));
        break;
      case memory::OwnerState::kFree:
        // Forgotten since the previous publication. Without one (the first
        // publication, or the first after Reset() for a newly attached
        // reader) there is nothing to forget: the free slots are not owners.
        if (previous_ != nullptr) p.forgotten.push_back(r.id);
        break;
    }
  }
  if (p.keyframe) {
    // A keyframe stands alone (a seek starts there): every live owner, and
    // every retired owner the memory still holds — those retired by this
    // step or the one before, which the runtime forgets at the next step
    // (docs/spec/recording.md §4.2), so a later `forgotten` names a known
    // owner.
    p.retired.clear();
    for (memory::OwnerRecord& r : p.snapshot->Owners()) {
      if (r.state == memory::OwnerState::kLive) {
        p.owners.push_back(std::move(r));
      } else if (r.state == memory::OwnerState::kRetired) {
        p.retired.push_back(std::move(r));
      }
    }
  } else {
    p.delta = memory::Diff(*previous_, *p.snapshot);
  }
  previous_ = p.snapshot;
  return p;
}

}  // namespace wod::runtime
