#include "runtime/lifecycle_log.h"

#include <utility>

namespace wod::runtime {

LifecycleLog::LifecycleLog(size_t capacity)
    : ring_(capacity == 0 ? 1 : capacity) {}

void LifecycleLog::Append(LifecycleKind kind, int64_t t_ms,
                          memory::OwnerId owner, std::string_view detail) {
  LifecycleEntry& slot = ring_[head_];
  slot.kind = kind;
  slot.t_ms = t_ms;
  slot.owner = owner;
  slot.detail.assign(detail.data(), detail.size());
  head_ = (head_ + 1) % ring_.size();
  if (size_ < ring_.size()) {
    ++size_;
  } else {
    ++dropped_;
  }
}

std::vector<LifecycleEntry> LifecycleLog::Entries() const {
  std::vector<LifecycleEntry> out;
  out.reserve(size_);
  const size_t start = (head_ + ring_.size() - size_) % ring_.size();
  for (size_t i = 0; i < size_; ++i) {
    out.push_back(ring_[(start + i) % ring_.size()]);
    if (!out.back().owner.is_null()) {
      out.back().block_key = memory::ToString(out.back().owner);
    }
  }
  return out;
}

}  // namespace wod::runtime
