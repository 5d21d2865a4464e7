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
#include "blocks/workout_host.h"
#include "debugger/attach/session_publisher.h"
#include "fmt/format.h"
#include "runtime/session_sink.h"
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

// The session's outputs as the terminal shows them: every step counts in
// the summary, and the latest records stay on screen.
class TerminalSink : public runtime::SessionSink {
 public:
  TerminalSink(RunSummary& summary, TerminalViewState& view)
      : summary_(summary), view_(view) {}
  void OnStep(const runtime::TraceStep& step) override {
    summary_.Add(step);
    if (!step.emitted.empty()) view_.last_records = step.EmittedCell();
  }

 private:
  RunSummary& summary_;
  TerminalViewState& view_;
};

}  // namespace

int RunRealtime(std::string_view title, std::string_view script,
                const CliIo& io, const CliOptions& options) {
  RunSummary summary;
  TerminalViewState view;
  view.title = std::string(title);
  TerminalSink sink(summary, view);
  // --publish: the publisher is the host's sink and forwards to ours.
  absl::StatusOr<std::unique_ptr<attach::SessionPublisher>> publisher =
      OpenPublisher(options, script, &sink, io);
  if (!publisher.ok()) {
    *io.err << "wod-run: " << std::string(publisher.status().message()) << "\n";
    return 2;
  }
  runtime::SessionSink* host_sink =
      *publisher != nullptr
          ? static_cast<runtime::SessionSink*>(publisher->get())
          : &sink;
  // The real clock drives the session (blocks/workout_host.h): each key
  // acts at the instant it was pressed, and time between keys becomes ticks.
  absl::StatusOr<std::unique_ptr<blocks::WorkoutHost>> host =
      blocks::WorkoutHost::Create(script, {host_sink, 1.0});
  if (!host.ok()) {
    *io.err << "wod-run: " << std::string(host.status().message()) << "\n";
    return kExitFailed;
  }
  bool aborted_by_signal = false;
  bool aborted_by_user = false;
  {
    absl::StatusOr<std::unique_ptr<TerminalSession>> tty =
        TerminalSession::Open(io.input_fd);
    if (!tty.ok()) {
      *io.err << "wod-run: " << std::string(tty.status().message()) << "\n";
      return kExitFailed;
    }
    blocks::WorkoutHost& run = **host;
    const auto start = blocks::WorkoutHost::Clock::now();
    run.Start(start);
    auto real_ms = [&] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 blocks::WorkoutHost::Clock::now() - start)
          .count();
    };
    while (!run.ended()) {
      view.real_elapsed_ms = real_ms();
      *io.out << RenderTerminalView(run.last_step(), view) << std::flush;
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
          run.Abort();
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
          run.Abort();
          break;
        }
        for (ssize_t i = 0; i < n && !run.ended(); ++i) {
          const char key = keys[i];
          if (key == '\n' || key == '\r' || key == ' ') {
            run.Next();
          } else if (key == 'p' || key == 'P') {
            if (run.paused()) {
              run.Resume();
            } else {
              run.Pause();
            }
          } else if (key == 'q' || key == 'Q') {
            aborted_by_user = true;
            run.Abort();
          }
        }
        continue;
      }
      run.Tick();
    }
    view.real_elapsed_ms = real_ms();
    view.status = aborted_by_signal ? "interrupted"
                  : aborted_by_user ? "aborted"
                                    : "session ended";
    *io.out << RenderTerminalView(run.last_step(), view) << std::flush;
  }  // the terminal is restored here, before the summary is printed
  FinishPublisher(publisher->get(), io);
  *io.out << "\n"
          << (aborted_by_signal ? "interrupted"
              : aborted_by_user ? "aborted"
                                : "session ended")
          << ": " << summary.Text() << "\n";
  return aborted_by_signal ? kExitSignal : kExitOk;
}

}  // namespace wod::cli
