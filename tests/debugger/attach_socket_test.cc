// Where and how the endpoint creates its socket (mode 0600, a directory of
// the user's own, sun_path's limit, stale and live sockets), the wire
// format's control lines, and PublicationReader against a hand-made server
// (timeouts, a host that dies without an end line).
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

#include "attach_test_util.h"
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "debugger/attach/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::attach {
namespace {

using ::testing::HasSubstr;
using testing::kWait;
using testing::TempDir;

// A listening socket bound at `path` with no endpoint behind it.
int RawListen(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST(AttachSocketTest, SocketFileIsMode0600WhateverTheUmask) {
  TempDir dir;
  const mode_t old_umask = umask(0);
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  umask(old_umask);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  struct stat st {};
  ASSERT_EQ(lstat(dir.File("wod.sock").c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_uid, geteuid());
  EXPECT_EQ((*endpoint)->path(), dir.File("wod.sock"));
  ASSERT_TRUE((*endpoint)->Finish(kWait).ok());
  EXPECT_NE(lstat(dir.File("wod.sock").c_str(), &st), 0)
      << "Finish removes the socket file";
}

TEST(AttachSocketTest, PathsLongerThanSunPathAreRefused) {
  TempDir dir;
  const std::string prefix = dir.path() + "/";
  ASSERT_LT(prefix.size(), kMaxSocketPathBytes);
  // 107 bytes: the longest that fits with its NUL.
  const std::string longest =
      prefix + std::string(kMaxSocketPathBytes - prefix.size(), 's');
  ASSERT_EQ(longest.size(), 107u);
  auto fits = PublicationEndpoint::Listen("unix:" + longest, {});
  EXPECT_TRUE(fits.ok()) << fits.status();
  auto reader = PublicationReader::Connect("unix:" + longest);
  EXPECT_TRUE(reader.ok()) << reader.status();

  const std::string too_long = longest + "x";
  auto refused = PublicationEndpoint::Listen("unix:" + too_long, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status()));
  EXPECT_THAT(refused.status().message(), HasSubstr("108 bytes"));
  EXPECT_THAT(refused.status().message(), HasSubstr("is 108 bytes"));
  EXPECT_TRUE(absl::IsInvalidArgument(
      PublicationReader::Connect("unix:" + too_long).status()));
}

TEST(AttachSocketTest, DirectoryOwnedBySomeoneElseIsRefused) {
  TempDir dir;
  std::string other_dir = "/";  // root's, when we are not root
  if (geteuid() == 0) {
    // Root can give the directory away.
    ASSERT_EQ(chown(dir.path().c_str(), 65534, 65534), 0);
    other_dir = dir.path();
  }
  auto endpoint = PublicationEndpoint::Listen(
      "unix:" + (other_dir == "/" ? "/wod-attach-test.sock"
                                  : other_dir + "/wod.sock"),
      {});
  ASSERT_FALSE(endpoint.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(endpoint.status())) << endpoint.status();
  EXPECT_THAT(endpoint.status().message(), HasSubstr("is owned by uid"));
}

TEST(AttachSocketTest, DirectoryOthersMayWriteIsRefused) {
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0770), 0);
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_FALSE(endpoint.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(endpoint.status())) << endpoint.status();
  EXPECT_THAT(endpoint.status().message(), HasSubstr("writable by group"));
}

TEST(AttachSocketTest, MissingDirectoryAndBadAddressesAreRefused) {
  TempDir dir;
  EXPECT_TRUE(absl::IsFailedPrecondition(
      PublicationEndpoint::Listen("unix:" + dir.File("no/such.sock"), {})
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      PublicationEndpoint::Listen("tcp:127.0.0.1:9", {}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      PublicationEndpoint::Listen("unix:", {}).status()));
  EndpointOptions zero_queue;
  zero_queue.queue_capacity = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(
      PublicationEndpoint::Listen(dir.Address(), zero_queue).status()));
}

TEST(AttachSocketTest, AFileInTheWayIsNotReplaced) {
  TempDir dir;
  { std::ofstream(dir.File("wod.sock")) << "precious"; }
  auto endpoint = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_FALSE(endpoint.ok());
  EXPECT_TRUE(absl::IsAlreadyExists(endpoint.status())) << endpoint.status();
  std::ifstream in(dir.File("wod.sock"));
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST(AttachSocketTest, StaleSocketIsReplacedLiveOneIsNot) {
  TempDir dir;
  const int stale = RawListen(dir.File("wod.sock"));
  ASSERT_GE(stale, 0);
  close(stale);  // an endpoint that died: the file stays, nobody listens
  auto first = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = PublicationEndpoint::Listen(dir.Address(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(absl::IsAlreadyExists(second.status())) << second.status();
  // The first endpoint still serves.
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE((*first)->WaitForClients(1, kWait).ok());
}

TEST(AttachWireTest, ControlLines) {
  EXPECT_EQ(GapLine(12), R"({"gap":12})");
  EXPECT_EQ(ParseGapLine(R"({"gap":12})"), 12u);
  EXPECT_EQ(ParseGapLine(GapLine(18446744073709551615u)),
            18446744073709551615u);
  EXPECT_EQ(ParseGapLine(R"({"gap":})"), std::nullopt);
  EXPECT_EQ(ParseGapLine(R"({"gap":1x})"), std::nullopt);
  EXPECT_EQ(ParseGapLine(R"({"gap":-1})"), std::nullopt);
  EXPECT_EQ(ParseGapLine(R"({"gap":1,"x":2})"), std::nullopt);
  EXPECT_EQ(ParseGapLine(R"({"seq":1})"), std::nullopt);
  EXPECT_EQ(kEndLine, R"({"end":true})");
}

// A hand-made "host" that writes bytes and closes, to see how the reader
// tells lines, gaps, the end and a crash apart.
class FakeHost {
 public:
  explicit FakeHost(const TempDir& dir)
      : listen_fd_(RawListen(dir.File("wod.sock"))) {}
  ~FakeHost() {
    if (conn_ >= 0) close(conn_);
    if (listen_fd_ >= 0) close(listen_fd_);
  }
  bool Accept() {
    conn_ = accept(listen_fd_, nullptr, nullptr);
    return conn_ >= 0;
  }
  void Write(const std::string& bytes) {
    ASSERT_EQ(write(conn_, bytes.data(), bytes.size()),
              static_cast<ssize_t>(bytes.size()));
  }
  void Close() {
    close(conn_);
    conn_ = -1;
  }

 private:
  int listen_fd_;
  int conn_ = -1;
};

TEST(AttachReaderTest, LinesGapsEndAndTimeout) {
  TempDir dir;
  FakeHost host(dir);
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(host.Accept());
  // Nothing written yet: a zero timeout returns at once.
  absl::StatusOr<ReadResult> r = (*reader)->Next(absl::ZeroDuration());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kTimeout);
  // A line split across writes, a gap, an empty line, the end.
  host.Write("{\"a\":");
  r = (*reader)->Next(absl::ZeroDuration());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kTimeout) << "half a line is not a line";
  host.Write("1}\n{\"gap\":7}\n\n{\"end\":true}\n");
  r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kLine);
  EXPECT_EQ(r->line, R"({"a":1})");
  r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kGap);
  EXPECT_EQ(r->dropped, 7u);
  r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kLine);
  EXPECT_EQ(r->line, "");
  r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, ReadResult::kEnd);
  host.Close();
  r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok()) << "after the end line, a close is no crash";
  EXPECT_EQ(r->kind, ReadResult::kEnd);
}

TEST(AttachReaderTest, CloseWithoutEndLineIsAnError) {
  TempDir dir;
  FakeHost host(dir);
  auto reader = PublicationReader::Connect(dir.Address());
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(host.Accept());
  host.Write("{\"seq\":0}\n{\"seq\":1");
  host.Close();  // the host died mid-line
  absl::StatusOr<ReadResult> r = (*reader)->Next(kWait);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->line, R"({"seq":0})");
  r = (*reader)->Next(kWait);
  EXPECT_TRUE(absl::IsUnavailable(r.status())) << r.status();
  EXPECT_THAT(r.status().message(), HasSubstr("without an end line"));
}

TEST(AttachReaderTest, OverlongLineIsRefused) {
  TempDir dir;
  FakeHost host(dir);
  auto reader = PublicationReader::Connect(dir.Address(), 16);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_TRUE(host.Accept());
  host.Write(std::string(100, 'x'));
  absl::StatusOr<ReadResult> r = (*reader)->Next(kWait);
  EXPECT_TRUE(absl::IsResourceExhausted(r.status())) << r.status();
}

TEST(AttachReaderTest, NobodyListening) {
  TempDir dir;
  auto reader = PublicationReader::Connect(dir.Address());
  EXPECT_TRUE(absl::IsUnavailable(reader.status())) << reader.status();
}

}  // namespace
}  // namespace wod::attach
