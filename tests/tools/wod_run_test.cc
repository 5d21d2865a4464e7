// End-to-end tests of wod-run (tools/cli/wod_run.h) with the real
// interpreter: in-process runs of RunWodRun for every mode, and the binary
// under a pseudo-terminal for --realtime. Expected rows are never hard-coded
// here: they come from a WorkoutSession driven directly, so these tests pin
// what the CLI adds (format, modes, exit statuses), not the interpreter.
#include "tools/cli/wod_run.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/workout_session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A scratch directory per test, removed afterwards.
class WodRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("wod_run_test_") + info->name() + "_" +
            std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Runs wod-run in-process; stdin is `input`, the terminal fd is a pipe.
  int Run(const std::vector<std::string>& args, const std::string& input = "") {
    std::istringstream in(input);
    out_.str("");
    err_.str("");
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    CliIo io;
    io.in = &in;
    io.out = &out_;
    io.err = &err_;
    io.input_fd = fds[0];
    io.auto_limits = limits_;
    const int status = RunWodRun(args, io);
    close(fds[0]);
    close(fds[1]);
    return status;
  }

  // The rows a WorkoutSession gives for `script` and `steps`, directly.
  static std::vector<std::string> DirectRows(const std::string& script,
                                             const std::string& steps) {
    std::vector<std::string> rows;
    absl::StatusOr<std::vector<runtime::StepCommand>> commands =
        runtime::ParseStepCommands(steps);
    EXPECT_TRUE(commands.ok());
    absl::StatusOr<std::unique_ptr<blocks::WorkoutSession>> session =
        blocks::WorkoutSession::Create(script);
    EXPECT_TRUE(session.ok());
    if (!commands.ok() || !session.ok()) return rows;
    rows.push_back((*session)->Start().Row());
    for (const runtime::StepCommand& c : *commands) {
      rows.push_back((*session)->Apply(c).Row());
    }
    return rows;
  }

  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
  AutoLimits limits_;
};

constexpr char kCindy[] =
    "20:00 AMRAP\n  5 Pullups\n  10 Pushups\n  15 Air Squats\n";
constexpr char kSteps[] = "next; next; tick 60000; next; pause; tick 5; resume";

TEST_F(WodRunTest, StepsPrintsTheHeaderAndOneRowPerStep) {
  const std::string file = Write("cindy.wod", kCindy);
  ASSERT_EQ(Run({file, "--steps", kSteps}), 0) << err_.str();
  std::vector<std::string> expected = Lines(runtime::TraceTableHeader());
  for (const std::string& row : DirectRows(kCindy, kSteps)) {
    expected.push_back(row);
  }
  EXPECT_EQ(Lines(out_.str()), expected);
  EXPECT_EQ(err_.str(), "");
}

TEST_F(WodRunTest, ScriptFromStdinAndNoStepsGivesRowZero) {
  ASSERT_EQ(Run({"-"}, kCindy), 0) << err_.str();
  std::vector<std::string> expected = Lines(runtime::TraceTableHeader());
  expected.push_back(DirectRows(kCindy, "")[0]);
  EXPECT_EQ(Lines(out_.str()), expected);
}

TEST_F(WodRunTest, JsonLinesCarryTheSameRows) {
  const std::string file = Write("cindy.wod", kCindy);
  ASSERT_EQ(Run({file, "--steps", kSteps, "--format", "json"}), 0)
      << err_.str();
  const std::vector<std::string> lines = Lines(out_.str());
  const std::vector<std::string> rows = DirectRows(kCindy, kSteps);
  ASSERT_EQ(lines.size(), rows.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    EXPECT_THAT(lines[i],
                StartsWith("{\"step\":" + std::to_string(i) + ",\"action\":"));
    for (const char* key : {"\"t_ms\":", "\"depth\":", "\"stack\":[",
                            "\"emitted\":[", "\"row\":\"| "}) {
      EXPECT_THAT(lines[i], HasSubstr(key));
    }
    // The row member is the table row (no `"` or `\` escapes needed in
    // these rows' comparison once JSON escapes are undone for quotes).
    std::string row_json = rows[i];
    std::string escaped;
    for (char c : row_json) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    EXPECT_THAT(lines[i], HasSubstr("\"row\":\"" + escaped + "\"}"));
  }
}

TEST_F(WodRunTest, SnapshotFollowsEveryStepDeterministically) {
  const std::string file = Write("cindy.wod", kCindy);
  ASSERT_EQ(Run({file, "--steps", kSteps, "--format", "json", "--snapshot"}), 0)
      << err_.str();
  const std::string first = out_.str();
  const std::vector<std::string> lines = Lines(first);
  ASSERT_EQ(lines.size(), DirectRows(kCindy, kSteps).size());
  for (const std::string& line : lines) {
    EXPECT_THAT(line, HasSubstr("\",\"snapshot\":{"));
    EXPECT_THAT(line, ::testing::EndsWith("}}"));
  }
  // Same script, same commands: byte-identical output
  // (docs/spec/design.md §1, determinism).
  ASSERT_EQ(Run({file, "--steps", kSteps, "--format", "json", "--snapshot"}),
            0);
  EXPECT_EQ(out_.str(), first);

  // Table form: each row is followed by its snapshot, indented.
  ASSERT_EQ(Run({file, "--steps", "next", "--snapshot"}), 0) << err_.str();
  const std::vector<std::string> table = Lines(out_.str());
  const std::vector<std::string> rows = DirectRows(kCindy, "next");
  size_t row = 0;
  for (size_t i = 2; i < table.size(); ++i) {
    if (table[i].rfind("| ", 0) == 0) {
      ASSERT_LT(row, rows.size());
      EXPECT_EQ(table[i], rows[row++]);
      ASSERT_LT(i + 1, table.size()) << "no snapshot after row " << row;
      EXPECT_THAT(table[i + 1], StartsWith("    "));
    } else {
      EXPECT_THAT(table[i], StartsWith("    "));
    }
  }
  EXPECT_EQ(row, rows.size());
}

TEST_F(WodRunTest, BadStepsExitTwoAndRunNothing) {
  const std::string file = Write("cindy.wod", kCindy);
  EXPECT_EQ(Run({file, "--steps", "next; nxt"}), 2);
  EXPECT_EQ(err_.str(), "steps:1:7: unknown command 'nxt'\n");
  EXPECT_EQ(out_.str(), "");
  // Checked before the file is even read.
  EXPECT_EQ(Run({(dir_ / "missing.wod").string(), "--steps", "tick -1"}), 2);
  EXPECT_EQ(err_.str(),
            "steps:1:6: '-1' is not a whole number of milliseconds\n");
}

TEST_F(WodRunTest, UnreadableInputIsAClearErrorWithStatusTwo) {
  const std::string missing = (dir_ / "missing.wod").string();
  EXPECT_EQ(Run({missing}), 2);
  EXPECT_EQ(err_.str(), "wod-run: cannot read '" + missing +
                            "': No such file or directory\n");
  EXPECT_EQ(Run({dir_.string(), "--auto"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("it is a directory"));
  EXPECT_EQ(Run({"--verify", missing}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("cannot read"));
  EXPECT_EQ(Run({"w.wod", "--bogus"}), 2);
  EXPECT_EQ(err_.str(),
            "wod-run: unknown option '--bogus' (see wod-run --help)\n");
}

TEST_F(WodRunTest, HelpPrintsUsage) {
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_THAT(out_.str(), StartsWith("usage:\n  wod-run FILE"));
}

TEST_F(WodRunTest, CheckPrintsDiagnosticsWithFileLineColumn) {
  const std::string good = Write("good.wod", kCindy);
  EXPECT_EQ(Run({good, "--check"}), 0);
  EXPECT_EQ(out_.str(), "");
  // docs/spec/language.md §5: seconds > 59 beside minutes is invalid.
  const std::string bad = Write("bad.wod", "5 Pullups\n1:75 Run\n");
  EXPECT_EQ(Run({bad, "--check"}), 1);
  EXPECT_THAT(out_.str(), StartsWith(bad + ":2:"));
  EXPECT_THAT(out_.str(), HasSubstr("error"));
}

TEST_F(WodRunTest, RunModesReportScriptErrors) {
  // docs/spec/language.md §6.2: 1:75 is invalid. The run still happens (rows
  // are printed), the diagnostics go to stderr, the exit status is 1.
  const std::string bad = Write("bad.wod", "5 Pullups\n1:75 Run\n");
  EXPECT_EQ(Run({bad, "--steps", "next; next"}), 1);
  EXPECT_THAT(err_.str(), StartsWith(bad + ":2:1: error: "));
  EXPECT_EQ(Lines(out_.str()).size(), 2u + 3u);  // header + 3 rows
  EXPECT_EQ(Run({bad, "--auto"}), 1);
  EXPECT_THAT(err_.str(), StartsWith(bad + ":2:1: error: "));
  EXPECT_THAT(Lines(out_.str()).back(), HasSubstr(", 1 script error"));
  EXPECT_EQ(Run({bad, "--auto", "--format", "json"}), 1);
  EXPECT_THAT(Lines(out_.str()).back(),
              HasSubstr("\"errors\":1,\"script_errors\":1}}"));
  EXPECT_EQ(Run({"-", "--auto"}, "1:75 Run\n"), 1);
  EXPECT_THAT(err_.str(), StartsWith("<stdin>:1:1: error: "));
  // A clean script: nothing on stderr, status 0, no script-error count.
  const std::string good = Write("good.wod", kCindy);
  EXPECT_EQ(Run({good, "--steps", "next"}), 0);
  EXPECT_EQ(err_.str(), "");
}

TEST_F(WodRunTest, WriteErrorsOnStdoutAreExitTwoInEveryMode) {
  const std::string file = Write("cindy.wod", kCindy);
  const std::string bad = Write("bad.wod", "1:75 Run\n");
  const int full = open("/dev/full", O_WRONLY);
  ASSERT_GE(full, 0);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--help"},
           {file, "--steps", "next"},
           {file, "--auto"},
           {file, "--auto", "--format", "json"},
           {bad, "--auto"},  // script errors (1) and a write error: 2
           {bad, "--check"}}) {
    SCOPED_TRACE(args[0] + " " + args.back());
    FdOutputBuffer buffer(full);
    std::ostream out(&buffer);
    std::istringstream in;
    err_.str("");
    CliIo io;
    io.in = &in;
    io.out = &out;
    io.err = &err_;
    io.out_errno = [&buffer] { return buffer.error(); };
    EXPECT_EQ(RunWodRun(args, io), 2);
    EXPECT_THAT(err_.str(),
                HasSubstr("wod-run: cannot write '<stdout>': No space left on "
                          "device\n"));
  }
  close(full);
}

TEST_F(WodRunTest, AnOutputThatIsAnInputIsRefused) {
  const std::string file = Write("x.wod", kCindy);
  EXPECT_EQ(Run({file, "--auto", "--export-trace", file}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("refusing to write --export-trace"));
  EXPECT_EQ(out_.str(), "");
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_EQ(text, kCindy);
}

TEST_F(WodRunTest, VerifyWithoutCasesIsAnError) {
  EXPECT_EQ(Run({"--verify", Write("empty.md", "")}), 2);
  EXPECT_EQ(err_.str(),
            "wod-run: no cases found in 'empty.md' (a case is a '## ' heading, "
            "a script block and a step table)\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(WodRunTest, AutoRunsToTheEndAndSummarizes) {
  const std::string file = Write("cindy.wod", "2:00 AMRAP\n  5 Burpees\n");
  ASSERT_EQ(Run({file, "--auto"}), 0) << err_.str();
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_GE(lines.size(), 5u);
  EXPECT_THAT(lines.back(), StartsWith("session ended: duration 2:00 "));
  // The last table row is the one at which the stack became empty.
  EXPECT_THAT(lines[lines.size() - 3], HasSubstr("**session ended**"));
}

TEST_F(WodRunTest, AutoStopsAtTheBoundWithAClearMessage) {
  // An AMRAP longer than the bound of virtual time.
  const std::string file = Write("long.wod", "60:00 AMRAP\n  5 Burpees\n");
  limits_.max_virtual_ms = 10000;
  EXPECT_EQ(Run({file, "--auto"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("did not end within"));
  limits_ = AutoLimits{};
  limits_.max_steps = 7;
  EXPECT_EQ(Run({file, "--auto", "--format", "json"}), 1);
  const std::vector<std::string> lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 9u);  // row 0, 7 steps, the summary
  EXPECT_THAT(lines.back(), StartsWith("{\"summary\":{\"ended\":false,"));
}

TEST_F(WodRunTest, AutoStopsAtTheOutputBoundWithAClearMessage) {
  // An AMRAP that would print for an hour of virtual time: the byte bound
  // stops it first, after the step that crossed it.
  const std::string file = Write("long.wod", "60:00 AMRAP\n  5 Burpees\n");
  limits_.max_output_bytes = 2000;
  EXPECT_EQ(Run({file, "--auto"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("the output passed 2000 bytes"));
  const std::string table = out_.str();
  const size_t summary = table.find("\ndid not end: ");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_GE(summary, 2000u);
  EXPECT_LT(summary, 2000u + 1000u);  // one row past the bound at most
}

TEST_F(WodRunTest, RealtimeWithoutATerminalIsRefused) {
  const std::string file = Write("cindy.wod", kCindy);
  EXPECT_EQ(Run({file, "--realtime"}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("--realtime needs a terminal"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(WodRunTest, VerifyPassesARecordedTableAndFailsAWrongOne) {
  const std::string script = "10 Pullups\n:30 Rest\n";
  const std::string steps = "next; next; tick 30000";
  const std::vector<std::string> rows = DirectRows(script, steps);
  std::string table = runtime::TraceTableHeader() + "\n";
  for (const std::string& row : rows) table += row + "\n";
  const std::string md =
      "# t\n\n## Z1 · recorded\n\n```\n" + script + "```\n\n" + table;
  const std::string good = Write("good.md", md);
  EXPECT_EQ(Run({"--verify", good}), 0) << out_.str() << err_.str();
  EXPECT_EQ(out_.str(), "ok   good.md:Z1\n1 passed, 0 failed\n");

  // Same table with row 2's time changed: fails at row 2.
  std::string wrong_table = runtime::TraceTableHeader() + "\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string row = rows[i];
    if (i == 2) row.replace(row.find(" | 0 | "), 7, " | 77 | ");
    wrong_table += row + "\n";
  }
  const std::string bad =
      Write("bad.md", "## Z1 · x\n```\n" + script + "```\n" + wrong_table);
  EXPECT_EQ(Run({"--verify", bad, good}), 1);
  EXPECT_THAT(out_.str(), StartsWith("FAIL bad.md:Z1 row 2\n  expected: "));
  EXPECT_THAT(out_.str(), HasSubstr("ok   good.md:Z1\n1 passed, 1 failed\n"));

  // A deviation with the right table turns the failure into a pass.
  const std::string dev =
      Write("dev.md", "## bad.md:Z1\nReason: test\n" + table);
  EXPECT_EQ(Run({"--verify", bad, "--deviations", dev}), 0) << out_.str();
  EXPECT_EQ(out_.str(),
            "ok   bad.md:Z1\n1 cases compared against deviations\n1 passed, 0 "
            "failed\n");
  // A deviation for a case that does not exist is an input error.
  const std::string stray =
      Write("stray.md", "## bad.md:Z9\nReason: test\n" + table);
  EXPECT_EQ(Run({"--verify", bad, "--deviations", stray}), 2);
  EXPECT_THAT(err_.str(), HasSubstr("deviation 'bad.md:Z9' names no case"));
}

// --realtime needs a real terminal: run the binary on a pseudo-terminal.
struct PtyRun {
  int status = -1;
  std::string output;
  bool canonical_after = false;
  bool echo_after = false;
  bool stopped = false;                  // seen stopped after a Ctrl-Z
  bool canonical_while_stopped = false;  // the user's mode while stopped
};

// Starts wod-run FILE --realtime on a pty, sends `keys` one chunk at a time
// (waiting `gap_ms` between chunks), and collects the output until exit.
// After a Ctrl-Z chunk ("\x1a") it waits for the child to stop, records the
// terminal mode, and continues it (SIGCONT) as `fg` would.
PtyRun RunOnPty(const std::string& file, const std::vector<std::string>& keys,
                int gap_ms) {
  PtyRun result;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return result;
  if (pid == 0) {
    execl(WOD_RUN_BINARY, WOD_RUN_BINARY, file.c_str(), "--realtime",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Reads output for `timeout_ms`, or until `until_seen` appears in it.
  auto drain = [&](int timeout_ms, const std::string& until_seen = "") {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < until) {
      if (!until_seen.empty() &&
          result.output.find(until_seen) != std::string::npos) {
        return;
      }
      pollfd fd{master, POLLIN, 0};
      if (poll(&fd, 1, 20) <= 0) continue;
      char buffer[4096];
      const ssize_t n = read(master, buffer, sizeof(buffer));
      if (n <= 0) return;
      result.output.append(buffer, static_cast<size_t>(n));
    }
  };
  // Keys are sent only once the first screen is drawn: by then the terminal
  // mode and the signalfd are set up (slow sanitizer builds start late).
  drain(20000, "Enter = next");
  for (const std::string& chunk : keys) {
    if (write(master, chunk.data(), chunk.size()) < 0) break;
    if (chunk == "\x1a") {
      const auto until =
          std::chrono::steady_clock::now() + std::chrono::seconds(10);
      int status = 0;
      while (std::chrono::steady_clock::now() < until) {
        drain(20);
        if (waitpid(pid, &status, WUNTRACED | WNOHANG) == pid &&
            WIFSTOPPED(status)) {
          result.stopped = true;
          break;
        }
      }
      termios mode{};
      if (tcgetattr(master, &mode) == 0) {
        result.canonical_while_stopped = (mode.c_lflag & ICANON) != 0;
      }
      kill(pid, SIGCONT);
    }
    drain(gap_ms);
  }
  // The terminal mode the child left behind, read before the pty closes.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t done = waitpid(pid, &result.status, WNOHANG);
    if (done == pid) break;
    drain(50);
  }
  if (waitpid(pid, nullptr, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &result.status, 0);
  }
  drain(50);
  termios mode{};
  if (tcgetattr(master, &mode) == 0) {
    result.canonical_after = (mode.c_lflag & ICANON) != 0;
    result.echo_after = (mode.c_lflag & ECHO) != 0;
  }
  close(master);
  return result;
}

TEST_F(WodRunTest, RealtimeEnterAdvancesToTheEndAndRestoresTheTerminal) {
  const std::string file = Write("pullups.wod", "10 Pullups\n");
  const PtyRun run = RunOnPty(file, {"\r", "\r"}, 400);
  ASSERT_TRUE(WIFEXITED(run.status)) << run.output;
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("effort \"10 Pullups\""));
  EXPECT_THAT(run.output, HasSubstr("session ended: duration"));
  EXPECT_TRUE(run.canonical_after);
  EXPECT_TRUE(run.echo_after);
}

TEST_F(WodRunTest, RealtimeQAbortsAndCtrlCInterrupts) {
  const std::string file = Write("run.wod", "5:00 Run\n");
  const PtyRun quit = RunOnPty(file, {"\r", "q"}, 400);
  ASSERT_TRUE(WIFEXITED(quit.status)) << quit.output;
  EXPECT_EQ(WEXITSTATUS(quit.status), 0);
  EXPECT_THAT(quit.output, HasSubstr("aborted: duration"));
  EXPECT_TRUE(quit.canonical_after);

  const PtyRun interrupted = RunOnPty(file, {"\r", "\x03"}, 400);
  ASSERT_TRUE(WIFEXITED(interrupted.status)) << interrupted.output;
  EXPECT_EQ(WEXITSTATUS(interrupted.status), 130);
  EXPECT_THAT(interrupted.output, HasSubstr("interrupted: duration"));
  EXPECT_TRUE(interrupted.canonical_after);
  EXPECT_TRUE(interrupted.echo_after);
}

TEST_F(WodRunTest, RealtimeCtrlZSuspendsWithTheUsersTerminalMode) {
  const std::string file = Write("run.wod", "5:00 Run\n");
  const PtyRun run = RunOnPty(file, {"\r", "\x1a", "q"}, 400);
  EXPECT_TRUE(run.stopped) << run.output;
  EXPECT_TRUE(run.canonical_while_stopped);
  ASSERT_TRUE(WIFEXITED(run.status)) << run.output;
  EXPECT_EQ(WEXITSTATUS(run.status), 0);
  // After `fg` the keys work again: q aborted the run.
  EXPECT_THAT(run.output, HasSubstr("[suspended: fg to continue]"));
  EXPECT_THAT(run.output, HasSubstr("aborted: duration"));
  EXPECT_TRUE(run.canonical_after);
}

}  // namespace
}  // namespace wod::cli
