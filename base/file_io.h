// Checked, atomic file writes shared by the tools and the debugger window:
// a write either succeeds or fails with a message naming the path and the
// reason (strerror(errno)), and a failed write never leaves a half-written
// file where a good one stood.
//
//   absl::Status s = base::WriteFileAtomically("trace.json", json);
//   if (!s.ok()) { /* "cannot write 'trace.json': Permission denied" */ }
#ifndef WOD_BASE_FILE_IO_H_
#define WOD_BASE_FILE_IO_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace wod::base {

// Writes all of `data` to `fd`, retrying short writes and EINTR. Returns 0
// or the errno of the failure.
[[nodiscard]] int WriteFully(int fd, const char* data, size_t size);

// Closes a descriptor when it goes, unless it is negative.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser();
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  // Closes now and reports close(2)'s errno (NFS reports write errors here).
  int Close();

 private:
  int fd_;
};

// DataLoss "cannot write 'NAME': REASON" for the errno `error` (0 = unknown).
absl::Status WriteError(const std::string& name, int error);

// Writes `contents` to a temporary file in the directory of `path`, syncs
// it and renames it over `path`. A `path` that exists and is not a regular
// file (/dev/null, a FIFO) is written in place instead: renaming over a
// device would replace it. Errors: DataLoss "cannot write 'PATH': REASON"
// (the temporary file is removed, `path` is untouched).
absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents);
// The same, for contents too large to hold in memory: `write` is given the
// open descriptor and writes them (in chunks, with WriteFully), returning
// OK or its error (WriteError(path, errno) for a failed write). An error
// from `write` is returned as it is and leaves `path` untouched.
absl::Status WriteFileAtomicallyWith(
    const std::string& path, const std::function<absl::Status(int fd)>& write);

// The directory part of `path` ("." for a bare name, "/" for the root),
// and the part after the last slash.
std::string DirName(const std::string& path);
std::string BaseName(const std::string& path);

}  // namespace wod::base

#endif  // WOD_BASE_FILE_IO_H_
