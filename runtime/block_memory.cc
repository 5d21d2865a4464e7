#include "runtime/block_memory.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/runtime_stack.h"

namespace wod::runtime {
namespace {

template <size_t I>
absl::Status RegisterOne(memory::RuntimeMemory& memory, auto& tuple) {
  constexpr MemoryTag kTag = static_cast<MemoryTag>(I);
  using Value = TagValue<kTag>;
  auto tag = memory.RegisterType<Value>(std::string(TagInfo(kTag).name),
                                        StateTypeInfo<Value>());
  if (!tag.ok()) return tag.status();
  std::get<I>(tuple) = *tag;
  return absl::OkStatus();
}

template <size_t... I>
absl::Status RegisterAll(memory::RuntimeMemory& memory, auto& tuple,
                         std::index_sequence<I...>) {
  absl::Status status;
  ((status.ok() ? (status = RegisterOne<I>(memory, tuple), 0) : 0), ...);
  return status;
}

template <size_t... I>
std::optional<MemoryTag> FindTag(const auto& tuple, memory::TypeId type,
                                 std::index_sequence<I...>) {
  std::optional<MemoryTag> found;
  ((std::get<I>(tuple).valid() && std::get<I>(tuple).id() == type
        ? (found = static_cast<MemoryTag>(I), 0)
        : 0),
   ...);
  return found;
}

}  // namespace

std::optional<MemoryTag> MemoryTypes::TagOf(memory::TypeId type) const {
  return FindTag(
      tags_, type,
      std::make_index_sequence<static_cast<size_t>(MemoryTag::kCount)>());
}

absl::StatusOr<MemoryTypes> MemoryTypes::Register(
    memory::RuntimeMemory& memory) {
  MemoryTypes types;
  absl::Status status = RegisterAll(
      memory, types.tags_,
      std::make_index_sequence<static_cast<size_t>(MemoryTag::kCount)>());
  if (!status.ok()) return status;
  return types;
}

void BlockMemory::LogMutation(LifecycleKind kind, MemoryTag tag) {
  if (log_ == nullptr) return;
  log_->Append(kind, now_ms_, owner_, TagInfo(tag).name);
}

bool BlockMemory::Refuse() {
  if (errors_ != nullptr)
    errors_->RecordError(RuntimeErrorCode::kBlockWriteRefused);
  return false;
}

bool BlockMemory::ReleaseChildId(memory::OwnerId owner, memory::RefId id,
                                 MemoryTag tag) {
  if (!(owner == owner_)) return Refuse();
  if (!memory_.IsValid(id)) return true;  // idempotent, like Release
  absl::StatusOr<memory::RefInfo> info = memory_.Describe(id);
  // A root entry lives as long as the block: only the stack releases it.
  if (!info.ok() || info->parent.is_null()) return Refuse();
  if (!memory_.Release(id).ok()) return Refuse();
  LogMutation(LifecycleKind::kRelease, tag);
  return true;
}

std::optional<size_t> BlockMemory::ReleaseChildrenOf(memory::OwnerId owner,
                                                     memory::RefId parent) {
  if (!(owner == owner_) || !memory_.IsValid(parent)) {
    Refuse();
    return std::nullopt;
  }
  size_t released = 0;
  for (memory::RefId child : memory_.Children(parent)) {
    absl::StatusOr<memory::RefInfo> info = memory_.Describe(child);
    absl::StatusOr<size_t> count = memory_.Release(child);
    if (!count.ok()) {
      Refuse();
      return std::nullopt;
    }
    released += *count;
    const std::optional<MemoryTag> tag =
        info.ok() ? types_.TagOf(info->type) : std::nullopt;
    if (tag.has_value()) LogMutation(LifecycleKind::kRelease, *tag);
  }
  return released;
}

bool BlockMemory::CanRead(memory::OwnerId owner) const {
  if (owner == owner_) return true;
  if (stack_ == nullptr) return false;
  // Ancestors: blocks below this one on the stack.
  std::optional<size_t> self = stack_->IndexOf(owner_);
  std::optional<size_t> other = stack_->IndexOf(owner);
  if (!other.has_value()) return false;
  return !self.has_value() || *other < *self;
}

memory::OwnerId BlockMemory::CreateOwner(memory::RuntimeMemory& memory,
                                         std::string_view type,
                                         std::string_view label, int first_line,
                                         int last_line, int64_t step) {
  memory::OwnerInfo info;
  info.kind = std::string(type);
  info.label = std::string(label);
  info.line_begin = first_line;
  info.line_end = last_line;
  info.created_step = step;
  auto owner = memory.CreateOwner(std::move(info));
  return owner.ok() ? *owner : memory::OwnerId{};
}

absl::Status BlockMemory::CheckNoOrphans(
    const memory::RuntimeMemory& memory,
    const absl::flat_hash_set<memory::OwnerId>& live_owners) {
  for (memory::OwnerId owner : memory.LiveOwners()) {
    if (live_owners.contains(owner)) continue;
    const memory::UsageStats usage = memory.OwnerUsage(owner);
    if (usage.live_refs != 0) {
      return absl::InternalError(absl::StrCat(
          "orphan: owner ", memory::ToString(owner),
          " is not on the stack but ", "holds ", usage.live_refs, " refs"));
    }
  }
  return absl::OkStatus();
}

}  // namespace wod::runtime
