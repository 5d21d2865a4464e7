#include "tools/cli/file_io.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/status_macros.h"
#include "fmt/format.h"

namespace wod::cli {
namespace {

constexpr size_t kChunk = size_t{64} * 1024;

std::string Reason(int error) {
  return error == 0 ? std::string("write error") : std::strerror(error);
}

// Writes all of `data`, retrying short writes and EINTR; errno on failure.
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

// Closes `fd` unless it is negative; keeps errno.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now and reports close(2)'s errno (NFS reports write errors here).
  int Close() {
    const int fd = fd_;
    fd_ = -1;
    return close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

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

// What identifies a file for CheckOutputIdentities: device + inode of an
// existing regular file, or the resolved "directory/name" of one that does
// not exist yet. Neither for anything else (devices, FIFOs, unresolvable).
struct Identity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string resolved;  // when !exists

  bool Same(const Identity& other) const {
    if (exists != other.exists) return false;
    if (exists) return dev == other.dev && ino == other.ino;
    return resolved == other.resolved;
  }
};

std::optional<Identity> IdentityOf(const NamedFile& file) {
  struct stat info {};
  const int found =
      file.fd >= 0 ? fstat(file.fd, &info) : stat(file.path.c_str(), &info);
  if (found == 0) {
    if (!S_ISREG(info.st_mode)) return std::nullopt;
    return Identity{true, info.st_dev, info.st_ino, ""};
  }
  if (file.fd >= 0 || errno != ENOENT) return std::nullopt;
  char parent[PATH_MAX];
  if (realpath(DirName(file.path).c_str(), parent) == nullptr) {
    return std::nullopt;
  }
  return Identity{false, 0, 0, std::string(parent) + "/" + BaseName(file.path)};
}

std::string Describe(const NamedFile& file) {
  return file.fd >= 0 ? file.label
                      : fmt::format("{} '{}'", file.label, file.path);
}

}  // namespace

absl::StatusOr<std::string> ReadAll(int fd, const std::string& name,
                                    size_t max_bytes) {
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read '{}': {}", name, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(
        fmt::format("cannot read '{}': it is a directory", name));
  }
  std::string text;
  std::vector<char> chunk(kChunk);
  while (true) {
    // One byte past the limit tells "exactly the limit" from "more".
    const size_t room = max_bytes - std::min(max_bytes, text.size()) + 1;
    const ssize_t n = read(fd, chunk.data(), std::min(chunk.size(), room));
    if (n == 0) return text;
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::FailedPreconditionError(
          fmt::format("cannot read '{}': {}", name, std::strerror(errno)));
    }
    text.append(chunk.data(), static_cast<size_t>(n));
    if (text.size() > max_bytes) {
      return absl::ResourceExhaustedError(fmt::format(
          "cannot read '{}': larger than the {} bytes it may hold (reading "
          "stopped there)",
          name, max_bytes));
    }
  }
}

absl::StatusOr<int> OpenForReading(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    const std::string message =
        fmt::format("cannot read '{}': {}", path, std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::FailedPreconditionError(message);
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    const int error = errno;
    close(fd);
    return absl::FailedPreconditionError(
        S_ISDIR(info.st_mode)
            ? fmt::format("cannot read '{}': it is a directory", path)
            : fmt::format("cannot read '{}': {}", path, std::strerror(error)));
  }
  return fd;
}

absl::StatusOr<std::string> ReadFileText(const std::string& path,
                                         size_t max_bytes) {
  WOD_ASSIGN_OR_RETURN(const int fd, OpenForReading(path));
  FdCloser closer(fd);
  return ReadAll(fd, path, max_bytes);
}

FdInputBuffer::FdInputBuffer(int fd) : fd_(fd), buffer_(kChunk) {
  setg(buffer_.data(), buffer_.data(), buffer_.data());
}

FdInputBuffer::int_type FdInputBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (error_ != 0) return traits_type::eof();
  while (true) {
    const ssize_t n = read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error_ = errno;
    if (n <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }
}

absl::Status WriteError(const std::string& name, int error) {
  return absl::DataLossError(
      fmt::format("cannot write '{}': {}", name, Reason(error)));
}

FdOutputBuffer::FdOutputBuffer(int fd) : fd_(fd), buffer_(kChunk) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdOutputBuffer::~FdOutputBuffer() { Drain(); }

bool FdOutputBuffer::Drain() {
  if (error_ != 0) return false;
  const size_t size = static_cast<size_t>(pptr() - pbase());
  error_ = WriteFully(fd_, pbase(), size);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return error_ == 0;
}

FdOutputBuffer::int_type FdOutputBuffer::overflow(int_type ch) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(ch, traits_type::eof())) {
    return traits_type::not_eof(ch);
  }
  *pptr() = traits_type::to_char_type(ch);
  pbump(1);
  return ch;
}

int FdOutputBuffer::sync() { return Drain() ? 0 : -1; }

absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return WriteError(path, errno);
    FdCloser closer(fd);
    if (const int error = WriteFully(fd, contents.data(), contents.size());
        error != 0) {
      return WriteError(path, error);
    }
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
  if (error == 0) error = WriteFully(fd, contents.data(), contents.size());
  if (error == 0 && fsync(fd) != 0) error = errno;
  if (const int closed = closer.Close(); error == 0) error = closed;
  if (error == 0 && rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    unlink(temp.c_str());
    return WriteError(path, error);
  }
  return absl::OkStatus();
}

absl::Status CheckOutputIdentities(const std::vector<NamedFile>& inputs,
                                   const std::vector<NamedFile>& outputs) {
  std::vector<std::optional<Identity>> output_ids;
  output_ids.reserve(outputs.size());
  for (const NamedFile& output : outputs) {
    output_ids.push_back(IdentityOf(output));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!output_ids[i].has_value()) continue;
    for (const NamedFile& input : inputs) {
      const std::optional<Identity> id = IdentityOf(input);
      if (id.has_value() && id->Same(*output_ids[i])) {
        return absl::FailedPreconditionError(fmt::format(
            "refusing to write {}: it is the same file as {}, which this run "
            "reads",
            Describe(outputs[i]), Describe(input)));
      }
    }
    for (size_t j = 0; j < i; ++j) {
      if (output_ids[j].has_value() && output_ids[j]->Same(*output_ids[i])) {
        return absl::FailedPreconditionError(fmt::format(
            "refusing to write {}: it is the same file as {}, which this run "
            "also writes",
            Describe(outputs[i]), Describe(outputs[j])));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace wod::cli
