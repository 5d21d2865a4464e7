// Runtime blocks: the units the RuntimeStack runs
// (docs/spec/runtime.md §5, §8).
//
// `IRuntimeBlock` is the plain interface every block implements: identity
// (key, type, label, source lines) and four lifecycle calls, each given a
// `BlockContext` for the current turn. A block that implements only this
// interface and never touches memory (the seed's FR6 "legacy" block) runs
// unchanged; the stack still releases whatever its key owns when it pops.
//
// `RuntimeBlockBase` is the convenience base the block kinds use: it stores
// the identity and offers `AllocateMemory<T>()` through the context's
// `BlockMemory`, owned by the block's key — no manual cleanup.
//
// A `BlockContext` is valid only during the call it is passed to. Blocks
// never change the stack directly: they ask (`PushChild`, `PopSelf`,
// `ClearAbove`) and the runtime runs the request later in the same turn,
// depth first (docs/spec/runtime.md §2.1 "Turns"), all at the turn's frozen
// time (docs/spec/runtime.md §4).
//
//   class Hello : public RuntimeBlockBase {
//     void Mount(BlockContext& ctx) override { ctx.EmitSound("start-beep"); }
//     void Next(BlockContext& ctx) override {
//       ctx.MarkComplete(CompletionReason::kUserAdvance);  // auto-pops
//     }
//   };
#ifndef WOD_RUNTIME_RUNTIME_BLOCK_H_
#define WOD_RUNTIME_RUNTIME_BLOCK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "memory/runtime_memory.h"
#include "runtime/block_memory.h"
#include "runtime/completion_reason.h"
#include "runtime/record.h"
#include "runtime/runtime_error.h"
#include "runtime/runtime_event.h"
#include "runtime/step_trace.h"

namespace wod::runtime {

class ScriptRuntime;
class IRuntimeBlock;

// Source lines a block was compiled from (1-based, inclusive; 0 = none).
struct LineSpan {
  int first = 0;
  int last = 0;
};

// What a block may do during one lifecycle call.
class BlockContext {
 public:
  BlockContext(ScriptRuntime& runtime, IRuntimeBlock& block, int index);
  BlockContext(const BlockContext&) = delete;
  BlockContext& operator=(const BlockContext&) = delete;

  // The turn's frozen time (docs/spec/runtime.md §4.2 "snapshot clock").
  [[nodiscard]] int64_t now() const;
  // 0-based position of the block on the stack (bottom = 0).
  [[nodiscard]] int index() const { return index_; }
  // Counter of turns; a block can tell whether two calls share one turn.
  [[nodiscard]] uint64_t turn() const;
  // Block transitions (pushes + pops) run so far in this turn: loops that
  // complete rounds in zero time stop once it passes a bound, so nested
  // zero-time loops cannot multiply their rounds.
  [[nodiscard]] uint64_t transitions_this_turn() const;
  // Whether the block is the current (top) block.
  [[nodiscard]] bool is_top() const;
  // The block's memory: allocations are owned by its key.
  [[nodiscard]] BlockMemory& memory() { return memory_; }

  // Stack requests, run later in this turn (depth first).
  void PushChild(std::unique_ptr<IRuntimeBlock> child);
  // Pops this block (marking it forced-pop if it is not complete).
  void PopSelf();
  // Pops every block above this one (each forced-pop unless already
  // complete, none scheduling its parent's next), then runs this block's
  // `Next` once (docs/spec/runtime.md §5.4 clear-children).
  void ClearAbove();
  // Marks the block above this one complete with `reason` if it is not
  // already (used to reproduce the reference's event cross-talk where a
  // scenario table shows it, emom.md M7).
  void MarkTopComplete(CompletionReason reason);

  // Completion: a block marked complete during `Next` pops automatically
  // (docs/spec/runtime.md §5.2 auto-pop). Marking twice keeps the first reason.
  void MarkComplete(CompletionReason reason);
  [[nodiscard]] CompletionReason completion() const;

  // Records.
  void EmitSound(std::string_view name,
                 std::optional<int64_t> second = std::nullopt);
  void EmitMilestone(std::string_view label, RoundValue round,
                     std::optional<int64_t> elapsed_ms);
  // Segment data of the block; only meaningful during `Unmount`. The stack
  // emits the segments after the unmount completes (docs/spec/runtime.md §5.3
  // step 3).
  void EmitResult(Record segment);
  void RecordError(RuntimeErrorCode code);

  // Creates the key (owner) for a block about to be pushed by this one.
  memory::OwnerId NewBlockKey(std::string_view type, std::string_view label,
                              LineSpan lines);

 private:
  ScriptRuntime& runtime_;
  IRuntimeBlock& block_;
  int index_;
  BlockMemory memory_;
};

class IRuntimeBlock {
 public:
  virtual ~IRuntimeBlock() = default;

  [[nodiscard]] virtual memory::OwnerId key() const = 0;
  // The block type as the corpus spells it: "effort", "Timer", "AMRAP", ...
  [[nodiscard]] virtual std::string_view type() const = 0;
  [[nodiscard]] virtual std::string_view label() const = 0;
  [[nodiscard]] virtual LineSpan lines() const = 0;

  // docs/spec/runtime.md §5.1: called right after the push.
  virtual void Mount(BlockContext& ctx) = 0;
  // docs/spec/runtime.md §5.2: a user `next`, or the parent's reaction to a
  // child pop.
  virtual void Next(BlockContext& ctx) = 0;
  // Any event other than next/abort; the block decides its scope.
  virtual void OnEvent(BlockContext& ctx, const RuntimeEvent& event) = 0;
  // docs/spec/runtime.md §5.3 step 2: called before the block leaves the stack.
  virtual void Unmount(BlockContext& ctx) = 0;

  // Fills the round/timer tokens of the block's trace cell. Blocks without
  // visible state keep the default.
  virtual void Describe(const BlockMemory& memory, int64_t now_ms,
                        TraceBlock& out) const {
    (void)memory;
    (void)now_ms;
    (void)out;
  }
};

// The base the block kinds share: identity storage.
class RuntimeBlockBase : public IRuntimeBlock {
 public:
  RuntimeBlockBase(memory::OwnerId key, std::string type, std::string label,
                   LineSpan lines)
      : key_(key),
        type_(std::move(type)),
        label_(std::move(label)),
        lines_(lines) {}

  [[nodiscard]] memory::OwnerId key() const override { return key_; }
  [[nodiscard]] std::string_view type() const override { return type_; }
  [[nodiscard]] std::string_view label() const override { return label_; }
  [[nodiscard]] LineSpan lines() const override { return lines_; }

  void Mount(BlockContext& ctx) override { (void)ctx; }
  void Next(BlockContext& ctx) override { (void)ctx; }
  void OnEvent(BlockContext& ctx, const RuntimeEvent& event) override {
    (void)ctx;
    (void)event;
  }
  void Unmount(BlockContext& ctx) override { (void)ctx; }

 protected:
  // Allocates block state owned by this block's key
  // (docs/spec/design.md §3, AllocateMemory); the stack releases it on pop, so
  // there is no manual cleanup.
  template <MemoryTag kTag>
  StateRef<TagValue<kTag>> AllocateMemory(BlockContext& ctx,
                                          TagValue<kTag> initial) {
    return ctx.memory().Allocate<kTag>(std::move(initial));
  }

 private:
  memory::OwnerId key_;
  std::string type_;
  std::string label_;
  LineSpan lines_;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RUNTIME_BLOCK_H_
