#include "debugger/model/navigation.h"

#include <algorithm>
#include <charconv>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace wod::debugger {

bool IsQuietTick(const Timeline& timeline, size_t index) {
  if (index == 0 || index >= timeline.size()) return false;
  const StepSummary& s = timeline.Summary(index);
  const StepSummary& p = timeline.Summary(index - 1);
  return s.action.rfind("tick", 0) == 0 && s.emitted.empty() &&
         s.depth == p.depth && s.ref_count == p.ref_count &&
         s.ref_bytes == p.ref_bytes;
}

void StepFold::Sync(const Timeline& timeline) {
  const size_t n = timeline.size();
  const uint64_t first = n > 0 ? timeline.Summary(0).version : 0;
  if (n < quiet_.size() || first != first_version_) {
    quiet_.clear();
    visible_.clear();
    folded_ = 0;
  }
  first_version_ = first;
  for (size_t i = quiet_.size(); i < n; ++i) {
    quiet_.push_back(IsQuietTick(timeline, i));
    // The step before was the newest, hence shown; a quiet step after a
    // quiet step folds it.
    const bool folds_previous = i > 0 && folded(i - 1);
    if (folds_previous) ++folded_;
    if (!listed_) continue;
    if (folds_previous && !visible_.empty() &&
        visible_.back() == static_cast<int64_t>(i - 1)) {
      visible_.pop_back();
    }
    visible_.push_back(static_cast<int64_t>(i));
  }
}

const std::vector<int64_t>& StepFold::VisibleSteps() const {
  if (!listed_) {
    // Listed the first time someone asks (the slider, once a step folds):
    // a long history without folds keeps no entry per step.
    visible_.clear();
    for (size_t i = 0; i < quiet_.size(); ++i) {
      if (!folded(i)) visible_.push_back(static_cast<int64_t>(i));
    }
    listed_ = true;
  }
  return visible_;
}

int64_t StepFrom(const Timeline& timeline, const StepFold* fold, int64_t shown,
                 int dir) {
  const int64_t last = static_cast<int64_t>(timeline.size()) - 1;
  if (last < 0) return -1;
  int64_t at = std::clamp<int64_t>(shown + dir, 0, last);
  while (fold != nullptr && at > 0 && at < last &&
         fold->folded(static_cast<size_t>(at))) {
    at += dir;
  }
  return std::clamp<int64_t>(at, 0, last);
}

int64_t NextRecordStep(const Timeline& timeline, int64_t shown, int dir) {
  const int64_t n = static_cast<int64_t>(timeline.size());
  for (int64_t i = shown + dir; i >= 0 && i < n; i += dir) {
    if (!timeline.Summary(static_cast<size_t>(i)).emitted.empty()) return i;
  }
  return -1;
}

int64_t NextChangeOf(const Timeline& timeline, RefKey id, int64_t shown,
                     int dir) {
  if (id == RefKey::kNone) return -1;
  const auto changes = timeline.ValueChanges(id, timeline.size());
  int64_t best = -1;
  for (const auto& [step, value] : changes) {
    if (dir > 0 && step > shown) return step;
    if (dir < 0 && step < shown) best = step;
  }
  return best;
}

int64_t NextWatchHit(const Timeline& timeline,
                     const std::vector<Watch>& watches, int64_t shown, int dir,
                     size_t max_steps) {
  const int64_t n = static_cast<int64_t>(timeline.size());
  size_t examined = 0;
  for (int64_t i = shown + dir; i >= 1 && i < n && examined < max_steps;
       i += dir, ++examined) {
    const FramePtr before = timeline.At(static_cast<size_t>(i - 1));
    const FramePtr after = timeline.At(static_cast<size_t>(i));
    if (!EvaluateWatches(watches, *before, *after).empty()) return i;
  }
  return -1;
}

int64_t FindStepAtTime(const Timeline& timeline, int64_t t_ms) {
  const size_t n = timeline.size();
  if (n == 0) return -1;
  // Virtual time never goes back: binary search over the summaries.
  const size_t lo = FirstSummaryNotBelow(
      timeline, [t_ms](const StepSummary& s) { return s.t_ms < t_ms; });
  return static_cast<int64_t>(std::min(lo, n - 1));
}

absl::StatusOr<int64_t> ParseClock(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int64_t total = 0;
  int parts = 0;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    const std::string_view part = text.substr(
        start, colon == std::string_view::npos ? std::string_view::npos
                                               : colon - start);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() ||
        v < 0 || (parts > 0 && v >= 60) || ++parts > 3 || v > 1'000'000) {
      return absl::InvalidArgumentError(fmt::format(
          "time '{}': expected mm:ss (or h:mm:ss, or seconds)", text));
    }
    total = total * 60 + v;
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return total * 1000;
}

int64_t NextBookmark(const std::vector<int64_t>& sorted, int64_t shown,
                     int dir) {
  if (dir > 0) {
    auto it = std::upper_bound(sorted.begin(), sorted.end(), shown);
    return it == sorted.end() ? -1 : *it;
  }
  auto it = std::lower_bound(sorted.begin(), sorted.end(), shown);
  return it == sorted.begin() ? -1 : *(it - 1);
}

}  // namespace wod::debugger
