// The host is never at the debugger's mercy, with the endpoint wired into a
// real WorkoutHost (attach::SessionPublisher as its sink): in every fault
// case below the host's step table is byte-identical to the same run
// without an endpoint (docs/attach.md "Guarantees"). The debuggers are real
// readers (PublicationReader, AttachDriver building frames), raw sockets
// that misbehave, and a forked child killed with SIGKILL. Every wait ends on
// a condition (the endpoint's progress condition variable, a reader's
// line), never on a sleep; socket paths come from mkdtemp.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attach_test_util.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "blocks/workout_host.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/attach/session_publisher.h"
#include "debugger/model/attach_driver.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/stream_driver.h"
#include "gtest/gtest.h"
#include "runtime/session_sink.h"

namespace wod::attach {
namespace {

using testing::kWait;
using testing::RawConnect;
using testing::TempDir;

constexpr char kScript[] =
    "20:00 AMRAP\n  5 Pullups\n  10 Pushups\n  15 Air Squats\n";

// The host's own sink: the step table, one row per step.
class TableSink : public runtime::SessionSink {
 public:
  void OnStep(const runtime::TraceStep& step) override {
    table_ += step.Row();
    table_ += '\n';
    ++rows_;
  }
  const std::string& table() const { return table_; }
  int64_t rows() const { return rows_; }

 private:
  std::string table_;
  int64_t rows_ = 0;
};

// The host: a WorkoutHost driven on injected time, one call per step (a
// tick of one second, a `next` every fourth). Its own sink records the step
// table; with `publish`, an attach::SessionPublisher is the host's sink and
// forwards to it (the one call a host makes to enable attaching).
class Forwarding {
 public:
  // No endpoint at all: the reference run.
  Forwarding() {
    auto host = blocks::WorkoutHost::Create(kScript, {&table_, 1.0});
    EXPECT_TRUE(host.ok()) << host.status();
    if (host.ok()) host_ = *std::move(host);
  }
  explicit Forwarding(const TempDir& dir, EndpointOptions endpoint = {}) {
    SessionPublisherOptions options;
    options.endpoint = endpoint;
    options.source = "amrap.wod";
    options.forward = &table_;
    auto publisher = SessionPublisher::Listen(dir.Address(), kScript, options);
    EXPECT_TRUE(publisher.ok()) << publisher.status();
    if (!publisher.ok()) return;
    publisher_ = *std::move(publisher);
    auto host = blocks::WorkoutHost::Create(kScript, {publisher_.get(), 1.0});
    EXPECT_TRUE(host.ok()) << host.status();
    if (host.ok()) host_ = *std::move(host);
  }

  template <class Between>
  std::string Run(int steps, Between between) {
    const auto t0 = blocks::WorkoutHost::Clock::time_point{};
    host_->Start(t0);
    between(0);
    for (int i = 1; i <= steps && !host_->ended(); ++i) {
      const auto now = t0 + std::chrono::seconds(i);
      if (i % 4 == 0) {
        host_->Next(now);
      } else {
        host_->Tick(now);
      }
      between(i);
    }
    return table_.table();
  }
  std::string Run(int steps) {
    return Run(steps, [](int) {});
  }

  // Steps the host made so far (a `next` also feeds its tick: two steps).
  [[nodiscard]] int64_t last_step() const { return table_.rows() - 1; }
  [[nodiscard]] bool ok() const {
    return publisher_ != nullptr && host_ != nullptr;
  }
  SessionPublisher& publisher() { return *publisher_; }
  PublicationEndpoint& endpoint() { return publisher_->endpoint(); }

 private:
  TableSink table_;
  std::unique_ptr<SessionPublisher> publisher_;
  std::unique_ptr<blocks::WorkoutHost> host_;
};

constexpr int kSteps = 240;  // host calls; a `next` makes two steps

// Enough room that a reader keeping up never loses a step (the host
// publishes far faster than a reader builds frames).
EndpointOptions Roomy() {
  EndpointOptions options;
  options.queue_capacity = 4096;
  return options;
}

// The host's step table without any endpoint.
std::string Reference() {
  Forwarding host;
  return host.Run(kSteps);
}

// Waits (on the endpoint's condition variable) until `n` lines were sent.
bool WaitForLines(const PublicationEndpoint& endpoint, uint64_t n) {
  return endpoint.WaitFor(
      [n](const EndpointStats& s) { return s.lines_written >= n; }, kWait);
}

// Reads a whole stream and turns it into frames (the debugger's path).
struct ReadStream {
  std::vector<debugger::FramePtr> frames;
  uint64_t gaps = 0;
  bool ended = false;
  absl::Status error;
};
ReadStream ReadAndBuild(PublicationReader& reader) {
  ReadStream out;
  std::unique_ptr<blocks::RecordingReader> lines;
  std::optional<blocks::PublicationRebuilder> rebuilder;
  debugger::PublicationTimeline timeline;
  auto finish = [&out, &timeline] {
    for (size_t i = 0; i < timeline.size(); ++i) {
      out.frames.push_back(timeline.At(i));
    }
    return out;
  };
  while (true) {
    absl::StatusOr<ReadResult> r = reader.Next(kWait);
    if (!r.ok()) {
      out.error = r.status();
      return finish();
    }
    if (r->kind == ReadResult::kTimeout) {
      out.error = absl::DeadlineExceededError("no end line");
      return finish();
    }
    if (r->kind == ReadResult::kEnd) {
      out.ended = true;
      return finish();
    }
    if (r->kind == ReadResult::kGap) {
      ++out.gaps;
      if (lines != nullptr) {
        lines->MarkGap();
        rebuilder->MarkGap();
      }
      continue;
    }
    if (lines == nullptr) {
      auto made = blocks::RecordingReader::FromHeaderLine(r->line);
      if (!made.ok()) {
        out.error = made.status();
        return finish();
      }
      lines = *std::move(made);
      auto rebuilt =
          blocks::PublicationRebuilder::Create(lines->header().types);
      if (!rebuilt.ok()) {
        out.error = rebuilt.status();
        return finish();
      }
      rebuilder.emplace(*std::move(rebuilt));
      continue;
    }
    blocks::RecordedStep step;
    absl::StatusOr<bool> read = lines->ReadLine(r->line, step);
    if (!read.ok() || !*read) {
      out.error =
          read.ok() ? absl::InvalidArgumentError("an end line") : read.status();
      return finish();
    }
    absl::StatusOr<runtime::Publication> p = rebuilder->Rebuild(step);
    if (!p.ok()) {
      out.error = p.status();
      return finish();
    }
    timeline.AppendPublication(*p);
  }
}

TEST(AttachSessionTest, PublishingChangesNothingWithOrWithoutADebugger) {
  ASSERT_GT(Reference().size(), 1000u);
  TempDir dir;
  Forwarding host(dir);
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(host.Run(kSteps), Reference());
  EXPECT_EQ(host.endpoint().stats().publications, 0u);  // nobody listened
}

TEST(AttachSessionTest, DebuggerFollowsTheWholeSessionFromTheStart) {
  TempDir dir;
  Forwarding host(dir, Roomy());
  ASSERT_TRUE(host.ok());
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
  ReadStream stream;
  std::thread debugger([&] { stream = ReadAndBuild(**reader); });
  const std::string table = host.Run(kSteps);
  ASSERT_TRUE(host.publisher().Finish(kWait).ok());
  debugger.join();
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(stream.error.ok()) << stream.error;
  EXPECT_TRUE(stream.ended);
  EXPECT_EQ(stream.gaps, 0u);
  // Every step, in order, from the keyframe of row 0.
  ASSERT_EQ(stream.frames.size(), static_cast<size_t>(host.last_step() + 1));
  for (size_t i = 0; i < stream.frames.size(); ++i) {
    EXPECT_EQ(stream.frames[i]->step, static_cast<int64_t>(i));
  }
  EXPECT_FALSE(stream.frames.back()->refs.empty());
}

TEST(AttachSessionTest, DebuggerKilledWithSigkillMidStream) {
  TempDir dir;
  Forwarding host(dir);
  ASSERT_TRUE(host.ok());
  const std::string path = dir.File("wod.sock");
  // The child only makes syscalls (no allocation after fork): it connects
  // and reads until it is killed.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int fd = RawConnect(path);
    if (fd < 0) _exit(2);
    char buf[4096];
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
    _exit(0);
  }
  ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
  const std::string table = host.Run(kSteps, [&](int i) {
    if (i != kSteps / 2) return;
    // Mid-stream: the child has received lines, then dies at once.
    ASSERT_TRUE(WaitForLines(host.endpoint(), 20));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status));
  });
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(host.endpoint().WaitFor(
      [](const EndpointStats& s) { return s.disconnects >= 1; }, kWait));
  EXPECT_TRUE(host.publisher().Finish(kWait).ok());
}

TEST(AttachSessionTest, ClientThatConnectsAndNeverReads) {
  TempDir dir;
  EndpointOptions options;
  options.queue_capacity = 2;
  options.send_buffer_bytes = 1;  // the kernel's minimum
  Forwarding host(dir, options);
  ASSERT_TRUE(host.ok());
  const int silent = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(silent, 0);
  ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
  EXPECT_EQ(host.Run(kSteps), Reference());
  EXPECT_GT(host.endpoint().stats().drops, 0u);
  // The silent client cannot hold the host past Finish's bound.
  EXPECT_TRUE(absl::IsDeadlineExceeded(
      host.publisher().Finish(absl::Milliseconds(100))));
  close(silent);
}

TEST(AttachSessionTest, LateConnectStartsAtAKeyframe) {
  TempDir dir;
  Forwarding host(dir, Roomy());
  ASSERT_TRUE(host.ok());
  std::unique_ptr<PublicationReader> reader;
  ReadStream stream;
  std::thread debugger;
  int64_t connected_after = -1;
  const std::string table = host.Run(kSteps, [&](int i) {
    if (i != 100) return;
    connected_after = host.last_step();
    auto connected = PublicationReader::Connect(dir.Address());
    ASSERT_TRUE(connected.ok()) << connected.status();
    reader = *std::move(connected);
    ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
    debugger = std::thread([&] { stream = ReadAndBuild(*reader); });
  });
  ASSERT_TRUE(host.publisher().Finish(kWait).ok());
  debugger.join();
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(stream.error.ok()) << stream.error;
  ASSERT_FALSE(stream.frames.empty());
  // The first step it gets is the keyframe right after it connected; from
  // there on every step, in order.
  EXPECT_EQ(stream.frames.front()->step, connected_after + 1);
  EXPECT_EQ(stream.frames.back()->step, host.last_step());
  EXPECT_EQ(stream.frames.size(),
            static_cast<size_t>(host.last_step() - connected_after));
  EXPECT_EQ(stream.gaps, 0u);
}

TEST(AttachSessionTest, ReconnectGetsAConsistentStreamAgain) {
  TempDir dir;
  Forwarding host(dir, Roomy());
  ASSERT_TRUE(host.ok());
  std::unique_ptr<PublicationReader> second;
  int64_t reconnected_after = -1;
  ReadStream stream;
  std::thread debugger;
  auto first = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
  const std::string table = host.Run(kSteps, [&](int i) {
    if (i == 50) {
      // The first debugger reads a little and goes away.
      ASSERT_TRUE(WaitForLines(host.endpoint(), 10));
      for (int n = 0; n < 5; ++n) ASSERT_TRUE((*first)->Next(kWait).ok());
      first->reset();
      ASSERT_TRUE(host.endpoint().WaitFor(
          [](const EndpointStats& s) { return s.clients == 0; }, kWait));
    }
    if (i == 60) {
      reconnected_after = host.last_step();
      auto again = PublicationReader::Connect(dir.Address());
      ASSERT_TRUE(again.ok());
      second = *std::move(again);
      ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
      debugger = std::thread([&] { stream = ReadAndBuild(*second); });
    }
  });
  ASSERT_TRUE(host.publisher().Finish(kWait).ok());
  debugger.join();
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(stream.error.ok()) << stream.error;
  ASSERT_FALSE(stream.frames.empty());
  // It starts at the endpoint's latest keyframe (from before it connected)
  // or the keyframe right after; a hole in between is a gap, then every
  // step follows in order.
  EXPECT_LE(stream.frames.front()->step, reconnected_after + 1);
  EXPECT_LE(stream.gaps, 1u);
  EXPECT_EQ(stream.frames.back()->step, host.last_step());
  for (size_t i = 2; i < stream.frames.size(); ++i) {
    EXPECT_EQ(stream.frames[i]->step, stream.frames[i - 1]->step + 1);
  }
}

TEST(AttachSessionTest, TwoDebuggersAtOnceSeeTheSameSteps) {
  TempDir dir;
  Forwarding host(dir, Roomy());
  ASSERT_TRUE(host.ok());
  auto a = PublicationReader::Connect(dir.Address());
  auto b = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(host.publisher().WaitForClients(2, kWait).ok());
  ReadStream sa;
  ReadStream sb;
  std::thread ta([&] { sa = ReadAndBuild(**a); });
  std::thread tb([&] { sb = ReadAndBuild(**b); });
  const std::string table = host.Run(kSteps);
  ASSERT_TRUE(host.publisher().Finish(kWait).ok());
  ta.join();
  tb.join();
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(sa.error.ok()) << sa.error;
  ASSERT_TRUE(sb.error.ok()) << sb.error;
  ASSERT_EQ(sa.frames.size(), sb.frames.size());
  ASSERT_EQ(sa.frames.size(), static_cast<size_t>(host.last_step() + 1));
  for (size_t i = 0; i < sa.frames.size(); ++i) {
    EXPECT_EQ(sa.frames[i]->refs.size(), sb.frames[i]->refs.size());
    EXPECT_EQ(sa.frames[i]->action, sb.frames[i]->action);
  }
}

TEST(AttachSessionTest, ClientThatSendsGarbageChangesNothing) {
  TempDir dir;
  Forwarding host(dir, Roomy());
  ASSERT_TRUE(host.ok());
  const int rude = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(rude, 0);
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(host.publisher().WaitForClients(2, kWait).ok());
  ReadStream stream;
  std::thread debugger([&] { stream = ReadAndBuild(**reader); });
  const std::string garbage =
      "{\"end\":true}\n{\"gap\":5}\nnext\n\x01\x02\xff garbage";
  const std::string table = host.Run(kSteps, [&](int) {
    // The endpoint shut its read side: the bytes go nowhere, and a write
    // may fail with EPIPE on this side only.
    [[maybe_unused]] const ssize_t n =
        send(rude, garbage.data(), garbage.size(), MSG_NOSIGNAL);
  });
  // The rude client leaves without reading (else Finish would wait for it
  // to take the end line); the debugger gets its whole stream.
  close(rude);
  const absl::Status finished = host.publisher().Finish(kWait);
  debugger.join();
  ASSERT_TRUE(finished.ok()) << finished;
  EXPECT_EQ(table, Reference());
  ASSERT_TRUE(stream.error.ok()) << stream.error;
  EXPECT_EQ(stream.frames.size(), static_cast<size_t>(host.last_step() + 1));
}

// The slow reader: a queue of 2 publications and SO_SNDBUF at its minimum.
// The debugger (an AttachDriver, the window's own driver) does not read
// while the host runs, so deltas are dropped; the host keeps its trace, the
// endpoint resyncs the debugger behind a gap line at a keyframe, and the
// debugger marks the hole in its history.
TEST(AttachSessionTest, SlowReaderDropsDeltasResyncsAndTheDebuggerMarksIt) {
  TempDir dir;
  EndpointOptions options;
  options.queue_capacity = 2;
  options.send_buffer_bytes = 1;
  Forwarding host(dir, options);
  ASSERT_TRUE(host.ok());
  auto driver = debugger::AttachDriver::Connect(dir.Address());
  ASSERT_TRUE(driver.ok()) << driver.status();
  ASSERT_TRUE(host.publisher().WaitForClients(1, kWait).ok());
  const std::string table = host.Run(kSteps);
  EXPECT_EQ(table, Reference());
  // Now the debugger reads everything, while Finish waits for it.
  absl::Status read;
  std::thread debugger([&] { read = (*driver)->RunToEnd(kWait); });
  ASSERT_TRUE(host.publisher().Finish(kWait).ok());
  debugger.join();
  ASSERT_TRUE(read.ok()) << read;
  const EndpointStats stats = host.endpoint().stats();
  EXPECT_GT(stats.drops, 0u);
  EXPECT_GT(stats.resyncs, 0u);  // gap lines, each before a keyframe
  const debugger::StreamDriver& d = **driver;
  EXPECT_TRUE(d.ended());
  EXPECT_GT(d.gaps(), 0);
  EXPECT_GT(d.missing_steps(), 0);
  const std::vector<debugger::HistoryGap> gaps =
      debugger::FindGaps(d.history());
  ASSERT_FALSE(gaps.empty());
  EXPECT_EQ(static_cast<int64_t>(gaps.size()), d.gaps());
  // Each hole ends at a step that arrived (a keyframe); a hole at the very
  // end shows as steps that never came before the end line.
  for (const debugger::HistoryGap& gap : gaps) {
    EXPECT_EQ(d.history().Summary(gap.index).step, gap.last_missing + 1);
  }
  EXPECT_LE(d.history().Latest()->step, host.last_step());
  bool logged = false;
  for (const std::string& line : d.lifecycle()) {
    logged |= line.find("dropped for a slow debugger") != std::string::npos;
  }
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace wod::attach
