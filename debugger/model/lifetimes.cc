#include "debugger/model/lifetimes.h"

#include <algorithm>

namespace wod::debugger {

void RefLifetimes::Update(const Timeline& timeline) {
  // A timeline that shrank, or whose step 0 is another frame, was cleared
  // and refilled: start over.
  if (timeline.size() < steps_ ||
      (steps_ > 0 && timeline.Summary(0).version != first_version_)) {
    lifetimes_.clear();
    prune_at_ = 0;
    steps_ = 0;
    last_ = nullptr;
  }
  const Frame empty;
  for (size_t s = steps_; s < timeline.size(); ++s) {
    FramePtr frame = timeline.At(s);
    if (frame == nullptr) break;
    if (s == 0) first_version_ = timeline.Summary(0).version;
    const int64_t step = static_cast<int64_t>(s);
    const Frame& before = last_ != nullptr ? *last_ : empty;
    // Both lists are sorted by id: one merge pass over the ids only.
    size_t i = 0;
    size_t j = 0;
    while (i < before.refs.size() || j < frame->refs.size()) {
      if (j == frame->refs.size() ||
          (i < before.refs.size() && before.refs[i].id < frame->refs[j].id)) {
        lifetimes_[KeyBits(before.refs[i].id)].released = step;
        ++i;
      } else if (i == before.refs.size() ||
                 frame->refs[j].id < before.refs[i].id) {
        RefLifetime& l = lifetimes_[KeyBits(frame->refs[j].id)];
        l.created = step;
        l.released = -1;
        ++j;
      } else {
        ++i;
        ++j;
      }
    }
    last_ = std::move(frame);
    steps_ = s + 1;
    Prune();  // also while catching up with many steps at once
  }
}

void RefLifetimes::Prune() {
  // Forget refs released long before the newest step read; amortized: only
  // when the index doubled since the last prune.
  if (lifetimes_.size() <= std::max<size_t>(prune_at_, 1024)) return;
  const int64_t horizon = static_cast<int64_t>(steps_) - kKeepReleasedSteps;
  for (auto it = lifetimes_.begin(); it != lifetimes_.end();) {
    if (it->second.released >= 0 && it->second.released < horizon) {
      it = lifetimes_.erase(it);
    } else {
      ++it;
    }
  }
  prune_at_ = 2 * lifetimes_.size();
}

RefLifetime RefLifetimes::Of(RefKey id) const {
  auto it = lifetimes_.find(KeyBits(id));
  return it == lifetimes_.end() ? RefLifetime{} : it->second;
}

}  // namespace wod::debugger
