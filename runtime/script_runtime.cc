#include "runtime/script_runtime.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace wod::runtime {

ScriptRuntime::ScriptRuntime(const RuntimeClock& clock,
                             ScriptRuntimeOptions options)
    : clock_(clock),
      options_(options),
      types_(RegisterTypes(memory_)),
      lifecycle_(options.lifecycle_capacity),
      now_ms_(clock.NowMs()) {}

MemoryTypes ScriptRuntime::RegisterTypes(memory::RuntimeMemory& memory) {
  // A fresh memory has no types, so registration cannot collide; should it
  // ever fail, the tags stay invalid and every allocation is refused
  // (reads give defaults) instead of crashing.
  absl::StatusOr<MemoryTypes> types = MemoryTypes::Register(memory);
  return types.ok() ? *std::move(types) : MemoryTypes();
}

ScriptRuntime::~ScriptRuntime() {
  // docs/spec/runtime.md §5.6: disposing a runtime unmounts nothing observable;
  // we only release what the remaining blocks own, top first, so the memory
  // ends empty. A failed release cannot be reported from here (nobody reads the
  // error table of a runtime being destroyed) and the memory goes with the
  // runtime, so the status is deliberately ignored.
  while (!stack_.empty()) {
    stack_.RemoveTop(StackPasskey(), memory_, -1).IgnoreError();
  }
}

memory::OwnerId ScriptRuntime::NewBlockKey(std::string_view type,
                                           std::string_view label,
                                           LineSpan lines) {
  return BlockMemory::CreateOwner(memory_, type, label, lines.first, lines.last,
                                  static_cast<int64_t>(turn_));
}

std::string ScriptRuntime::KeyText(memory::OwnerId key) const {
  return memory::ToString(key);
}

void ScriptRuntime::BeginStep() {
  // docs/spec/runtime.md §5.3 step 4: a retired owner is forgotten at the
  // next step, once the step that retired it has been published with its
  // name; its slot then comes back with a new generation. Forgetting can
  // only fail for an owner that is not retired, which the stack never
  // hands over, so a failure is recorded instead of ignored.
  for (const memory::OwnerId owner : retired_) {
    if (!memory_.ForgetOwner(owner).ok()) {
      RecordError(RuntimeErrorCode::kBlockReleaseFailed);
    }
  }
  retired_.clear();
  if (records_.size() > options_.record_window) {
    records_.erase(
        records_.begin(),
        records_.end() - static_cast<std::ptrdiff_t>(options_.record_window));
  }
}

void ScriptRuntime::Start(std::unique_ptr<IRuntimeBlock> root) {
  if (!in_turn_) BeginStep();
  std::vector<Action> initial;
  if (root != nullptr) {
    Action push;
    push.kind = ActionKind::kPush;
    push.block = std::move(root);
    initial.push_back(std::move(push));
  }
  RunTurn(std::move(initial));
}

void ScriptRuntime::Handle(const RuntimeEvent& event) {
  if (in_turn_) return;  // never re-entered: blocks only request
  BeginStep();
  if (event.Is(kEventNext)) {
    if (stack_.empty()) {
      // negative-scenarios.md N1 / ST7: a recorded error, never a crash.
      now_ms_ = clock_.NowMs();
      ++turn_;
      RecordError(RuntimeErrorCode::kNextOnEmptyStack);
      return;
    }
    Action next;
    next.kind = ActionKind::kNext;
    next.target = stack_.top().key;
    std::vector<Action> initial;
    initial.push_back(std::move(next));
    RunTurn(std::move(initial));
    return;
  }
  // Every other event runs in a turn of its own.
  in_turn_ = true;
  ++turn_;
  now_ms_ = clock_.NowMs();
  actions_this_turn_ = 0;
  transitions_at_turn_start_ = pushes_ + pops_;
  if (event.Is(kEventAbort)) {
    Abort();  // negative-scenarios.md: a no-op on an empty stack
  } else {
    Dispatch(event);
  }
  Log(LifecycleKind::kEventHandled, memory::OwnerId{}, event.name);
  in_turn_ = false;
}

void ScriptRuntime::RunTurn(std::vector<Action> initial) {
  in_turn_ = true;
  ++turn_;
  now_ms_ = clock_.NowMs();
  actions_this_turn_ = 0;
  transitions_at_turn_start_ = pushes_ + pops_;
  for (auto it = initial.rbegin(); it != initial.rend(); ++it) {
    work_.push_front(std::move(*it));
  }
  Drain();
  in_turn_ = false;
}

void ScriptRuntime::Drain() {
  while (!work_.empty()) {
    if (++actions_this_turn_ > options_.max_actions_per_turn) {
      RecordError(RuntimeErrorCode::kTurnActionBudgetExceeded);
      work_.clear();
      Abort();  // leave a consistent, empty stack rather than a half state
      return;
    }
    Action action = std::move(work_.front());
    work_.pop_front();
    Execute(std::move(action));
  }
}

void ScriptRuntime::SplicePending() {
  for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
    work_.push_front(std::move(*it));
  }
  pending_.clear();
}

void ScriptRuntime::Execute(Action action) {
  switch (action.kind) {
    case ActionKind::kPush:
      ExecutePush(std::move(action.block));
      break;
    case ActionKind::kPop:
      ExecutePop(action.target, action.parent_next);
      break;
    case ActionKind::kNext:
      ExecuteNext(action.target);
      break;
    case ActionKind::kClearAbove:
      ExecuteClearAbove(action.target);
      break;
  }
}

void ScriptRuntime::ExecutePush(std::unique_ptr<IRuntimeBlock> block) {
  if (block == nullptr) return;
  IRuntimeBlock& ref = *block;
  StackEntry entry;
  entry.key = ref.key();
  entry.completion =
      BlockMemory(memory_, types_, entry.key, &stack_)
          .Allocate<MemoryTag::kCompletion>(CompletionReason::kNone);
  entry.block = std::move(block);
  const memory::OwnerId key = entry.key;
  stack_.Push(StackPasskey(), std::move(entry));
  ++pushes_;
  session_ended_ = false;
  // docs/spec/runtime.md §10.5: system push level = depth after the push.
  Emit(Record::Push(now_ms_, key, std::string(ref.label()),
                    static_cast<int>(stack_.size())));
  Log(LifecycleKind::kPush, key, ref.label());
  BlockContext ctx(*this, ref, static_cast<int>(stack_.size()) - 1);
  ref.Mount(ctx);
  Log(LifecycleKind::kMount, key, "");
  SplicePending();
}

void ScriptRuntime::ExecuteNext(memory::OwnerId target) {
  // docs/spec/runtime.md §5.2: `next` targets the top block; a request for a
  // block that is no longer on top (it was popped meanwhile) is dropped.
  if (stack_.empty() || !(stack_.top().key == target)) return;
  IRuntimeBlock& block = *stack_.top().block;
  BlockContext ctx(*this, block, static_cast<int>(stack_.size()) - 1);
  block.Next(ctx);
  Log(LifecycleKind::kNext, target, "");
  // docs/spec/runtime.md §5.2 auto-pop: complete after next and nobody asked
  // for its pop.
  if (ctx.completion() != CompletionReason::kNone) {
    bool pop_requested = false;
    for (const Action& a : pending_) {
      if (a.kind == ActionKind::kPop && a.target == target) {
        pop_requested = true;
      }
    }
    if (!pop_requested) {
      Action pop;
      pop.kind = ActionKind::kPop;
      pop.target = target;
      pending_.push_back(std::move(pop));
    }
  }
  SplicePending();
}

void ScriptRuntime::ExecutePop(memory::OwnerId target, bool parent_next,
                               CompletionReason unset_reason) {
  if (stack_.empty() || !(stack_.top().key == target)) return;
  StackEntry& entry = stack_.top();
  IRuntimeBlock& block = *entry.block;
  BlockMemory own = ViewOf(entry);
  // docs/spec/runtime.md §5.3 step 1: not complete → forced-pop. Should the
  // flag refuse the write (recorded as an error), the pop still reports
  // `unset_reason`.
  CompletionReason reason = own.Get(entry.completion);
  if (reason == CompletionReason::kNone) {
    reason = unset_reason;
    StoreCompletion(own, entry.completion, reason);
  }
  const memory::OwnerId key = entry.key;
  const std::string label(block.label());
  {
    BlockContext ctx(*this, block, static_cast<int>(stack_.size()) - 1);
    pending_results_.clear();
    block.Unmount(ctx);
    Log(LifecycleKind::kUnmount, key, "");
    // Requests made while unmounting are dropped (docs/spec/runtime.md §5.5): a
    // leaving block cannot push or pop anything.
    pending_.clear();
  }
  const int level = static_cast<int>(stack_.size()) - 1;  // depth after pop
  // docs/spec/runtime.md §5.3 step 3: segments from the result memory, then the
  // pop record.
  std::vector<Record> results = std::move(pending_results_);
  pending_results_.clear();
  if (results.empty()) {
    // A block that writes no result (a plain legacy block) still gets one
    // segment: docs/spec/runtime.md §14.1 "every popped block emits its
    // segment(s)".
    Record segment;
    segment.kind = RecordKind::kSegment;
    segment.label = label;
    results.push_back(std::move(segment));
  }
  for (Record& segment : results) {
    segment.kind = RecordKind::kSegment;
    segment.t_ms = now_ms_;
    segment.block = key;
    segment.reason = reason;
    segment.level = level;
    Emit(std::move(segment));
  }
  Emit(Record::Pop(now_ms_, key, label, reason, level));
  // docs/spec/runtime.md §5.3 step 4: release everything the key owns — only
  // the stack does it. The block leaves the stack either way; a failed release
  // (its key was not a live owner) is recorded, and CheckInvariants reports
  // what it left.
  const absl::Status released =
      stack_.RemoveTop(StackPasskey(), memory_, static_cast<int64_t>(turn_));
  ++pops_;
  if (released.ok()) retired_.push_back(key);
  Log(LifecycleKind::kPop, key, CompletionReasonName(reason));
  Log(LifecycleKind::kRelease, key, "owner");
  if (!released.ok()) RecordError(RuntimeErrorCode::kBlockReleaseFailed);
  if (stack_.empty()) {
    session_ended_ = true;
    return;
  }
  if (parent_next) {
    // docs/spec/runtime.md §5.3 step 5 / §14.3: the parent reacts in the same
    // turn.
    Action next;
    next.kind = ActionKind::kNext;
    next.target = stack_.top().key;
    work_.push_front(std::move(next));
  }
}

void ScriptRuntime::ExecuteClearAbove(memory::OwnerId target) {
  std::optional<size_t> index = stack_.IndexOf(target);
  if (!index.has_value()) return;
  // docs/spec/runtime.md §5.4: pop every block above the target (top first,
  // without the parent next each pop would schedule), then one next on the
  // target.
  std::vector<Action> actions;
  for (size_t i = stack_.size(); i > *index + 1; --i) {
    Action pop;
    pop.kind = ActionKind::kPop;
    pop.target = stack_.at(i - 1).key;
    pop.parent_next = false;
    actions.push_back(std::move(pop));
  }
  Action next;
  next.kind = ActionKind::kNext;
  next.target = target;
  actions.push_back(std::move(next));
  for (auto it = actions.rbegin(); it != actions.rend(); ++it) {
    work_.push_front(std::move(*it));
  }
}

void ScriptRuntime::Abort() {
  // docs/spec/runtime.md §5.5: drain the whole stack; each block is marked
  // user-abort unless it is already complete, still unmounts and emits its
  // segment; no parent next is scheduled.
  while (!stack_.empty()) {
    ExecutePop(stack_.top().key, /*parent_next=*/false,
               CompletionReason::kUserAbort);
  }
  work_.clear();
}

void ScriptRuntime::Dispatch(const RuntimeEvent& event) {
  if (stack_.empty()) return;  // tick after the end: nothing (N7)
  // docs/spec/runtime.md §2.3 "Event handling": every listening block sees the
  // event first, bottom → top (parents first, the reference's registration
  // order), against the state before any of their requests runs; then all
  // requests run, in that order, in this one turn. So a child timer that
  // expires on the same tick as its parent's countdown is still
  // `timer-expired`, not `forced-pop`.
  std::vector<memory::OwnerId> keys;
  keys.reserve(stack_.size());
  for (size_t i = 0; i < stack_.size(); ++i) keys.push_back(stack_.at(i).key);
  std::vector<Action> collected;
  for (memory::OwnerId key : keys) {
    std::optional<size_t> index = stack_.IndexOf(key);
    if (!index.has_value()) continue;
    IRuntimeBlock& block = *stack_.at(*index).block;
    BlockContext ctx(*this, block, static_cast<int>(*index));
    block.OnEvent(ctx, event);
    for (Action& action : pending_) collected.push_back(std::move(action));
    pending_.clear();
  }
  pending_ = std::move(collected);
  SplicePending();
  Drain();
}

void ScriptRuntime::Emit(Record record) {
  records_.push_back(std::move(record));
  ++records_emitted_;
  if (sink_ != nullptr) sink_->OnRecord(records_.back());
}

void ScriptRuntime::RecordCommandError(RuntimeErrorCode code) {
  if (in_turn_) return;  // never re-entered: blocks only request
  now_ms_ = clock_.NowMs();
  ++turn_;
  RecordError(code);
}

void ScriptRuntime::RecordError(RuntimeErrorCode code) {
  errors_.push_back(RuntimeError{code, now_ms_});
  Emit(Record::Error(now_ms_, code));
}

bool ScriptRuntime::StoreCompletion(BlockMemory& view,
                                    const StateRef<CompletionReason>& flag,
                                    CompletionReason reason) {
  if (view.Get(flag) != CompletionReason::kNone) return true;
  return view.Set(flag, reason);
}

BlockMemory ScriptRuntime::ViewOf(const StackEntry& entry) {
  return BlockMemory(memory_, types_, entry.key, &stack_, /*log=*/nullptr,
                     /*now_ms=*/0, this);
}

void ScriptRuntime::Log(LifecycleKind kind, memory::OwnerId key,
                        std::string_view detail) {
  lifecycle_.Append(kind, now_ms_, key, detail);
}

std::vector<TraceBlock> ScriptRuntime::DescribeStack(int64_t now_ms) const {
  std::vector<TraceBlock> out;
  out.reserve(stack_.size());
  for (size_t i = stack_.size(); i > 0; --i) {
    const StackEntry& entry = stack_.at(i - 1);
    TraceBlock block;
    block.type = std::string(entry.block->type());
    // docs/spec/step-trace.md §2: rows show at most kMaxShownLabelCodePoints
    // of a label; copying the whole label into every step would make a deep
    // stack of long labels cost the script's size on every step.
    block.label = ShortLabel(entry.block->label());
    block.key = KeyText(entry.key);
    const BlockMemory view(const_cast<memory::RuntimeMemory&>(memory_), types_,
                           entry.key, &stack_);
    entry.block->Describe(view, now_ms, block);
    const CompletionReason reason = view.Get(entry.completion);
    if (reason != CompletionReason::kNone) {
      block.complete_reason = std::string(CompletionReasonName(reason));
    }
    out.push_back(std::move(block));
  }
  return out;
}

absl::Status ScriptRuntime::CheckInvariants() const {
  if (pushes_ != pops_ + stack_.size()) {
    return absl::InternalError(absl::StrCat("pushes (", pushes_, ") != pops (",
                                            pops_, ") + depth (", stack_.size(),
                                            ")"));
  }
  absl::flat_hash_set<memory::OwnerId> live_owners;
  for (size_t i = 0; i < stack_.size(); ++i)
    live_owners.insert(stack_.at(i).key);
  absl::Status orphans = BlockMemory::CheckNoOrphans(memory_, live_owners);
  if (!orphans.ok()) return orphans;
  if (session_ended_ && stack_.empty() && memory_.size() != 0) {
    return absl::InternalError(absl::StrCat("session ended but memory holds ",
                                            memory_.size(), " entries"));
  }
  return memory_.CheckInvariants();
}

// --- BlockContext -----------------------------------------------------------

BlockContext::BlockContext(ScriptRuntime& runtime, IRuntimeBlock& block,
                           int index)
    : runtime_(runtime),
      block_(block),
      index_(index),
      memory_(runtime.memory_, runtime.types_, block.key(), &runtime.stack_,
              &runtime.lifecycle_, runtime.now_ms_, &runtime) {}

int64_t BlockContext::now() const { return runtime_.now_ms_; }

uint64_t BlockContext::turn() const { return runtime_.turn_; }

uint64_t BlockContext::transitions_this_turn() const {
  return runtime_.pushes_ + runtime_.pops_ -
         runtime_.transitions_at_turn_start_;
}

bool BlockContext::is_top() const {
  return index_ + 1 == static_cast<int>(runtime_.stack_.size());
}

void BlockContext::PushChild(std::unique_ptr<IRuntimeBlock> child) {
  ScriptRuntime::Action push;
  push.kind = ScriptRuntime::ActionKind::kPush;
  push.block = std::move(child);
  runtime_.pending_.push_back(std::move(push));
}

void BlockContext::PopSelf() {
  ScriptRuntime::Action pop;
  pop.kind = ScriptRuntime::ActionKind::kPop;
  pop.target = block_.key();
  runtime_.pending_.push_back(std::move(pop));
}

void BlockContext::ClearAbove() {
  ScriptRuntime::Action clear;
  clear.kind = ScriptRuntime::ActionKind::kClearAbove;
  clear.target = block_.key();
  runtime_.pending_.push_back(std::move(clear));
}

void BlockContext::MarkTopComplete(CompletionReason reason) {
  RuntimeStack& stack = runtime_.stack_;
  if (stack.empty() || stack.top().key == block_.key()) return;
  StackEntry& top = stack.top();
  BlockMemory other = runtime_.ViewOf(top);
  // A refused write is recorded; the top block still pops (forced-pop) with
  // the clear-children that follows this call.
  runtime_.StoreCompletion(other, top.completion, reason);
}

void BlockContext::MarkComplete(CompletionReason reason) {
  std::optional<size_t> index = runtime_.stack_.IndexOf(block_.key());
  if (!index.has_value()) return;
  StackEntry& entry = runtime_.stack_.at(*index);
  if (!runtime_.StoreCompletion(memory_, entry.completion, reason)) {
    // The flag refused the write (recorded as an error), so no auto-pop
    // would see the completion: the block asked to leave, so it pops.
    PopSelf();
  }
}

CompletionReason BlockContext::completion() const {
  std::optional<size_t> index = runtime_.stack_.IndexOf(block_.key());
  if (!index.has_value()) return CompletionReason::kNone;
  return memory_.Get(runtime_.stack_.at(*index).completion);
}

void BlockContext::EmitSound(std::string_view name,
                             std::optional<int64_t> second) {
  runtime_.Emit(
      Record::Sound(runtime_.now_ms_, block_.key(), std::string(name), second));
}

void BlockContext::EmitMilestone(std::string_view label, RoundValue round,
                                 std::optional<int64_t> elapsed_ms) {
  Record r;
  r.kind = RecordKind::kMilestone;
  r.t_ms = runtime_.now_ms_;
  r.block = block_.key();
  r.label = std::string(label);
  r.level = index_;  // docs/spec/runtime.md §10.5: milestone level = index
                     // of the loop block
  r.round = round;
  r.milestone_has_elapsed = elapsed_ms.has_value();
  r.elapsed_ms = elapsed_ms.value_or(0);
  runtime_.Emit(std::move(r));
}

void BlockContext::EmitResult(Record segment) {
  runtime_.pending_results_.push_back(std::move(segment));
}

void BlockContext::RecordError(RuntimeErrorCode code) {
  runtime_.RecordError(code);
}

memory::OwnerId BlockContext::NewBlockKey(std::string_view type,
                                          std::string_view label,
                                          LineSpan lines) {
  return runtime_.NewBlockKey(type, label, lines);
}

}  // namespace wod::runtime
