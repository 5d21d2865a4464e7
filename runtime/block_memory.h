// BlockMemory: the narrow view of RuntimeMemory a block gets
// (docs/spec/design.md §2: blocks never see ReleaseOwner).
//
// Every memory tag (memory_tag.h) is registered once per RuntimeMemory as a
// memory type with one fixed C++ value type (`TagTraits<tag>::Value`), so the
// debugger can name and format every entry. A BlockMemory:
//  - allocates under the block's own key only: root entries, and child
//    entries under one of its own entries (`AllocateChild`), for state that
//    is hierarchical (a timer's spans, a round's results);
//  - writes only the block's own refs (a write to anything else is refused,
//    returns false and is recorded as a runtime error through the view's
//    error sink, docs/spec/runtime.md §14.8);
//  - reads its own refs, its ancestors' refs (blocks below it on the stack)
//    and refs explicitly handed to it (`GetHanded`); `Children` lists the
//    child entries of a readable ref.
// It releases only child subtrees of its own entries (`ReleaseChild`,
// `ReleaseChildren`: a finished round's results, a restarted interval's
// spans). Root entries go when the stack pops the block and releases its
// key, children with them (docs/spec/design.md §2: subtree release).
//
//   StateRef<TimerState> timer =
//       ctx.memory().Allocate<MemoryTag::kTime>(TimerState{...});
//   StateRef<TimeSpan> span =
//       ctx.memory().AllocateChild<MemoryTag::kTimeSpan>(timer, {ctx.now()});
//   TimeSpan s = ctx.memory().Get(span);
//   s.end_ms = ctx.now();
//   if (!ctx.memory().Set(span, s)) return;  // refused: already recorded
#ifndef WOD_RUNTIME_BLOCK_MEMORY_H_
#define WOD_RUNTIME_BLOCK_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "memory/runtime_memory.h"
#include "runtime/block_state.h"
#include "runtime/completion_reason.h"
#include "runtime/lifecycle_log.h"
#include "runtime/memory_tag.h"
#include "runtime/runtime_error.h"

namespace wod::runtime {

class RuntimeStack;

// The C++ value type stored under each tag.
template <MemoryTag kTag>
struct TagTraits;
#define WOD_RUNTIME_TAG_VALUE_(tag, type) \
  template <>                             \
  struct TagTraits<MemoryTag::tag> {      \
    using Value = type;                   \
  }
WOD_RUNTIME_TAG_VALUE_(kTime, TimerState);
WOD_RUNTIME_TAG_VALUE_(kRound, RoundState);
WOD_RUNTIME_TAG_VALUE_(kChildrenStatus, ChildCursor);
WOD_RUNTIME_TAG_VALUE_(kCompletion, CompletionReason);
WOD_RUNTIME_TAG_VALUE_(kDisplay, std::string);
WOD_RUNTIME_TAG_VALUE_(kControls, std::string);
WOD_RUNTIME_TAG_VALUE_(kMetricDisplay, DisplayMetrics);
WOD_RUNTIME_TAG_VALUE_(kMetricLabel, std::string);
WOD_RUNTIME_TAG_VALUE_(kMetricResult, ResultState);
WOD_RUNTIME_TAG_VALUE_(kMetricPromote, DisplayMetrics);
WOD_RUNTIME_TAG_VALUE_(kMetricRepTarget, DisplayMetrics);
WOD_RUNTIME_TAG_VALUE_(kMetricTracked, DisplayMetrics);
WOD_RUNTIME_TAG_VALUE_(kMetricHint, std::string);
WOD_RUNTIME_TAG_VALUE_(kMetricNext, DisplayMetrics);
WOD_RUNTIME_TAG_VALUE_(kOwnerState, int64_t);
WOD_RUNTIME_TAG_VALUE_(kTimeSpan, TimeSpan);
WOD_RUNTIME_TAG_VALUE_(kRoundResult, RoundResult);
#undef WOD_RUNTIME_TAG_VALUE_

template <MemoryTag kTag>
using TagValue = typename TagTraits<kTag>::Value;

// The registered type tags of one RuntimeMemory, one per MemoryTag.
class MemoryTypes {
 public:
  // Registers every tag in `memory`. Errors: those of RegisterType (a tag
  // name already taken by another type).
  static absl::StatusOr<MemoryTypes> Register(memory::RuntimeMemory& memory);

  template <MemoryTag kTag>
  [[nodiscard]] const memory::TypeTag<TagValue<kTag>>& Get() const {
    return std::get<static_cast<size_t>(kTag)>(tags_);
  }
  // The tag registered as memory type `type`, nullopt for another type.
  [[nodiscard]] std::optional<MemoryTag> TagOf(memory::TypeId type) const;

 private:
  template <size_t... I>
  static auto MakeTuple(std::index_sequence<I...>)
      -> std::tuple<memory::TypeTag<TagValue<static_cast<MemoryTag>(I)>>...>;
  using Tuple = decltype(MakeTuple(
      std::make_index_sequence<static_cast<size_t>(MemoryTag::kCount)>()));
  Tuple tags_;
};

// A typed handle to one entry of block state.
template <typename T>
class StateRef {
 public:
  StateRef() = default;
  [[nodiscard]] bool valid() const { return !ref_.id().is_null(); }
  [[nodiscard]] memory::RefId id() const { return ref_.id(); }
  [[nodiscard]] memory::OwnerId owner() const { return owner_; }
  [[nodiscard]] MemoryTag tag() const { return tag_; }

 private:
  friend class BlockMemory;
  StateRef(memory::MemoryRef<T> ref, memory::OwnerId owner, MemoryTag tag)
      : ref_(ref), owner_(owner), tag_(tag) {}
  memory::MemoryRef<T> ref_;
  memory::OwnerId owner_;
  MemoryTag tag_ = MemoryTag::kOwnerState;
};

class BlockMemory {
 public:
  // `log` (optional) receives an allocate / set entry per mutation, stamped
  // `now_ms` (the lifecycle debug sink). `errors` (optional; every view
  // handed to a block has one) records each refused write.
  BlockMemory(memory::RuntimeMemory& memory, const MemoryTypes& types,
              memory::OwnerId owner, const RuntimeStack* stack,
              LifecycleLog* log = nullptr, int64_t now_ms = 0,
              RuntimeErrorSink* errors = nullptr)
      : memory_(memory),
        types_(types),
        owner_(owner),
        stack_(stack),
        log_(log),
        now_ms_(now_ms),
        errors_(errors) {}

  [[nodiscard]] memory::OwnerId owner() const { return owner_; }

  // Allocates an entry owned by this block. On failure (id space exhausted,
  // the owner is gone) the returned ref is invalid: reads give the value
  // type's default, writes are refused.
  template <MemoryTag kTag>
  StateRef<TagValue<kTag>> Allocate(TagValue<kTag> initial) {
    auto ref = memory_.Allocate(types_.Get<kTag>(), std::move(initial), owner_);
    if (!ref.ok()) return StateRef<TagValue<kTag>>();
    LogMutation(LifecycleKind::kAllocate, kTag);
    return StateRef<TagValue<kTag>>(*ref, owner_, kTag);
  }

  // Allocates a child entry of `parent`, an entry of this block: owned by
  // this block's key like every entry it allocates, released with `parent`
  // (docs/spec/design.md §2). A parent of another block or a released one is
  // refused (recorded as `kBlockWriteRefused`, as a write would be); on any
  // failure the returned ref is invalid.
  template <MemoryTag kTag, typename P>
  StateRef<TagValue<kTag>> AllocateChild(const StateRef<P>& parent,
                                         TagValue<kTag> initial) {
    if (!(parent.owner_ == owner_) || !parent.valid()) {
      Refuse();
      return StateRef<TagValue<kTag>>();
    }
    auto ref = memory_.AllocateChild(types_.Get<kTag>(), std::move(initial),
                                     parent.id());
    if (!ref.ok()) {
      Refuse();
      return StateRef<TagValue<kTag>>();
    }
    LogMutation(LifecycleKind::kAllocate, kTag);
    return StateRef<TagValue<kTag>>(*ref, owner_, kTag);
  }

  // The live children of a readable entry (own or ancestor) that carry
  // `kTag`, ordered by id. Empty for an unreadable or released parent.
  template <MemoryTag kTag, typename P>
  [[nodiscard]] std::vector<StateRef<TagValue<kTag>>> Children(
      const StateRef<P>& parent) const {
    std::vector<StateRef<TagValue<kTag>>> out;
    if (!parent.valid() || !CanRead(parent.owner_)) return out;
    const memory::TypeId type = types_.Get<kTag>().id();
    for (memory::RefId id : memory_.Children(parent.id())) {
      absl::StatusOr<memory::RefInfo> info = memory_.Describe(id);
      if (!info.ok() || info->type != type) continue;
      auto typed = memory_.Typed<TagValue<kTag>>(id);
      if (!typed.ok()) continue;
      out.push_back(StateRef<TagValue<kTag>>(*typed, parent.owner_, kTag));
    }
    return out;
  }

  // Releases `child` and its subtree. Only a child entry of this block may
  // be released here (a root entry belongs to the block's lifetime and goes
  // when the stack pops it); anything else is refused and recorded as
  // `kBlockWriteRefused`. Releasing an already released child is a no-op
  // that succeeds.
  template <typename T>
  [[nodiscard]] bool ReleaseChild(const StateRef<T>& child) {
    return ReleaseChildId(child.owner_, child.id(), child.tag_);
  }
  // Releases every child subtree of `parent`, an entry of this block
  // (refused, as above, for another block's entry). Returns how many refs
  // went, or nullopt when refused.
  template <typename T>
  std::optional<size_t> ReleaseChildren(const StateRef<T>& parent) {
    return ReleaseChildrenOf(parent.owner_, parent.id());
  }

  // Reads an own or ancestor entry; anything else (or a released entry)
  // reads as `fallback`. `T` comes from the ref alone (std::type_identity_t),
  // so `Get(int64_ref, -2)` converts the literal instead of failing to
  // deduce.
  template <typename T>
  [[nodiscard]] T Get(const StateRef<T>& ref,
                      std::type_identity_t<T> fallback = T{}) const {
    if (!CanRead(ref.owner_)) return fallback;
    const T* value = ref.ref_.Peek();
    return value != nullptr ? *value : fallback;
  }
  // Reads an entry handed to this block by another component (the seed's
  // FR2: references pass between components).
  template <typename T>
  [[nodiscard]] T GetHanded(const StateRef<T>& ref,
                            std::type_identity_t<T> fallback = T{}) const {
    const T* value = ref.ref_.Peek();
    return value != nullptr ? *value : fallback;
  }
  // Writes an own entry. Returns false (and changes nothing) for an entry of
  // another block or a released one; the refusal is recorded as
  // `kBlockWriteRefused` through the error sink. The caller decides what its
  // block does without the write, hence [[nodiscard]].
  template <typename T>
  [[nodiscard]] bool Set(const StateRef<T>& ref,
                         std::type_identity_t<T> value) {
    if (!(ref.owner_ == owner_)) return Refuse();
    memory::MemoryRef<T> handle = ref.ref_;
    if (!handle.Set(std::move(value)).ok()) return Refuse();
    LogMutation(LifecycleKind::kSet, ref.tag_);
    return true;
  }

  // --- runtime-only helpers (the stack and ScriptRuntime) -------------------
  static memory::OwnerId CreateOwner(memory::RuntimeMemory& memory,
                                     std::string_view type,
                                     std::string_view label, int first_line,
                                     int last_line, int64_t step);
  // No live entry is owned by an owner outside `live_owners`.
  static absl::Status CheckNoOrphans(
      const memory::RuntimeMemory& memory,
      const absl::flat_hash_set<memory::OwnerId>& live_owners);

 private:
  [[nodiscard]] bool CanRead(memory::OwnerId owner) const;
  bool ReleaseChildId(memory::OwnerId owner, memory::RefId id, MemoryTag tag);
  std::optional<size_t> ReleaseChildrenOf(memory::OwnerId owner,
                                          memory::RefId parent);
  void LogMutation(LifecycleKind kind, MemoryTag tag);
  // Records a refused write (when there is a sink) and returns false.
  bool Refuse();

  memory::RuntimeMemory& memory_;
  const MemoryTypes& types_;
  memory::OwnerId owner_;
  const RuntimeStack* stack_;
  LifecycleLog* log_;
  int64_t now_ms_;
  RuntimeErrorSink* errors_;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_BLOCK_MEMORY_H_
