// Clocks injected into a ScriptRuntime (docs/spec/runtime.md §4).
//
// The runtime never reads the wall clock itself: it asks its `RuntimeClock`
// for "now" once at the start of each turn and freezes that instant for the
// whole turn (docs/spec/runtime.md §4.2 "snapshot clock"). `VirtualClock` is
// advanced explicitly by tests and the CLI; `SteadyClock` follows
// std::chrono::steady_clock for real sessions.
//
//   VirtualClock clock;
//   clock.Advance(1000);
//   int64_t t = clock.NowMs();  // 1000
#ifndef WOD_RUNTIME_RUNTIME_CLOCK_H_
#define WOD_RUNTIME_RUNTIME_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace wod::runtime {

class RuntimeClock {
 public:
  virtual ~RuntimeClock() = default;
  // Milliseconds since the clock's origin; never decreases.
  [[nodiscard]] virtual int64_t NowMs() const = 0;
};

// A clock that moves only when told to: deterministic tests and `--steps`.
class VirtualClock final : public RuntimeClock {
 public:
  // The latest instant a VirtualClock reaches (about 146 million years).
  // `--steps` allows any number of `tick 2^53`, so without a ceiling the
  // sum overflows int64 (undefined behaviour; found by the reliability
  // tests: time wrapped negative and timers never expired). Low enough that
  // adding a duration or a second instant to "now" cannot overflow either.
  static constexpr int64_t kMaxMs = int64_t{1} << 62;

  explicit VirtualClock(int64_t start_ms = 0)
      : now_ms_(start_ms < kMaxMs ? start_ms : kMaxMs) {}
  [[nodiscard]] int64_t NowMs() const override { return now_ms_; }
  // Moves time forward by `ms` (negative values are ignored: time never goes
  // back, docs/spec/runtime.md §4), stopping at kMaxMs.
  void Advance(int64_t ms) {
    if (ms <= 0) return;
    now_ms_ = ms >= kMaxMs - now_ms_ ? kMaxMs : now_ms_ + ms;
  }

 private:
  int64_t now_ms_;
};

// Real time, measured from construction.
class SteadyClock final : public RuntimeClock {
 public:
  SteadyClock() : origin_(std::chrono::steady_clock::now()) {}
  [[nodiscard]] int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - origin_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point origin_;
};

}  // namespace wod::runtime

#endif  // WOD_RUNTIME_RUNTIME_CLOCK_H_
