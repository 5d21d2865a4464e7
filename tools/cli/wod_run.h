// `wod-run`, the headless CLI, as a function (tools/cli/main.cc is a
// two-line wrapper), so every mode is tested in-process with string streams.
//
//   std::ostringstream out, err;
//   CliIo io{&std::cin, &out, &err, STDIN_FILENO};
//   int status = RunWodRun({"cindy.wod", "--steps", "next; tick 1000"}, io);
//
// Exit status: 0 ok; 1 failed scenario cases, parse errors (--check) or the
// --auto bound exceeded; 2 usage errors, unreadable files, bad --steps (in
// which case nothing runs); 130 when --realtime was ended by a signal.
#ifndef WOD_TOOLS_CLI_WOD_RUN_H_
#define WOD_TOOLS_CLI_WOD_RUN_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/cli/auto_pilot.h"

namespace wod::cli {

struct CliIo {
  std::istream* in = nullptr;  // the script when FILE is "-"
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  int input_fd = 0;        // the terminal for --realtime (must be a tty)
  AutoLimits auto_limits;  // tests lower the bound to exercise it
};

// `args` excludes the program name.
int RunWodRun(const std::vector<std::string>& args, const CliIo& io);

// Reads a whole file; NotFound / PermissionDenied / FailedPrecondition (a
// directory, a read error) with "cannot read 'PATH': reason".
absl::StatusOr<std::string> ReadFileText(const std::string& path);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_WOD_RUN_H_
