#include "tools/cli/snapshot_text.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/workout_session.h"

namespace wod::cli {

absl::StatusOr<std::string> SnapshotText(const blocks::WorkoutSession& session,
                                         OutputFormat format) {
  // FIXME: wire to RuntimeMemory::Snapshot() once the runtime exposes its
  // memory; until then --snapshot fails loudly instead of printing nothing.
  (void)session;
  (void)format;
  return absl::UnimplementedError(
      "--snapshot: the runtime does not expose its memory snapshot yet");
}

}  // namespace wod::cli
