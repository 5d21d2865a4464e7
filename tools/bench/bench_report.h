// Bench report: turns a Google Benchmark JSON file (`--benchmark_out`) into
// the side-by-side table `tools/wod bench <name>` prints.
//
// It is generic over benchmark binaries. Names of the form
// `BM_<Op>/<impl>/<N>` (after dropping Google Benchmark's decorations such
// as `/manual_time` or `/iterations:1`) become one row per (op, N) with one
// column per implementation, the ratios `wod/slotmap` and `naive/wod`
// (`<impl>/wod` for any other implementation), and the matching target of
// `kPerfTargets` with pass/miss. Every other name is listed on its own. The
// figure per op is, in order of preference: the `ns_per_op` counter (or
// another counter chosen by the caller, e.g. `cpu_ns_per_op`), 1e9 /
// `items_per_second`, or the run's real time. With repetitions the median
// aggregate is used. Rows keep the file's order (ops in first-seen order,
// sizes ascending), never a hash order.
//
//   absl::StatusOr<base::JsonValue> doc = ParseBenchmarkJson(text);
//   absl::StatusOr<std::vector<BenchResult>> results = CollectResults(*doc);
//   std::cout << RenderReport(*results);
#ifndef WOD_TOOLS_BENCH_BENCH_REPORT_H_
#define WOD_TOOLS_BENCH_BENCH_REPORT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base/json.h"

namespace wod::bench {

// Parses a `--benchmark_out` file: base::ParseJson that also accepts the
// bare inf / nan Google Benchmark writes for counters of runs that measured
// zero time, and deeper nesting than a recording line needs.
absl::StatusOr<base::JsonValue> ParseBenchmarkJson(std::string_view text);

// A benchmark name split into its parts.
struct BenchName {
  std::string op;      // "BM_Allocate"; the whole name when not keyed
  std::string impl;    // "wod", "slotmap", ...; empty when not keyed
  size_t n = 0;        // live refs
  bool keyed = false;  // true for `<op>/<impl>/<N>`
};

// Drops Google Benchmark's decorations and splits `<op>/<impl>/<N>`.
BenchName ParseBenchName(std::string_view name);

// One benchmark's figures, from the median aggregate when there is one.
struct BenchResult {
  std::string name;  // without decorations
  BenchName key;
  std::optional<double> ns_per_op;
  std::vector<std::pair<std::string, double>> counters;  // file order
  std::string error;  // set when the benchmark reported an error

  std::optional<double> Counter(std::string_view counter) const;
};

// Reads the `benchmarks` array of a Google Benchmark JSON document. `figure`
// names the counter to prefer over `ns_per_op` (e.g. "cpu_ns_per_op", the
// thread-CPU figure memory_bench also writes); entries without it fall back
// to the usual order.
absl::StatusOr<std::vector<BenchResult>> CollectResults(
    const base::JsonValue& doc, std::string_view figure = "ns_per_op");

// The whole report: the keyed table, counters with their targets, the other
// benchmarks, then a list of missed targets. `context` (optional) is the
// document's `context` object, used for the header line.
std::string RenderReport(const std::vector<BenchResult>& results,
                         const base::JsonValue* context = nullptr);

// "1.23", "45.6", "789", "12,345": three significant digits, no exponent.
std::string FormatFigure(double value);

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_BENCH_REPORT_H_
