// wod-run: the headless CLI (tools/cli/wod_run.h has the whole contract).
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/wod_run.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  wod::cli::CliIo io;
  io.in = &std::cin;
  io.out = &std::cout;
  io.err = &std::cerr;
  io.input_fd = STDIN_FILENO;
  const int status = wod::cli::RunWodRun(args, io);
  std::cout.flush();
  return status;
}
