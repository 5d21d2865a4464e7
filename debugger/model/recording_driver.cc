#include "debugger/model/recording_driver.h"

#include <memory>
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
