#include "runtime/runtime_stack.h"

#include <utility>

#include "absl/status/statusor.h"

namespace wod::runtime {

std::optional<size_t> RuntimeStack::IndexOf(memory::OwnerId key) const {
  for (size_t i = entries_.size(); i > 0; --i) {
    if (entries_[i - 1].key == key) return i - 1;
  }
  return std::nullopt;
}

absl::Status RuntimeStack::RemoveTop(StackPasskey,
                                     memory::RuntimeMemory& memory,
                                     int64_t step) {
  if (entries_.empty()) {
    return absl::FailedPreconditionError("RemoveTop on an empty stack");
  }
  StackEntry entry = std::move(entries_.back());
  entries_.pop_back();
  // docs/spec/runtime.md §5.3 step 4: release after the segment was emitted
  // (the caller emits records before calling this). Structural: O(entries
  // owned). Retiring also keeps the owner's metadata for history and makes sure
  // the key can never hold anything again.
  absl::StatusOr<size_t> released = memory.RetireOwner(entry.key, step);
  return released.status();
}

}  // namespace wod::runtime
