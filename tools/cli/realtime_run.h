// `wod-run FILE --realtime`: a session against real time with a live view.
//
// The session runs on its virtual clock, fed from the loop with real elapsed
// time measured on std::chrono::steady_clock (about ten ticks a second), so
// timers expire in real time while the runtime itself stays deterministic
// and injectable. Keys: Enter = next, p = pause/resume, q = abort. Ctrl-C,
// SIGTERM and SIGHUP abort the session too and exit 130; Ctrl-Z suspends
// (terminal restored while stopped); the terminal is restored on every path
// (TerminalSession's destructor).
//
//   if (isatty(fd)) return RunRealtime("cindy.wod", text, io);
#ifndef WOD_TOOLS_CLI_REALTIME_RUN_H_
#define WOD_TOOLS_CLI_REALTIME_RUN_H_

#include <string_view>

#include "tools/cli/cli_options.h"
#include "tools/cli/wod_run.h"

namespace wod::cli {

// REQUIRES: io.input_fd is a terminal. Returns the process exit status.
// `options.publish`: the session is streamed to debuggers (docs/attach.md).
int RunRealtime(std::string_view title, std::string_view script,
                const CliIo& io, const CliOptions& options);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_REALTIME_RUN_H_
