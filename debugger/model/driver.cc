#include "debugger/model/driver.h"

#include <algorithm>
#include <utility>

#include "base/file_io.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/save.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// The entry of `history` holding step number `step`, or -1. Step numbers
// increase along the history (a stream may skip some).
int64_t IndexOfStep(const Timeline& history, int64_t step) {
  const size_t lo = FirstSummaryNotBelow(
      history, [step](const StepSummary& s) { return s.step < step; });
  if (lo < history.size() && history.Summary(lo).step == step) {
    return static_cast<int64_t>(lo);
  }
  return -1;
}

}  // namespace

Driver::Driver(std::unique_ptr<Timeline> history)
    : history_(history != nullptr ? std::move(history)
                                  : std::make_unique<PublicationTimeline>()) {}

void Driver::Update(int64_t real_ms) {
  if (status_.state != RunState::kRunning || real_ms <= 0) return;
  pending_ms_ += real_ms * status_.speed;
  for (int i = 0; i < kMaxTicksPerUpdate && pending_ms_ >= status_.tick_ms &&
                  status_.state == RunState::kRunning;
       ++i) {
    pending_ms_ -= status_.tick_ms;
    Tick(status_.tick_ms);
  }
  if (pending_ms_ > status_.tick_ms * kMaxTicksPerUpdate) pending_ms_ = 0;
}

bool Driver::HandleStatusIntent(const Intent& intent) {
  switch (intent.kind) {
    case Intent::Kind::kSetSpeed:
      if (intent.value > 0 && intent.value <= 1000) {
        status_.speed = static_cast<int>(intent.value);
      }
      return true;
    case Intent::Kind::kSetTickMs:
      if (intent.value > 0) status_.tick_ms = intent.value;
      return true;
    case Intent::Kind::kSaveRecording:
    case Intent::Kind::kExportTrace:
    case Intent::Kind::kSaveGolden:
      Save(intent);
      return true;
    case Intent::Kind::kClearStop:
      status_.stop_reason.clear();
      status_.watch_hits.clear();
      if (status_.state == RunState::kStopped) {
        status_.state = RunState::kStepping;
      }
      return true;
    default:
      return false;
  }
}

absl::StatusOr<std::string> Driver::RecordingText() const {
  return absl::UnimplementedError("synthetic frames have no session to record");
}

absl::StatusOr<std::string> Driver::ChromeTraceText() const {
  return absl::UnimplementedError("synthetic frames have no session to export");
}

absl::StatusOr<uint64_t> Driver::WriteRecording(const std::string& path) const {
  absl::StatusOr<std::string> text = RecordingText();
  if (!text.ok()) return text.status();
  if (absl::Status s = base::WriteFileAtomically(path, *text); !s.ok()) {
    return s;
  }
  return text->size();
}

void Driver::Save(const Intent& intent) {
  absl::StatusOr<uint64_t> written;
  if (intent.text.empty()) {
    written = absl::InvalidArgumentError("no path given");
  } else if (intent.kind == Intent::Kind::kSaveRecording) {
    written = WriteRecording(intent.text);
  } else {
    absl::StatusOr<std::string> text;
    if (intent.kind == Intent::Kind::kExportTrace) {
      text = ChromeTraceText();
    } else {
      // The dialog names a step number; an attached stream with a hole has
      // fewer entries than steps, so the entry is looked up by its number.
      const int64_t index = IndexOfStep(*history_, intent.value);
      if (index < 0) {
        text = absl::OutOfRangeError(
            fmt::format("step {} is not in the history", intent.value));
      } else {
        text = SnapshotGoldenText(*history_->At(static_cast<size_t>(index)));
      }
    }
    if (!text.ok()) {
      written = text.status();
    } else if (absl::Status s = base::WriteFileAtomically(intent.text, *text);
               !s.ok()) {
      written = s;
    } else {
      written = text->size();
    }
  }
  status_.save_failed = !written.ok();
  status_.save_message =
      written.ok() ? fmt::format("wrote {} ({:.1f} KiB)", intent.text,
                                 static_cast<double>(*written) / 1024.0)
                   : std::string(written.status().message());
}

void Driver::CheckOwnershipAfterPop(const Frame& frame) {
  bool popped = false;
  for (const RecordRow& r : frame.emitted) popped = popped || r.kind == "pop";
  if (!popped) return;
  std::vector<OwnershipViolation> v = CheckOwnership(frame);
  if (v.empty()) return;
  std::string reason = v.front().message;
  for (OwnershipViolation& x : v) status_.violations.push_back(std::move(x));
  Stop(std::move(reason));
}

void Driver::AppendStep(const runtime::Publication& publication) {
  history_->AppendPublication(publication);
  status_.steps = static_cast<int64_t>(history_->size());
  if (tap_) tap_(&publication);
  // Frames are built on demand: only watches need this step's and the one
  // before it.
  if (watches_.empty() || history_->size() < 2) return;
  const FramePtr before = history_->At(history_->size() - 2);
  const FramePtr frame = history_->Latest();
  std::vector<WatchHit> hits = EvaluateWatches(watches_, *before, *frame);
  if (hits.empty()) return;
  for (const WatchHit& hit : hits) {
    const std::string label =
        hit.watch < watches_.size() ? watches_[hit.watch].label : "";
    auto tally =
        std::find_if(status_.watch_tallies.begin(), status_.watch_tallies.end(),
                     [&](const WatchTally& t) {
                       return t.key == hit.key && t.label == label;
                     });
    if (tally == status_.watch_tallies.end()) {
      status_.watch_tallies.push_back({hit.key, label, 0, ""});
      tally = status_.watch_tallies.end() - 1;
    }
    ++tally->hits;
    tally->last =
        fmt::format("step {}: {} {} → {}", hit.step, RefKeyText(hit.ref),
                    hit.what == "added" ? "(none)" : hit.old_value,
                    hit.what == "removed" ? "(gone)" : hit.new_value);
  }
  std::string reason = hits.front().message;
  status_.watch_hits = std::move(hits);
  Stop(std::move(reason));
}

void Driver::ClearHistory() {
  history_->Clear();
  if (tap_) tap_(nullptr);
}

void Driver::Stop(std::string reason) {
  status_.stop_reason = std::move(reason);
  if (status_.state != RunState::kEnded) status_.state = RunState::kStopped;
}

bool ApplyViewIntent(const Intent& intent, DebuggerModel& model,
                     const Timeline& history) {
  switch (intent.kind) {
    case Intent::Kind::kSeek: {
      const int64_t last = static_cast<int64_t>(history.size()) - 1;
      // Seeking to the newest step, or past it, follows live again.
      if (intent.value < 0 || intent.value >= last) {
        model.SetCursor(-1);
      } else {
        model.SetCursor(intent.value);
      }
      return true;
    }
    case Intent::Kind::kJumpToPop: {
      int64_t at = history.FindPop(
          intent.text, static_cast<size_t>(std::max<int64_t>(0, intent.value)));
      if (at < 0) at = history.FindPop(intent.text, 0);  // wrap around
      if (at >= 0) {
        const int64_t last = static_cast<int64_t>(history.size()) - 1;
        model.SetCursor(at >= last ? -1 : at);
      }
      return true;
    }
    case Intent::Kind::kAddWatch:
      model.AddWatch(intent.watch);
      return true;
    case Intent::Kind::kRemoveWatch:
      model.RemoveWatch(static_cast<WatchKey>(intent.value));
      return true;
    default:
      return false;
  }
}

FramePtr FrameToShow(const DebuggerModel& model, const Timeline& history) {
  if (history.empty()) return nullptr;
  if (model.following_live() ||
      static_cast<size_t>(model.cursor()) >= history.size()) {
    return history.Latest();
  }
  return history.At(static_cast<size_t>(model.cursor()));
}

}  // namespace wod::debugger
