// ScriptRuntime: the stack, the memory, the clock, the records — one
// interpreter instance (docs/spec/runtime.md §1, §2, docs/spec/design.md §3).
//
// `Handle(event)` runs one *turn* to completion at a frozen instant
// (docs/spec/runtime.md §4): the event is dispatched, and every stack request
// it causes (push, pop, next, clear-children) runs depth first in the same
// turn. A pop is always: unmount → the block's segment records → its pop record
// → release of everything its key owns → the parent's `Next` (same turn, same
// time; docs/spec/runtime.md §5.3, §14.3). Only the stack releases a block's
// memory.
//
// The runtime owns no global state; any number of runtimes can live in one
// process. Misuse is never a crash: `next` on an empty stack records an
// error (negative-scenarios.md N1), `tick` / `abort` on an empty stack do
// nothing, unknown events are ignored.
//
//   VirtualClock clock;
//   ScriptRuntime runtime(clock);
//   runtime.Start(std::move(root_block));      // row 0 of a step table
//   runtime.Handle(RuntimeEvent::Named(kEventNext));
//   clock.Advance(1000);
//   runtime.Handle(RuntimeEvent::Named(kEventTick));
#ifndef WOD_RUNTIME_SCRIPT_RUNTIME_H_
#define WOD_RUNTIME_SCRIPT_RUNTIME_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "memory/runtime_memory.h"
#include "runtime/block_memory.h"
#include "runtime/lifecycle_log.h"
#include "runtime/record.h"
#include "runtime/runtime_block.h"
#include "runtime/runtime_clock.h"
#include "runtime/runtime_error.h"
#include "runtime/runtime_event.h"
#include "runtime/runtime_stack.h"
#include "runtime/session_sink.h"
#include "runtime/step_trace.h"

namespace wod::runtime {

struct ScriptRuntimeOptions {
  // Capacity of the lifecycle ring buffer.
  size_t lifecycle_capacity = LifecycleLog::kDefaultCapacity;
  // Hard ceiling on the requests one turn may run. The structural guard
  // against endless loops is in the looping blocks (an unbounded loop may
  // complete at most one round per turn without input); this budget is only
  // defence in depth (docs/spec/runtime.md §13.21: never a small fixed depth
  // such as 20).
  uint64_t max_actions_per_turn = 50'000'000;
  // Records kept by the runtime (records()): the last this many, and always
  // every record of the latest step. Records go to the sink as they are
  // emitted; the runtime keeps only a window, so a session nobody records
  // runs in flat memory (docs/spec/runtime.md §10.1).
  size_t record_window = 4096;
};

// Privately a RuntimeErrorSink: the memory views it hands to blocks record
// refused writes into its error table.
class ScriptRuntime : private RuntimeErrorSink {
 public:
  explicit ScriptRuntime(const RuntimeClock& clock,
                         ScriptRuntimeOptions options = {});
  ~ScriptRuntime();
  ScriptRuntime(const ScriptRuntime&) = delete;
  ScriptRuntime& operator=(const ScriptRuntime&) = delete;

  // Creates the key of a block about to be built: a fresh generational owner
  // with the block's metadata (kind, label, source lines) registered in the
  // memory's owner table, so snapshots and history can name it later.
  memory::OwnerId NewBlockKey(std::string_view type, std::string_view label,
                              LineSpan lines);

  // Pushes `root` in one turn (the reference's StartSessionAction). A null
  // root runs an empty turn (an empty script: negative-scenarios.md N1).
  void Start(std::unique_ptr<IRuntimeBlock> root);
  // Runs one turn for `event` (see the class comment for the routing).
  void Handle(const RuntimeEvent& event);
  // Records `code` as an error of a step command that could not act (`choose
  // N` with nothing to choose, docs/spec/runtime.md §15), in a turn of its
  // own at the clock's time. Nothing else changes.
  void RecordCommandError(RuntimeErrorCode code);

  // Attaches (nullptr detaches) the memory's one mutation observer, e.g. the
  // journal of a recording (blocks/recording.h). Observing changes nothing
  // the runtime does; the observer must outlive its attachment.
  void AttachMemoryObserver(memory::MutationObserver* observer) {
    memory_.AttachObserver(observer);
  }

  // Attaches (nullptr detaches) the sink every record is sent to as it is
  // emitted (runtime/session_sink.h). The sink must outlive its attachment
  // and must not drive this runtime from its callbacks.
  void AttachSink(SessionSink* sink) { sink_ = sink; }

  // --- const queries -------------------------------------------------------
  [[nodiscard]] const memory::RuntimeMemory& memory() const { return memory_; }
  [[nodiscard]] const RuntimeStack& stack() const { return stack_; }
  [[nodiscard]] size_t depth() const { return stack_.size(); }
  // The latest records in emission order: at least the last
  // `record_window` of them and every record of the latest Start/Handle
  // (docs/spec/runtime.md §10.1, §13.32). Older ones went to the sink only.
  // A deque: records never move once emitted (no reallocation copies).
  [[nodiscard]] const std::deque<Record>& records() const { return records_; }
  // Records emitted since construction (records() holds the last of them).
  [[nodiscard]] uint64_t records_emitted() const { return records_emitted_; }
  // Retired owners still in the memory's owner table: those retired by the
  // latest Start/Handle (docs/spec/runtime.md §5.3 step 4).
  [[nodiscard]] size_t retired_owners_pending() const {
    return retired_.size();
  }
  [[nodiscard]] const std::vector<RuntimeError>& errors() const {
    return errors_;
  }
  [[nodiscard]] const LifecycleLog& lifecycle() const { return lifecycle_; }
  // True once a non-empty stack has become empty.
  [[nodiscard]] bool session_ended() const { return session_ended_; }
  [[nodiscard]] uint64_t turn() const { return turn_; }
  // The time frozen for the current (or last) turn.
  [[nodiscard]] int64_t now_ms() const { return now_ms_; }
  [[nodiscard]] uint64_t push_count() const { return pushes_; }
  [[nodiscard]] uint64_t pop_count() const { return pops_; }

  // The stack as the step trace shows it, top first, at time `now_ms`.
  [[nodiscard]] std::vector<TraceBlock> DescribeStack(int64_t now_ms) const;

  // Runtime-level invariants (docs/spec/runtime.md §14): every push has one pop
  // or is still on the stack, no live memory is owned by a block that is not on
  // the stack (no orphans), memory is empty once the session has ended, and the
  // memory's own invariants hold. Returns the first violation.
  [[nodiscard]] absl::Status CheckInvariants() const;

 private:
  friend class BlockContext;

  enum class ActionKind { kPush, kPop, kNext, kClearAbove };
  struct Action {
    ActionKind kind = ActionKind::kNext;
    std::unique_ptr<IRuntimeBlock> block;  // kPush
    memory::OwnerId target;                // kPop, kNext, kClearAbove
    bool parent_next = true;               // kPop: schedule the parent's next
  };

  void RunTurn(std::vector<Action> initial);
  void Drain();
  // Moves the requests collected during one block call to the front of the
  // work list, keeping their order (depth first, docs/spec/runtime.md §2).
  void SplicePending();
  void Execute(Action action);
  void ExecutePush(std::unique_ptr<IRuntimeBlock> block);
  void ExecuteNext(memory::OwnerId target);
  // Pops `target` if it is the top block; a block not marked complete is
  // marked `unset_reason` (docs/spec/runtime.md §5.3 step 1; user-abort while
  // aborting).
  void ExecutePop(memory::OwnerId target, bool parent_next,
                  CompletionReason unset_reason = CompletionReason::kForcedPop);
  void ExecuteClearAbove(memory::OwnerId target);
  void Abort();
  void Dispatch(const RuntimeEvent& event);
  void Emit(Record record);
  // Called first by Start and Handle, outside any turn: forgets the owners
  // retired by the previous call (each was published retired, with its
  // name, by the step that retired it; nothing refers to it any more) and
  // trims the record window.
  void BeginStep();
  // Adds `code` to the error table and emits its error record, at the turn's
  // time (docs/spec/runtime.md §14.8: errors are data, never a crash).
  void RecordError(RuntimeErrorCode code) override;
  // Stores `reason` as the completion flag of the block behind `view` unless
  // one is stored. Returns false only when the write was refused (the view
  // has recorded it as an error).
  bool StoreCompletion(BlockMemory& view,
                       const StateRef<CompletionReason>& flag,
                       CompletionReason reason);
  // A memory view for the runtime's own writes to `entry`'s state.
  BlockMemory ViewOf(const StackEntry& entry);
  void Log(LifecycleKind kind, memory::OwnerId key, std::string_view detail);
  [[nodiscard]] std::string KeyText(memory::OwnerId key) const;

  static MemoryTypes RegisterTypes(memory::RuntimeMemory& memory);

  const RuntimeClock& clock_;
  ScriptRuntimeOptions options_;
  memory::RuntimeMemory memory_;
  MemoryTypes types_;
  RuntimeStack stack_;
  std::deque<Record> records_;
  uint64_t records_emitted_ = 0;
  // Owners retired since the last BeginStep, forgotten by the next one.
  std::vector<memory::OwnerId> retired_;
  std::vector<RuntimeError> errors_;
  LifecycleLog lifecycle_;
  SessionSink* sink_ = nullptr;

  // Turn state.
  bool in_turn_ = false;
  uint64_t turn_ = 0;
  int64_t now_ms_ = 0;
  uint64_t actions_this_turn_ = 0;
  uint64_t transitions_at_turn_start_ = 0;  // pushes_ + pops_ then
  std::deque<Action> work_;
  std::vector<Action> pending_;  // requests of the block call in progress
  std::vector<Record> pending_results_;  // segments written during unmount

  uint64_t pushes_ = 0;
  uint64_t pops_ = 0;
  bool session_ended_ = false;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_SCRIPT_RUNTIME_H_
