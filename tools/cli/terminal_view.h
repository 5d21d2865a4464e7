// The live terminal view of `wod-run --realtime`, and the terminal it owns.
//
// `RenderTerminalView` is a pure function from the current step to the text
// of one screen (stack top first, with round counters and timers as clock
// times and the time left on countdowns), so it is unit-tested without a
// terminal. `TerminalSession` owns the terminal for the duration of a run:
// it switches stdin to non-canonical, no-echo mode and routes SIGINT,
// SIGTERM, SIGHUP, SIGQUIT and SIGTSTP to a signalfd that the run loop polls,
// so Ctrl-C ends the run through the normal path, Ctrl-Z suspends with the
// user's terminal settings back in place, and the settings are always
// restored by the destructor. There is no global or static state: no
// signal handler runs at all (the signals are blocked and read as data).
//
//   absl::StatusOr<std::unique_ptr<TerminalSession>> tty =
//       TerminalSession::Open(STDIN_FILENO);
//   ... poll({(*tty)->input_fd(), (*tty)->signal_fd()}) ...
//   // leaving scope restores termios and the signal mask
#ifndef WOD_TOOLS_CLI_TERMINAL_VIEW_H_
#define WOD_TOOLS_CLI_TERMINAL_VIEW_H_

#include <signal.h>
#include <termios.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "runtime/step_trace.h"

namespace wod::cli {

struct TerminalViewState {
  std::string title;  // usually the script file name
  int64_t real_elapsed_ms = 0;
  std::string last_records;  // emitted cell of the last step that had any
  std::string status;        // e.g. "paused", "session ended"
};

// One full screen: starts with "clear screen, cursor home" (ANSI), then the
// lines. Only plain UTF-8 and the two ANSI sequences, whatever the locale.
[[nodiscard]] std::string RenderTerminalView(const runtime::TraceStep& step,
                                             const TerminalViewState& state);

// The timer of a block as a human reads it: "↓ 0:35 / 5:00 (4:25 left)" or
// "↑ 1:02"; empty when the block has no timer.
[[nodiscard]] std::string TimerText(const runtime::TraceBlock& block);

class TerminalSession {
 public:
  // REQUIRES: `fd` is a terminal (isatty). Fails if the terminal or the
  // signal mask cannot be set; nothing is changed then.
  static absl::StatusOr<std::unique_ptr<TerminalSession>> Open(int fd);

  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;
  ~TerminalSession();

  [[nodiscard]] int input_fd() const { return fd_; }
  // Readable when SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGTSTP arrived; read one
  // `signalfd_siginfo` per signal.
  [[nodiscard]] int signal_fd() const { return signal_fd_; }

  // Ctrl-Z: puts the saved terminal settings back, stops the process
  // (SIGSTOP, which cannot be blocked) and, once continued (`fg`), switches
  // the terminal back to the run's mode.
  void Suspend();

 private:
  TerminalSession(int fd, const termios& saved, const termios& raw,
                  const sigset_t& saved_mask, int signal_fd)
      : fd_(fd),
        saved_(saved),
        raw_(raw),
        saved_mask_(saved_mask),
        signal_fd_(signal_fd) {}

  int fd_;
  termios saved_;
  termios raw_;
  sigset_t saved_mask_;
  int signal_fd_;
};

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_TERMINAL_VIEW_H_
