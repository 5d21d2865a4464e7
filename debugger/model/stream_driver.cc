#include "debugger/model/stream_driver.h"

#include <utility>

#include "fmt/format.h"

namespace wod::debugger {

std::vector<HistoryGap> FindGaps(const Timeline& timeline) {
  std::vector<HistoryGap> gaps;
  int64_t expected = 0;
  for (size_t i = 0; i < timeline.size(); ++i) {
    const int64_t step = timeline.Summary(i).step;
    if (step > expected) gaps.push_back({i, expected, step - 1});
    expected = step + 1;
  }
  return gaps;
}

StreamDriver::StreamDriver(std::unique_ptr<StreamSource> source,
                           std::string name)
    : source_(std::move(source)), name_(std::move(name)) {
  SessionStatus& s = mutable_status();
  s.path = name_;
  s.state = RunState::kRunning;
  ShowProgress();
}

void StreamDriver::Update(int64_t /*real_ms*/) {
  for (int i = 0; i < kMaxLinesPerUpdate; ++i) {
    if (!Take(absl::Milliseconds(1))) break;
  }
}

absl::Status StreamDriver::RunToEnd(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!ended_ && error_.ok()) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(fmt::format(
          "{}: no end of the stream within {} ({} steps received); the host "
          "is still running or stopped without ending it",
          name_, absl::FormatDuration(timeout), mutable_status().steps));
    }
    Take(left);
  }
  return error_;
}

bool StreamDriver::Take(absl::Duration timeout) {
  if (ended_ || !error_.ok()) return false;
  absl::StatusOr<StreamChunk> chunk = source_->Next(timeout);
  if (!chunk.ok()) {
    Fail(chunk.status());
    return false;
  }
  switch (chunk->kind) {
    case StreamChunk::kNothing:
      return false;
    case StreamChunk::kEnd:
      ended_ = true;
      if (!frames_.has_value()) {
        Fail(absl::DataLossError(
            fmt::format("{}: the stream ended before its header", name_)));
        return false;
      }
      mutable_status().state = RunState::kEnded;
      mutable_lifecycle().push_back("stream ended");
      ShowProgress();
      return false;
    case StreamChunk::kGap:
      // Publications dropped here (docs/attach.md): the next step is a
      // keyframe with a later index; the hole is counted when it arrives.
      gap_pending_ = true;
      if (frames_.has_value()) frames_->MarkGap();
      return true;
    case StreamChunk::kLine:
      break;
  }
  if (!frames_.has_value()) {
    absl::StatusOr<PublicationFrames> frames =
        PublicationFrames::FromHeaderLine(chunk->line);
    if (!frames.ok()) {
      Fail(frames.status());
      return false;
    }
    frames_.emplace(*std::move(frames));
    mutable_status().source = frames_->header().script;
    return true;
  }
  absl::StatusOr<FramePtr> frame = frames_->FrameOfLine(chunk->line);
  if (!frame.ok()) {
    Fail(frame.status());
    return false;
  }
  const int64_t step = (*frame)->step;
  if (step > last_step_ + 1) {
    // A hole: steps last_step_+1 .. step-1 never arrived (a late attach,
    // or a gap line; docs/spec/recording.md §1.5).
    ++gaps_;
    missing_steps_ += step - last_step_ - 1;
    mutable_lifecycle().push_back(fmt::format(
        "gap: steps {}-{} not received ({}), resynced at the "
        "keyframe of step {}",
        last_step_ + 1, step - 1,
        gap_pending_ ? "dropped for a slow debugger" : "attached after them",
        step));
  }
  gap_pending_ = false;
  last_step_ = step;
  AppendStep(*std::move(frame));
  ShowProgress();
  return true;
}

void StreamDriver::Fail(absl::Status status) {
  error_ = std::move(status);
  SessionStatus& s = mutable_status();
  s.state = RunState::kStopped;
  s.error = std::string(error_.message());
  ShowProgress();
}

void StreamDriver::ShowProgress() {
  SessionStatus& s = mutable_status();
  const std::string holes =
      gaps_ == 0
          ? std::string("no gaps")
          : fmt::format("{} gap(s), {} step(s) missing", gaps_, missing_steps_);
  const char* state = ended_         ? "stream ended"
                      : !error_.ok() ? "stream broken"
                      : frames_      ? "following live"
                                     : "waiting for the header";
  s.stop_reason = fmt::format("{}: {} · {}", name_, state, holes);
}

}  // namespace wod::debugger
