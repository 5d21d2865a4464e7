#include "tools/bench/bench_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "tools/bench/perf_targets.h"

namespace wod::bench {

absl::StatusOr<base::JsonValue> ParseBenchmarkJson(std::string_view text) {
  return base::ParseJson(text, {.max_depth = 128, .allow_non_finite = true});
}
namespace {

// Debian's Abseil is built as C++14, so its absl::string_view is not
// std::string_view and absl's string helpers do not take ours; these small
// fmt-based ones do.
template <class... Args>
void Append(std::string* out, const Args&... args) {
  (fmt::format_to(std::back_inserter(*out), "{}", args), ...);
}
template <class... Args>
std::string Cat(const Args&... args) {
  std::string out;
  Append(&out, args...);
  return out;
}
template <class Parts>
std::string Join(const Parts& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i)
    Append(&out, i == 0 ? "" : sep, parts[i]);
  return out;
}
std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// Components Google Benchmark appends to a name for its own options; they
// are not part of our `<op>/<impl>/<N>` key.
bool IsDecoration(std::string_view part) {
  static constexpr std::string_view kExact[] = {"manual_time", "real_time",
                                                "process_time"};
  static constexpr std::string_view kPrefixes[] = {
      "iterations:", "repeats:", "min_time:", "min_warmup_time:", "threads:"};
  for (std::string_view e : kExact) {
    if (part == e) return true;
  }
  for (std::string_view p : kPrefixes) {
    if (part.starts_with(p)) return true;
  }
  return false;
}

// Counters that are figures per op or rates: shown as the table's figure or
// the GB/s column, not repeated in the counter lists.
bool IsFigureCounter(std::string_view key) {
  return key == "ns_per_op" || key == "cpu_ns_per_op" ||
         key == "items_per_second" || key == "bytes_per_second";
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// Fields of a benchmark entry that are bookkeeping, not counters.
bool IsStandardField(std::string_view key) {
  static constexpr std::string_view kFields[] = {
      "family_index", "per_family_instance_index",
      "repetitions",  "repetition_index",
      "threads",      "iterations",
      "real_time",    "cpu_time"};
  for (std::string_view f : kFields) {
    if (key == f) return true;
  }
  return false;
}

double TimeUnitToNs(std::string_view unit) {
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  return 1;  // "ns", and the default when absent
}

std::string StringField(const base::JsonValue& entry, std::string_view key) {
  const base::JsonValue* v = entry.Find(key);
  return v != nullptr && v->is_string() ? v->string() : std::string();
}

// The figure of one JSON entry, by the preference order of bench_report.h.
BenchResult ReadEntry(const base::JsonValue& entry, const std::string& name,
                      std::string_view figure) {
  BenchResult r;
  r.name = name;
  r.key = ParseBenchName(name);
  for (const auto& [field, value] : entry.members()) {
    if (value.is_number() && !IsStandardField(field)) {
      r.counters.emplace_back(field, value.number());
    }
  }
  if (const base::JsonValue* e = entry.Find("error_occurred");
      e != nullptr && e->boolean()) {
    r.error = StringField(entry, "error_message");
    if (r.error.empty()) r.error = "error";
    return r;
  }
  if (const base::JsonValue* v = entry.Find(figure);
      v != nullptr && v->is_number()) {
    r.ns_per_op = v->number();
  } else if (const base::JsonValue* w = entry.Find("ns_per_op");
             w != nullptr && w->is_number()) {
    r.ns_per_op = w->number();
  } else if (std::optional<double> ips = r.Counter("items_per_second");
             ips.has_value() && *ips > 0) {
    r.ns_per_op = 1e9 / *ips;
  } else if (const base::JsonValue* t = entry.Find("real_time");
             t != nullptr && t->is_number()) {
    r.ns_per_op = t->number() * TimeUnitToNs(StringField(entry, "time_unit"));
  }
  return r;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Element-wise median of repetitions reported without aggregates.
BenchResult MedianOf(const std::vector<BenchResult>& reps) {
  BenchResult r = reps.front();
  std::vector<double> ns;
  for (const BenchResult& x : reps) {
    if (x.ns_per_op.has_value()) ns.push_back(*x.ns_per_op);
  }
  if (!ns.empty()) r.ns_per_op = Median(ns);
  for (auto& [key, value] : r.counters) {
    std::vector<double> vs;
    for (const BenchResult& x : reps) {
      if (std::optional<double> c = x.Counter(key)) vs.push_back(*c);
    }
    value = Median(vs);
  }
  return r;
}

std::string Ratio(std::optional<double> num, std::optional<double> den) {
  if (!num.has_value() || !den.has_value() || *den <= 0) return "";
  return Cat(FormatFigure(*num / *den), "x");
}

// How far a measured value is from its limit, for the status column.
std::string Verdict(double value, double limit, bool at_most) {
  const bool pass = at_most ? value <= limit : value >= limit;
  if (pass) return "pass";
  const double off = at_most ? (value / limit - 1) : (1 - value / limit);
  return fmt::format("MISS {}{:.0f}%", at_most ? "+" : "-", off * 100);
}

// A plain text table: right-aligned columns except the first two.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) {
    rows_.push_back(std::move(header));
  }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void AddRule() { rules_.insert(rows_.size()); }

  std::string Render(size_t left_aligned) const {
    std::vector<size_t> width;
    for (const auto& row : rows_) {
      if (width.size() < row.size()) width.resize(row.size(), 0);
      for (size_t c = 0; c < row.size(); ++c) {
        width[c] = std::max(width[c], row[c].size());
      }
    }
    std::string out;
    for (size_t r = 0; r < rows_.size(); ++r) {
      if (rules_.count(r) != 0 || r == 1) {
        for (size_t c = 0; c < width.size(); ++c) {
          Append(&out, c == 0 ? "" : "  ", std::string(width[c], '-'));
        }
        out += "\n";
      }
      std::string line;
      for (size_t c = 0; c < width.size(); ++c) {
        const std::string cell = c < rows_[r].size() ? rows_[r][c] : "";
        const std::string pad(width[c] - cell.size(), ' ');
        Append(&line, c == 0 ? "" : "  ",
               c < left_aligned ? cell + pad : pad + cell);
      }
      line.erase(line.find_last_not_of(' ') + 1);
      Append(&out, line, "\n");
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::set<size_t> rules_;
};

// Sizes always with thousands separators: "1,000", "1,000,000".
std::string FormatCount(size_t n) {
  const std::string digits = std::to_string(n);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

const BenchResult* FindResult(const std::vector<BenchResult>& results,
                              std::string_view op, std::string_view impl,
                              size_t n) {
  for (const BenchResult& r : results) {
    if (r.key.keyed && r.key.op == op && r.key.impl == impl && r.key.n == n) {
      return &r;
    }
  }
  return nullptr;
}

std::optional<double> NsOf(const BenchResult* r) {
  if (r == nullptr || !r->error.empty()) return std::nullopt;
  return r->ns_per_op;
}

const PerfTarget* NsTarget(std::string_view op, size_t n) {
  for (const PerfTarget& t : kPerfTargets) {
    if (t.metric == PerfTarget::Metric::kNsPerOp && t.op == op &&
        (t.n == n || t.n == 0)) {
      return &t;
    }
  }
  return nullptr;
}

}  // namespace

BenchName ParseBenchName(std::string_view name) {
  std::vector<std::string_view> parts;
  for (std::string_view p : Split(name, '/')) {
    if (parts.empty() || !IsDecoration(p)) parts.push_back(p);
  }
  BenchName out;
  if (parts.size() == 3 && !parts[0].empty() && !parts[1].empty() &&
      AllDigits(parts[2]) && parts[2].size() <= 18) {
    out.op = std::string(parts[0]);
    out.impl = std::string(parts[1]);
    out.n = std::stoull(std::string(parts[2]));
    out.keyed = true;
    return out;
  }
  out.op = Join(parts, "/");
  return out;
}

std::optional<double> BenchResult::Counter(std::string_view counter) const {
  for (const auto& [counter_name, value] : counters) {
    if (counter_name == counter) return value;
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<BenchResult>> CollectResults(
    const base::JsonValue& doc, std::string_view figure) {
  const base::JsonValue* benchmarks =
      doc.is_object() ? doc.Find("benchmarks") : nullptr;
  if (benchmarks == nullptr || !benchmarks->is_array()) {
    return absl::InvalidArgumentError(
        "not a Google Benchmark JSON file: no \"benchmarks\" array");
  }
  // Groups by undecorated run name in first-seen order; std::map only
  // finds a group, the output order is `order`.
  std::vector<std::string> order;
  std::set<std::string> seen;
  std::map<std::string, std::vector<BenchResult>> iterations;
  std::map<std::string, BenchResult> medians;
  std::map<std::string, BenchResult> means;
  for (const base::JsonValue& entry : benchmarks->items()) {
    if (!entry.is_object()) {
      return absl::InvalidArgumentError(
          "a \"benchmarks\" entry is not an object");
    }
    std::string run_name = StringField(entry, "run_name");
    if (run_name.empty()) run_name = StringField(entry, "name");
    if (run_name.empty()) {
      return absl::InvalidArgumentError("a benchmark entry has no name");
    }
    const BenchName key = ParseBenchName(run_name);
    const std::string name =
        key.keyed ? Cat(key.op, "/", key.impl, "/", key.n) : key.op;
    if (seen.insert(name).second) order.push_back(name);
    const std::string run_type = StringField(entry, "run_type");
    if (run_type == "aggregate") {
      const std::string aggregate = StringField(entry, "aggregate_name");
      if (aggregate == "median") medians[name] = ReadEntry(entry, name, figure);
      if (aggregate == "mean") means[name] = ReadEntry(entry, name, figure);
      continue;  // stddev, cv: not a figure per op
    }
    iterations[name].push_back(ReadEntry(entry, name, figure));
  }
  std::vector<BenchResult> out;
  for (const std::string& name : order) {
    if (auto m = medians.find(name); m != medians.end()) {
      out.push_back(m->second);
    } else if (auto it = iterations.find(name); it != iterations.end()) {
      out.push_back(it->second.size() == 1 ? it->second.front()
                                           : MedianOf(it->second));
    } else if (auto mean = means.find(name); mean != means.end()) {
      out.push_back(mean->second);
    }
  }
  return out;
}

std::string FormatFigure(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  const double a = std::fabs(value);
  if (a < 10) return fmt::format("{:.2f}", value);
  if (a < 100) return fmt::format("{:.1f}", value);
  if (a < 1e4) return fmt::format("{:.0f}", value);
  // Thousands separators keep six-digit figures readable.
  std::string digits = fmt::format("{:.0f}", a);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return value < 0 ? "-" + grouped : grouped;
}

namespace {

// Passed and missed targets, summed over every part of the report.
struct Tally {
  struct Miss {
    std::string what;
    std::string verdict;
  };
  std::vector<Miss> misses;
  size_t passes = 0;

  void Add(const std::string& verdict, std::string what) {
    if (verdict == "pass") {
      ++passes;
    } else {
      misses.push_back({std::move(what), verdict});
    }
  }
};

void RenderContext(const base::JsonValue* context, std::string& out) {
  if (context == nullptr || !context->is_object()) return;
  const base::JsonValue* cpus = context->Find("num_cpus");
  const base::JsonValue* mhz = context->Find("mhz_per_cpu");
  Append(&out, "bench-report: ", StringField(*context, "executable"), "  (",
         StringField(*context, "date"), ", ",
         cpus != nullptr ? FormatFigure(cpus->number()) : "?", " CPUs @ ",
         mhz != nullptr ? FormatFigure(mhz->number()) : "?",
         " MHz, benchmark library ",
         StringField(*context, "library_build_type"), ")\n\n");
}

// On a shared 2-core machine other tenants preempt the benchmark: wall
// time then exceeds CPU time for the same work. Say so, with the median
// ratio over every result that reports both.
void RenderStretchNote(const std::vector<BenchResult>& results,
                       std::string& out) {
  std::vector<double> stretch;
  for (const BenchResult& r : results) {
    const std::optional<double> wall = r.Counter("ns_per_op");
    const std::optional<double> cpu = r.Counter("cpu_ns_per_op");
    if (wall && cpu && *cpu > 0) stretch.push_back(*wall / *cpu);
  }
  if (!stretch.empty() && Median(stretch) > 1.25) {
    Append(&out, "note: wall time was ", FormatFigure(Median(stretch)),
           "x CPU time (median over ", stretch.size(),
           " benchmarks): the run shared its cores; compare with "
           "--figure=cpu_ns_per_op\n\n");
  }
}

// The keyed table's shape: ops in first-seen order; implementation
// columns with wod, slotmap, naive first, then any other in first-seen
// order.
struct KeyedLayout {
  std::vector<std::string> ops;
  std::vector<std::string> impls;
  std::vector<std::string> columns;

  [[nodiscard]] bool Has(std::string_view impl) const {
    return std::find(impls.begin(), impls.end(), impl) != impls.end();
  }
  [[nodiscard]] bool has_wod() const { return Has("wod"); }
  [[nodiscard]] bool ratio_bars() const { return has_wod() && Has("slotmap"); }
  // A column compared with wod as `<impl>/wod` beyond the fixed ratios.
  [[nodiscard]] bool OtherRatio(const std::string& c) const {
    return has_wod() && c != "wod" && c != "slotmap" && c != "naive";
  }
};

KeyedLayout LayoutOf(const std::vector<BenchResult>& results) {
  KeyedLayout layout;
  for (const BenchResult& r : results) {
    if (!r.key.keyed) continue;
    if (std::find(layout.ops.begin(), layout.ops.end(), r.key.op) ==
        layout.ops.end()) {
      layout.ops.push_back(r.key.op);
    }
    if (!layout.Has(r.key.impl)) layout.impls.push_back(r.key.impl);
  }
  for (std::string_view preferred : {"wod", "slotmap", "naive"}) {
    if (layout.Has(preferred)) layout.columns.emplace_back(preferred);
  }
  for (const std::string& impl : layout.impls) {
    if (std::find(layout.columns.begin(), layout.columns.end(), impl) ==
        layout.columns.end()) {
      layout.columns.push_back(impl);
    }
  }
  return layout;
}

std::vector<std::string> KeyedHeader(const KeyedLayout& layout) {
  std::vector<std::string> header = {"op (ns/op)", "N"};
  header.insert(header.end(), layout.columns.begin(), layout.columns.end());
  if (layout.has_wod() && layout.Has("slotmap"))
    header.push_back("wod/slotmap");
  if (layout.has_wod() && layout.Has("naive")) header.push_back("naive/wod");
  for (const std::string& c : layout.columns) {
    if (layout.OtherRatio(c)) header.push_back(c + "/wod");
  }
  header.push_back("target");
  header.push_back("status");
  if (layout.ratio_bars()) {
    header.push_back("ratio bar");
    header.push_back("ratio status");
  }
  return header;
}

// The target cells of one row: the ns/op target, then (with ratio bars)
// the same target as a ratio to the in-tree slot map of this run, which
// holds on machines other than the anchors' one.
void AddTargetCells(const std::vector<BenchResult>& results,
                    const KeyedLayout& layout, const std::string& op, size_t n,
                    std::vector<std::string>& row, Tally& tally) {
  const std::optional<double> wod = NsOf(FindResult(results, op, "wod", n));
  const PerfTarget* t = NsTarget(op, n);
  if (t != nullptr && wod.has_value()) {
    row.push_back(Cat("<= ", fmt::format("{}", t->limit)));
    const std::string v = Verdict(*wod, t->limit, true);
    row.push_back(v);
    tally.Add(v, Cat(op, "/wod/", n, " = ", FormatFigure(*wod),
                     " ns (target <= ", fmt::format("{}", t->limit), ")"));
  } else {
    row.emplace_back("");
    row.emplace_back("");
  }
  if (!layout.ratio_bars()) return;
  const std::optional<double> slot =
      NsOf(FindResult(results, op, "slotmap", n));
  if (t != nullptr && t->slotmap_anchor > 0 && wod.has_value() &&
      slot.has_value() && *slot > 0) {
    const double ratio = *wod / *slot;
    const double bar = t->SlotmapRatioBar();
    row.push_back(Cat("<= ", FormatFigure(bar), "x"));
    const std::string v = Verdict(ratio, bar, true);
    row.push_back(v);
    tally.Add(v, Cat(op, "/", n, " wod/slotmap = ", FormatFigure(ratio),
                     "x (bar <= ", FormatFigure(bar), "x)"));
  } else {
    row.emplace_back("");
    row.emplace_back("");
  }
}

std::vector<std::string> KeyedRow(const std::vector<BenchResult>& results,
                                  const KeyedLayout& layout,
                                  const std::string& op, size_t n,
                                  Tally& tally) {
  std::vector<std::string> row = {op, FormatCount(n)};
  for (const std::string& impl : layout.columns) {
    const BenchResult* r = FindResult(results, op, impl, n);
    if (r == nullptr) {
      row.emplace_back("");
    } else if (!r->error.empty()) {
      row.emplace_back("error");
    } else {
      row.push_back(r->ns_per_op ? FormatFigure(*r->ns_per_op) : "?");
    }
  }
  const std::optional<double> wod = NsOf(FindResult(results, op, "wod", n));
  if (layout.has_wod() && layout.Has("slotmap")) {
    row.push_back(Ratio(wod, NsOf(FindResult(results, op, "slotmap", n))));
  }
  if (layout.has_wod() && layout.Has("naive")) {
    row.push_back(Ratio(NsOf(FindResult(results, op, "naive", n)), wod));
  }
  for (const std::string& c : layout.columns) {
    if (layout.OtherRatio(c)) {
      row.push_back(Ratio(NsOf(FindResult(results, op, c, n)), wod));
    }
  }
  AddTargetCells(results, layout, op, n, row, tally);
  return row;
}

void RenderKeyedTable(const std::vector<BenchResult>& results, Tally& tally,
                      std::string& out) {
  const KeyedLayout layout = LayoutOf(results);
  if (layout.ops.empty()) return;
  TextTable table(KeyedHeader(layout));
  for (size_t k = 0; k < layout.ops.size(); ++k) {
    const std::string& op = layout.ops[k];
    std::set<size_t> sizes;
    for (const BenchResult& r : results) {
      if (r.key.keyed && r.key.op == op) sizes.insert(r.key.n);
    }
    if (k > 0) table.AddRule();
    for (size_t n : sizes) table.Add(KeyedRow(results, layout, op, n, tally));
  }
  Append(&out, table.Render(2), "\n");
}

// Targets on counters and on the speed-up over the naive port.
void RenderOtherTargets(const std::vector<BenchResult>& results, Tally& tally,
                        std::string& out) {
  std::vector<std::string> other_lines;
  for (const PerfTarget& t : kPerfTargets) {
    if (t.metric == PerfTarget::Metric::kNsPerOp) continue;
    const BenchResult* wod = FindResult(results, t.op, "wod", t.n);
    if (wod == nullptr) continue;  // not measured by this binary
    std::optional<double> value;
    std::string what;
    bool at_most = true;
    if (t.metric == PerfTarget::Metric::kCounter) {
      value = wod->Counter(t.counter);
      what = Cat(t.op, "/wod/", t.n, " ", t.counter);
    } else {
      const std::optional<double> naive =
          NsOf(FindResult(results, t.op, "naive", t.n));
      const std::optional<double> w = NsOf(wod);
      if (naive.has_value() && w.has_value() && *w > 0) value = *naive / *w;
      what = Cat(t.op, "/", t.n, " naive/wod");
      at_most = false;
    }
    if (!value.has_value()) continue;
    const std::string v = Verdict(*value, t.limit, at_most);
    other_lines.push_back(
        Cat("  ", what, " = ", FormatFigure(*value), "  (target ",
            at_most ? "<= " : ">= ", fmt::format("{}", t.limit), ")  ", v));
    tally.Add(v, Cat(what, " = ", FormatFigure(*value), " (target ",
                     at_most ? "<= " : ">= ", fmt::format("{}", t.limit), ")"));
  }
  if (!other_lines.empty()) {
    Append(&out, "Other targets:\n", Join(other_lines, "\n"), "\n\n");
  }
}

// Extra counters of keyed benchmarks (bytes per ref, cold figures, ...).
void RenderCounters(const std::vector<BenchResult>& results, std::string& out) {
  std::vector<std::string> counter_lines;
  for (const BenchResult& r : results) {
    if (!r.key.keyed) continue;
    std::vector<std::string> parts;
    for (const auto& [key, value] : r.counters) {
      if (IsFigureCounter(key)) continue;
      parts.push_back(Cat(key, "=", FormatFigure(value)));
    }
    if (!parts.empty()) {
      counter_lines.push_back(Cat("  ", r.name, ": ", Join(parts, "  ")));
    }
  }
  if (!counter_lines.empty()) {
    Append(&out, "Counters:\n", Join(counter_lines, "\n"), "\n\n");
  }
}

// Everything else, one line each (machine limits, other binaries' names).
void RenderUnkeyed(const std::vector<BenchResult>& results, std::string& out) {
  TextTable others({"benchmark", "ns/op", "GB/s", "counters"});
  bool any_other = false;
  for (const BenchResult& r : results) {
    if (r.key.keyed) continue;
    any_other = true;
    std::vector<std::string> parts;
    std::string gbps;
    for (const auto& [key, value] : r.counters) {
      if (key == "bytes_per_second") {
        gbps = FormatFigure(value / 1e9);
      } else if (!IsFigureCounter(key)) {
        parts.push_back(Cat(key, "=", FormatFigure(value)));
      }
    }
    others.Add({r.name,
                !r.error.empty() ? "error: " + r.error
                : r.ns_per_op    ? FormatFigure(*r.ns_per_op)
                                 : "?",
                gbps, Join(parts, "  ")});
  }
  if (any_other) Append(&out, others.Render(1), "\n");
}

}  // namespace

std::string RenderReport(const std::vector<BenchResult>& results,
                         const base::JsonValue* context) {
  std::string out;
  Tally tally;
  RenderContext(context, out);
  RenderStretchNote(results, out);
  RenderKeyedTable(results, tally, out);
  RenderOtherTargets(results, tally, out);
  RenderCounters(results, out);
  RenderUnkeyed(results, out);
  for (const BenchResult& r : results) {
    if (!r.error.empty() && r.key.keyed) {
      Append(&out, "error: ", r.name, ": ", r.error, "\n");
    }
  }
  if (tally.passes + tally.misses.size() > 0) {
    Append(&out, "Targets: ", tally.passes, " pass, ", tally.misses.size(),
           " miss\n");
    for (const Tally::Miss& m : tally.misses) {
      Append(&out, "  MISS ", m.what, "  ", m.verdict.substr(5), "\n");
    }
  }
  return out;
}

}  // namespace wod::bench
