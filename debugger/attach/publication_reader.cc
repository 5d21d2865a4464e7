#include "debugger/attach/publication_reader.h"

#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "absl/status/status.h"
#include "debugger/attach/wire.h"
#include "fmt/format.h"

namespace wod::attach {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

}  // namespace

absl::StatusOr<std::unique_ptr<PublicationReader>> PublicationReader::Connect(
    std::string_view address, size_t max_line_bytes) {
  absl::StatusOr<std::string> path = ParseUnixAddress(address);
  if (!path.ok()) return path.status();
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    const int err = errno;
    return absl::InternalError(fmt::format("socket: {}", std::strerror(err)));
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path->data(), path->size());
  int rc;
  do {
    rc = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    close(fd);
    return absl::UnavailableError(
        fmt::format("cannot attach to {}: {}", *path, std::strerror(err)));
  }
  return std::unique_ptr<PublicationReader>(
      new PublicationReader(fd, max_line_bytes));
}

PublicationReader::PublicationReader(int fd, size_t max_line_bytes)
    : fd_(fd), max_line_bytes_(max_line_bytes) {}

PublicationReader::~PublicationReader() { close(fd_); }

absl::StatusOr<ReadResult> PublicationReader::Next(absl::Duration timeout) {
  if (ended_) return ReadResult{ReadResult::kEnd, {}, 0};
  const bool forever = timeout == absl::InfiniteDuration();
  const absl::Time deadline =
      forever ? absl::InfiniteFuture() : absl::Now() + timeout;
  while (true) {
    const size_t newline = buffer_.find('\n', start_ + scanned_);
    if (newline != std::string::npos) {
      std::string_view text(buffer_.data() + start_, newline - start_);
      ReadResult result;
      if (text == kEndLine) {
        ended_ = true;
        result.kind = ReadResult::kEnd;
      } else if (std::optional<uint64_t> dropped = ParseGapLine(text)) {
        result.kind = ReadResult::kGap;
        result.dropped = *dropped;
      } else {
        result.kind = ReadResult::kLine;
        result.line.assign(text);
      }
      start_ = newline + 1;
      scanned_ = 0;
      return result;
    }
    scanned_ = buffer_.size() - start_;
    if (scanned_ > max_line_bytes_) {
      return absl::ResourceExhaustedError(fmt::format(
          "attach stream line longer than {} bytes", max_line_bytes_));
    }
    // Compact before growing, so the buffer holds at most one line plus a
    // chunk.
    if (start_ > 0) {
      buffer_.erase(0, start_);
      start_ = 0;
    }
    int timeout_ms = -1;
    if (!forever) {
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) {
        return ReadResult{ReadResult::kTimeout, {}, 0};
      }
      timeout_ms = static_cast<int>(std::min<int64_t>(
          absl::Ceil(left, absl::Milliseconds(1)) / absl::Milliseconds(1),
          INT_MAX));
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return absl::InternalError(fmt::format("poll: {}", std::strerror(err)));
    }
    if (ready == 0) continue;  // the deadline check above decides
    const size_t old_size = buffer_.size();
    buffer_.resize(old_size + kReadChunk);
    const ssize_t n = read(fd_, buffer_.data() + old_size, kReadChunk);
    if (n < 0) {
      buffer_.resize(old_size);
      if (errno == EINTR || errno == EAGAIN) continue;
      const int err = errno;
      return absl::UnavailableError(fmt::format(
          "attach stream broke without an end line: {}", std::strerror(err)));
    }
    buffer_.resize(old_size + static_cast<size_t>(n));
    if (n == 0) {
      return absl::UnavailableError(
          buffer_.size() > start_
              ? "attach stream closed in the middle of a line, without an end "
                "line: the host exited or crashed"
              : "attach stream closed without an end line: the host exited "
                "or crashed");
    }
  }
}

}  // namespace wod::attach
