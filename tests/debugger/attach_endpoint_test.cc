// PublicationEndpoint and PublicationReader together, in-process: stream
// order and content, late connects, reconnects, several clients, and the
// clients that must never affect the host (one that never reads, a slow
// reader, one that sends garbage, one killed mid-stream). Synchronised by
// the endpoint's WaitFor (a condition variable) and blocking reads; no
// sleeps.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "attach_test_util.h"
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/attach/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::attach {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kWait;
using testing::Numbered;
using testing::NumberedLine;
using testing::ParseNumbered;
using testing::RawConnect;
using testing::ReadToEnd;
using testing::TempDir;

constexpr char kHeader[] = R"({"header":"attach-test"})";

std::unique_ptr<PublicationEndpoint> MustListen(const TempDir& dir,
                                                EndpointOptions options = {}) {
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), options);
  EXPECT_TRUE(endpoint.ok()) << endpoint.status();
  if (!endpoint.ok()) return nullptr;
  (*endpoint)->SetHeader(kHeader);
  return *std::move(endpoint);
}

std::unique_ptr<PublicationReader> MustConnect(const TempDir& dir) {
  auto reader = PublicationReader::Connect(dir.Address());
  EXPECT_TRUE(reader.ok()) << reader.status();
  return reader.ok() ? *std::move(reader) : nullptr;
}

// Publications [from, to), a keyframe every `keyframe_every` seqs.
void PublishRange(PublicationEndpoint& endpoint, int64_t from, int64_t to,
                  int64_t keyframe_every, size_t bytes = 0) {
  for (int64_t seq = from; seq < to; ++seq) {
    endpoint.Publish(Numbered(seq, seq % keyframe_every == 0, bytes));
  }
}

// The stream as compact text: "H" header, "K<seq>" / "D<seq>", "G<n>", "E".
std::vector<std::string> Spell(const std::vector<ReadResult>& stream) {
  std::vector<std::string> out;
  for (const ReadResult& r : stream) {
    switch (r.kind) {
      case ReadResult::kLine:
        if (r.line == kHeader) {
          out.push_back("H");
        } else if (std::optional<NumberedLine> n = ParseNumbered(r.line)) {
          out.push_back(fmt::format("{}{}", n->keyframe ? "K" : "D", n->seq));
        } else {
          out.push_back("?" + r.line);
        }
        break;
      case ReadResult::kGap:
        out.push_back(fmt::format("G{}", r.dropped));
        break;
      case ReadResult::kEnd:
        out.push_back("E");
        break;
      case ReadResult::kTimeout:
        out.push_back("T");
        break;
    }
  }
  return out;
}

// The invariants of any stream of publications [0, last_seq]: the header
// first; publication seqs increase; a jump is announced by a gap line of
// exactly the missing count and lands on a keyframe; the stream accounts for
// every publication up to last_seq (the last one or a trailing gap) before
// the end line. `first_seq` is the first publication expected.
struct StreamSummary {
  uint64_t gaps = 0;
  uint64_t dropped = 0;
  uint64_t publications = 0;
};
StreamSummary CheckStream(const std::vector<ReadResult>& stream,
                          int64_t first_seq, int64_t last_seq) {
  StreamSummary summary;
  EXPECT_GE(stream.size(), 2u);
  if (stream.size() < 2) return summary;
  EXPECT_EQ(stream.front().kind, ReadResult::kLine);
  EXPECT_EQ(stream.front().line, kHeader);
  EXPECT_EQ(stream.back().kind, ReadResult::kEnd);
  int64_t next = first_seq;  // the seq the stream owes next
  uint64_t pending_gap = 0;
  bool after_gap = false;
  for (size_t i = 1; i + 1 < stream.size(); ++i) {
    const ReadResult& r = stream[i];
    if (r.kind == ReadResult::kGap) {
      EXPECT_FALSE(after_gap) << "two gap lines in a row at " << i;
      EXPECT_GT(r.dropped, 0u);
      pending_gap = r.dropped;
      after_gap = true;
      ++summary.gaps;
      summary.dropped += r.dropped;
      continue;
    }
    EXPECT_EQ(r.kind, ReadResult::kLine) << i;
    std::optional<NumberedLine> n = ParseNumbered(r.line);
    EXPECT_TRUE(n.has_value()) << r.line;
    if (!n) continue;
    EXPECT_EQ(n->seq, next + static_cast<int64_t>(pending_gap))
        << "line " << i << " after a gap of " << pending_gap;
    if (after_gap) {
      EXPECT_TRUE(n->keyframe)
          << "a gap must be followed by a keyframe, got " << r.line;
    }
    next = n->seq + 1;
    pending_gap = 0;
    after_gap = false;
    ++summary.publications;
  }
  EXPECT_EQ(next + static_cast<int64_t>(pending_gap), last_seq + 1)
      << "the stream must account for every publication before its end";
  return summary;
}

TEST(AttachEndpointTest, StreamsHeaderAndPublicationsInOrder) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint && reader);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 0, 100, 10);
  auto finished =
      std::async(std::launch::async, [&] { return endpoint->Finish(kWait); });
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_TRUE(finished.get().ok());

  std::vector<std::string> expected = {"H"};
  for (int seq = 0; seq < 100; ++seq) {
    expected.push_back(fmt::format("{}{}", seq % 10 == 0 ? "K" : "D", seq));
  }
  expected.push_back("E");
  EXPECT_EQ(Spell(stream), expected);
  // The content is passed through byte for byte.
  EXPECT_EQ(stream[5].line, Numbered(4, false).line);
  const EndpointStats stats = endpoint->stats();
  EXPECT_EQ(stats.publications, 100u);
  EXPECT_EQ(stats.drops, 0u);
  EXPECT_EQ(stats.resyncs, 0u);
  EXPECT_EQ(stats.lines_written, 102u);
  // After the end, the reader keeps saying so.
  auto again = reader->Next(absl::ZeroDuration());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, ReadResult::kEnd);
}

TEST(AttachEndpointTest, ClientConnectedBeforeTheHeaderGetsItFirst) {
  TempDir dir;
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  auto reader = MustConnect(dir);
  ASSERT_TRUE((*endpoint)->WaitForClients(1, kWait).ok());
  (*endpoint)->SetHeader(kHeader);
  PublishRange(**endpoint, 0, 3, 10);
  ASSERT_TRUE((*endpoint)->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K0", "D1", "D2", "E"));
}

TEST(AttachEndpointTest, LateConnectGetsHeaderThenLatestKeyframe) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  ASSERT_TRUE(endpoint);
  // K0 D1 D2 K3, nobody listening.
  PublishRange(*endpoint, 0, 4, 3);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 4, 6, 3);  // D4 D5
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K3", "D4", "D5", "E"));
  EXPECT_EQ(endpoint->stats().drops, 0u);
}

TEST(AttachEndpointTest, LateConnectAfterDeltasResyncsAtTheNextKeyframe) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  ASSERT_TRUE(endpoint);
  EXPECT_FALSE(endpoint->KeyframeWanted());
  // K0 D1 D2 K3 D4 D5, nobody listening: the latest keyframe is stale.
  PublishRange(*endpoint, 0, 6, 3);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  // The new client would profit from a fresh keyframe.
  EXPECT_TRUE(endpoint->KeyframeWanted());
  endpoint->Publish(Numbered(6, false));
  endpoint->Publish(Numbered(7, true));
  EXPECT_FALSE(endpoint->KeyframeWanted());
  endpoint->Publish(Numbered(8, false));
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  // D4 D5 (before the connect) and D6 (after it, useless without them).
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K3", "G3", "K7", "D8", "E"));
  EXPECT_EQ(endpoint->stats().drops, 3u);
  EXPECT_EQ(endpoint->stats().resyncs, 1u);
}

TEST(AttachEndpointTest, ReconnectGetsAFreshStream) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  ASSERT_TRUE(endpoint);
  {
    auto first = MustConnect(dir);
    ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
    PublishRange(*endpoint, 0, 5, 5);
    for (const char* want : {"H", "K0", "D1"}) {
      absl::StatusOr<ReadResult> r = first->Next(kWait);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(Spell({*r}).front(), want);
    }
  }  // the first debugger goes away mid-stream
  ASSERT_TRUE(endpoint->WaitFor(
      [](const EndpointStats& s) { return s.clients == 0; }, kWait));
  EXPECT_EQ(endpoint->stats().disconnects, 1u);
  PublishRange(*endpoint, 5, 12, 5);  // K5 .. K10 D11, nobody listening
  auto second = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 12, 14, 5);
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*second, &stream).ok());
  // D11 came after K10 and before the reconnect: a gap, then K15 would
  // resync; the stream ends first, so the gap covers D11..D13.
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K10", "G3", "E"));
  CheckStream(stream, 10, 13);
}

TEST(AttachEndpointTest, TwoClientsAtOnceGetTheSameStream) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  auto a = MustConnect(dir);
  auto b = MustConnect(dir);
  ASSERT_TRUE(endpoint && a && b);
  ASSERT_TRUE(endpoint->WaitForClients(2, kWait).ok());
  std::vector<ReadResult> stream_a, stream_b;
  std::thread read_a([&] { EXPECT_TRUE(ReadToEnd(*a, &stream_a).ok()); });
  std::thread read_b([&] { EXPECT_TRUE(ReadToEnd(*b, &stream_b).ok()); });
  // Chunks smaller than the queue, each written before the next: no drops.
  constexpr int64_t kChunk = 100;
  for (int64_t from = 0; from < 1000; from += kChunk) {
    PublishRange(*endpoint, from, from + kChunk, 50);
    const uint64_t lines = 2 * (1 + static_cast<uint64_t>(from + kChunk));
    ASSERT_TRUE(endpoint->WaitFor(
        [&](const EndpointStats& s) { return s.lines_written >= lines; },
        kWait));
  }
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  read_a.join();
  read_b.join();
  EXPECT_EQ(stream_a.size(), 1002u);
  EXPECT_EQ(Spell(stream_a), Spell(stream_b));
  const StreamSummary summary = CheckStream(stream_a, 0, 999);
  EXPECT_EQ(summary.publications, 1000u);
  EXPECT_EQ(endpoint->stats().drops, 0u);
}

// A client that connects and never reads: the host publishes 10,000 lines
// and every Publish returns (a blocked host would hang this test); the
// client's queue overflows and its deltas are dropped. A second client
// meanwhile gets a normal stream, and Finish gives up on the first within
// its bound.
TEST(AttachEndpointTest, ClientThatNeverReadsNeverBlocksTheHost) {
  TempDir dir;
  EndpointOptions options;
  options.queue_capacity = 16;
  options.send_buffer_bytes = 1;  // the kernel's minimum
  auto endpoint = MustListen(dir, options);
  ASSERT_TRUE(endpoint);
  const int silent = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(silent, 0);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 0, 10'000, 100, 100);
  EndpointStats stats = endpoint->stats();
  EXPECT_EQ(stats.publications, 10'000u);
  EXPECT_GT(stats.drops, 0u);
  EXPECT_EQ(stats.clients, 1u);

  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(2, kWait).ok());
  PublishRange(*endpoint, 10'000, 10'010, 100, 100);
  // The late reader: header, the latest keyframe, a gap for the deltas that
  // followed it, the next keyframe and what follows. Read before Finish so
  // that only the end line is left to send it.
  std::vector<ReadResult> stream;
  for (int i = 0; i < 13; ++i) {
    absl::StatusOr<ReadResult> r = reader->Next(kWait);
    ASSERT_TRUE(r.ok()) << r.status();
    stream.push_back(*r);
  }
  const absl::Status finished = endpoint->Finish(absl::Milliseconds(200));
  EXPECT_TRUE(absl::IsDeadlineExceeded(finished)) << finished;
  EXPECT_THAT(finished.message(), HasSubstr("1 attach client"));
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  std::vector<std::string> expected = {"H", "K9900", "G99", "K10000"};
  for (int seq = 10'001; seq < 10'010; ++seq) {
    expected.push_back(fmt::format("D{}", seq));
  }
  expected.push_back("E");
  EXPECT_EQ(Spell(stream), expected);
  close(silent);
}

// The slow reader: a queue of 2 publications and SO_SNDBUF at its minimum.
// The host publishes rounds of a keyframe and 99 deltas while the reader
// takes one line per round (a round always delivers at least its keyframe,
// so the read never waits for ever); deltas are dropped, and every keyframe
// after a drop resyncs the reader behind a gap line.
TEST(AttachEndpointTest, SlowReaderDropsDeltasAndResyncsAtKeyframes) {
  TempDir dir;
  EndpointOptions options;
  options.queue_capacity = 2;
  options.send_buffer_bytes = 1;
  auto endpoint = MustListen(dir, options);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint && reader);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  std::vector<ReadResult> stream;
  constexpr int64_t kRounds = 20;
  for (int64_t round = 0; round < kRounds; ++round) {
    PublishRange(*endpoint, round * 100, (round + 1) * 100, 100, 64);
    absl::StatusOr<ReadResult> r = reader->Next(kWait);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_NE(r->kind, ReadResult::kTimeout);
    stream.push_back(*r);
  }
  auto finished =
      std::async(std::launch::async, [&] { return endpoint->Finish(kWait); });
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_TRUE(finished.get().ok());

  const EndpointStats stats = endpoint->stats();
  EXPECT_GT(stats.drops, 0u);
  EXPECT_GT(stats.resyncs, 0u);
  const StreamSummary summary = CheckStream(stream, 0, kRounds * 100 - 1);
  EXPECT_GT(summary.gaps, 0u);
  // Every drop is reported to the reader, in gap lines.
  EXPECT_EQ(summary.dropped, stats.drops);
  EXPECT_EQ(summary.gaps, stats.resyncs);
  EXPECT_EQ(summary.publications + summary.dropped,
            static_cast<uint64_t>(kRounds * 100));
  // A resync keyframe: a gap line followed by a keyframe other than K0.
  bool resynced = false;
  for (size_t i = 1; i + 1 < stream.size(); ++i) {
    if (stream[i].kind == ReadResult::kGap &&
        stream[i + 1].kind == ReadResult::kLine) {
      std::optional<NumberedLine> n = ParseNumbered(stream[i + 1].line);
      resynced |= n && n->keyframe && n->seq > 0;
    }
  }
  EXPECT_TRUE(resynced);
}

// A client that sends garbage: the endpoint shut its read side at accept,
// so the client's writes fail with EPIPE and nothing reaches the host; its
// own stream and another client's are exactly as without it.
TEST(AttachEndpointTest, ClientThatSendsGarbageChangesNothing) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  ASSERT_TRUE(endpoint);
  const int noisy = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(noisy, 0);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(2, kWait).ok());
  const std::string garbage =
      "\xff\xfe{\"end\":true}\n{\"gap\":5}\nPLEASE STOP\n";
  const ssize_t sent =
      send(noisy, garbage.data(), garbage.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  const int err = errno;
  EXPECT_EQ(sent, -1);
  EXPECT_EQ(err, EPIPE);
  PublishRange(*endpoint, 0, 50, 10);
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  std::vector<std::string> expected = {"H"};
  for (int seq = 0; seq < 50; ++seq) {
    expected.push_back(fmt::format("{}{}", seq % 10 == 0 ? "K" : "D", seq));
  }
  expected.push_back("E");
  EXPECT_EQ(Spell(stream), expected);
  // The noisy client's own stream is intact too.
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = read(noisy, buf, sizeof(buf))) > 0) {
    raw.append(buf, static_cast<size_t>(n));
  }
  EXPECT_TRUE(raw.starts_with(std::string(kHeader) + "\n"));
  EXPECT_TRUE(raw.ends_with(std::string(kEndLine) + "\n"));
  EXPECT_EQ(std::count(raw.begin(), raw.end(), '\n'), 52);
  EXPECT_EQ(endpoint->stats().drops, 0u);
  close(noisy);
}

// A debugger killed with SIGKILL mid-stream: a child process holds the only
// copy of a connected socket, reads the start of the stream, and is killed
// while the host keeps publishing. The endpoint drops it; the host goes on,
// and the next debugger gets a normal stream.
TEST(AttachEndpointTest, ClientKilledMidStreamIsDropped) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  ASSERT_TRUE(endpoint);
  const int fd = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 0, 10, 5);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Async-signal-safe calls only: this process was forked from a threaded
    // one.
    char buf[64];
    if (read(fd, buf, sizeof(buf)) > 0) {
      [[maybe_unused]] ssize_t w = write(ready[1], "r", 1);
    }
    while (true) pause();
  }
  close(fd);
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);  // the child is reading
  close(ready[0]);
  PublishRange(*endpoint, 10, 100, 5);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int wstatus = 0;
  ASSERT_EQ(waitpid(child, &wstatus, 0), child);
  EXPECT_TRUE(WIFSIGNALED(wstatus));
  // The host publishes while the endpoint notices the death.
  PublishRange(*endpoint, 100, 1'000, 5);
  ASSERT_TRUE(endpoint->WaitFor(
      [](const EndpointStats& s) {
        return s.clients == 0 && s.disconnects == 1;
      },
      kWait));
  PublishRange(*endpoint, 1'000, 1'002, 5);  // K1000 D1001
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 1'002, 1'004, 5);
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_THAT(Spell(stream),
              ElementsAre("H", "K1000", "G3", "E"));  // D1001 came before
  EXPECT_EQ(endpoint->stats().publications, 1'004u);
}

// A client that closes its socket abruptly with unread data.
TEST(AttachEndpointTest, ClientClosingAbruptlyIsDropped) {
  TempDir dir;
  EndpointOptions options;
  options.send_buffer_bytes = 1;
  auto endpoint = MustListen(dir, options);
  ASSERT_TRUE(endpoint);
  const int fd = RawConnect(dir.File("wod.sock"));
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  PublishRange(*endpoint, 0, 200, 10, 200);
  close(fd);
  PublishRange(*endpoint, 200, 2'000, 10, 200);
  ASSERT_TRUE(endpoint->WaitFor(
      [](const EndpointStats& s) { return s.disconnects == 1; }, kWait));
  EXPECT_EQ(endpoint->stats().clients, 0u);
  EXPECT_TRUE(endpoint->Finish(kWait).ok());
}

TEST(AttachEndpointTest, ExtraClientsOverTheLimitAreClosed) {
  TempDir dir;
  EndpointOptions options;
  options.max_clients = 1;
  auto endpoint = MustListen(dir, options);
  auto a = MustConnect(dir);
  ASSERT_TRUE(endpoint && a);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  auto b = MustConnect(dir);
  ASSERT_TRUE(b);
  ASSERT_TRUE(endpoint->WaitFor(
      [](const EndpointStats& s) { return s.rejected == 1; }, kWait));
  absl::StatusOr<ReadResult> r = b->Next(kWait);
  EXPECT_TRUE(absl::IsUnavailable(r.status())) << r.status();
  EXPECT_EQ(endpoint->stats().clients, 1u);
}

TEST(AttachEndpointTest, LinesWithANewlineAreRefused) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint && reader);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  endpoint->Publish(Numbered(0, true));
  endpoint->Publish(Publication{"{\"two\":\n\"lines\"}", false});
  endpoint->Publish(Numbered(2, true));
  ASSERT_TRUE(endpoint->Finish(kWait).ok());
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K0", "G1", "K2", "E"));
  EXPECT_EQ(endpoint->stats().invalid, 1u);
}

TEST(AttachEndpointTest, DestructorEndsTheStream) {
  TempDir dir;
  auto endpoint = MustListen(dir);
  auto reader = MustConnect(dir);
  ASSERT_TRUE(endpoint && reader);
  ASSERT_TRUE(endpoint->WaitForClients(1, kWait).ok());
  endpoint->Publish(Numbered(0, true));
  endpoint.reset();
  std::vector<ReadResult> stream;
  ASSERT_TRUE(ReadToEnd(*reader, &stream).ok());
  EXPECT_THAT(Spell(stream), ElementsAre("H", "K0", "E"));
  EXPECT_NE(access(dir.File("wod.sock").c_str(), F_OK), 0)
      << "the socket file is removed";
}

}  // namespace
}  // namespace wod::attach
