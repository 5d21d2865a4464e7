// wod-run: the headless CLI (tools/cli/wod_run.h has the whole contract).
//
// stdout goes through an FdOutputBuffer, so a write error (a full disk, a
// closed stdout, EPIPE with SIGPIPE ignored) is reported with its errno
// instead of being lost; the script on stdin is read with read(2).
#include <unistd.h>

#include <exception>
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/file_io.h"
#include "tools/cli/wod_run.h"

namespace {

int Main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  wod::cli::FdOutputBuffer stdout_buffer(STDOUT_FILENO);
  std::ostream out(&stdout_buffer);
  wod::cli::CliIo io;
  io.in = &std::cin;
  io.out = &out;
  io.err = &std::cerr;
  io.input_fd = STDIN_FILENO;
  io.stdin_fd = STDIN_FILENO;
  io.stdout_fd = STDOUT_FILENO;
  io.out_errno = [&stdout_buffer] { return stdout_buffer.error(); };
  return wod::cli::RunWodRun(args, io);  // flushes `out` and checks it
}

}  // namespace

int main(int argc, char** argv) {
  // Nothing is expected to throw (errors are absl::Status), but should
  // anything (std::bad_alloc under a memory limit) it ends with a message
  // and status 3, not with abort()'s 134.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "wod-run: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "wod-run: internal error: unknown exception\n";
  }
  return 3;
}
