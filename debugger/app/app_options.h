// AppOptions: the command line of wod-debug.
//
//   wod-debug [--script FILE] [--steps "next; tick 1000"] [--demo N]
//             [--screenshot out.png] [--size 1600x1000] [--open FILE.wodrec]
//             [--select INDEX] [--watch-type NAME]... [--state-out FILE]
//             [--layout none|FILE]
//   wod-debug (--attach unix:PATH | --follow FILE.wodrec)
//             [--screenshot out.png [--timeout S]]
//
// `--layout` names the ini file the window layout is loaded from and saved
// to (default `$XDG_CONFIG_HOME/wod/imgui.ini`, else
// `~/.config/wod/imgui.ini`); `none` neither loads nor saves one (tests).
//
// `--steps` runs the commands right after start (docs/spec/step-trace.md §1),
// with the `--watch-type` watches already armed (a fired watch stops them);
// `--screenshot` renders a few frames into a real window, writes the PNG and
// exits. `--state-out` keeps FILE a JSON copy of the view state (cursor,
// selection, popup, run state; debugger/model/view_state.h) for tests that
// drive the real window. Bad arguments are an InvalidArgument status, never a
// crash.
#ifndef WOD_DEBUGGER_APP_APP_OPTIONS_H_
#define WOD_DEBUGGER_APP_APP_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wod::debugger {

struct AppOptions {
  std::string script;      // path; empty = built-in example
  std::string steps;       // --steps text
  std::string screenshot;  // PNG path; empty = interactive
  std::string open;        // recording to browse (.wodrec)
  std::string attach;      // --attach unix:PATH: a session published live
  std::string follow;      // --follow FILE: a recording being written
  int64_t timeout_s = 0;   // --timeout: bound on the stream (0 = none)
  // --load-steps N: with --open and --screenshot, the picture is taken
  // after N steps loaded (the progress bar showing); -1 = the whole file.
  int64_t load_steps = -1;
  int64_t demo_refs = 0;  // > 0: synthetic frames instead of a script
  int width = 1600;
  int height = 1000;
  int64_t select_ref = 0;  // --select INDEX: select ref INDEX.1 (screenshots)
  std::vector<std::string> watch_types;  // --watch-type NAME (repeatable)
  std::string state_out;                 // --state-out FILE; empty = none
  std::string layout;  // --layout: "" = the default file, "none" = no file
  bool help = false;
};

[[nodiscard]] absl::StatusOr<AppOptions> ParseAppOptions(
    const std::vector<std::string>& args);
[[nodiscard]] const char* AppUsage();

// The ini file of the window layout for `options` and these environment
// values (null = unset): "" when `--layout none`; `--layout FILE` as given;
// else `$XDG_CONFIG_HOME/wod/imgui.ini`, else `$HOME/.config/wod/imgui.ini`
// ("" when neither is set).
[[nodiscard]] std::string LayoutIniPath(const AppOptions& options,
                                        const char* xdg_config_home,
                                        const char* home);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_APP_APP_OPTIONS_H_
