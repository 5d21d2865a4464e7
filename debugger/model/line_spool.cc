#include "debugger/model/line_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "base/file_io.h"
#include "fmt/format.h"

namespace wod::debugger {
namespace {

// Writes all of `data` at `offset`, retrying short writes and EINTR.
// Returns 0 or the errno of the failure.
int PwriteFully(int fd, const char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return ENOSPC;
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return 0;
}

}  // namespace

std::string LineSpool::DefaultDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? std::string(dir)
                                        : std::string("/tmp");
}

absl::StatusOr<std::unique_ptr<LineSpool>> LineSpool::Create(
    const std::string& dir) {
  const std::string name = fmt::format("a temporary file in '{}'", dir);
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    // No O_TMPFILE here (an old kernel, a file system without it): a named
    // file, unlinked at once so nothing is left behind.
    std::string path = dir + "/wod-debug-stream.XXXXXX";
    fd = mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0) {
      return absl::DataLossError(
          fmt::format("cannot create {}: {}", name, std::strerror(errno)));
    }
    unlink(path.c_str());
  }
  return std::unique_ptr<LineSpool>(new LineSpool(fd, name));
}

std::unique_ptr<LineSpool> LineSpool::Adopt(int fd, std::string name) {
  return std::unique_ptr<LineSpool>(new LineSpool(fd, std::move(name)));
}

LineSpool::~LineSpool() {
  if (fd_ >= 0) close(fd_);
}

absl::Status LineSpool::Append(std::string_view line) {
  int error = PwriteFully(fd_, line.data(), line.size(), size_);
  if (error == 0) error = PwriteFully(fd_, "\n", 1, size_ + line.size());
  if (error != 0) return base::WriteError(name_, error);
  size_ += line.size() + 1;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> LineSpool::FileSize() const {
  struct stat info {};
  if (fstat(fd_, &info) != 0) {
    return absl::DataLossError(
        fmt::format("cannot read '{}': {}", name_, std::strerror(errno)));
  }
  return static_cast<uint64_t>(info.st_size);
}

absl::StatusOr<size_t> LineSpool::ReadAt(uint64_t offset, char* out,
                                         size_t n) const {
  size_t done = 0;
  while (done < n) {
    const ssize_t got =
        pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return absl::DataLossError(
          fmt::format("cannot read '{}': {}", name_, std::strerror(errno)));
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

absl::Status LineSpool::ForEachChunk(
    const std::function<absl::Status(std::string_view)>& f) const {
  std::vector<char> buffer(kChunkBytes);
  uint64_t offset = 0;
  while (offset < size_) {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(kChunkBytes, size_ - offset));
    absl::StatusOr<size_t> got = ReadAt(offset, buffer.data(), want);
    if (!got.ok()) return got.status();
    if (*got < want) {
      return absl::DataLossError(fmt::format(
          "cannot read '{}': it ends at byte {} of {} (truncated by another "
          "process?)",
          name_, offset + *got, size_));
    }
    if (absl::Status s = f(std::string_view(buffer.data(), want)); !s.ok()) {
      return s;
    }
    offset += want;
  }
  return absl::OkStatus();
}

}  // namespace wod::debugger
