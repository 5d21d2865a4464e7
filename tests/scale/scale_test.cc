// Long sessions, generated at test time in a temporary directory: memory
// that does not grow with a session's length, recordings that grow
// linearly, and readers that stop at their limit (docs/performance.md
// "Long sessions", docs/spec/recording.md §6 and §8.4).
//
// Each case runs the real wod-run binary in a child process and measures
// the child's max RSS with wait4(2), as /usr/bin/time does. Label "scale":
// the g++ phase of CI runs them; the sanitizer phases do not (their
// allocators change RSS, and the runs would take minutes).
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"

namespace {

struct ChildRun {
  int exit_code = -1;  // -1: killed by a signal
  int64_t max_rss_kb = 0;
  std::string err;  // its stderr
  std::string out;  // its stdout when kept
};

class ScaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base = ::testing::TempDir();
    if (base.empty() || base.back() != '/') base += '/';
    std::string pattern = base + "wod_scale_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
    dir_ = pattern;
  }
  void TearDown() override {
    for (const std::string& f : files_) unlink(f.c_str());
    rmdir(dir_.c_str());
  }

  std::string Path(const std::string& name) {
    std::string path = dir_ + "/" + name;
    files_.push_back(path);
    return path;
  }

  std::string Script(const std::string& name, int64_t rounds) {
    const std::string path = Path(name);
    std::ofstream(path) << fmt::format("({})\n  1 Burpee\n", rounds);
    return path;
  }

  // Runs wod-run with `args`; stdout goes to /dev/null unless `keep_out`.
  ChildRun Run(const std::vector<std::string>& args, bool keep_out = false) {
    return RunBinary(WOD_RUN_BINARY, args, keep_out);
  }
  ChildRun RunBinary(const std::string& program,
                     const std::vector<std::string>& args,
                     bool keep_out = false) {
    const std::string out_path = Path("out.txt");
    const std::string err_path = Path("err.txt");
    ChildRun run;
    const pid_t pid = fork();
    if (pid == 0) {
      const int out = open(keep_out ? out_path.c_str() : "/dev/null",
                           O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err =
          open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(err, 2);
      std::vector<char*> argv;
      std::string binary = program;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (std::string& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid) return run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.max_rss_kb = usage.ru_maxrss;
    std::stringstream err;
    err << std::ifstream(err_path).rdbuf();
    run.err = err.str();
    if (keep_out) {
      std::stringstream out;
      out << std::ifstream(out_path).rdbuf();
      run.out = out.str();
    }
    return run;
  }

  static int64_t FileSize(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 ? info.st_size : -1;
  }

  // Bytes and count of the step lines (every line but the header and the
  // end line).
  static void StepLineBytes(const std::string& path, int64_t& bytes,
                            int64_t& lines) {
    std::ifstream in(path);
    std::string line;
    bytes = 0;
    lines = 0;
    while (std::getline(in, line)) {
      if (line.rfind("{\"step\":", 0) != 0) continue;
      bytes += static_cast<int64_t>(line.size()) + 1;
      ++lines;
    }
  }

  std::string dir_;
  std::vector<std::string> files_;
};

// The --auto bounds lifted by --max-steps and --max-virtual-time.
const std::vector<std::string> kLongBounds = {"--max-steps", "3000000",
                                              "--max-virtual-time", "300h"};

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// docs/performance.md "Long sessions": max RSS of --auto at 2e5 rounds is
// within 1.2x of that at 1e4 rounds (1e6 rounds is measured by hand there).
TEST_F(ScaleTest, AutoMaxRssDoesNotGrowWithTheSession) {
  const ChildRun small =
      Run(Concat({Script("small.wod", 10'000), "--auto"}, kLongBounds));
  ASSERT_EQ(small.exit_code, 0) << small.err;
  const ChildRun large =
      Run(Concat({Script("large.wod", 200'000), "--auto"}, kLongBounds));
  ASSERT_EQ(large.exit_code, 0) << large.err;
  EXPECT_LE(large.max_rss_kb * 10, small.max_rss_kb * 12)
      << "1e4 rounds: " << small.max_rss_kb
      << " KB, 2e5 rounds: " << large.max_rss_kb << " KB";
}

// The 45,000-round recording (90,002 steps) is under 100 MB, its step lines
// average at most 1,000 bytes, and it replays; replay's max RSS is within
// 1.2x of the replay of a 4,500-round recording.
TEST_F(ScaleTest, A45000RoundRecordingIsLinearAndReplaysInFlatMemory) {
  const std::string small_rec = Path("small.wodrec");
  const std::string large_rec = Path("large.wodrec");
  ASSERT_EQ(Run({Script("small.wod", 4'500), "--auto", "--record", small_rec})
                .exit_code,
            0);
  const ChildRun recorded =
      Run({Script("large.wod", 45'000), "--auto", "--record", large_rec});
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const int64_t size = FileSize(large_rec);
  EXPECT_LT(size, 100'000'000);
  int64_t bytes = 0;
  int64_t lines = 0;
  StepLineBytes(large_rec, bytes, lines);
  ASSERT_EQ(lines, 90'002);
  EXPECT_LE(bytes / lines, 1000) << "average step line";

  const ChildRun small = Run({"--replay", small_rec}, /*keep_out=*/true);
  ASSERT_EQ(small.exit_code, 0) << small.err;
  const ChildRun large = Run({"--replay", large_rec}, /*keep_out=*/true);
  ASSERT_EQ(large.exit_code, 0) << large.err;
  EXPECT_NE(large.out.find("replayed 90002 steps"), std::string::npos)
      << large.out;
  EXPECT_LE(large.max_rss_kb * 10, small.max_rss_kb * 12)
      << "4,500 rounds: " << small.max_rss_kb
      << " KB, 45,000 rounds: " << large.max_rss_kb << " KB";
}

#ifdef WOD_LOAD_PROBE_BINARY
// A figure of recording_load_probe's line ("history_bytes=123 ...").
int64_t Figure(const std::string& line, const std::string& name) {
  const size_t at = line.find(name + "=");
  if (at == std::string::npos) return -1;
  return std::strtoll(line.c_str() + at + name.size() + 1, nullptr, 10);
}

// docs/performance.md "Long sessions": the debugger opens a recording
// (RecordingDriver::Open into the file-backed RecordingTimeline, as
// `wod-debug --open`) with its history under 5 B x steps x live refs +
// 50 MB, a frame and the history that do not grow with the owners the
// session retired, and max RSS at 20,000 rounds within 1.2x that at 1,000
// (1e4 against 1e6 rounds is measured by hand there).
TEST_F(ScaleTest, TheDebuggerOpensLongRecordingsInBoundedMemory) {
  struct Opened {
    int64_t steps, history_bytes, live_refs, owners, max_rss_kb;
  };
  auto open = [&](const std::string& name, int64_t rounds) -> Opened {
    const std::string rec = Path(name + ".wodrec");
    const ChildRun recorded =
        Run(Concat({Script(name + ".wod", rounds), "--auto", "--record", rec},
                   kLongBounds));
    EXPECT_EQ(recorded.exit_code, 0) << recorded.err;
    const ChildRun probe = RunBinary(WOD_LOAD_PROBE_BINARY, {rec}, true);
    EXPECT_EQ(probe.exit_code, 0) << probe.err;
    const Opened o{Figure(probe.out, "steps"),
                   Figure(probe.out, "history_bytes"),
                   Figure(probe.out, "live_refs"),
                   Figure(probe.out, "owners_at_end"), probe.max_rss_kb};
    EXPECT_EQ(o.steps, 2 * rounds + 2) << probe.out;
    EXPECT_GT(o.live_refs, 0) << probe.out;
    EXPECT_LT(o.history_bytes,
              5 * o.steps * o.live_refs + int64_t{50} * 1024 * 1024)
        << probe.out;
    return o;
  };
  const Opened small = open("debug_small", 1'000);
  const Opened large = open("debug_large", 20'000);
  // 20x the retired owners: the newest frame names as many owners, and the
  // history grows by its compact per-step summary only (an owner record
  // per retired owner would be about 50 bytes per step here).
  EXPECT_EQ(large.owners, small.owners);
  EXPECT_LE(
      (large.history_bytes - small.history_bytes) / (large.steps - small.steps),
      40)
      << "bytes per step: " << small.history_bytes << " at " << small.steps
      << " steps, " << large.history_bytes << " at " << large.steps;
  EXPECT_LE(large.max_rss_kb * 10, small.max_rss_kb * 12)
      << "1,000 rounds: " << small.max_rss_kb
      << " KB, 20,000 rounds: " << large.max_rss_kb << " KB";
}
#endif  // WOD_LOAD_PROBE_BINARY

// docs/spec/recording.md §8.4: a line that never ends, streamed from a
// generator through a FIFO, stops the reader after the limit (16 MiB) with
// a clear error; it never reads the rest.
TEST_F(ScaleTest, AnEndlessLineFromAPipeFailsAfterTheLimit) {
  // A real header, from a recording of a short script.
  const std::string rec = Path("short.wodrec");
  ASSERT_EQ(Run({Script("short.wod", 1), "--auto", "--record", rec}).exit_code,
            0);
  std::string header;
  std::getline(std::ifstream(rec), header);
  ASSERT_FALSE(header.empty());

  const std::string fifo = Path("endless.wodrec");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t writer = fork();
  if (writer == 0) {
    // The generator: the header, then one line of spaces without end,
    // until the reader goes away (EPIPE). Reports what it wrote.
    signal(SIGPIPE, SIG_IGN);
    close(pipe_fds[0]);
    const int fd = open(fifo.c_str(), O_WRONLY);
    int64_t written = 0;
    std::string chunk = header + "\n{\"step\":0";
    if (write(fd, chunk.data(), chunk.size()) < 0) _exit(1);
    written += static_cast<int64_t>(chunk.size());
    chunk.assign(64 * 1024, ' ');
    while (written < (int64_t{1} << 32)) {
      const ssize_t n = write(fd, chunk.data(), chunk.size());
      if (n < 0) break;
      written += n;
    }
    const std::string report = std::to_string(written);
    if (write(pipe_fds[1], report.data(), report.size()) < 0) _exit(1);
    _exit(0);
  }
  close(pipe_fds[1]);
  const ChildRun run = Run({"--replay", fifo});
  std::string report(64, '\0');
  const ssize_t n = read(pipe_fds[0], report.data(), report.size());
  close(pipe_fds[0]);
  int status = 0;
  waitpid(writer, &status, 0);
  ASSERT_GT(n, 0);
  const int64_t written = std::stoll(report.substr(0, static_cast<size_t>(n)));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("line 2: longer than the 16777216 bytes a line may "
                         "hold (reading stopped there); no step before it "
                         "is complete"),
            std::string::npos)
      << run.err;
  // Read at most the limit: what the generator got rid of is the header,
  // the limit plus one byte, the reader's 64 KiB buffer and the pipe's
  // capacity (1 MiB at most on Linux by default).
  EXPECT_LE(written, static_cast<int64_t>(header.size()) + (16 << 20) +
                         (64 << 10) + (1 << 20) + 64)
      << written;
  EXPECT_LT(run.max_rss_kb, 200 * 1024);
}

// A script that never ends on stdin (a generator) stops at the 16 MiB a
// script may hold.
TEST_F(ScaleTest, AnEndlessScriptFromAPipeFailsAfterTheLimit) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t writer = fork();
  if (writer == 0) {
    signal(SIGPIPE, SIG_IGN);
    close(fds[0]);
    const std::string chunk(64 * 1024, '\n');
    int64_t written = 0;
    while (written < (int64_t{1} << 32)) {
      const ssize_t n = write(fds[1], chunk.data(), chunk.size());
      if (n < 0) break;
      written += n;
    }
    _exit(0);
  }
  close(fds[1]);
  const int saved = dup(0);
  dup2(fds[0], 0);
  const ChildRun run = Run({"-", "--check"});
  dup2(saved, 0);
  close(saved);
  close(fds[0]);
  int status = 0;
  waitpid(writer, &status, 0);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("cannot read '<stdin>': larger than the 16777216 "
                         "bytes it may hold"),
            std::string::npos)
      << run.err;
}

}  // namespace
