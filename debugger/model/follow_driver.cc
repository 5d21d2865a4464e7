#include "debugger/model/follow_driver.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

#include "blocks/recording.h"
#include "fmt/format.h"

namespace wod::debugger {
namespace {

// How often a follower looks again at a file that has not grown (a regular
// file cannot be polled for growth).
constexpr absl::Duration kRecheck = absl::Milliseconds(20);
constexpr size_t kReadChunk = 64 * 1024;

class FileTail final : public StreamSource {
 public:
  FileTail(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FileTail() override { close(fd_); }
  FileTail(const FileTail&) = delete;
  FileTail& operator=(const FileTail&) = delete;

  absl::StatusOr<StreamChunk> Next(absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      const size_t newline = buffer_.find('\n', start_ + scanned_);
      if (newline != std::string::npos) {
        StreamChunk chunk;
        chunk.line = buffer_.substr(start_, newline - start_);
        start_ = newline + 1;
        scanned_ = 0;
        // The recording's own end line (docs/spec/recording.md §7).
        chunk.kind = blocks::IsEndLine(chunk.line) ? StreamChunk::kEnd
                                                   : StreamChunk::kLine;
        return chunk;
      }
      scanned_ = buffer_.size() - start_;
      if (scanned_ > FollowDriver::kMaxLineBytes) {
        return absl::ResourceExhaustedError(
            fmt::format("{}: a line longer than {} bytes", path_,
                        FollowDriver::kMaxLineBytes));
      }
      if (start_ > 0) {
        buffer_.erase(0, start_);
        start_ = 0;
      }
      const size_t old_size = buffer_.size();
      buffer_.resize(old_size + kReadChunk);
      const ssize_t n = read(fd_, buffer_.data() + old_size, kReadChunk);
      buffer_.resize(old_size + static_cast<size_t>(std::max<ssize_t>(n, 0)));
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        return absl::DataLossError(
            fmt::format("cannot read {}: {}", path_, std::strerror(err)));
      }
      if (n > 0) continue;
      // At the end of what was written so far (a partial last line stays in
      // the buffer until the writer completes it).
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) {
        return StreamChunk{StreamChunk::kTimeout};
      }
      std::this_thread::sleep_for(
          absl::ToChronoMilliseconds(std::min(left, kRecheck)));
    }
  }

 private:
  const int fd_;
  const std::string path_;
  std::string buffer_;
  size_t start_ = 0;
  size_t scanned_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<FollowDriver>> FollowDriver::Open(
    const std::string& path, StreamOptions options) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const std::string message =
        fmt::format("cannot open '{}': {}", path, std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(message);
    return absl::FailedPreconditionError(message);
  }
  return std::unique_ptr<FollowDriver>(new FollowDriver(
      std::make_unique<FileTail>(fd, path), path, std::move(options)));
}

}  // namespace wod::debugger
