// wod_host: a workout in a terminal, as an app embedding wod would run it.
//
//   wod_host SCRIPT [--speed N]
//
// Reads commands from stdin, one per line, until EOF: an empty line or
// `next` completes the current step, `pause`, `resume`, `abort`. Cues,
// results and round milestones print as they happen. At EOF the workout
// keeps running while a timer can still end it; if it waits for the athlete
// with nobody left to answer, it is aborted.
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "blocks/workout_host.h"
#include "runtime/record.h"
#include "runtime/runtime_error.h"
#include "runtime/session_sink.h"

namespace {

std::string Clock(int64_t ms) {
  char text[32];
  std::snprintf(text, sizeof(text), "%lld:%02lld",
                static_cast<long long>(ms / 60000),
                static_cast<long long>(ms / 1000 % 60));
  return text;
}

// Prints what an athlete would see or hear.
class TerminalCues : public wod::runtime::SessionSink {
 public:
  void OnSound(const wod::runtime::Record& r) override {
    std::printf("[%s] sound %s", Clock(r.t_ms).c_str(), r.sound.c_str());
    if (r.sound_second) std::printf(" (%llds)", (long long)*r.sound_second);
    std::printf("\n");
  }
  void OnPush(const wod::runtime::Record& r) override {
    std::printf("[%s] now: %s\n", Clock(r.t_ms).c_str(), r.label.c_str());
  }
  void OnSegment(const wod::runtime::Record& r) override {
    std::printf(
        "[%s] done: %s in %.1f s (%s)\n", Clock(r.t_ms).c_str(),
        r.label.c_str(), static_cast<double>(r.elapsed_ms) / 1000.0,
        std::string(wod::runtime::CompletionReasonName(r.reason)).c_str());
  }
  void OnMilestone(const wod::runtime::Record& r) override {
    if (!r.round) return;
    std::printf("[%s] round %lld\n", Clock(r.t_ms).c_str(),
                static_cast<long long>(r.round->current));
  }
  void OnError(const wod::runtime::Record& r) override {
    std::printf(
        "[%s] error: %s\n", Clock(r.t_ms).c_str(),
        std::string(wod::runtime::RuntimeErrorMessage(r.error)).c_str());
  }
  void OnSessionEnd(const wod::runtime::TraceStep& last) override {
    std::printf("session ended after %s\n", Clock(last.t_ms).c_str());
  }
};

// True while some block on the stack runs a countdown: the workout can end
// without the athlete.
bool CanEndByItself(const wod::runtime::TraceStep& step) {
  for (const wod::runtime::TraceBlock& block : step.stack) {
    if (block.has_timer && block.countdown && !block.paused) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: wod_host SCRIPT [--speed N]\n");
    return 2;
  }
  double speed = 1.0;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--speed" && i + 1 < argc) {
      speed = std::strtod(argv[++i], nullptr);
    } else {
      std::fprintf(stderr, "wod_host: unknown argument '%s'\n", argv[i]);
      return 2;
    }
  }
  std::ifstream file(argv[1]);
  if (!file) {
    std::fprintf(stderr, "wod_host: cannot read '%s'\n", argv[1]);
    return 2;
  }
  std::stringstream text;
  text << file.rdbuf();

  TerminalCues cues;
  auto host = wod::blocks::WorkoutHost::Create(text.str(), {&cues, speed});
  if (!host.ok()) {
    std::fprintf(stderr, "wod_host: %s\n",
                 std::string(host.status().message()).c_str());
    return 2;
  }
  for (const auto& d : (*host)->session().parsed().diagnostics) {
    std::fprintf(stderr, "%s:%s\n", argv[1], d.ToString().c_str());
  }
  (*host)->Start();
  bool stdin_open = true;
  std::string pending;
  while (!(*host)->ended()) {
    if (stdin_open) {
      pollfd fd = {STDIN_FILENO, POLLIN, 0};
      if (poll(&fd, 1, 10) > 0) {
        char buffer[256];
        const ssize_t n = read(STDIN_FILENO, buffer, sizeof(buffer));
        if (n <= 0) {
          stdin_open = false;
        } else {
          pending.append(buffer, static_cast<size_t>(n));
        }
      }
    } else {
      usleep(10'000);  // one frame of a 100 Hz loop
    }
    for (size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
      const std::string command = pending.substr(0, eol);
      pending.erase(0, eol + 1);
      if (command.empty() || command == "next") {
        (*host)->Next();
      } else if (command == "pause") {
        (*host)->Pause();
      } else if (command == "resume") {
        (*host)->Resume();
      } else if (command == "abort") {
        (*host)->Abort();
      } else {
        std::fprintf(stderr, "wod_host: unknown command '%s'\n",
                     command.c_str());
      }
    }
    (*host)->Tick();
    if (!stdin_open && !(*host)->ended() &&
        !CanEndByItself((*host)->last_step())) {
      std::printf(
          "stdin closed while the workout waits for the athlete: "
          "abort\n");
      (*host)->Abort();
    }
    std::fflush(stdout);
  }
  return 0;
}
