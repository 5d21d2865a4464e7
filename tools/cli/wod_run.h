// `wod-run`, the headless CLI, as a function (tools/cli/main.cc is a
// two-line wrapper), so every mode is tested in-process with string streams.
//
//   std::ostringstream out, err;
//   CliIo io{&std::cin, &out, &err, STDIN_FILENO};
//   int status = RunWodRun({"cindy.wod", "--steps", "next; tick 1000"}, io);
//
// Exit status (docs/reliability.md has the table): 0 ok; 1 error
// diagnostics: failed scenario cases, script errors (every mode; the run
// still happens), a replay that differs, the --auto bound exceeded; 2 the
// run could not be done: usage errors, bad --steps (nothing runs), a read or
// write error, an output that is an input or another output, no scenario
// cases; 130 when --realtime was ended by a signal.
#ifndef WOD_TOOLS_CLI_WOD_RUN_H_
#define WOD_TOOLS_CLI_WOD_RUN_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "debugger/attach/session_publisher.h"
#include "runtime/session_sink.h"
#include "tools/cli/auto_pilot.h"
#include "tools/cli/cli_options.h"
#include "tools/cli/file_io.h"

namespace wod::cli {

struct CliIo {
  std::istream* in = nullptr;  // the script when FILE is "-"
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int input_fd = 0;        // the terminal for --realtime (must be a tty)
  AutoLimits auto_limits;  // tests lower the bound to exercise it
  // The process's own descriptors (main.cc); -1 in in-process tests. When
  // set, "-" is read from stdin_fd with read(2) instead of `in`, and both
  // are compared by identity with the output paths (--record f >f).
  int stdin_fd = -1;
  int stdout_fd = -1;
  // errno of the first failed write on `out` (0 = unknown), so a write
  // error names its reason; main.cc wires it to its FdOutputBuffer.
  std::function<int()> out_errno;
};

// `args` excludes the program name.
int RunWodRun(const std::vector<std::string>& args, const CliIo& io);

// --publish: the session publisher for `script` (null without the flag),
// forwarding to `forward`; with --publish-wait, returns once a debugger is
// connected. Errors name the flag and the address (a path too long for
// sun_path, a directory not the user's own, a file in the way).
absl::StatusOr<std::unique_ptr<attach::SessionPublisher>> OpenPublisher(
    const CliOptions& options, std::string_view script,
    runtime::SessionSink* forward, const CliIo& io);
// Ends the stream (end line); a debugger too slow to read it is a warning
// on stderr, never a failed run. Null does nothing.
void FinishPublisher(attach::SessionPublisher* publisher, const CliIo& io);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_WOD_RUN_H_
