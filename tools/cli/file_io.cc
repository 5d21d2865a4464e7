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
#include "base/file_io.h"
#include "base/status_macros.h"
#include "fmt/format.h"

namespace wod::cli {
namespace {

constexpr size_t kChunk = size_t{64} * 1024;

using base::BaseName;
using base::DirName;
using base::FdCloser;
using base::WriteFully;

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
