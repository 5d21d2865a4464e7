// The runtime memory snapshot of a session, as `--snapshot` prints it.
//
// One function so that the table and JSON printers of wod-run never reach
// into the memory layer themselves: text for the table form (indented under
// each row), JSON for the JSON lines form (the `snapshot` member).
//
//   absl::StatusOr<std::string> s = SnapshotText(*session,
//   OutputFormat::kJson);
#ifndef WOD_TOOLS_CLI_SNAPSHOT_TEXT_H_
#define WOD_TOOLS_CLI_SNAPSHOT_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "tools/cli/cli_options.h"

namespace wod::cli {

absl::StatusOr<std::string> SnapshotText(const blocks::WorkoutSession& session,
                                         OutputFormat format);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_SNAPSHOT_TEXT_H_
