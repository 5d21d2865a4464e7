#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "fmt/format.h"

namespace wod::base {
namespace {

std::string Reason(int error) {
  return error == 0 ? std::string("write error") : std::strerror(error);
}

}  // namespace

std::string DirName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int WriteFully(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

FdCloser::~FdCloser() {
  if (fd_ >= 0) close(fd_);
}

int FdCloser::Close() {
  const int fd = fd_;
  fd_ = -1;
  return close(fd) == 0 ? 0 : errno;
}

absl::Status WriteError(const std::string& name, int error) {
  return absl::DataLossError(
      fmt::format("cannot write '{}': {}", name, Reason(error)));
}

absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents) {
  return WriteFileAtomicallyWith(path, [&](int fd) {
    const int error = WriteFully(fd, contents.data(), contents.size());
    return error == 0 ? absl::OkStatus() : WriteError(path, error);
  });
}

absl::Status WriteFileAtomicallyWith(
    const std::string& path, const std::function<absl::Status(int fd)>& write) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return WriteError(path, errno);
    FdCloser closer(fd);
    if (absl::Status written = write(fd); !written.ok()) return written;
    if (const int error = closer.Close(); error != 0) {
      return WriteError(path, error);
    }
    return absl::OkStatus();
  }
  std::string temp = DirName(path) + "/." + BaseName(path) + ".XXXXXX";
  const int fd = mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return WriteError(path, errno);
  FdCloser closer(fd);
  // mkostemp creates the file 0600; give it the mode a plain open(2) would
  // (0666 minus the umask), which umask(2) can only report by setting it.
  const mode_t mask = umask(0);
  umask(mask);
  int error = fchmod(fd, 0666 & ~mask) == 0 ? 0 : errno;
  absl::Status written = error == 0 ? write(fd) : absl::OkStatus();
  if (error == 0 && written.ok() && fsync(fd) != 0) error = errno;
  if (const int closed = closer.Close(); error == 0) error = closed;
  if (error == 0 && written.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    error = errno;
  }
  if (error != 0 || !written.ok()) {
    unlink(temp.c_str());
    return written.ok() ? WriteError(path, error) : written;
  }
  return absl::OkStatus();
}

}  // namespace wod::base
