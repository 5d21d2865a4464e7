#include "debugger/model/recording_driver.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/publication_frames.h"
#include "fmt/format.h"

namespace wod::debugger {
absl::StatusOr<std::vector<FramePtr>> RecordingFrames(
    const blocks::Recording& recording) {
  absl::StatusOr<PublicationFrames> source =
      PublicationFrames::Create(recording.header);
  if (!source.ok()) return source.status();
  std::vector<FramePtr> frames;
  frames.reserve(recording.steps.size());
  for (const blocks::RecordedStep& step : recording.steps) {
    absl::StatusOr<FramePtr> frame = source->FrameOf(step);
    if (!frame.ok()) return frame.status();
    frames.push_back(*std::move(frame));
  }
  return frames;
}

absl::StatusOr<std::unique_ptr<RecordingDriver>> RecordingDriver::Create(
    const blocks::Recording& recording, std::string path) {
  absl::StatusOr<std::vector<FramePtr>> frames = RecordingFrames(recording);
  if (!frames.ok()) return frames.status();
  std::unique_ptr<RecordingDriver> driver(new RecordingDriver());
  for (FramePtr& frame : *frames) {
    driver->mutable_history().Append(std::move(frame));
  }
  SessionStatus& s = driver->mutable_status();
  s.path = std::move(path);
  s.source = recording.header.script;
  s.steps = static_cast<int64_t>(recording.steps.size());
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
