#include "debugger/app/session_factory.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "blocks/recording.h"
#include "debugger/model/attach_driver.h"
#include "debugger/model/demo_driver.h"
#include "debugger/model/follow_driver.h"
#include "debugger/model/live_runner.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/session_driver.h"

namespace wod::debugger {

namespace {

// Shown when wod-debug starts without --script (scenario A1's workout).
constexpr char kBuiltInScript[] =
    "20:00 AMRAP\n  5 Pullups\n  10 Pushups\n  15 Air Squats\n";

}  // namespace

absl::StatusOr<std::unique_ptr<Driver>> MakeDriver(const AppOptions& options) {
  if (!options.attach.empty()) {
    absl::StatusOr<std::unique_ptr<AttachDriver>> driver =
        AttachDriver::Connect(options.attach);
    if (!driver.ok()) return driver.status();
    return std::unique_ptr<Driver>(std::move(*driver));
  }
  if (!options.follow.empty()) {
    absl::StatusOr<std::unique_ptr<FollowDriver>> driver =
        FollowDriver::Open(options.follow);
    if (!driver.ok()) return driver.status();
    return std::unique_ptr<Driver>(std::move(*driver));
  }
  if (!options.open.empty()) {
    // A recording, loaded a slice per frame into a file-backed history
    // (RecordingDriver::Open); a damaged file opens with its complete steps
    // and says why in the status.
    absl::StatusOr<std::unique_ptr<RecordingDriver>> driver =
        RecordingDriver::Open(options.open);
    if (!driver.ok()) {
      return absl::Status(
          driver.status().code(),
          options.open + ": " + std::string(driver.status().message()));
    }
    return std::unique_ptr<Driver>(std::move(*driver));
  }
  if (options.demo_refs > 0) {
    auto demo =
        std::make_unique<DemoDriver>(static_cast<size_t>(options.demo_refs));
    demo->Handle(Intent::Of(Intent::Kind::kStart));
    for (int i = 0; i < 12; ++i) demo->Handle(Intent::Of(Intent::Kind::kNext));
    return std::unique_ptr<Driver>(std::move(demo));
  }
  std::string source = kBuiltInScript;
  std::string path = "(built-in example)";
  if (!options.script.empty()) {
    std::ifstream in(options.script, std::ios::binary);
    if (!in) return absl::NotFoundError("cannot open '" + options.script + "'");
    std::stringstream text;
    text << in.rdbuf();
    source = text.str();
    path = options.script;
  }
  absl::StatusOr<std::unique_ptr<SessionDriver>> made =
      SessionDriver::Create(std::move(source), std::move(path));
  if (!made.ok()) return made.status();
  std::unique_ptr<SessionDriver> driver = std::move(*made);
  std::vector<Watch> watches;
  for (const std::string& type : options.watch_types) {
    watches.push_back(Watch::OnType(type));
  }
  driver->SetWatches(watches);
  driver->Handle(Intent::Of(Intent::Kind::kStart));
  if (!options.steps.empty()) {
    absl::Status s = driver->ApplySteps(options.steps);
    if (!s.ok()) return s;
  }
  if (!options.screenshot.empty())
    return std::unique_ptr<Driver>(std::move(driver));
  // Interactive: the runtime runs on its own thread with the steady clock;
  // the window reads only what it publishes (docs/spec/debugger.md §3).
  return std::unique_ptr<Driver>(
      std::make_unique<LiveDriver>(std::move(driver), SteadyClockMs));
}

}  // namespace wod::debugger
