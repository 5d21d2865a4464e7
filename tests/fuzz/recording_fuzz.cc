// libFuzzer target for the recording loader (blocks/recording.h): any byte
// string loads without crashing, hanging or undefined behaviour; what it
// keeps is consistent (step i at index i, lines ascending) and survives a
// write → load round trip unchanged ("bad input loses nothing").
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/strings.h"
#include "blocks/recording.h"

namespace {

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "recording_fuzz: check failed: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  int64_t lines = 1;
  for (char c : input) lines += c == '\n' ? 1 : 0;

  const absl::StatusOr<wod::blocks::Recording> loaded =
      wod::blocks::LoadRecording(input);
  if (!loaded.ok()) {
    Check(!loaded.status().message().empty(), "load error has a message");
    return 0;
  }
  const wod::blocks::Recording& rec = *loaded;
  Check(rec.header.version == wod::blocks::kRecordingVersion, "version");
  int64_t previous_line = 1;  // the header
  for (size_t i = 0; i < rec.steps.size(); ++i) {
    const wod::blocks::RecordedStep& step = rec.steps[i];
    Check(step.step == static_cast<int64_t>(i), "step i at index i");
    Check(step.line > previous_line && step.line <= lines, "lines ascending");
    previous_line = step.line;
  }
  if (!rec.error.ok()) {
    Check(!rec.error.message().empty(), "error has a message");
  }

  // Writing what was kept and loading it again gives the same lines.
  std::string text = wod::blocks::HeaderLine(rec.header) + "\n";
  for (const wod::blocks::RecordedStep& step : rec.steps) {
    text += wod::blocks::StepLine(step, rec.header.types) + "\n";
  }
  text += wod::blocks::EndLine(static_cast<int64_t>(rec.steps.size())) + "\n";
  const absl::StatusOr<wod::blocks::Recording> again =
      wod::blocks::LoadRecording(text);
  if (!again.ok() || !again->error.ok()) {
    std::fprintf(
        stderr, "recording_fuzz: reload failed: %s\n",
        (again.ok() ? again->error : again.status()).ToString().c_str());
    std::abort();
  }
  Check(again->ended, "reloaded recording has its end line");
  // The writer keeps every line valid UTF-8 (docs/spec/recording.md §1.3):
  // a loaded script with invalid bytes comes back with U+FFFD for them.
  Check(
      again->header.script == wod::base::ReplaceInvalidUtf8(rec.header.script),
      "script survives");
  Check(again->steps.size() == rec.steps.size(), "every step survives");
  for (size_t i = 0; i < rec.steps.size(); ++i) {
    Check(wod::blocks::StepLine(again->steps[i], again->header.types) ==
              wod::blocks::StepLine(rec.steps[i], rec.header.types),
          "step lines survive");
  }
  return 0;
}
