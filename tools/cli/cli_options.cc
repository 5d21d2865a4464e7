#include "tools/cli/cli_options.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"

namespace wod::cli {
namespace {

absl::Status UsageError(std::string_view message) {
  return absl::InvalidArgumentError(
      fmt::format("{} (see wod-run --help)", message));
}

}  // namespace

std::string CliUsage() {
  return R"(usage:
  wod-run FILE [--steps "CMDS"] [--format table|json] [--snapshot]
  wod-run FILE --auto [--format table|json] [--snapshot]
  wod-run FILE --realtime
  wod-run FILE --check
  wod-run --verify FILE.md... [--deviations FILE]
  wod-run --replay FILE.wodrec [--export-trace OUT.json]
  wod-run --help

Runs a workout script (FILE, or - for stdin) on a virtual clock and prints
one row per step (docs/spec/step-trace.md): action, time, depth, the stack
top to bottom and what the step emitted.

  --steps "CMDS"   commands separated by ';' or newlines:
                     next | tick N | advance N | event NAME | pause | resume | abort
                   N is whole milliseconds (0..2^53); NAME is [A-Za-z0-9:_.-]+.
                   Without --steps only row 0 (startSession) is printed.
  --format F       table (default) or json (one JSON object per line).
  --snapshot       add the runtime memory snapshot after every step.
  --auto           run to the end unattended: next on blocks that wait for the
                   user (after 1 s of work), 1 s ticks while a timer runs; stops
                   with an error after 100000 steps or 24 h of virtual time.
  --realtime       run against the real clock with a live view of the stack and
                   timers (needs a terminal): Enter = next, p = pause/resume,
                   q or Ctrl-C = abort.
  --check          only parse; print diagnostics as FILE:LINE:COL: message.
  --record OUT     with --steps or --auto: write a recording (.wodrec: script,
                   commands, memory journal, keyframes; NDJSON flushed per
                   step; docs/recordings.md).
  --replay REC     re-run a recording and check every step, mutation and
                   keyframe snapshot is identical; reports the first difference.
  --export-trace OUT  with --steps, --auto or --replay: write a Chrome trace
                   (Perfetto, chrome://tracing): blocks as durations, records
                   as instants, live refs / bytes / depth as counters.
  --verify MD...   run every step table of the scenario files and compare them
                   row by row; --deviations FILE replaces the expected tables
                   of the cases it names.

Exit status: 0 ok; 1 script errors (every mode), failed cases, a replay that
differs or --auto bound exceeded; 2 usage errors, bad --steps, read or write
errors, an output that is an input or another output, no scenario cases.
)";
}

absl::StatusOr<CliOptions> ParseCliOptions(
    const std::vector<std::string>& args) {
  CliOptions options;
  std::optional<CliMode> mode;
  bool have_steps = false;
  bool have_format = false;
  bool have_deviations = false;
  std::vector<std::string> positional;

  auto set_mode = [&](CliMode m, std::string_view flag) -> absl::Status {
    if (mode.has_value() && *mode != m) {
      return UsageError(
          fmt::format("{} cannot be combined with another mode "
                      "(--steps, --auto, --realtime, --check, "
                      "--verify, --replay)",
                      flag));
    }
    mode = m;
    return absl::OkStatus();
  };

  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    // `--flag=value` and `--flag value` are the same.
    std::string_view name = arg;
    std::optional<std::string> inline_value;
    if (arg.size() > 2 && arg.substr(0, 2) == "--") {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        name = std::string_view(arg).substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
    }
    auto value = [&](std::string_view flag) -> absl::StatusOr<std::string> {
      if (inline_value.has_value()) return *inline_value;
      if (i + 1 >= args.size()) {
        return UsageError(fmt::format("{} needs a value", flag));
      }
      return args[++i];
    };
    auto no_value = [&](std::string_view flag) -> absl::Status {
      if (inline_value.has_value()) {
        return UsageError(fmt::format("{} takes no value", flag));
      }
      return absl::OkStatus();
    };

    if (name == "--help" || name == "-h") {
      options.mode = CliMode::kHelp;
      return options;
    } else if (name == "--steps") {
      if (absl::Status s = set_mode(CliMode::kSteps, name); !s.ok()) return s;
      if (have_steps) return UsageError("--steps given twice");
      absl::StatusOr<std::string> v = value(name);
      if (!v.ok()) return v.status();
      options.steps = *v;
      have_steps = true;
    } else if (name == "--format") {
      if (have_format) return UsageError("--format given twice");
      absl::StatusOr<std::string> v = value(name);
      if (!v.ok()) return v.status();
      if (*v == "table") {
        options.format = OutputFormat::kTable;
      } else if (*v == "json") {
        options.format = OutputFormat::kJson;
      } else {
        return UsageError(
            fmt::format("unknown format '{}' (use table or json)", *v));
      }
      have_format = true;
    } else if (name == "--snapshot") {
      if (absl::Status s = no_value(name); !s.ok()) return s;
      options.snapshot = true;
    } else if (name == "--auto") {
      if (absl::Status s = no_value(name); !s.ok()) return s;
      if (absl::Status s = set_mode(CliMode::kAuto, name); !s.ok()) return s;
    } else if (name == "--realtime") {
      if (absl::Status s = no_value(name); !s.ok()) return s;
      if (absl::Status s = set_mode(CliMode::kRealtime, name); !s.ok()) {
        return s;
      }
    } else if (name == "--check") {
      if (absl::Status s = no_value(name); !s.ok()) return s;
      if (absl::Status s = set_mode(CliMode::kCheck, name); !s.ok()) return s;
    } else if (name == "--verify") {
      if (absl::Status s = no_value(name); !s.ok()) return s;
      if (absl::Status s = set_mode(CliMode::kVerify, name); !s.ok()) return s;
    } else if (name == "--deviations") {
      if (have_deviations) return UsageError("--deviations given twice");
      absl::StatusOr<std::string> v = value(name);
      if (!v.ok()) return v.status();
      if (v->empty()) return UsageError("--deviations needs a file name");
      options.deviations = *v;
      have_deviations = true;
    } else if (name == "--record" || name == "--export-trace") {
      std::string& target =
          name == "--record" ? options.record : options.export_trace;
      if (!target.empty()) {
        return UsageError(fmt::format("{} given twice", name));
      }
      absl::StatusOr<std::string> v = value(name);
      if (!v.ok()) return v.status();
      if (v->empty()) {
        return UsageError(fmt::format("{} needs a file name", name));
      }
      target = *v;
    } else if (name == "--replay") {
      if (absl::Status s = set_mode(CliMode::kReplay, name); !s.ok()) return s;
      if (!options.replay.empty()) return UsageError("--replay given twice");
      absl::StatusOr<std::string> v = value(name);
      if (!v.ok()) return v.status();
      if (v->empty()) return UsageError("--replay needs a file name");
      options.replay = *v;
    } else if (name == "--") {
      for (++i; i < args.size(); ++i) positional.push_back(args[i]);
    } else if (arg.size() > 1 && arg[0] == '-') {
      return UsageError(fmt::format("unknown option '{}'", arg));
    } else {
      positional.push_back(arg);
    }
  }

  options.mode = mode.value_or(CliMode::kSteps);
  const bool records =
      options.mode == CliMode::kSteps || options.mode == CliMode::kAuto;
  if (!options.record.empty() && !records) {
    return UsageError("--record applies to --steps and --auto only");
  }
  if (!options.export_trace.empty() && !records &&
      options.mode != CliMode::kReplay) {
    return UsageError("--export-trace applies to --steps, --auto and --replay");
  }
  if (options.mode == CliMode::kReplay) {
    if (!positional.empty()) {
      return UsageError(fmt::format(
          "--replay takes no script file (the recording holds it), got '{}'",
          positional[0]));
    }
    if (have_format || options.snapshot || have_deviations) {
      return UsageError(
          "--format, --snapshot and --deviations do not apply to --replay");
    }
    return options;
  }
  if (options.mode == CliMode::kVerify) {
    if (positional.empty()) {
      return UsageError("--verify needs at least one scenario file");
    }
    if (have_format || options.snapshot) {
      return UsageError("--format and --snapshot do not apply to --verify");
    }
    options.verify_files = std::move(positional);
    return options;
  }
  if (have_deviations) return UsageError("--deviations needs --verify");
  if (positional.empty()) return UsageError("no script file given");
  if (positional.size() > 1) {
    return UsageError(fmt::format("one script file expected, got '{}' and '{}'",
                                  positional[0], positional[1]));
  }
  options.file = positional[0];
  if ((options.mode == CliMode::kCheck || options.mode == CliMode::kRealtime) &&
      (have_format || options.snapshot)) {
    return UsageError(
        "--format and --snapshot apply to --steps and --auto only");
  }
  return options;
}

}  // namespace wod::cli
