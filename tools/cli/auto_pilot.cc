#include "tools/cli/auto_pilot.h"

#include <cstdint>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

constexpr int64_t kTickMs = 1000;

}  // namespace

std::optional<runtime::StepCommand> AutoPilot::Next(
    const runtime::TraceStep& last) {
  if (last.stack.empty()) return std::nullopt;  // session over (or empty)
  const runtime::TraceBlock& top = last.stack.front();
  if (top.type == "WaitingToStart") {
    worked_ = false;
    return runtime::MakeStepCommand(runtime::CommandKind::kNext);
  }
  if (top.has_timer && top.paused) {
    return runtime::MakeStepCommand(runtime::CommandKind::kEvent, 0,
                                    "timer:resume");
  }
  const bool timer_running = top.has_timer && top.countdown &&
                             top.complete_reason.empty() &&
                             top.elapsed_ms < top.duration_ms;
  if (timer_running) {
    worked_ = false;
    return runtime::MakeStepCommand(runtime::CommandKind::kTick, kTickMs);
  }
  // The top block waits for the user: one second of work, then next.
  if (!worked_) {
    worked_ = true;
    return runtime::MakeStepCommand(runtime::CommandKind::kTick, kTickMs);
  }
  worked_ = false;
  return runtime::MakeStepCommand(runtime::CommandKind::kNext);
}

void RunSummary::Add(const runtime::TraceStep& step) {
  if (step.index > 0) ++steps;
  duration_ms = step.t_ms;
  ended = step.stack.empty();
  for (const runtime::TraceRecord& record : step.emitted) {
    if (record.kind == "milestone") ++rounds;
    if (record.kind == "segment") ++segments;
    if (record.kind == "error") ++errors;
  }
}

std::string RunSummary::Text() const {
  std::string text = fmt::format(
      "duration {} ({} ms), {} round{}, {} segment{}, {} step{}",
      FormatDuration(duration_ms), duration_ms, rounds, rounds == 1 ? "" : "s",
      segments, segments == 1 ? "" : "s", steps, steps == 1 ? "" : "s");
  if (errors > 0) {
    text += fmt::format(", {} runtime error{}", errors, errors == 1 ? "" : "s");
  }
  if (script_errors > 0) {
    text += fmt::format(", {} script error{}", script_errors,
                        script_errors == 1 ? "" : "s");
  }
  return text;
}

std::string FormatDuration(int64_t ms) {
  if (ms < 0) ms = 0;
  const int64_t total_s = ms / 1000;
  const int64_t rest_ms = ms % 1000;
  const int64_t h = total_s / 3600;
  const int64_t m = (total_s / 60) % 60;
  const int64_t s = total_s % 60;
  std::string text = h > 0 ? fmt::format("{}:{:02}:{:02}", h, m, s)
                           : fmt::format("{}:{:02}", m, s);
  if (rest_ms != 0) {
    std::string fraction = fmt::format("{:03}", rest_ms);
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text;
}

}  // namespace wod::cli
