// bench-report: prints the table of one or more Google Benchmark JSON files.
//
//   bench-report build/bench/memory.json [more.json ...]
//
// `tools/wod bench <name>` calls it after each benchmark binary. It exits 0
// when every file was read (missed targets are reported, not failed: the CI
// benchmark phase is a smoke test), 2 on unreadable or malformed input.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tools/bench/bench_report.h"
#include "tools/bench/json_value.h"

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cerr << "usage: bench-report <benchmark.json> [more.json ...]\n";
    return argc < 2 ? 2 : 0;
  }
  int rc = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << "bench-report: cannot open " << argv[i] << "\n";
      rc = 2;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<wod::bench::JsonValue> doc =
        wod::bench::JsonValue::Parse(text.str());
    if (!doc.ok()) {
      std::cerr << "bench-report: " << argv[i] << ": "
                << doc.status().ToString() << "\n";
      rc = 2;
      continue;
    }
    absl::StatusOr<std::vector<wod::bench::BenchResult>> results =
        wod::bench::CollectResults(*doc);
    if (!results.ok()) {
      std::cerr << "bench-report: " << argv[i] << ": "
                << results.status().ToString() << "\n";
      rc = 2;
      continue;
    }
    std::cout << wod::bench::RenderReport(*results, doc->Find("context"));
  }
  return rc;
}
