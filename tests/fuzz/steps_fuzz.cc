// libFuzzer target for the `--steps` command parser (docs/spec/step-trace.md
// "Commands"): any byte string either parses into commands that respect the
// grammar and print back to the same commands, or fails with one
// InvalidArgument "steps:LINE:COLUMN: message" whose position lies inside
// the input and whose message is one printable line of valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/step_command.h"

namespace {

using wod::runtime::CommandKind;
using wod::runtime::StepCommand;

void Check(bool condition) {
  if (!condition) std::abort();
}

constexpr int64_t kMaxMs = int64_t{1} << 53;

bool IsEventNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '.' || c == '-';
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    size_t length = 0;
    if (lead < 0x80) length = 1;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    if (length == 0 || i + length > s.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// Reads "N:" at the front of `text`.
bool ConsumeNumber(std::string_view* text, int64_t* value) {
  size_t i = 0;
  *value = 0;
  while (i < text->size() && i < 12 && (*text)[i] >= '0' && (*text)[i] <= '9') {
    *value = *value * 10 + ((*text)[i] - '0');
    ++i;
  }
  if (i == 0 || i >= text->size() || (*text)[i] != ':') return false;
  text->remove_prefix(i + 1);
  return true;
}

std::string Print(const StepCommand& c) {
  switch (c.kind) {
    case CommandKind::kNext:
      return "next";
    case CommandKind::kTick:
      return "tick " + std::to_string(c.ms);
    case CommandKind::kAdvance:
      return "advance " + std::to_string(c.ms);
    case CommandKind::kEvent:
      return "event " + c.event;
    case CommandKind::kChoose:
      return "choose " + std::to_string(c.alternative);
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  int64_t lines = 1;
  for (char c : input) lines += c == '\n' ? 1 : 0;

  const absl::StatusOr<std::vector<StepCommand>> parsed =
      wod::runtime::ParseStepCommands(input);
  if (!parsed.ok()) {
    Check(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    const std::string full(parsed.status().message());
    std::string_view message = full;
    Check(message.substr(0, 6) == "steps:");
    message.remove_prefix(6);
    int64_t line = 0;
    int64_t column = 0;
    Check(ConsumeNumber(&message, &line) && ConsumeNumber(&message, &column));
    Check(line >= 1 && line <= lines && column >= 1 &&
          column <= static_cast<int64_t>(size) + 1);
    Check(message.size() > 1 && message[0] == ' ');
    for (char c : message) Check(static_cast<unsigned char>(c) >= 0x20);
    Check(IsValidUtf8(message));
    return 0;
  }

  std::string printed;
  for (const StepCommand& c : *parsed) {
    Check(c.line >= 1 && c.line <= lines && c.column >= 1);
    switch (c.kind) {
      case CommandKind::kTick:
      case CommandKind::kAdvance:
        Check(c.ms >= 0 && c.ms <= kMaxMs);
        break;
      case CommandKind::kEvent:
        Check(!c.event.empty());
        for (char ch : c.event) Check(IsEventNameChar(ch));
        break;
      case CommandKind::kChoose:
        Check(c.alternative >= 1 && c.alternative <= 1000);
        break;
      case CommandKind::kNext:
        break;
    }
    Check(!c.ActionText().empty());
    printed += Print(c);
    printed += ";\n";
  }
  // Printing the commands back and parsing again gives the same commands.
  const absl::StatusOr<std::vector<StepCommand>> again =
      wod::runtime::ParseStepCommands(printed);
  Check(again.ok() && again->size() == parsed->size());
  for (size_t i = 0; i < parsed->size(); ++i) {
    const StepCommand& a = (*parsed)[i];
    const StepCommand& b = (*again)[i];
    Check(a.kind == b.kind && a.ms == b.ms && a.event == b.event);
    Check(b.line == static_cast<int>(i) + 1 && b.column == 1);
  }
  return 0;
}
