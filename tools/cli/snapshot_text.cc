#include "tools/cli/snapshot_text.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "runtime/script_runtime.h"

namespace wod::cli {

absl::StatusOr<std::string> SnapshotText(const blocks::WorkoutSession& session,
                                         OutputFormat format) {
  // A copy taken through the const API: printing snapshots never changes
  // what the runtime does (docs/spec/design.md §2).
  const std::shared_ptr<const memory::MemorySnapshot> snapshot =
      session.runtime().memory().Snapshot();
  if (snapshot == nullptr) {
    return absl::InternalError("the runtime memory returned no snapshot");
  }
  return format == OutputFormat::kJson ? snapshot->ToJson()
                                       : snapshot->ToText();
}

}  // namespace wod::cli
