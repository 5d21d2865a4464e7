#include "debugger/model/stream_driver.h"

#include <utility>

#include "blocks/chrome_trace.h"
#include "fmt/format.h"

namespace wod::debugger {

std::vector<HistoryGap> FindGaps(const Timeline& timeline) {
  std::vector<HistoryGap> gaps;
  int64_t expected = 0;
  if (timeline.StepsFollowEachOther()) {
    const int64_t first = timeline.empty() ? 0 : timeline.Summary(0).step;
    if (first > 0) gaps.push_back({0, 0, first - 1});
    return gaps;
  }
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
  // Nothing is sent back: no control can drive the stream's session.
  s.browse_only = true;
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
    case StreamChunk::kTimeout:
      return false;
    case StreamChunk::kEnd:
      ended_ = true;
      if (reader_ == nullptr) {
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
      if (reader_ != nullptr) {
        reader_->MarkGap();
        rebuilder_->MarkGap();
      }
      return true;
    case StreamChunk::kLine:
      break;
  }
  if (reader_ == nullptr) {
    absl::StatusOr<std::unique_ptr<blocks::RecordingReader>> reader =
        blocks::RecordingReader::FromHeaderLine(chunk->line);
    if (!reader.ok()) {
      Fail(reader.status());
      return false;
    }
    absl::StatusOr<blocks::PublicationRebuilder> rebuilder =
        blocks::PublicationRebuilder::Create((*reader)->header().types);
    if (!rebuilder.ok()) {
      Fail(rebuilder.status());
      return false;
    }
    reader_ = *std::move(reader);
    rebuilder_.emplace(*std::move(rebuilder));
    lines_ = chunk->line + "\n";
    mutable_status().source = reader_->header().script;
    return true;
  }
  blocks::RecordedStep recorded;
  absl::StatusOr<bool> read = reader_->ReadLine(chunk->line, recorded);
  if (!read.ok()) {
    Fail(read.status());
    return false;
  }
  if (!*read) {
    // The end line itself, from a source that passes it on as a line.
    ended_ = true;
    mutable_status().state = RunState::kEnded;
    mutable_lifecycle().push_back("stream ended");
    ShowProgress();
    return false;
  }
  absl::StatusOr<runtime::Publication> publication =
      rebuilder_->Rebuild(recorded);
  if (!publication.ok()) {
    Fail(publication.status());
    return false;
  }
  const int64_t step = recorded.step;
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
  lines_ += chunk->line;
  lines_ += '\n';
  AppendStep(*publication);
  ShowProgress();
  return true;
}

absl::StatusOr<std::string> StreamDriver::RecordingText() const {
  if (reader_ == nullptr) {
    return absl::FailedPreconditionError(
        fmt::format("{}: nothing received yet to record", name_));
  }
  if (gaps_ > 0) {
    // docs/spec/recording.md §3.1: a recording numbers its steps from 0
    // without gaps; a file with a hole would not open.
    return absl::FailedPreconditionError(fmt::format(
        "{}: {} step(s) were never received ({} gap(s)); a recording needs "
        "every step from step 0 (save a golden file of a step instead)",
        name_, missing_steps_, gaps_));
  }
  return lines_ + blocks::EndLine(last_step_ + 1) + "\n";
}

absl::StatusOr<std::string> StreamDriver::ChromeTraceText() const {
  absl::StatusOr<std::string> text = RecordingText();
  if (!text.ok()) return text.status();
  absl::StatusOr<blocks::Recording> recording = blocks::LoadRecording(*text);
  if (!recording.ok()) return recording.status();
  if (!recording->error.ok()) return recording->error;
  return blocks::ExportChromeTrace(*recording);
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
                      : reader_      ? "following live"
                                     : "waiting for the header";
  s.browse_note = fmt::format("{}: {} · {}", name_, state, holes);
}

}  // namespace wod::debugger
