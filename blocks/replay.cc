#include "blocks/replay.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "base/status_macros.h"
#include "blocks/session_journal.h"
#include "blocks/workout_session.h"
#include "fmt/format.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {
namespace {

absl::Status Inconsistent(const memory::JournalEntry& e,
                          std::string_view what) {
  return absl::InvalidArgumentError(
      fmt::format("mutation {} ({}): {}", e.sequence,
                  memory::MutationKindName(e.kind), what));
}

}  // namespace

// ---- JournalState
// -------------------------------------------------------------

absl::Status JournalState::Apply(const memory::JournalEntry& e) {
  using memory::MutationKind;
  switch (e.kind) {
    case MutationKind::kCreateOwner: {
      auto [it, inserted] = owners_.try_emplace(e.owner.index);
      if (!inserted && it->second.id == e.owner) {
        return Inconsistent(e, fmt::format("owner {} already exists",
                                           memory::ToString(e.owner)));
      }
      // A recycled slot (after forget-owner) gets the new generation.
      it->second = RecordedOwner{e.owner, true, e.owner_info};
      break;
    }
    case MutationKind::kUpdateOwner:
    case MutationKind::kRetireOwner: {
      auto it = owners_.find(e.owner.index);
      if (it == owners_.end() || it->second.id != e.owner) {
        return Inconsistent(
            e, fmt::format("unknown owner {}", memory::ToString(e.owner)));
      }
      it->second.info = e.owner_info;
      if (e.kind == MutationKind::kRetireOwner) {
        // RuntimeMemory::RetireOwner releases the owner's refs itself, with
        // no separate release-owner event.
        it->second.live = false;
        std::erase_if(
            refs_, [&](const auto& kv) { return kv.second.owner == e.owner; });
      }
      break;
    }
    case MutationKind::kForgetOwner: {
      auto it = owners_.find(e.owner.index);
      if (it == owners_.end() || it->second.id != e.owner) {
        return Inconsistent(
            e, fmt::format("unknown owner {}", memory::ToString(e.owner)));
      }
      owners_.erase(it);
      break;
    }
    case MutationKind::kAllocate: {
      if (refs_.count(e.id) != 0) {
        return Inconsistent(
            e, fmt::format("ref {} is already live", memory::ToString(e.id)));
      }
      if (!e.parent.is_null() && refs_.count(e.parent) == 0) {
        return Inconsistent(e, fmt::format("parent {} is not live",
                                           memory::ToString(e.parent)));
      }
      refs_[e.id] = RecordedRef{e.id, e.type, e.owner, e.parent, e.value};
      break;
    }
    case MutationKind::kSet: {
      auto it = refs_.find(e.id);
      if (it == refs_.end()) {
        return Inconsistent(
            e, fmt::format("ref {} is not live", memory::ToString(e.id)));
      }
      it->second.value = e.value;
      break;
    }
    case MutationKind::kRelease: {
      // The whole subtree goes (docs/spec/design.md §2); refs are few, so a
      // fixed-point sweep over the map is enough.
      if (refs_.erase(e.id) != 0) {
        bool removed = true;
        while (removed) {
          removed = false;
          for (auto it = refs_.begin(); it != refs_.end();) {
            if (!it->second.parent.is_null() &&
                refs_.count(it->second.parent) == 0) {
              it = refs_.erase(it);
              removed = true;
            } else {
              ++it;
            }
          }
        }
      }
      break;
    }
    case MutationKind::kReleaseOwner:
      std::erase_if(refs_,
                    [&](const auto& kv) { return kv.second.owner == e.owner; });
      break;
  }
  version_ = e.version;
  return absl::OkStatus();
}

absl::Status JournalState::ApplyStep(const RecordedStep& step) {
  for (const memory::JournalEntry& e : step.mutations) {
    absl::Status s = Apply(e);
    if (!s.ok()) {
      return absl::InvalidArgumentError(fmt::format("step {} (line {}): {}",
                                                    step.step, step.line,
                                                    base::StatusMessage(s)));
    }
  }
  return absl::OkStatus();
}

RecordedSnapshot JournalState::Snapshot() const {
  RecordedSnapshot out;
  out.version = version_;
  out.owners.reserve(owners_.size());
  for (const auto& [index, owner] : owners_) out.owners.push_back(owner);
  out.refs.reserve(refs_.size());
  for (const auto& [id, ref] : refs_) out.refs.push_back(ref);
  return out;
}

// ---- ReplayRecording
// ------------------------------------------------------------

absl::StatusOr<ReplayReport> ReplayRecording(const Recording& recording) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> made =
      WorkoutSession::Create(recording.header.script);
  if (!made.ok()) return made.status();
  WorkoutSession& session = **made;
  SessionJournal journal(session);

  ReplayReport report;
  JournalState state;
  uint64_t sequence = 0;
  for (const RecordedStep& recorded : recording.steps) {
    auto diverged = [&](std::string_view what) {
      return absl::FailedPreconditionError(
          fmt::format("step {} (line {}, {}): {}", recorded.step, recorded.line,
                      recorded.trace.action, what));
    };
    const runtime::TraceStep trace = recorded.command.has_value()
                                         ? session.Apply(*recorded.command)
                                         : session.Start();
    ++report.steps;
    if (trace.Row() != recorded.trace.Row()) {
      return diverged(
          fmt::format("trace row differs:\n  recorded: {}\n  "
                      "replayed: {}",
                      recorded.trace.Row(), trace.Row()));
    }
    // Every mutation, compared by its canonical JSON text.
    std::vector<memory::JournalEntry> fresh = journal.journal().entries();
    journal.journal().Clear();
    for (size_t k = 0; k < fresh.size(); ++k) {
      fresh[k].sequence = sequence + k;
      fresh[k].step = recorded.step;
    }
    const size_t common = std::min(fresh.size(), recorded.mutations.size());
    for (size_t k = 0; k < common; ++k) {
      const std::string want = MutationJson(recorded.mutations[k]);
      const std::string got = MutationJson(fresh[k]);
      if (want != got) {
        return diverged(
            fmt::format("mutation {} differs:\n  recorded: {}\n  replayed: {}",
                        recorded.mutations[k].sequence, want, got));
      }
    }
    if (fresh.size() != recorded.mutations.size()) {
      return diverged(fmt::format("{} mutations recorded, {} replayed",
                                  recorded.mutations.size(), fresh.size()));
    }
    sequence += fresh.size();
    report.mutations += static_cast<int64_t>(fresh.size());
    // The file against itself: the journal so far must give the keyframe.
    if (absl::Status s = state.ApplyStep(recorded); !s.ok()) {
      return absl::FailedPreconditionError(base::StatusMessage(s));
    }
    if (!recorded.keyframe.has_value()) continue;
    ++report.keyframes;
    const RecordedSnapshot replayed =
        CaptureSnapshot(*session.runtime().memory().Snapshot());
    if (std::optional<std::string> d =
            FirstDifference(*recorded.keyframe, replayed, true)) {
      return diverged("keyframe snapshot differs from the replay: " + *d);
    }
    if (std::optional<std::string> d =
            FirstDifference(*recorded.keyframe, state.Snapshot(), false)) {
      return diverged("keyframe snapshot differs from the recorded journal: " +
                      *d);
    }
  }
  return report;
}

}  // namespace wod::blocks
