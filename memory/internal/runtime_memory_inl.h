// Template and inline member definitions of RuntimeMemory and MemoryRef.
// Internal to memory/: included only by memory/runtime_memory.h, whose
// declarations document these functions. They live in a header (not a .cc)
// because the fast paths (MemoryRef::Get/Set/IsValid, Allocate) must inline
// into their callers.

#ifndef WOD_MEMORY_INTERNAL_RUNTIME_MEMORY_INL_H_
#define WOD_MEMORY_INTERNAL_RUNTIME_MEMORY_INL_H_

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"
#include "memory/internal/slot_table.h"
#include "memory/runtime_memory.h"

namespace wod::memory {

template <typename T>
absl::StatusOr<TypeTag<T>> RuntimeMemory::RegisterType(std::string name,
                                                       TypeInfo info) {
  if (dispatching_) return CallbackError();
  auto tag = types_.Register<T>(std::move(name), std::move(info));
  if (!tag.ok()) return tag.status();
  // The registry copied its table: refresh the TypeInfo pointers.
  internal::TypeRuntime rt;
  type_rt_.push_back(std::move(rt));
  for (size_t i = 0; i < type_rt_.size(); ++i) {
    const TypeInfo& ti = types_[static_cast<TypeId>(i)].info;
    type_rt_[i].info = &ti;
    type_rt_[i].key = ti.cpp_type();
    type_rt_[i].boxed = !ti.stored_inline();
  }
  EnsureTypeBits(type_rt_.back());
  return tag;
}

template <typename T>
inline uint32_t RuntimeMemory::FillSlot(uint32_t slot, TypeId type, T&& value,
                                        uint32_t owner_index, uint32_t parent) {
  using V = std::remove_cvref_t<T>;
  internal::Chunk& c = chunk(slot);
  const uint32_t off = slot & internal::kChunkMask;
  internal::HotSlot& h = c.hot[off];
  const uint32_t generation = (c.gen[off] & ~internal::kFreeBit) + 1;
  c.gen[off] = generation;
  if constexpr (internal::kStoredInline<V>) {
    if constexpr (sizeof(V) < sizeof(h.value)) {
      // Deterministic bytes past the value (snapshots copy all 16).
      std::memset(h.value, 0, sizeof(h.value));
    }
    ::new (static_cast<void*>(h.value)) V(std::forward<T>(value));  // typed
    h.flags = 0;
  } else {
    V* box = new V(std::forward<T>(value));
    std::memcpy(h.value, &box, sizeof(box));
    h.flags = internal::kSlotBoxed;
  }
  h.parent = parent;
  h.type = type;
  c.first_child[off] = internal::kNone;
  internal::TypeRuntime& tr = type_rt_[type];
  ++tr.live;
  tr.bits[slot >> 6] |= uint64_t{1} << (slot & 63);
  ++owners_[owner_index].live;
  ++live_count_;
  version_dirty_ = true;
  if constexpr (!internal::kStoredInline<V>) {
    AccountHeap(slot, static_cast<int64_t>(sizeof(V) +
                                           tr.info->HeapBytes(ValuePtr<V>(h))));
  }
  return generation;
}

template <typename T>
inline absl::StatusOr<MemoryRef<T>> RuntimeMemory::AllocateImpl(
    TypeTag<T> type, T&& initial, uint32_t owner_index, uint32_t parent) {
  const uint32_t slot = TakeSlot(owner_index);
  if (ABSL_PREDICT_FALSE(slot == internal::kNone)) {
    return absl::ResourceExhaustedError("memory id space exhausted");
  }
  const uint32_t generation =
      FillSlot(slot, type.id(), std::move(initial), owner_index, parent);
  if (parent != internal::kNone) LinkChild(slot, parent);
  if (ABSL_PREDICT_FALSE(slow_flags_ != 0)) {
    RecordChange(slot, ChangeKind::kAllocated);
    AfterMutation(ValueEvent(MutationKind::kAllocate, slot));
  }
  return MemoryRef<T>(RefId{slot, generation}, this);
}

template <typename T>
absl::StatusOr<MemoryRef<T>> RuntimeMemory::Allocate(TypeTag<T> type, T initial,
                                                     OwnerId owner) {
  if (ABSL_PREDICT_FALSE((slow_flags_ & kDispatching) != 0 ||
                         type.registry() != &types_ || !OwnerLive(owner))) {
    absl::Status status = CheckAllocate(type.registry(), type.id(), owner);
    if (!status.ok()) return status;
  }
  return AllocateImpl(type, std::move(initial), owner.index, internal::kNone);
}

template <typename T>
absl::StatusOr<MemoryRef<T>> RuntimeMemory::AllocateChild(TypeTag<T> type,
                                                          T initial,
                                                          RefId parent) {
  if (ABSL_PREDICT_FALSE((slow_flags_ & kDispatching) != 0 ||
                         type.registry() != &types_ || !IsValid(parent))) {
    absl::Status status =
        CheckAllocateChild(type.registry(), type.id(), parent);
    if (!status.ok()) return status;
  }
  // The child's owner is the parent's (its block's); a live parent's owner
  // is always live (docs/spec/runtime.md §13.3: children had no owner).
  return AllocateImpl(type, std::move(initial), owner_of(parent.index),
                      parent.index);
}

template <typename T>
absl::StatusOr<MemoryRef<T>> RuntimeMemory::Typed(RefId id) {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/false);
  if (type_rt_[hot(id.index).type].key != TypeInfo::Key<T>()) {
    return internal::WrongTypeError(
        ToString(id), *type_rt_[hot(id.index).type].info, CppTypeName<T>());
  }
  return MemoryRef<T>(id, this);
}

template <typename T>
absl::StatusOr<T> RuntimeMemory::Get(RefId id) const {
  if (!IsValid(id)) return ReleasedError(id, /*write=*/false);
  internal::HotSlot& h = hot(id.index);
  if (type_rt_[h.type].key != TypeInfo::Key<T>()) {
    return internal::WrongTypeError(ToString(id), *type_rt_[h.type].info,
                                    CppTypeName<T>());
  }
  return *ValuePtr<T>(h);
}

template <typename T>
absl::Status RuntimeMemory::Set(RefId id, T value) {
  auto ref = Typed<T>(id);
  if (!ref.ok()) {
    return ref.status().code() == absl::StatusCode::kNotFound
               ? ReleasedError(id, /*write=*/true)
               : ref.status();
  }
  return ref->Set(std::move(value));
}

template <typename T>
inline void RuntimeMemory::StoreValue(uint32_t slot, T&& value) {
  using V = std::remove_cvref_t<T>;
  internal::HotSlot& h = hot(slot);
  if constexpr (internal::kStoredInline<V>) {
    // A typed store, not memcpy from the argument's address: the compiler
    // then writes the fields straight into the slot instead of building the
    // value on the stack and reloading it wide (a store-forwarding stall
    // that made Set ~5x slower).
    *ValuePtr<V>(h) = value;
  } else {
    const TypeInfo& info = *type_rt_[h.type].info;
    V* box = ValuePtr<V>(h);
    const size_t before = info.HeapBytes(box);
    *box = std::forward<T>(value);
    const size_t after = info.HeapBytes(box);
    if (before != after) {
      AccountHeap(slot,
                  static_cast<int64_t>(after) - static_cast<int64_t>(before));
    }
  }
  version_dirty_ = true;
}

template <typename T>
absl::Status RuntimeMemory::SetSlow(uint32_t slot, T&& value) {
  if (dispatching_) return CallbackError();
  internal::HotSlot& h = hot(slot);
  using V = std::remove_cvref_t<T>;
  // "A Set that doesn't change the value (by equality) notifies nobody"
  // (docs/spec/runtime.md §13.11: the original notified on every set).
  if (type_rt_[h.type].info->Equal(ValuePtr<V>(h), &value)) {
    return absl::OkStatus();
  }
  StoreValue(slot, std::forward<T>(value));
  RecordChange(slot, ChangeKind::kChanged);
  AfterMutation(ValueEvent(MutationKind::kSet, slot));
  return absl::OkStatus();
}

// ---- MemoryRef ------------------------------------------------------------

template <typename T>
inline bool MemoryRef<T>::IsValid() const {
  // A non-null MemoryRef always carries a non-zero generation, so the
  // generation compare alone decides.
  return memory_ != nullptr && memory_->gen(id_.index) == id_.generation;
}

template <typename T>
inline const T* MemoryRef<T>::Peek() const {
  if (ABSL_PREDICT_FALSE(!IsValid())) return nullptr;
  return RuntimeMemory::ValuePtr<T>(memory_->hot(id_.index));
}

template <typename T>
inline absl::StatusOr<T> MemoryRef<T>::Get() const {
  if (ABSL_PREDICT_FALSE(!IsValid())) {
    return RuntimeMemory::ReleasedError(id_, /*write=*/false);
  }
  return *RuntimeMemory::ValuePtr<T>(memory_->hot(id_.index));
}

template <typename T>
inline absl::Status MemoryRef<T>::Set(T value) {
  if (ABSL_PREDICT_FALSE(!IsValid())) {
    return RuntimeMemory::ReleasedError(id_, /*write=*/true);
  }
  // Without the hook (WOD_MEMORY_NO_OBSERVER_HOOK, a benchmark-only build,
  // see runtime_memory.h) no watch, batch or observer sees MemoryRef::Set.
#ifndef WOD_MEMORY_NO_OBSERVER_HOOK
  if (ABSL_PREDICT_FALSE(memory_->slow_flags_ != 0)) {
    // The slow path gets its own copy so that `value` never has its address
    // taken on the fast path and can stay in registers.
    T copy(std::move(value));
    return memory_->SetSlow(id_.index, std::move(copy));
  }
#endif
  memory_->StoreValue(id_.index, std::move(value));
  return absl::OkStatus();
}

template <typename T>
template <typename U>
absl::StatusOr<MemoryRef<U>> MemoryRef<T>::CreateChild(TypeTag<U> type,
                                                       U initial) const {
  if (memory_ == nullptr) return RuntimeMemory::ReleasedError(id_, true);
  return memory_->AllocateChild(type, std::move(initial), id_);
}

template <typename T>
absl::StatusOr<size_t> MemoryRef<T>::Release() const {
  if (memory_ == nullptr) return size_t{0};
  return memory_->Release(id_);
}

}  // namespace wod::memory

#endif  // WOD_MEMORY_INTERNAL_RUNTIME_MEMORY_INL_H_
