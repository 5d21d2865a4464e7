// ExactNameReporter: Google Benchmark reporters that print a benchmark's
// registered name as is, and a main() helper that uses them.
//
// Google Benchmark appends "/manual_time", "/real_time" or "/iterations:N" to
// a name when UseManualTime(), UseRealTime() or Iterations() is set. Our
// names are a contract (`BM_<Op>/<impl>/<N>`, read by bench-report and by
// people), so these reporters drop those decorations from the console and
// the JSON `name`/`run_name`. They also remember whether any benchmark
// reported an error (SkipWithError: a wrong checksum, a wrong count), so the
// binary can exit non-zero and the CI smoke run fails on a broken harness.
//
//   int main(int argc, char** argv) {
//     RegisterMyBenchmarks();
//     return wod::bench::RunBenchmarksWithExactNames(argc, argv);
//   }
#ifndef WOD_TOOLS_BENCH_EXACT_NAME_REPORTER_H_
#define WOD_TOOLS_BENCH_EXACT_NAME_REPORTER_H_

#include <unistd.h>

#include <iostream>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"

namespace wod::bench {

template <class Base>
class ExactNameReporter : public Base {
 public:
  using Base::Base;

  void ReportRuns(
      const std::vector<benchmark::BenchmarkReporter::Run>& runs) override {
    std::vector<benchmark::BenchmarkReporter::Run> copy = runs;
    for (benchmark::BenchmarkReporter::Run& r : copy) {
      r.run_name.time_type.clear();   // "manual_time", "real_time"
      r.run_name.iterations.clear();  // "iterations:1"
      if (r.error_occurred) error_ = true;
    }
    Base::ReportRuns(copy);
  }

  bool saw_error() const { return error_; }

 private:
  bool error_ = false;
};

// Initializes the library from argv, runs the registered benchmarks with
// exact-name reporters (console unless --benchmark_format says otherwise;
// JSON file when --benchmark_out is given in JSON format) and returns the
// exit code: 1 on unknown flags or when a benchmark reported an error.
inline int RunBenchmarksWithExactNames(int argc, char** argv) {
  bool json_out = false;
  bool console = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--benchmark_out=", 0) == 0) json_out = true;
    if (arg.rfind("--benchmark_out_format=", 0) == 0 &&
        arg != "--benchmark_out_format=json") {
      json_out = false;  // another format: the library's own reporter
    }
    if (arg.rfind("--benchmark_format=", 0) == 0 &&
        arg != "--benchmark_format=console") {
      console = false;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ExactNameReporter<benchmark::ConsoleReporter> display(
      isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                            : benchmark::ConsoleReporter::OO_None);
  ExactNameReporter<benchmark::JSONReporter> file;
  benchmark::RunSpecifiedBenchmarks(console ? &display : nullptr,
                                    json_out ? &file : nullptr);
  benchmark::Shutdown();
  if (display.saw_error() || file.saw_error()) {
    std::cerr << "benchmark: at least one benchmark reported an error\n";
    return 1;
  }
  return 0;
}

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_EXACT_NAME_REPORTER_H_
