// The memory benchmark workload of docs/spec/design.md §6 "Workload".
//
// N live refs spread over N/8 owners; each owner holds one root (type
// `timer-state`) and seven children (types cycling `metric`,
// `exercise-state`, `metadata`) whose parent is the root. Values are the
// 16-byte `TimerValue`. Owner keys look like WOD Wiki block keys
// (`b<i>:<16 base36 chars>:0`, ~25 chars) because the naive baseline stores
// them as strings. The random orders come from the same mulberry32 PRNG and
// Fisher-Yates shuffle the anchors used, so our figures are comparable with
// theirs.
//
//   wod::bench::Workload w(1000);
//   for (uint32_t o : w.owner_order()) { ... }  // shuffled owners
//   w.TypeName(w.KindOf(i));                    // type tag of ref i
//
// A Workload is immutable after construction: benchmarks of all three
// implementations share one per size.
#ifndef WOD_TOOLS_BENCH_WORKLOAD_H_
#define WOD_TOOLS_BENCH_WORKLOAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wod::bench {

// The value every ref holds (docs/spec/design.md §6 "Value": 16 B).
struct TimerValue {
  int32_t current = 0;
  int32_t total = 0;
  int64_t elapsed_ms = 0;

  friend bool operator==(const TimerValue&, const TimerValue&) = default;
};
static_assert(sizeof(TimerValue) == 16);

// mulberry32, bit-for-bit the generator of the anchors' C++ and TS harness.
class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : state_(seed) {}

  uint32_t Next() {
    state_ += 0x6D2B79F5u;
    uint32_t t = state_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + ((t ^ (t >> 7)) * (t | 61u));
    return t ^ (t >> 14);
  }

  // floor(Next() / 2^32 * bound), i.e. TS's Math.floor(rand() * bound).
  uint32_t Below(uint32_t bound) {
    return static_cast<uint32_t>((static_cast<uint64_t>(Next()) * bound) >> 32);
  }

 private:
  uint32_t state_;
};

// Fisher-Yates from the back, as in the anchors' harness.
template <class T>
void Shuffle(std::vector<T>& items, Mulberry32& rng) {
  for (size_t i = items.size(); i > 1; --i) {
    const size_t j = rng.Below(static_cast<uint32_t>(i));
    std::swap(items[i - 1], items[j]);
  }
}

class Workload {
 public:
  static constexpr size_t kRefsPerOwner = 8;
  // Type tags by kind: kind 0 is the owner's root.
  static constexpr std::string_view kTypeNames[] = {
      "timer-state", "metric", "exercise-state", "metadata"};
  static constexpr size_t kKinds = 4;

  explicit Workload(size_t n) : n_(n) {
    const size_t owners = (n + kRefsPerOwner - 1) / kRefsPerOwner;
    Mulberry32 rng(0x5EED0001u);
    static constexpr char kBase36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    owner_keys_.reserve(owners);
    for (size_t i = 0; i < owners; ++i) {
      std::string key = "b" + std::to_string(i) + ":";
      for (int c = 0; c < 16; ++c) key.push_back(kBase36[rng.Below(36)]);
      key += ":0";
      owner_keys_.push_back(std::move(key));
    }
    owner_order_.resize(owners);
    for (size_t i = 0; i < owners; ++i) {
      owner_order_[i] = static_cast<uint32_t>(i);
    }
    Shuffle(owner_order_, rng);
    random_order_.resize(n);
    for (size_t i = 0; i < n; ++i) random_order_[i] = static_cast<uint32_t>(i);
    Shuffle(random_order_, rng);
  }

  size_t size() const { return n_; }
  size_t owner_count() const { return owner_keys_.size(); }
  const std::string& owner_key(size_t owner) const {
    return owner_keys_[owner];
  }
  // Owners in the shuffled order used by release-by-owner (phase 7).
  const std::vector<uint32_t>& owner_order() const { return owner_order_; }
  // Ref indices (allocation order) in the shuffled get order (phase 4).
  const std::vector<uint32_t>& random_order() const { return random_order_; }

  // Ref i belongs to owner i / 8; its position there decides its kind.
  static size_t OwnerOf(size_t i) { return i / kRefsPerOwner; }
  static bool IsRoot(size_t i) { return i % kRefsPerOwner == 0; }
  static size_t KindOf(size_t i) {
    const size_t k = i % kRefsPerOwner;
    return k == 0 ? 0 : 1 + (k - 1) % 3;
  }
  static std::string_view TypeName(size_t kind) { return kTypeNames[kind]; }

  // Phase 2's value for ref i: {i, N, 10 i}.
  TimerValue SetValue(size_t i) const {
    return TimerValue{static_cast<int32_t>(i), static_cast<int32_t>(n_),
                      10 * static_cast<int64_t>(i)};
  }
  // Σ current + elapsed_ms once phase 2 ran: what phase 3 must read back.
  int64_t ExpectedSum() const {
    const auto n = static_cast<int64_t>(n_);
    return 11 * (n * (n - 1) / 2);
  }

 private:
  size_t n_;
  std::vector<std::string> owner_keys_;
  std::vector<uint32_t> owner_order_;
  std::vector<uint32_t> random_order_;
};

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_WORKLOAD_H_
