#include "tools/cli/realtime_run.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "fmt/format.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"
#include "tools/cli/auto_pilot.h"
#include "tools/cli/terminal_view.h"

namespace wod::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitSignal = 130;  // 128 + SIGINT, the shell convention
constexpr int kFrameMs = 100;

runtime::StepCommand MakeCommand(runtime::CommandKind kind, int64_t ms = 0,
                                 std::string event = "") {
  runtime::StepCommand command;
  command.kind = kind;
  command.ms = ms;
  command.event = std::move(event);
  return command;
}

}  // namespace

int RunRealtime(std::string_view title, std::string_view script,
                const CliIo& io) {
  absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
      blocks::WorkoutSession::Create(script);
  if (!session.ok()) {
    *io.err << "wod-run: " << std::string(session.status().message()) << "\n";
    return kExitFailed;
  }
  RunSummary summary;
  TerminalViewState view;
  view.title = std::string(title);
  bool aborted_by_signal = false;
  bool aborted_by_user = false;
  {
    absl::StatusOr<std::unique_ptr<TerminalSession>> tty =
        TerminalSession::Open(io.input_fd);
    if (!tty.ok()) {
      *io.err << "wod-run: " << std::string(tty.status().message()) << "\n";
      return kExitFailed;
    }
    const auto start = std::chrono::steady_clock::now();
    int64_t fed_ms = 0;  // real time already given to the session
    runtime::TraceStep step = (*session)->Start();
    summary.Add(step);
    auto apply = [&](const runtime::StepCommand& command) {
      step = (*session)->Apply(command);
      summary.Add(step);
      if (!step.emitted.empty()) view.last_records = step.EmittedCell();
    };
    auto real_ms = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - start)
          .count();
    };
    // Gives the session the real time that passed since the last feed, so a
    // key press acts at the instant it was made.
    auto feed_time = [&] {
      const int64_t now = real_ms();
      if (now > fed_ms && !step.stack.empty()) {
        apply(MakeCommand(runtime::CommandKind::kTick, now - fed_ms));
        fed_ms = now;
      }
    };
    while (!step.stack.empty()) {
      view.real_elapsed_ms = real_ms();
      *io.out << RenderTerminalView(step, view) << std::flush;
      pollfd fds[2] = {{(*tty)->input_fd(), POLLIN, 0},
                       {(*tty)->signal_fd(), POLLIN, 0}};
      const int ready = poll(fds, 2, kFrameMs);
      if (ready < 0 && errno != EINTR) break;
      if (ready > 0 && (fds[1].revents & POLLIN) != 0) {
        bool stop = false;
        bool suspend = false;
        signalfd_siginfo info{};
        while (read((*tty)->signal_fd(), &info, sizeof(info)) ==
               static_cast<ssize_t>(sizeof(info))) {
          if (info.ssi_signo == SIGTSTP) {
            suspend = true;
          } else {
            stop = true;
          }
        }
        if (stop) {
          aborted_by_signal = true;
          feed_time();
          if (!step.stack.empty()) {
            apply(MakeCommand(runtime::CommandKind::kEvent, 0, "abort"));
          }
          break;
        }
        if (suspend) {
          // The workout clock keeps running while suspended, like a wall
          // clock: the gap is fed as one tick after `fg`.
          *io.out << "\x1b[H\x1b[2J[suspended: fg to continue]\r\n"
                  << std::flush;
          (*tty)->Suspend();
        }
        continue;
      }
      if (ready > 0 && (fds[0].revents & (POLLIN | POLLHUP)) != 0) {
        char keys[64];
        const ssize_t n = read((*tty)->input_fd(), keys, sizeof(keys));
        if (n <= 0) {
          // The terminal went away: nobody can press Enter any more.
          aborted_by_user = true;
          feed_time();
          if (!step.stack.empty()) {
            apply(MakeCommand(runtime::CommandKind::kEvent, 0, "abort"));
          }
          break;
        }
        for (ssize_t i = 0; i < n && !step.stack.empty(); ++i) {
          const char key = keys[i];
          if (key == '\n' || key == '\r' || key == ' ') {
            feed_time();
            if (!step.stack.empty()) {
              apply(MakeCommand(runtime::CommandKind::kNext));
            }
          } else if (key == 'p' || key == 'P') {
            feed_time();
            const bool paused =
                !step.stack.empty() && step.stack.front().paused;
            if (!step.stack.empty()) {
              apply(MakeCommand(runtime::CommandKind::kEvent, 0,
                                paused ? "timer:resume" : "timer:pause"));
            }
          } else if (key == 'q' || key == 'Q') {
            aborted_by_user = true;
            feed_time();
            if (!step.stack.empty()) {
              apply(MakeCommand(runtime::CommandKind::kEvent, 0, "abort"));
            }
          }
        }
        continue;
      }
      feed_time();
    }
    view.real_elapsed_ms = real_ms();
    view.status = aborted_by_signal ? "interrupted"
                  : aborted_by_user ? "aborted"
                                    : "session ended";
    *io.out << RenderTerminalView(step, view) << std::flush;
  }  // the terminal is restored here, before the summary is printed
  *io.out << "\n"
          << (aborted_by_signal ? "interrupted"
              : aborted_by_user ? "aborted"
                                : "session ended")
          << ": " << summary.Text() << "\n";
  return aborted_by_signal ? kExitSignal : kExitOk;
}

}  // namespace wod::cli
