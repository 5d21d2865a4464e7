#include "memory/mutation_journal.h"

#include "base/enum_table.h"
#include "base/status_macros.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"

namespace wod::memory {

namespace {

constexpr base::EnumTable<MutationKind> kMutationKindNames = {
    "create-owner", "update-owner", "retire-owner", "forget-owner",
    "allocate",     "set",          "release",      "release-owner"};
static_assert(base::NoneEmpty(kMutationKindNames),
              "every MutationKind needs its journal name");

}  // namespace

std::string_view MutationKindName(MutationKind kind) {
  return base::EnumTableAt(kMutationKindNames, kind, std::string_view("?"));
}

void MutationJournal::OnMutation(const MutationEvent& event) {
  JournalEntry entry;
  entry.sequence = entries_.size();
  entry.step = step_;
  entry.virtual_time_ms = virtual_time_ms_;
  entry.kind = event.kind;
  entry.id = event.id;
  entry.parent = event.parent;
  entry.owner = event.owner;
  entry.type = std::string(event.type_name);
  if (event.type_info != nullptr && event.value != nullptr) {
    entry.value = event.type_info->Serialize(event.value);
  }
  if (event.owner_info != nullptr) entry.owner_info = *event.owner_info;
  entry.count = event.count;
  entry.version = event.version;
  entries_.push_back(std::move(entry));
}

std::string MutationJournal::ToText() const {
  std::string out;
  for (const JournalEntry& e : entries_) {
    out += fmt::format("{} step={} t={} {}", e.sequence, e.step,
                       e.virtual_time_ms, MutationKindName(e.kind));
    switch (e.kind) {
      case MutationKind::kCreateOwner:
      case MutationKind::kUpdateOwner:
        out +=
            fmt::format(" {} kind={} label={} lines={}-{}", ToString(e.owner),
                        e.owner_info.kind, e.owner_info.label,
                        e.owner_info.line_begin, e.owner_info.line_end);
        break;
      case MutationKind::kRetireOwner:
        out += fmt::format(" {} released_step={} count={}", ToString(e.owner),
                           e.owner_info.released_step, e.count);
        break;
      case MutationKind::kForgetOwner:
        out += fmt::format(" {}", ToString(e.owner));
        break;
      case MutationKind::kAllocate:
        out +=
            fmt::format(" {} {} owner={} parent={} = {}", ToString(e.id),
                        e.type, ToString(e.owner), ToString(e.parent), e.value);
        break;
      case MutationKind::kSet:
        out += fmt::format(" {} {} = {}", ToString(e.id), e.type, e.value);
        break;
      case MutationKind::kRelease:
        out += fmt::format(" {} count={}", ToString(e.id), e.count);
        break;
      case MutationKind::kReleaseOwner:
        out += fmt::format(" {} count={}", ToString(e.owner), e.count);
        break;
      case MutationKind::kCount:
        break;
    }
    out += '\n';
  }
  return out;
}

absl::Status Replay(const MutationJournal& journal, RuntimeMemory& memory) {
  auto mismatch = [](const JournalEntry& e, std::string_view what) {
    return absl::InvalidArgumentError(
        fmt::format("replay diverged at event {}: {}", e.sequence, what));
  };
  // A release must free as many refs as the journal says it did.
  auto expect_released = [&](const JournalEntry& e,
                             absl::StatusOr<size_t> released) -> absl::Status {
    if (!released.ok()) return released.status();
    if (*released != e.count) return mismatch(e, "released count differs");
    return absl::OkStatus();
  };
  for (const JournalEntry& e : journal.entries()) {
    switch (e.kind) {
      case MutationKind::kCreateOwner: {
        WOD_ASSIGN_OR_RETURN(const OwnerId owner,
                             memory.CreateOwner(e.owner_info));
        if (owner != e.owner) return mismatch(e, "owner id differs");
        break;
      }
      case MutationKind::kUpdateOwner:
        WOD_RETURN_IF_ERROR(memory.UpdateOwnerInfo(e.owner, e.owner_info));
        break;
      case MutationKind::kRetireOwner:
        WOD_RETURN_IF_ERROR(expect_released(
            e, memory.RetireOwner(e.owner, e.owner_info.released_step)));
        break;
      case MutationKind::kForgetOwner:
        WOD_RETURN_IF_ERROR(memory.ForgetOwner(e.owner));
        break;
      case MutationKind::kAllocate: {
        auto type = memory.types().FindId(e.type);
        if (!type.ok()) return mismatch(e, "unknown type " + e.type);
        WOD_ASSIGN_OR_RETURN(
            const RefId id,
            memory.AllocateFromText(*type, e.value,
                                    e.parent.is_null() ? e.owner : OwnerId{},
                                    e.parent));
        if (id != e.id) return mismatch(e, "ref id differs");
        break;
      }
      case MutationKind::kSet:
        WOD_RETURN_IF_ERROR(memory.SetFromText(e.id, e.value));
        break;
      case MutationKind::kRelease:
        WOD_RETURN_IF_ERROR(expect_released(e, memory.Release(e.id)));
        break;
      case MutationKind::kReleaseOwner:
        WOD_RETURN_IF_ERROR(expect_released(e, memory.ReleaseOwner(e.owner)));
        break;
      case MutationKind::kCount:
        return mismatch(e, "not a mutation kind");
    }
  }
  return absl::OkStatus();
}

}  // namespace wod::memory
