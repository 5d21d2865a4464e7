// RuntimeStack: the blocks currently running, bottom (SessionRoot) to top
// (the current block) — docs/spec/runtime.md §1, §5.
//
// The stack owns its blocks. Removing the top block is the only way a
// block's memory is released: `RemoveTop` requires a `StackPasskey`, which
// only ScriptRuntime can create, and releases everything the block's key owns
// in O(entries owned) (docs/spec/runtime.md §14.9, docs/spec/design.md §3).
//
//   const RuntimeStack& stack = runtime.stack();
//   for (size_t i = 0; i < stack.size(); ++i) stack.at(i).block->label();
#ifndef WOD_RUNTIME_RUNTIME_STACK_H_
#define WOD_RUNTIME_RUNTIME_STACK_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "memory/runtime_memory.h"
#include "runtime/block_memory.h"
#include "runtime/completion_reason.h"
#include "runtime/runtime_block.h"

namespace wod::runtime {

class ScriptRuntime;

// Only ScriptRuntime can construct one (docs/spec/design.md §8.15: passkeys).
class StackPasskey {
 private:
  friend class ScriptRuntime;
  StackPasskey() = default;
};

struct StackEntry {
  std::unique_ptr<IRuntimeBlock> block;
  memory::OwnerId key;
  // The completion flag lives in memory like all block state; the stack
  // allocates it on the block's behalf at push, so even a block that never
  // touches memory owns one entry that the pop releases.
  StateRef<CompletionReason> completion;
};

class RuntimeStack {
 public:
  [[nodiscard]] size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // Bottom = 0.
  [[nodiscard]] const StackEntry& at(size_t index) const {
    return entries_[index];
  }
  [[nodiscard]] StackEntry& at(size_t index) { return entries_[index]; }
  [[nodiscard]] const StackEntry& top() const { return entries_.back(); }
  [[nodiscard]] StackEntry& top() { return entries_.back(); }
  // Index of the block with `key`, bottom = 0. O(depth).
  [[nodiscard]] std::optional<size_t> IndexOf(memory::OwnerId key) const;
  [[nodiscard]] bool Contains(memory::OwnerId key) const {
    return IndexOf(key).has_value();
  }

  void Push(StackPasskey, StackEntry entry) {
    entries_.push_back(std::move(entry));
  }
  // Removes (and destroys) the top block and releases everything its key
  // owns. `step` is recorded as the owner's release step (-1 = unknown).
  // The block leaves the stack even when the release fails. Errors: those of
  // RuntimeMemory::RetireOwner, e.g. NotFound when the block's key is not a
  // live owner (a key its runtime never created, or one already retired by
  // another block built with the same key).
  [[nodiscard]] absl::Status RemoveTop(StackPasskey,
                                       memory::RuntimeMemory& memory,
                                       int64_t step);

 private:
  std::vector<StackEntry> entries_;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RUNTIME_STACK_H_
