#include "tools/bench/bench_report.h"

#include <string>

#include "base/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::bench {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A benchmark entry as Google Benchmark 1.7 writes it.
std::string Entry(const std::string& name, double ns_per_op,
                  const std::string& extra = "") {
  return "{\"name\": \"" + name + "\", \"run_name\": \"" + name +
         "\", \"run_type\": \"iteration\", \"iterations\": 10, "
         "\"real_time\": 1.0e+03, \"cpu_time\": 1.0e+03, \"time_unit\": "
         "\"ns\", \"ns_per_op\": " +
         std::to_string(ns_per_op) + extra + "}";
}

std::vector<BenchResult> Collect(const std::string& entries) {
  absl::StatusOr<base::JsonValue> doc = ParseBenchmarkJson(
      "{\"context\": {}, \"benchmarks\": [" + entries + "]}");
  EXPECT_TRUE(doc.ok()) << doc.status();
  absl::StatusOr<std::vector<BenchResult>> r = CollectResults(*doc);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : std::vector<BenchResult>{};
}

TEST(ParseBenchName, SplitsOpImplSizeAndDropsDecorations) {
  const BenchName a = ParseBenchName("BM_Allocate/wod/1000");
  EXPECT_TRUE(a.keyed);
  EXPECT_EQ(a.op, "BM_Allocate");
  EXPECT_EQ(a.impl, "wod");
  EXPECT_EQ(a.n, 1000u);
  const BenchName b =
      ParseBenchName("BM_ColdAllocate/naive/1000000/iterations:1/manual_time");
  EXPECT_TRUE(b.keyed);
  EXPECT_EQ(b.impl, "naive");
  EXPECT_EQ(b.n, 1000000u);
  const BenchName c = ParseBenchName("BM_Memcpy/real_time");
  EXPECT_FALSE(c.keyed);
  EXPECT_EQ(c.op, "BM_Memcpy");
  EXPECT_FALSE(ParseBenchName("BM_Step/script/fran").keyed);
  EXPECT_FALSE(ParseBenchName("BM_A/b/1/2").keyed);
}

TEST(CollectResults, PrefersNsPerOpThenItemsPerSecondThenRealTime) {
  const std::vector<BenchResult> r = Collect(
      Entry("BM_A/wod/10", 2.5) + "," +
      "{\"name\": \"BM_B\", \"run_type\": \"iteration\", \"real_time\": 3, "
      "\"time_unit\": \"us\", \"items_per_second\": 4.0e+08}," +
      "{\"name\": \"BM_C\", \"run_type\": \"iteration\", \"real_time\": 3, "
      "\"time_unit\": \"us\"}");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_DOUBLE_EQ(*r[0].ns_per_op, 2.5);
  EXPECT_DOUBLE_EQ(*r[1].ns_per_op, 2.5);  // 1e9 / 4e8
  EXPECT_DOUBLE_EQ(*r[2].ns_per_op, 3000);
}

TEST(CollectResults, ACallerChosenCounterWinsWhereItExists) {
  absl::StatusOr<base::JsonValue> doc =
      ParseBenchmarkJson("{\"benchmarks\": [" +
                         Entry("BM_A/wod/10", 2.5, ", \"cpu_ns_per_op\": 1.5") +
                         "," + Entry("BM_B/wod/10", 4.0) + "]}");
  ASSERT_TRUE(doc.ok()) << doc.status();
  absl::StatusOr<std::vector<BenchResult>> r =
      CollectResults(*doc, "cpu_ns_per_op");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_DOUBLE_EQ(*(*r)[0].ns_per_op, 1.5);
  EXPECT_DOUBLE_EQ(*(*r)[1].ns_per_op, 4.0);  // falls back to ns_per_op
}

TEST(CollectResults, UsesTheMedianAggregateOfRepetitions) {
  const std::string agg =
      "{\"name\": \"BM_A/wod/10_median\", \"run_name\": \"BM_A/wod/10\", "
      "\"run_type\": \"aggregate\", \"aggregate_name\": \"median\", "
      "\"ns_per_op\": 7.0}";
  const std::string mean =
      "{\"name\": \"BM_A/wod/10_mean\", \"run_name\": \"BM_A/wod/10\", "
      "\"run_type\": \"aggregate\", \"aggregate_name\": \"mean\", "
      "\"ns_per_op\": 100.0}";
  const std::vector<BenchResult> r =
      Collect(Entry("BM_A/wod/10", 1) + "," + Entry("BM_A/wod/10", 9) + "," +
              Entry("BM_A/wod/10", 8) + "," + mean + "," + agg);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_DOUBLE_EQ(*r[0].ns_per_op, 7.0);
}

TEST(CollectResults, AggregatesOnlyFilesGiveOneResultPerBenchmark) {
  // --benchmark_report_aggregates_only: mean, median, stddev, cv per name.
  auto aggregate = [](const std::string& kind, double v) {
    return "{\"name\": \"BM_A/wod/10_" + kind +
           "\", \"run_name\": \"BM_A/wod/10\", \"run_type\": "
           "\"aggregate\", \"aggregate_name\": \"" +
           kind + "\", \"ns_per_op\": " + std::to_string(v) + "}";
  };
  const std::vector<BenchResult> r =
      Collect(aggregate("mean", 5) + "," + aggregate("median", 4) + "," +
              aggregate("stddev", 1) + "," + aggregate("cv", 0.2));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_DOUBLE_EQ(*r[0].ns_per_op, 4.0);
  const std::vector<BenchResult> mean_only = Collect(aggregate("mean", 5));
  ASSERT_EQ(mean_only.size(), 1u);
  EXPECT_DOUBLE_EQ(*mean_only[0].ns_per_op, 5.0);
}

TEST(CollectResults, TakesTheMedianOfRepetitionsWithoutAggregates) {
  const std::vector<BenchResult> r =
      Collect(Entry("BM_A/wod/10", 1) + "," + Entry("BM_A/wod/10", 9) + "," +
              Entry("BM_A/wod/10", 8));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_DOUBLE_EQ(*r[0].ns_per_op, 8.0);
}

TEST(CollectResults, RejectsAFileWithoutBenchmarks) {
  absl::StatusOr<base::JsonValue> doc = ParseBenchmarkJson("{\"context\": {}}");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(CollectResults(*doc).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RenderReport, PrintsRatiosAndJudgesTargets) {
  // BM_Allocate at 1e3: target <= 4 ns and naive/wod >= 25.
  const std::vector<BenchResult> r = Collect(
      Entry("BM_Allocate/wod/1000", 3) + "," +
      Entry("BM_Allocate/slotmap/1000", 6) + "," +
      Entry("BM_Allocate/naive/1000", 150) + "," +
      Entry("BM_Set/wod/1000", 2.4) + "," + Entry("BM_Set/slotmap/1000", 1.2));
  const std::string out = RenderReport(r);
  // wod/slotmap = 3/6, naive/wod = 150/3.
  EXPECT_THAT(out, HasSubstr("0.50x"));
  EXPECT_THAT(out, HasSubstr("50.0x"));
  EXPECT_THAT(out, HasSubstr("2.00x"));  // Set: 2.4 / 1.2
  // Set at 1e3 misses its 1.2 ns target by 100%.
  EXPECT_THAT(out, HasSubstr("MISS +100%"));
  EXPECT_THAT(
      out,
      HasSubstr("BM_Allocate/1000 naive/wod = 50.0  (target >= 25)  pass"));
  // As ratios to the slot map: 0.5 against a bar of 4 / 5.99 = 0.67
  // (pass) and 2.0 against 1.2 / 1.72 = 0.70 (miss).
  EXPECT_THAT(out, HasSubstr("<= 0.67x"));
  EXPECT_THAT(out, HasSubstr("BM_Set/1000 wod/slotmap = 2.00x (bar <= 0.70x)"));
  EXPECT_THAT(out, HasSubstr("Targets: 3 pass, 2 miss"));
}

TEST(RenderReport, ListsUnkeyedBenchmarksAndCounters) {
  const std::vector<BenchResult> r = Collect(
      Entry("BM_Memcpy", 3.0e6, ", \"bytes_per_second\": 2.0e+10") + "," +
      Entry("BM_ColdAllocate/wod/1000000", 120,
            ", \"bytes_per_ref\": 52.5, \"heap_bytes_per_ref\": 1.0"));
  const std::string out = RenderReport(r);
  EXPECT_THAT(out, HasSubstr("BM_Memcpy"));
  EXPECT_THAT(out, HasSubstr("20.0"));  // GB/s
  EXPECT_THAT(out, HasSubstr("bytes_per_ref=52.5"));
  EXPECT_THAT(out, HasSubstr("bytes_per_ref = 52.5  (target <= 48)  MISS +9%"));
  EXPECT_THAT(out, HasSubstr("Targets: 0 pass, 2 miss"));  // and 120 > 30 ns
}

TEST(RenderReport, WarnsWhenWallTimeFarExceedsCpuTime) {
  const std::string out = RenderReport(
      Collect(Entry("BM_A/wod/10", 3.0, ", \"cpu_ns_per_op\": 1.0") + "," +
              Entry("BM_B/wod/10", 2.0, ", \"cpu_ns_per_op\": 1.0")));
  EXPECT_THAT(out, HasSubstr("wall time was 2.50x CPU time"));
  const std::string quiet = RenderReport(
      Collect(Entry("BM_A/wod/10", 1.1, ", \"cpu_ns_per_op\": 1.0")));
  EXPECT_THAT(quiet, Not(HasSubstr("wall time was")));
}

TEST(RenderReport, OtherBinariesGetATableWithoutMemoryTargets) {
  const std::vector<BenchResult> r =
      Collect(Entry("BM_Step/wod/100", 12) + "," + Entry("BM_Frame", 5000));
  const std::string out = RenderReport(r);
  EXPECT_THAT(out, HasSubstr("BM_Step"));
  EXPECT_THAT(out, HasSubstr("BM_Frame"));
  EXPECT_THAT(out, Not(HasSubstr("Targets:")));
}

TEST(FormatFigure, KeepsThreeSignificantDigits) {
  EXPECT_EQ(FormatFigure(1.234), "1.23");
  EXPECT_EQ(FormatFigure(45.67), "45.7");
  EXPECT_EQ(FormatFigure(789.4), "789");
  EXPECT_EQ(FormatFigure(1234567), "1,234,567");
}

}  // namespace
}  // namespace wod::bench
