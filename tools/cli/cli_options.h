// Command-line options of `wod-run`, parsed without side effects.
//
// `ParseCliOptions` turns argv into a `CliOptions` value or a usage error, so
// the flag rules (one mode at a time, no unknown flags, `--flag value` and
// `--flag=value` alike) are unit-tested without running anything. Modes:
//
//   wod-run FILE [--steps "next; tick 1000"] [--format table|json] [--snapshot]
//   wod-run FILE --auto [--format table|json] [--snapshot]
//                [--max-steps N] [--max-virtual-time D]
//   wod-run FILE --realtime
//   wod-run FILE --check
//   wod-run --verify FILE.md... [--deviations FILE]
//   wod-run --replay FILE.wodrec [--export-trace OUT.json]
//
// --steps and --auto also take `--record OUT.wodrec` and
// `--export-trace OUT.json` (blocks/recording.h, blocks/chrome_trace.h);
// --steps, --auto and --realtime take `--publish unix:PATH
// [--publish-wait]` (a debugger attaches, docs/attach.md).
//
//   absl::StatusOr<CliOptions> options = ParseCliOptions(args);
//   if (!options.ok()) { std::cerr << options.status().message(); return 2; }
#ifndef WOD_TOOLS_CLI_CLI_OPTIONS_H_
#define WOD_TOOLS_CLI_CLI_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::cli {

enum class CliMode {
  kHelp,
  kSteps,
  kAuto,
  kRealtime,
  kCheck,
  kVerify,
  kReplay
};
enum class OutputFormat { kTable, kJson };

struct CliOptions {
  CliMode mode = CliMode::kSteps;
  std::string file;   // the script ("-" = stdin); not --verify
  std::string steps;  // --steps text (empty = row 0 only)
  OutputFormat format = OutputFormat::kTable;
  bool snapshot = false;
  bool fix = false;  // --fix (with --check): print the script, fix-its applied
  std::vector<std::string> verify_files;  // --verify
  std::string deviations;                 // --deviations (empty = none)
  // --max-steps and --max-virtual-time (--auto only): replace the default
  // bounds of --auto (tools/cli/auto_pilot.h, AutoLimits).
  std::optional<int64_t> max_steps;
  std::optional<int64_t> max_virtual_ms;
  std::string record;         // --record: recording to write (empty = none)
  std::string replay;         // --replay: recording to re-run and check
  std::string export_trace;   // --export-trace: Chrome trace JSON to write
  std::string publish;        // --publish unix:PATH (empty = none)
  bool publish_wait = false;  // --publish-wait: wait for a debugger first
};

// The value of --max-virtual-time: a whole number with a unit, `45s`, `90m`
// or `300h`, as milliseconds (at least 1 s, at most 100,000 h). Errors:
// InvalidArgument with a message for the user.
absl::StatusOr<int64_t> ParseVirtualDuration(std::string_view text);

// `args` excludes the program name. Errors are InvalidArgument with a
// one-line message meant for the user (the caller adds "wod-run: ").
absl::StatusOr<CliOptions> ParseCliOptions(
    const std::vector<std::string>& args);

// The --help text.
[[nodiscard]] std::string CliUsage();

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_CLI_OPTIONS_H_
