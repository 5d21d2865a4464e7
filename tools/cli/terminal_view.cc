#include "tools/cli/terminal_view.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fmt/format.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"

namespace wod::cli {
namespace {

// "0:35" with whole seconds: the view refreshes ten times a second and a
// running fraction would only flicker.
std::string Clock(int64_t ms) { return FormatDuration(ms / 1000 * 1000); }

}  // namespace

std::string TimerText(const runtime::TraceBlock& block) {
  if (!block.has_timer) return "";
  if (!block.countdown) return fmt::format("↑ {}", Clock(block.elapsed_ms));
  const int64_t left = block.duration_ms > block.elapsed_ms
                           ? block.duration_ms - block.elapsed_ms
                           : 0;
  // Round the time left up, as a kitchen timer does: 4:24.3 left shows 4:25.
  const int64_t left_shown = (left + 999) / 1000 * 1000;
  return fmt::format("↓ {} / {} ({} left)", Clock(block.elapsed_ms),
                     Clock(block.duration_ms), Clock(left_shown));
}

std::string RenderTerminalView(const runtime::TraceStep& step,
                               const TerminalViewState& state) {
  std::string out = "\x1b[H\x1b[2J";  // cursor home, clear screen
  out += fmt::format("wod-run — {}    ⏱ {}    virtual t {} ms\r\n", state.title,
                     Clock(state.real_elapsed_ms), step.t_ms);
  out += "────────────────────────────────────────\r\n";
  if (step.stack.empty()) {
    out += "  — (empty)\r\n";
  }
  bool top = true;
  for (const runtime::TraceBlock& block : step.stack) {
    std::string line = top ? " ▶ " : "   ";
    top = false;
    line += block.type;
    if (block.type != "SessionRoot" && block.type != "WaitingToStart") {
      line += fmt::format(" \"{}\"", block.label);
    }
    if (block.has_round) {
      line += fmt::format("  round {}/{}", block.round_current,
                          block.round_total.has_value()
                              ? fmt::format("{}", *block.round_total)
                              : std::string("∞"));
    }
    if (block.has_timer) line += "  " + TimerText(block);
    if (block.paused) line += "  paused";
    if (!block.complete_reason.empty()) {
      line += "  complete:" + block.complete_reason;
    }
    out += line + "\r\n";
  }
  out += "────────────────────────────────────────\r\n";
  if (!state.last_records.empty()) {
    out += fmt::format("last: {}\r\n", state.last_records);
  }
  if (!state.status.empty()) out += fmt::format("[{}]\r\n", state.status);
  out += "Enter = next · p = pause/resume · q = abort\r\n";
  return out;
}

absl::StatusOr<std::unique_ptr<TerminalSession>> TerminalSession::Open(int fd) {
  termios saved{};
  if (tcgetattr(fd, &saved) != 0) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read the terminal settings: {}", strerror(errno)));
  }
  // Signals that end a run arrive through a signalfd instead of a handler:
  // block them, then read them in the poll loop like input.
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGHUP);
  sigaddset(&mask, SIGQUIT);
  sigaddset(&mask, SIGTSTP);
  sigset_t saved_mask;
  if (int rc = pthread_sigmask(SIG_BLOCK, &mask, &saved_mask); rc != 0) {
    return absl::InternalError(
        fmt::format("cannot block signals: {}", strerror(rc)));
  }
  const int signal_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0) {
    const int error = errno;
    pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
    return absl::InternalError(
        fmt::format("cannot create a signalfd: {}", strerror(error)));
  }
  // Non-canonical, no echo: keys arrive one by one and are not printed.
  // ISIG stays on so Ctrl-C still raises SIGINT (read from the signalfd).
  termios raw = saved;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(fd, TCSANOW, &raw) != 0) {
    const int error = errno;
    close(signal_fd);
    pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
    return absl::FailedPreconditionError(
        fmt::format("cannot set the terminal mode: {}", strerror(error)));
  }
  return std::unique_ptr<TerminalSession>(
      new TerminalSession(fd, saved, raw, saved_mask, signal_fd));
}

void TerminalSession::Suspend() {
  tcsetattr(fd_, TCSANOW, &saved_);
  // SIGTSTP is blocked (it reached us through the signalfd), so stop with
  // SIGSTOP; execution continues here on SIGCONT.
  kill(getpid(), SIGSTOP);
  tcsetattr(fd_, TCSANOW, &raw_);
}

TerminalSession::~TerminalSession() {
  // Restore the terminal first: whatever happens next, the user's shell
  // gets its line editing and echo back.
  tcsetattr(fd_, TCSANOW, &saved_);
  close(signal_fd_);
  // Signals already read from the signalfd are consumed; any still pending
  // are delivered by the restored mask as they would have been without us.
  pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
}

}  // namespace wod::cli
