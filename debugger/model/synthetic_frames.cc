#include "debugger/model/synthetic_frames.h"

#include <algorithm>
#include <utility>

#include "fmt/format.h"

namespace wod::debugger {

namespace {

enum SyntheticType : uint32_t { kRound, kTimer, kMetric, kLabel, kSpan };

}  // namespace

SyntheticFrames::SyntheticFrames(size_t refs, size_t changes_per_step,
                                 uint64_t first_version)
    : target_refs_(std::max<size_t>(refs, 12)),
      changes_per_step_(changes_per_step),
      version_(first_version) {
  frame_.types = {"round", "timer", "metric", "label", "span"};
  frame_.action = "startSession";
  // The runtime's own owner (not a block: exempt from orphan checks).
  OwnerRow runtime;
  runtime.id = OwnerKey{next_owner_++};
  runtime.kind = "runtime";
  runtime.label = "runtime";
  runtime.is_block = false;
  runtime.created_step = 0;
  frame_.owners.push_back(runtime);
  const size_t per_block = target_refs_ / 4;
  PushBlock("SessionRoot", "Session", 1, target_refs_ - 3 * per_block);
  PushBlock("Rounds", "(3)", 1, per_block);
  PushBlock("Timer", "5:00 Run", 2, per_block);
  PushBlock("effort", "10 Pullups", 3, per_block);
  frame_.emitted = {{"push", "push \"Session\""},
                    {"push", "push \"10 Pullups\""}};
  frame_.version = version_;
  current_ = std::make_shared<const Frame>(frame_);
}

RefKey SyntheticFrames::NewRef(uint32_t type, uint32_t owner, RefKey parent,
                               std::string value) {
  RefRow row;
  row.id = MakeRefKey(next_index_++, 1);
  row.parent = parent;
  row.type = type;
  row.owner = owner;
  row.visibility = kVisibilityTiers[KeyIndex(row.id) % kVisibilityTiers.size()];
  row.bytes = static_cast<uint32_t>(8 + value.size());
  row.value = std::move(value);
  frame_.refs.push_back(std::move(row));  // ids only grow: stays sorted
  return frame_.refs.back().id;
}

void SyntheticFrames::PushBlock(const char* kind, const char* label, int line,
                                size_t refs) {
  OwnerRow o;
  o.id = OwnerKey{next_owner_++};
  o.kind = kind;
  o.label = label;
  o.line_begin = line;
  o.line_end = line;
  o.created_step = frame_.step;
  const uint32_t owner = static_cast<uint32_t>(frame_.owners.size());
  frame_.owners.push_back(o);
  RefKey parent = RefKey::kNone;
  for (size_t i = 0; i < refs; ++i) {
    const uint32_t type = static_cast<uint32_t>(i % 5);
    // Every fifth ref starts a small family: the next four are its children.
    const RefKey p = i % 5 == 0 ? RefKey::kNone : parent;
    std::string value;
    switch (type) {
      case kRound:
        value = fmt::format("R{}/3", 1 + i % 3);
        break;
      case kTimer:
        value = fmt::format("{} ms", i * 10);
        break;
      case kMetric:
        value = fmt::format("rep={}", i % 21);
        break;
      case kLabel:
        value = label;
        break;
      default:
        value = fmt::format("[{}, open]", i);
        break;
    }
    RefKey id = NewRef(type, owner, p, std::move(value));
    if (i % 5 == 0) parent = id;
  }
  BlockRow b;
  b.type = kind;
  b.label = label;
  b.key = fmt::format("b{}", KeyBits(o.id));
  b.owner = owner;
  frame_.stack.insert(frame_.stack.begin(), b);
}

void SyntheticFrames::PopTop() {
  if (frame_.stack.size() <= 1) return;
  const uint32_t owner = frame_.stack.front().owner;
  frame_.emitted.push_back({"pop", fmt::format("pop \"{}\" (completed)",
                                               frame_.stack.front().label)});
  frame_.owners[owner].released_step = frame_.step;
  frame_.stack.erase(frame_.stack.begin());
  std::erase_if(frame_.refs, [&](const RefRow& r) { return r.owner == owner; });
}

FramePtr SyntheticFrames::Step() {
  frame_.step += 1;
  frame_.t_ms += 1000;
  frame_.action = "tick 1000 ms";
  frame_.emitted.clear();
  for (size_t i = 0; i < changes_per_step_ && !frame_.refs.empty(); ++i) {
    // xorshift: deterministic per instance, no global state.
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    RefRow& r = frame_.refs[rng_ % frame_.refs.size()];
    r.value = fmt::format("{} ms", frame_.t_ms + static_cast<int64_t>(i));
  }
  if (frame_.step % 10 == 0) {
    const size_t per_block = target_refs_ / 4;
    PopTop();
    PushBlock("effort", frame_.step % 20 == 0 ? "10 Pullups" : "15 Squats", 3,
              per_block);
    frame_.emitted.push_back(
        {"push", fmt::format("push \"{}\"", frame_.stack.front().label)});
  }
  frame_.version = ++version_;
  current_ = std::make_shared<const Frame>(frame_);
  return current_;
}

}  // namespace wod::debugger
