#include "tools/cli/cli_options.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "fmt/format.h"

namespace wod::cli {
namespace {

absl::Status UsageError(std::string_view message) {
  return absl::InvalidArgumentError(
      fmt::format("{} (see wod-run --help)", message));
}

// What the loop over argv has seen so far.
struct ParseState {
  CliOptions options;
  std::optional<CliMode> mode;
  // The value flags given so far (their names, from kFlags).
  std::vector<std::string_view> given;
  std::vector<std::string> positional;

  [[nodiscard]] bool Given(std::string_view flag) const {
    return std::find(given.begin(), given.end(), flag) != given.end();
  }
};

absl::Status NonEmptyFile(std::string_view flag, std::string_view value) {
  if (value.empty())
    return UsageError(fmt::format("{} needs a file name", flag));
  return absl::OkStatus();
}

absl::Status ApplyFormat(ParseState& state, std::string_view value) {
  if (value == "table") {
    state.options.format = OutputFormat::kTable;
  } else if (value == "json") {
    state.options.format = OutputFormat::kJson;
  } else {
    return UsageError(
        fmt::format("unknown format '{}' (use table or json)", value));
  }
  return absl::OkStatus();
}

// The largest --max-steps: a bound, not a wish (a step takes about a
// microsecond, so this is days of running) and far from overflow.
constexpr int64_t kMaxStepsCeiling = int64_t{1'000'000'000'000};
// The largest --max-virtual-time: 100,000 h (11 years of workout).
constexpr int64_t kMaxVirtualMsCeiling = int64_t{100'000} * 3'600'000;

// A whole decimal number without sign, or nullopt (empty, other characters,
// or larger than `ceiling`).
std::optional<int64_t> ParseWhole(std::string_view text, int64_t ceiling) {
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (ceiling - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

absl::Status ApplyMaxSteps(ParseState& state, std::string_view value) {
  const std::optional<int64_t> n = ParseWhole(value, kMaxStepsCeiling);
  if (!n.has_value() || *n < 1) {
    return UsageError(fmt::format(
        "--max-steps needs a whole number of steps from 1 to {}, got '{}'",
        kMaxStepsCeiling, value));
  }
  state.options.max_steps = *n;
  return absl::OkStatus();
}

absl::Status ApplyMaxVirtualTime(ParseState& state, std::string_view value) {
  absl::StatusOr<int64_t> ms = ParseVirtualDuration(value);
  if (!ms.ok()) return UsageError(std::string(ms.status().message()));
  state.options.max_virtual_ms = *ms;
  return absl::OkStatus();
}

// One row per flag: the mode it selects (if any), whether it takes a value,
// whether it may be given only once and what it stores: through
// `apply`, or for a flag naming a file, into `file` (an empty name is
// refused). A value flag is checked in this order: mode conflict, given
// twice, missing value, then `apply` or the file name; a flag without a
// value: `--flag=x`, then mode conflict.
struct Flag {
  std::string_view name;
  std::optional<CliMode> mode;
  bool takes_value = false;
  bool once = false;
  absl::Status (*apply)(ParseState&, std::string_view value) = nullptr;
  std::string CliOptions::*file = nullptr;
};

constexpr Flag kFlags[] = {
    {"--steps", CliMode::kSteps, true, true,
     [](ParseState& s, std::string_view v) {
       s.options.steps = std::string(v);
       return absl::OkStatus();
     }},
    {"--format", std::nullopt, true, true, ApplyFormat},
    {"--snapshot", std::nullopt, false, false,
     [](ParseState& s, std::string_view) {
       s.options.snapshot = true;
       return absl::OkStatus();
     }},
    {"--fix", std::nullopt, false, false,
     [](ParseState& s, std::string_view) {
       s.options.fix = true;
       return absl::OkStatus();
     }},
    {"--auto", CliMode::kAuto},
    {"--realtime", CliMode::kRealtime},
    {"--check", CliMode::kCheck},
    {"--verify", CliMode::kVerify},
    {"--deviations", std::nullopt, true, true, nullptr,
     &CliOptions::deviations},
    {"--record", std::nullopt, true, true, nullptr, &CliOptions::record},
    {"--export-trace", std::nullopt, true, true, nullptr,
     &CliOptions::export_trace},
    {"--replay", CliMode::kReplay, true, true, nullptr, &CliOptions::replay},
    {"--max-steps", std::nullopt, true, true, ApplyMaxSteps},
    {"--max-virtual-time", std::nullopt, true, true, ApplyMaxVirtualTime},
    {"--publish", std::nullopt, true, true,
     [](ParseState& s, std::string_view v) {
       if (v.empty()) return UsageError("--publish needs an address unix:PATH");
       s.options.publish = std::string(v);
       return absl::OkStatus();
     }},
    {"--publish-wait", std::nullopt, false, false,
     [](ParseState& s, std::string_view) {
       s.options.publish_wait = true;
       return absl::OkStatus();
     }},
};

absl::Status SetMode(ParseState& state, CliMode mode, std::string_view flag) {
  if (state.mode.has_value() && *state.mode != mode) {
    return UsageError(
        fmt::format("{} cannot be combined with another mode "
                    "(--steps, --auto, --realtime, --check, "
                    "--verify, --replay)",
                    flag));
  }
  state.mode = mode;
  return absl::OkStatus();
}

// Applies the flag `arg` (argv[i]); a value read from argv[i + 1] advances
// `i`.
absl::Status ApplyFlag(const Flag& flag, const std::vector<std::string>& args,
                       size_t& i,
                       const std::optional<std::string>& inline_value,
                       ParseState& state) {
  if (!flag.takes_value && inline_value.has_value()) {
    return UsageError(fmt::format("{} takes no value", flag.name));
  }
  if (flag.mode.has_value()) {
    WOD_RETURN_IF_ERROR(SetMode(state, *flag.mode, flag.name));
  }
  if (flag.once && state.Given(flag.name)) {
    return UsageError(fmt::format("{} given twice", flag.name));
  }
  std::string value;
  if (flag.takes_value) {
    if (inline_value.has_value()) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return UsageError(fmt::format("{} needs a value", flag.name));
    }
  }
  if (flag.once) state.given.push_back(flag.name);
  if (flag.file != nullptr) {
    state.options.*flag.file = value;
    return NonEmptyFile(flag.name, value);
  }
  return flag.apply != nullptr ? flag.apply(state, value) : absl::OkStatus();
}

// The rules between flags, once all are read.
absl::StatusOr<CliOptions> Finish(ParseState& state) {
  CliOptions& options = state.options;
  std::vector<std::string>& positional = state.positional;
  const bool have_format = state.Given("--format");
  const bool have_deviations = state.Given("--deviations");
  options.mode = state.mode.value_or(CliMode::kSteps);
  const bool have_max_steps = state.Given("--max-steps");
  if ((have_max_steps || state.Given("--max-virtual-time")) &&
      options.mode != CliMode::kAuto) {
    return UsageError(
        fmt::format("{} applies to --auto only",
                    have_max_steps ? "--max-steps" : "--max-virtual-time"));
  }
  const bool records =
      options.mode == CliMode::kSteps || options.mode == CliMode::kAuto;
  if (!options.record.empty() && !records) {
    return UsageError("--record applies to --steps and --auto only");
  }
  if (!options.export_trace.empty() && !records &&
      options.mode != CliMode::kReplay) {
    return UsageError("--export-trace applies to --steps, --auto and --replay");
  }
  if (!options.publish.empty() && !records &&
      options.mode != CliMode::kRealtime) {
    return UsageError("--publish applies to --steps, --auto and --realtime");
  }
  if (options.publish_wait && options.publish.empty()) {
    return UsageError("--publish-wait needs --publish unix:PATH");
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
  if (options.fix && options.mode != CliMode::kCheck) {
    return UsageError("--fix needs --check");
  }
  if (positional.empty()) return UsageError("no script file given");
  if (positional.size() > 1) {
    return UsageError(fmt::format("one script file expected, got '{}' and '{}'",
                                  positional[0], positional[1]));
  }
  options.file = positional[0];
  if (options.fix && options.mode != CliMode::kCheck) {
    return UsageError("--fix needs --check");
  }
  if (options.mode == CliMode::kCheck &&
      (options.snapshot || (have_format && options.fix))) {
    return UsageError(
        "--snapshot does not apply to --check, and --format not to --fix");
  }
  if (options.mode == CliMode::kRealtime && (have_format || options.snapshot)) {
    return UsageError(
        "--format and --snapshot apply to --steps and --auto only");
  }
  return options;
}

}  // namespace

absl::StatusOr<int64_t> ParseVirtualDuration(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(fmt::format(
        "--max-virtual-time needs a whole number with a unit (45s, 90m, "
        "300h), {}, got '{}'",
        why, text));
  };
  if (text.empty()) return bad("not an empty value");
  int64_t unit_ms = 0;
  switch (text.back()) {
    case 's':
      unit_ms = 1000;
      break;
    case 'm':
      unit_ms = 60'000;
      break;
    case 'h':
      unit_ms = 3'600'000;
      break;
    default:
      return bad("the unit is s, m or h");
  }
  const std::string_view number = text.substr(0, text.size() - 1);
  if (!ParseWhole(number, std::numeric_limits<int64_t>::max()).has_value()) {
    return bad("the number is whole, without sign, before the unit");
  }
  const std::optional<int64_t> n =
      ParseWhole(number, kMaxVirtualMsCeiling / unit_ms);
  if (!n.has_value()) return bad("at most 100000h");
  if (*n < 1) return bad("at least 1s");
  return *n * unit_ms;
}

std::string CliUsage() {
  return R"(usage:
  wod-run FILE [--steps "CMDS"] [--format table|json] [--snapshot]
  wod-run FILE --auto [--format table|json] [--snapshot]
                [--max-steps N] [--max-virtual-time D]
  wod-run FILE --realtime
  wod-run FILE (--steps "CMDS" | --auto | --realtime) --publish unix:PATH
          [--publish-wait]
  wod-run FILE --check [--format table|json] [--fix]
  wod-run --verify FILE.md... [--deviations FILE]
  wod-run --replay FILE.wodrec [--export-trace OUT.json]
  wod-run --help

Runs a workout script (FILE, or - for stdin) on a virtual clock and prints
one row per step (docs/spec/step-trace.md): action, time, depth, the stack
top to bottom and what the step emitted.

  --steps "CMDS"   commands separated by ';' or newlines:
                     next | tick N | advance N | event NAME | pause | resume |
                     abort | choose N
                   N is whole milliseconds (0..2^53); NAME is [A-Za-z0-9:_.-]+;
                   choose N picks alternative N (1..) of the next choice.
                   Without --steps only row 0 (startSession) is printed.
  --format F       table (default) or json (one JSON object per line).
  --snapshot       add the runtime memory snapshot after every step.
  --auto           run to the end unattended: next on blocks that wait for the
                   user (after 1 s of work), 1 s ticks while a timer runs; stops
                   with an error after 100000 steps or 24 h of virtual time.
  --max-steps N    with --auto: stop after N steps instead of 100000 (the
                   64 MiB output bound grows with it: 671 bytes per step).
  --max-virtual-time D  with --auto: stop after D of virtual time instead of
                   24 h; D is a whole number with its unit: 45s, 90m, 300h.
  --realtime       run against the real clock with a live view of the stack and
                   timers (needs a terminal): Enter = next, p = pause/resume,
                   q or Ctrl-C = abort.
  --check          only parse; print diagnostics as FILE:LINE:COL: message
                   (did-you-mean repairs end in (did you mean "..."?));
                   with --format json one JSON object per diagnostic.
  --fix            with --check: print the script with every did-you-mean
                   repair applied (stdout; the file is never changed).
  --record OUT     with --steps or --auto: write a recording (.wodrec: script,
                   commands, memory journal, keyframes; NDJSON flushed per
                   step; docs/recordings.md).
  --publish unix:PATH  stream every step to debuggers that attach
                   (wod-debug --attach unix:PATH; docs/attach.md). The socket
                   is made mode 0600; its directory must be yours and closed
                   to others (e.g. made by mkdtemp); PATH at most 107 bytes.
                   The run never waits for a debugger, except:
  --publish-wait   wait for the first debugger to connect before starting.
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
  ParseState state;
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
    if (name == "--help" || name == "-h") {
      state.options.mode = CliMode::kHelp;
      return state.options;
    }
    if (name == "--") {
      for (++i; i < args.size(); ++i) state.positional.push_back(args[i]);
      break;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : kFlags) {
      if (f.name == name) flag = &f;
    }
    if (flag != nullptr) {
      WOD_RETURN_IF_ERROR(ApplyFlag(*flag, args, i, inline_value, state));
    } else if (arg.size() > 1 && arg[0] == '-') {
      return UsageError(fmt::format("unknown option '{}'", arg));
    } else {
      state.positional.push_back(arg);
    }
  }
  return Finish(state);
}

}  // namespace wod::cli
