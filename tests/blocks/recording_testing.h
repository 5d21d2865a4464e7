// Test helpers for recordings: read the examples, drive a session with the
// `wod-run --auto` policy, and record it into a string.
#ifndef WOD_TESTS_BLOCKS_RECORDING_TESTING_H_
#define WOD_TESTS_BLOCKS_RECORDING_TESTING_H_

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::blocks::testing {

inline std::vector<std::filesystem::path> ExampleFiles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir =
      std::filesystem::path(WOD_SOURCE_DIR) / "examples";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".wod") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline double TestScale() {
  const char* scale = std::getenv("WOD_TEST_SCALE");
  if (scale == nullptr) return 1.0;
  const double value = std::atof(scale);
  return value > 0 ? value : 1.0;
}

inline runtime::StepCommand Command(runtime::CommandKind kind, int64_t ms = 0,
                                    std::string event = "") {
  return runtime::MakeStepCommand(kind, ms, std::move(event));
}

// The `wod-run --auto` policy (tools/cli/auto_pilot.cc), restated because
// blocks tests cannot link the CLI: next on WaitingToStart, resume a paused
// timer, 1 s ticks while a countdown runs, otherwise 1 s of work then next.
class AutoPolicy {
 public:
  std::optional<runtime::StepCommand> Next(const runtime::TraceStep& last) {
    if (last.stack.empty()) return std::nullopt;
    const runtime::TraceBlock& top = last.stack.front();
    if (top.type == "WaitingToStart") {
      worked_ = false;
      return Command(runtime::CommandKind::kNext);
    }
    if (top.has_timer && top.paused) {
      return Command(runtime::CommandKind::kEvent, 0, "timer:resume");
    }
    if (top.has_timer && top.countdown && top.complete_reason.empty() &&
        top.elapsed_ms < top.duration_ms) {
      worked_ = false;
      return Command(runtime::CommandKind::kTick, 1000);
    }
    if (!worked_) {
      worked_ = true;
      return Command(runtime::CommandKind::kTick, 1000);
    }
    worked_ = false;
    return Command(runtime::CommandKind::kNext);
  }

 private:
  bool worked_ = false;
};

struct RecordedRun {
  std::string text;                      // the .wodrec file
  std::vector<std::string> rows;         // every trace row, in order
  std::vector<RecordedSnapshot> images;  // memory after every step
};

// Records `script` driven by `commands`, or by the auto policy (at most
// `max_steps` steps) when `commands` is null.
inline absl::StatusOr<RecordedRun> RecordRun(
    const std::string& script,
    const std::vector<runtime::StepCommand>* commands,
    int64_t keyframe_interval = kDefaultKeyframeInterval,
    int max_steps = 20000) {
  absl::StatusOr<std::unique_ptr<WorkoutSession>> session =
      WorkoutSession::Create(script);
  if (!session.ok()) return session.status();
  std::ostringstream out;
  SessionRecorder::Options options;
  options.keyframe_interval = keyframe_interval;
  absl::StatusOr<std::unique_ptr<SessionRecorder>> recorder =
      SessionRecorder::Create(**session, script, "test.wod", &out, options);
  if (!recorder.ok()) return recorder.status();
  RecordedRun run;
  auto capture = [&](const runtime::TraceStep& step) {
    run.rows.push_back(step.Row());
    run.images.push_back(
        CaptureSnapshot(*(*session)->runtime().memory().Snapshot()));
  };
  runtime::TraceStep step = (*session)->Start();
  capture(step);
  if (absl::Status s = (*recorder)->Record(step, std::nullopt); !s.ok()) {
    return s;
  }
  AutoPolicy policy;
  for (size_t i = 0;; ++i) {
    std::optional<runtime::StepCommand> command;
    if (commands != nullptr) {
      if (i >= commands->size()) break;
      command = (*commands)[i];
    } else {
      if (i >= static_cast<size_t>(max_steps)) break;
      command = policy.Next(step);
      if (!command.has_value()) break;
    }
    step = (*session)->Apply(*command);
    capture(step);
    if (absl::Status s = (*recorder)->Record(step, command); !s.ok()) return s;
  }
  if (absl::Status s = (*recorder)->Finish(); !s.ok()) return s;
  run.text = out.str();
  return run;
}

// The lines of `text` (without their '\n').
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace wod::blocks::testing

#endif  // WOD_TESTS_BLOCKS_RECORDING_TESTING_H_
