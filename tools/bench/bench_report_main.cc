// bench-report: prints the table of one or more Google Benchmark JSON files.
//
//   bench-report build/bench/memory.json [more.json ...]
//   bench-report --figure=cpu_ns_per_op build/bench/memory.json
//
// --figure picks the counter printed as ns/op (default `ns_per_op`, wall
// clock; `cpu_ns_per_op` is thread CPU time, which leaves out the time the
// benchmark was preempted on a busy machine).
//
// `tools/wod bench <name>` calls it after each benchmark binary. It exits 0
// when every file was read (missed targets are reported, not failed: the CI
// benchmark phase is a smoke test), 2 on unreadable or malformed input.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "base/json.h"
#include "tools/bench/bench_report.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cerr << "usage: bench-report [--figure=COUNTER] <benchmark.json> "
                 "[more.json ...]\n";
    return argc < 2 ? 2 : 0;
  }
  int rc = 0;
  std::string figure = "ns_per_op";
  constexpr std::string_view kFigureFlag = "--figure=";
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).rfind(kFigureFlag, 0) == 0) {
      figure = std::string(argv[i] + kFigureFlag.size());
      continue;
    }
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << "bench-report: cannot open " << argv[i] << "\n";
      rc = 2;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<wod::base::JsonValue> doc =
        wod::bench::ParseBenchmarkJson(text.str());
    if (!doc.ok()) {
      std::cerr << "bench-report: " << argv[i] << ": "
                << doc.status().ToString() << "\n";
      rc = 2;
      continue;
    }
    absl::StatusOr<std::vector<wod::bench::BenchResult>> results =
        wod::bench::CollectResults(*doc, figure);
    if (!results.ok()) {
      std::cerr << "bench-report: " << argv[i] << ": "
                << results.status().ToString() << "\n";
      rc = 2;
      continue;
    }
    if (figure != "ns_per_op") std::cout << "figure: " << figure << "\n";
    std::cout << wod::bench::RenderReport(*results, doc->Find("context"));
  }
  return rc;
}
