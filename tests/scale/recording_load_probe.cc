// recording_load_probe FILE.wodrec: opens a recording as `wod-debug --open`
// does, headless (RecordingDriver::Open, loaded to the end in the slices a
// window would take), then scrubs it (Home, End, random jumps, steps back)
// and prints one line of figures for the scale test and
// docs/performance.md "Long sessions":
//
//   steps=20002 file_bytes=17056911 history_bytes=301234 load_s=0.61
//   mb_per_s=28.0 cpu_s=0.70 live_refs=18 owners_at_end=131 scrub_ms_max=3.1
//   max_rss_kb=10240
//
// Exit status 0; 1 when the file does not open or did not load cleanly.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>

#include "debugger/model/recording_driver.h"
#include "fmt/format.h"

int main(int argc, char** argv) {
  using wod::debugger::RecordingDriver;
  if (argc != 2) {
    std::fprintf(stderr, "usage: recording_load_probe FILE.wodrec\n");
    return 2;
  }
  absl::StatusOr<std::unique_ptr<RecordingDriver>> driver =
      RecordingDriver::Open(argv[1]);
  if (!driver.ok()) {
    std::fprintf(stderr, "%s\n", driver.status().ToString().c_str());
    return 1;
  }
  RecordingDriver& d = **driver;
  const auto start = std::chrono::steady_clock::now();
  while (d.loading()) d.Update(16);  // a window's frames, without drawing
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!d.status().error.empty()) {
    std::fprintf(stderr, "%s\n", d.status().error.c_str());
    return 1;
  }
  const wod::debugger::Timeline& h = d.history();
  if (h.empty()) return 1;
  // Scrubbing: Home, End, random jumps (fixed seed), then steps back.
  double worst_ms = 0;
  auto visit = [&](size_t i) {
    const auto t0 = std::chrono::steady_clock::now();
    const wod::debugger::FramePtr f = h.At(i);
    worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - t0)
                                      .count());
    return f;
  };
  visit(0);
  visit(h.size() - 1);
  std::mt19937_64 random(7);
  for (int k = 0; k < 200; ++k) visit(random() % h.size());
  for (size_t k = 0; k < 50 && k < h.size(); ++k) visit(h.size() - 1 - k);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu_s =
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) /
          1e6;
  const wod::debugger::FramePtr last = h.Latest();
  uint32_t live_refs = 0;  // the most refs any step held
  for (size_t i = 0; i < h.size(); ++i) {
    live_refs = std::max(live_refs, h.Summary(i).ref_count);
  }
  std::printf(
      "%s\n",
      fmt::format("steps={} file_bytes={} history_bytes={} load_s={:.2f} "
                  "mb_per_s={:.1f} cpu_s={:.2f} live_refs={} owners_at_end={} "
                  "scrub_ms_max={:.1f} max_rss_kb={}",
                  h.size(), d.status().load.bytes_total, h.ByteSize(), load_s,
                  d.status().load.mb_per_s, cpu_s, live_refs,
                  last->owners.size(), worst_ms, usage.ru_maxrss)
          .c_str());
  return 0;
}
