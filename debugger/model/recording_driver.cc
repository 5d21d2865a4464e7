#include "debugger/model/recording_driver.h"

#include <algorithm>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blocks/chrome_trace.h"
#include "blocks/replay.h"
#include "debugger/model/publication_timeline.h"
#include "fmt/format.h"

namespace wod::debugger {

absl::Status AppendRecording(const blocks::Recording& recording,
                             Timeline& timeline) {
  absl::StatusOr<blocks::PublicationRebuilder> rebuilder =
      blocks::PublicationRebuilder::Create(recording.header.types);
  if (!rebuilder.ok()) return rebuilder.status();
  for (const blocks::RecordedStep& step : recording.steps) {
    absl::StatusOr<runtime::Publication> p = rebuilder->Rebuild(step);
    if (!p.ok()) return p.status();
    timeline.AppendPublication(*p);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<FramePtr>> RecordingFrames(
    const blocks::Recording& recording) {
  PublicationTimeline timeline;
  absl::Status appended = AppendRecording(recording, timeline);
  if (!appended.ok()) return appended;
  std::vector<FramePtr> frames;
  frames.reserve(timeline.size());
  for (size_t i = 0; i < timeline.size(); ++i) frames.push_back(timeline.At(i));
  return frames;
}

absl::StatusOr<std::string> RecordingDriver::RecordingText() const {
  if (file_history_ != nullptr) {
    // The file's own bytes up to its last complete step: the recorder's form.
    std::ifstream in(path_, std::ios::binary);
    if (!in) return absl::NotFoundError("cannot open '" + path_ + "'");
    std::string text(steps_end_, '\0');
    in.read(text.data(), static_cast<std::streamsize>(steps_end_));
    if (static_cast<uint64_t>(in.gcount()) != steps_end_) {
      return absl::DataLossError(path_ + " changed since it was opened");
    }
    if (ended_) {
      text += blocks::EndLine(
          history().empty() ? 0 : static_cast<int64_t>(history().size()));
      text += "\n";
    }
    return text;
  }
  std::string text = blocks::HeaderLine(recording_.header) + "\n";
  // The recorder's own form (stack blocks unchanged since the step before
  // carry only their key), so the text equals the file it was loaded from.
  const std::vector<runtime::TraceBlock> none;
  const std::vector<runtime::TraceBlock>* previous = &none;
  for (const blocks::RecordedStep& step : recording_.steps) {
    text += blocks::StepLine(step, recording_.header.types, *previous) + "\n";
    previous = &step.trace.stack;
  }
  if (recording_.ended) {
    text += blocks::EndLine(static_cast<int64_t>(recording_.steps.size()));
    text += "\n";
  }
  return text;
}

absl::StatusOr<std::string> RecordingDriver::ChromeTraceText() const {
  if (file_history_ != nullptr) {
    // Saving the trace of a file loads it whole once, on request.
    absl::StatusOr<std::string> text = RecordingText();
    if (!text.ok()) return text.status();
    absl::StatusOr<blocks::Recording> recording = blocks::LoadRecording(*text);
    if (!recording.ok()) return recording.status();
    return blocks::ExportChromeTrace(*recording);
  }
  return blocks::ExportChromeTrace(recording_);
}

absl::StatusOr<std::unique_ptr<RecordingDriver>> RecordingDriver::Create(
    const blocks::Recording& recording, std::string path) {
  std::unique_ptr<RecordingDriver> driver(new RecordingDriver());
  driver->recording_ = recording;
  // Inconsistent publications: the steps before them are dropped too,
  // because later steps could not be trusted.
  absl::Status appended = AppendRecording(recording, driver->mutable_history());
  if (!appended.ok()) return appended;
  SessionStatus& s = driver->mutable_status();
  s.path = std::move(path);
  s.source = recording.header.script;
  s.steps = static_cast<int64_t>(recording.steps.size());
  s.browse_only = true;
  s.state =
      !recording.steps.empty() && recording.steps.back().trace.stack.empty()
          ? RunState::kEnded
          : RunState::kStopped;
  if (!recording.error.ok()) {
    s.error = fmt::format("recording damaged: {} ({} complete steps loaded)",
                          std::string(recording.error.message()),
                          recording.steps.size());
  } else if (!recording.ended) {
    s.error = fmt::format("recording has no end line ({} steps loaded)",
                          recording.steps.size());
  }
  if (s.state == RunState::kStopped) {
    s.stop_reason = "recording: browse only (no runtime)";
  }
  return driver;
}

}  // namespace wod::debugger

namespace wod::debugger {

namespace {

// Bytes read from the file at a time.
constexpr size_t kReadBytes = size_t{1} << 20;

}  // namespace

absl::StatusOr<std::unique_ptr<RecordingDriver>> RecordingDriver::Open(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open '" + path + "'");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0);
  // The header line, within the reader's line limit.
  const size_t limit = blocks::RecordingLimits{}.max_line_bytes;
  std::string header;
  char c = 0;
  while (in.get(c) && c != '\n') {
    if (header.size() >= limit) {
      return absl::ResourceExhaustedError(
          "line 1: the header is longer than the limit of " +
          std::to_string(limit) + " bytes");
    }
    header.push_back(c);
  }
  absl::StatusOr<std::unique_ptr<blocks::RecordingReader>> reader =
      blocks::RecordingReader::FromHeaderLine(header);
  if (!reader.ok()) return reader.status();
  absl::StatusOr<blocks::PublicationRebuilder> rebuilder =
      blocks::PublicationRebuilder::Create((*reader)->header().types);
  if (!rebuilder.ok()) return rebuilder.status();

  auto timeline = std::make_unique<RecordingTimeline>(path, header);
  RecordingTimeline* raw = timeline.get();
  std::unique_ptr<RecordingDriver> driver(
      new RecordingDriver(std::move(timeline)));
  driver->file_history_ = raw;
  driver->path_ = path;
  driver->in_ = std::move(in);
  driver->buffer_offset_ = header.size() + 1;
  driver->steps_end_ = header.size() + 1;
  driver->eof_ = driver->in_.eof();
  driver->in_.clear();
  SessionStatus& s = driver->mutable_status();
  s.path = path;
  s.source = (*reader)->header().script;
  s.browse_only = true;
  s.state = RunState::kStopped;
  s.stop_reason = "recording: loading";
  s.load.loading = true;
  s.load.bytes_total = size > 0 ? static_cast<uint64_t>(size) : 0;
  s.load.bytes_read = std::min<uint64_t>(header.size() + 1, s.load.bytes_total);
  driver->reader_ = std::move(*reader);
  driver->rebuilder_.emplace(std::move(*rebuilder));
  return driver;
}

std::optional<std::string_view> RecordingDriver::NextLine(uint64_t& offset) {
  const size_t limit = blocks::RecordingLimits{}.max_line_bytes;
  while (true) {
    const size_t nl = buffer_.find('\n', buffer_pos_);
    if (nl != std::string::npos) {
      offset = buffer_offset_ + buffer_pos_;
      std::string_view line(buffer_.data() + buffer_pos_, nl - buffer_pos_);
      buffer_pos_ = nl + 1;
      return line;
    }
    if (buffer_.size() - buffer_pos_ > limit) {
      offset = buffer_offset_ + buffer_pos_;
      return std::nullopt;  // FinishLoad reports the long line
    }
    if (eof_) {
      if (buffer_pos_ < buffer_.size()) {
        // A last line without its newline: the step being written when
        // the recorder stopped; the reader says what is wrong with it.
        offset = buffer_offset_ + buffer_pos_;
        std::string_view line(buffer_.data() + buffer_pos_,
                              buffer_.size() - buffer_pos_);
        buffer_pos_ = buffer_.size();
        last_line_complete_ = false;
        return line;
      }
      return std::nullopt;
    }
    // Keep the unconsumed tail, then read more.
    buffer_.erase(0, buffer_pos_);
    buffer_offset_ += buffer_pos_;
    buffer_pos_ = 0;
    const size_t had = buffer_.size();
    buffer_.resize(had + kReadBytes);
    in_.read(buffer_.data() + had, static_cast<std::streamsize>(kReadBytes));
    buffer_.resize(had + static_cast<size_t>(in_.gcount()));
    if (in_.gcount() == 0 || in_.eof()) eof_ = true;
  }
}

bool RecordingDriver::LoadSome(std::chrono::steady_clock::duration budget,
                               int64_t max_steps) {
  if (!loading()) return false;
  const auto start = std::chrono::steady_clock::now();
  const size_t limit = blocks::RecordingLimits{}.max_line_bytes;
  int64_t taken = 0;
  absl::Status error;
  bool done = false;
  try {
    blocks::RecordedStep step;
    while (taken < max_steps) {
      if (taken % kLinesPerClockCheck == 0 && taken > 0 &&
          std::chrono::steady_clock::now() - start >= budget) {
        break;
      }
      uint64_t offset = 0;
      const std::optional<std::string_view> line = NextLine(offset);
      if (!line.has_value()) {
        if (buffer_.size() - buffer_pos_ > limit) {
          error = absl::ResourceExhaustedError(
              "line " + std::to_string(lines_ + 1) +
              ": longer than the limit of " + std::to_string(limit) + " bytes");
        }
        done = true;
        break;
      }
      ++lines_;
      absl::StatusOr<bool> read = reader_->ReadLine(*line, step);
      if (!read.ok() && !last_line_complete_) {
        // The writer flushes whole lines (docs/spec/recording.md §1.2): a
        // last line without its newline is one it never finished.
        error = absl::DataLossError(fmt::format(
            "line {}: truncated: the file ends inside this line, after {} "
            "bytes and no newline (the recording was interrupted)",
            lines_, line->size()));
        done = true;
        break;
      }
      if (!read.ok()) {
        error = read.status();
        done = true;
        break;
      }
      if (!*read) {  // the end line
        ended_ = true;
        done = true;
        break;
      }
      absl::StatusOr<runtime::Publication> p = rebuilder_->Rebuild(step);
      if (!p.ok()) {
        error = p.status();
        done = true;
        break;
      }
      file_history_->AppendRecorded(*p, offset,
                                    static_cast<uint32_t>(line->size()));
      steps_end_ = offset + line->size() + 1;
      ++taken;
    }
  } catch (const std::bad_alloc&) {
    error = absl::ResourceExhaustedError("line " + std::to_string(lines_) +
                                         ": out of memory");
    done = true;
  }
  load_time_ += std::chrono::steady_clock::now() - start;
  SessionStatus& s = mutable_status();
  s.steps = static_cast<int64_t>(history().size());
  s.load.steps = s.steps;
  s.load.bytes_read = std::min<uint64_t>(
      buffer_offset_ + buffer_pos_, std::max(s.load.bytes_total, steps_end_));
  const double seconds = std::chrono::duration<double>(load_time_).count();
  if (seconds > 0) {
    s.load.mb_per_s = static_cast<double>(s.load.bytes_read) / 1e6 / seconds;
  }
  if (done) FinishLoad(error);
  return !done;
}

void RecordingDriver::LoadAll() {
  while (LoadSome(std::chrono::hours(1))) {
  }
}

void RecordingDriver::Update(int64_t /*real_ms*/) {
  if (loading()) LoadSome(kUpdateBudget);
}

void RecordingDriver::FinishLoad(absl::Status error) {
  SessionStatus& s = mutable_status();
  s.load.loading = false;
  in_.close();
  buffer_.clear();
  buffer_.shrink_to_fit();
  buffer_pos_ = 0;
  const size_t steps = history().size();
  const FramePtr last = history().Latest();
  s.state = last != nullptr && last->stack.empty() ? RunState::kEnded
                                                   : RunState::kStopped;
  s.stop_reason = s.state == RunState::kStopped
                      ? "recording: browse only (no runtime)"
                      : "";
  if (!error.ok()) {
    s.error = fmt::format("recording damaged: {} ({} complete steps loaded)",
                          std::string(error.message()), steps);
  } else if (!ended_) {
    s.error = fmt::format("recording has no end line ({} steps loaded)", steps);
  }
}

}  // namespace wod::debugger
