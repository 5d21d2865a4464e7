#include "debugger/app/app_options.h"

#include <charconv>
#include <string_view>

#include "absl/status/status.h"

namespace wod::debugger {

namespace {

absl::StatusOr<int64_t> ParseInt(const std::string& flag,
                                 const std::string& text, int64_t lo,
                                 int64_t hi) {
  int64_t value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo ||
      value > hi) {
    return absl::InvalidArgumentError(
        flag + ": expected a whole number in [" + std::to_string(lo) + ", " +
        std::to_string(hi) + "], got '" + text + "'");
  }
  return value;
}

// A flag whose value is kept as given, and the error for an empty value
// (null: an empty value is fine).
struct TextFlag {
  std::string_view name;
  std::string AppOptions::*field;
  const char* if_empty;
};

constexpr TextFlag kTextFlags[] = {
    {"--script", &AppOptions::script, nullptr},
    {"--steps", &AppOptions::steps, nullptr},
    {"--screenshot", &AppOptions::screenshot, nullptr},
    {"--state-out", &AppOptions::state_out, "--state-out: empty path"},
    {"--open", &AppOptions::open, nullptr},
    {"--attach", &AppOptions::attach, "--attach: empty address"},
    {"--follow", &AppOptions::follow, "--follow: empty path"},
    {"--layout", &AppOptions::layout,
     "--layout: expected 'none' or an ini file path"},
};

const TextFlag* FindTextFlag(std::string_view name) {
  for (const TextFlag& flag : kTextFlags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

}  // namespace

const char* AppUsage() {
  return "usage: wod-debug [--script FILE] [--steps \"next; tick 1000\"]\n"
         "                 [--demo N] [--select INDEX] [--screenshot out.png]\n"
         "                 [--size WxH] [--open FILE.wodrec [--load-steps N]]\n"
         "                 [--watch-type NAME]... [--state-out FILE]\n"
         "                 [--layout none|FILE]\n"
         "       wod-debug --attach unix:PATH [--screenshot out.png "
         "[--timeout S]]\n"
         "       wod-debug --follow FILE.wodrec [--screenshot out.png "
         "[--timeout S]]\n"
         "--attach follows a session another process publishes (wod-run "
         "--publish);\n"
         "--follow a recording still being written. With --screenshot they "
         "write the\n"
         "PNG when the stream ends; --timeout S bounds the wait (exit 1).\n"
         "Shortcuts: Ctrl+Enter run, Space pause/resume, F10 next, F5 reset,\n"
         "Esc abort (asks first), Left/Right step, Shift+Left/Right record,\n"
         "Ctrl+Left/Right change of the selected ref, Home/End, F8 / Shift+F8\n"
         "next / previous watch hit, Ctrl+B bookmark, [ ] bookmarks,\n"
         "Ctrl+G go to time, Ctrl+Q quit.\n";
}

std::string LayoutIniPath(const AppOptions& options,
                          const char* xdg_config_home, const char* home) {
  if (options.layout == "none") return "";
  if (!options.layout.empty()) return options.layout;
  // The XDG base directory rule: an empty or relative value is ignored.
  if (xdg_config_home != nullptr && xdg_config_home[0] == '/') {
    return std::string(xdg_config_home) + "/wod/imgui.ini";
  }
  if (home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.config/wod/imgui.ini";
  }
  return "";
}

absl::StatusOr<AppOptions> ParseAppOptions(
    const std::vector<std::string>& args) {
  AppOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      return absl::InvalidArgumentError("unknown or incomplete argument '" + a +
                                        "'");
    }
    const std::string& v = args[++i];
    if (const TextFlag* flag = FindTextFlag(a); flag != nullptr) {
      if (v.empty() && flag->if_empty != nullptr) {
        return absl::InvalidArgumentError(flag->if_empty);
      }
      o.*flag->field = v;
    } else if (a == "--timeout") {
      auto n = ParseInt(a, v, 1, 86'400);
      if (!n.ok()) return n.status();
      o.timeout_s = *n;
    } else if (a == "--load-steps") {
      auto n = ParseInt(a, v, 0, 100'000'000);
      if (!n.ok()) return n.status();
      o.load_steps = *n;
    } else if (a == "--demo") {
      auto n = ParseInt(a, v, 1, 2'000'000);
      if (!n.ok()) return n.status();
      o.demo_refs = *n;
    } else if (a == "--watch-type") {
      if (v.empty())
        return absl::InvalidArgumentError("--watch-type: empty name");
      o.watch_types.push_back(v);
    } else if (a == "--select") {
      auto n = ParseInt(a, v, 1, 0xffffffffll);
      if (!n.ok()) return n.status();
      o.select_ref = *n;
    } else if (a == "--size") {
      const size_t x = v.find('x');
      if (x == std::string::npos) {
        return absl::InvalidArgumentError("--size: expected WxH, got '" + v +
                                          "'");
      }
      auto w = ParseInt(a, v.substr(0, x), 320, 8192);
      if (!w.ok()) return w.status();
      auto h = ParseInt(a, v.substr(x + 1), 240, 8192);
      if (!h.ok()) return h.status();
      o.width = static_cast<int>(*w);
      o.height = static_cast<int>(*h);
    } else {
      return absl::InvalidArgumentError("unknown argument '" + a + "'");
    }
  }
  if (!o.open.empty() &&
      (!o.script.empty() || !o.steps.empty() || o.demo_refs > 0)) {
    return absl::InvalidArgumentError(
        "--open browses a recording; it cannot be combined with --script, "
        "--steps or --demo");
  }
  const int sources = (o.open.empty() ? 0 : 1) + (o.attach.empty() ? 0 : 1) +
                      (o.follow.empty() ? 0 : 1);
  if (sources > 1) {
    return absl::InvalidArgumentError(
        "--open, --attach and --follow each name what to show; give one");
  }
  if ((!o.attach.empty() || !o.follow.empty()) &&
      (!o.script.empty() || !o.steps.empty() || o.demo_refs > 0)) {
    return absl::InvalidArgumentError(
        "--attach and --follow show a session running elsewhere; they cannot "
        "be combined with --script, --steps or --demo");
  }
  if (o.load_steps >= 0 && (o.open.empty() || o.screenshot.empty())) {
    return absl::InvalidArgumentError(
        "--load-steps takes the screenshot of --open part-way through "
        "loading; it needs --open and --screenshot");
  }
  if (o.timeout_s > 0 &&
      (o.screenshot.empty() || (o.attach.empty() && o.follow.empty()))) {
    return absl::InvalidArgumentError(
        "--timeout bounds --attach or --follow with --screenshot");
  }
  return o;
}

}  // namespace wod::debugger
