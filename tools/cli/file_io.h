// Checked file I/O for wod-run: every read and write either succeeds or
// fails with a message naming the path and the reason (strerror(errno)),
// never with an exception or in silence.
//
// - `ReadAll` / `ReadFileText` read with read(2), so a closed descriptor, a
//   directory or an EIO is a status, not an iostream exception.
// - `FdOutputBuffer` is a streambuf over a descriptor that remembers the
//   errno of the first failed write (stdout, recordings).
// - `WriteFileAtomically` writes a temporary file beside the target and
//   renames it into place, so a failure never leaves a half-written file
//   where a good one stood.
// - `CheckOutputIdentities` refuses an output that is an input or another
//   output, comparing files by identity (device + inode), not by name.
//
//   absl::StatusOr<std::string> text = ReadFileText("cindy.wod");
//   if (!text.ok()) { /* "cannot read 'cindy.wod': Is a directory" */ }
//   absl::Status s = WriteFileAtomically("trace.json", json);
#ifndef WOD_TOOLS_CLI_FILE_IO_H_
#define WOD_TOOLS_CLI_FILE_IO_H_

#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/file_io.h"

namespace wod::cli {

// The most a script or scenario file may hold (docs/reliability.md): a
// reader stops after this many bytes plus one instead of growing without
// bound on an endless input (a pipe, /dev/zero).
inline constexpr size_t kMaxInputBytes = size_t{16} << 20;  // 16 MiB

// Reads `fd` to its end; `name` is used in messages ("<stdin>"). Errors:
// FailedPrecondition "cannot read 'NAME': REASON"; ResourceExhausted
// "cannot read 'NAME': larger than the N bytes it may hold" after reading
// at most `max_bytes` + 1 bytes.
absl::StatusOr<std::string> ReadAll(int fd, const std::string& name,
                                    size_t max_bytes = kMaxInputBytes);

// Reads a whole file; NotFound / PermissionDenied / FailedPrecondition (a
// directory, a read error) with "cannot read 'PATH': reason", and
// ResourceExhausted past `max_bytes` as ReadAll.
absl::StatusOr<std::string> ReadFileText(const std::string& path,
                                         size_t max_bytes = kMaxInputBytes);

// Opens a file to stream it (a recording): the descriptor, or the errors
// of ReadFileText (a directory is refused here, before any read).
absl::StatusOr<int> OpenForReading(const std::string& path);

// A buffered streambuf reading a descriptor it does not own. A failed
// read(2) ends the stream, and `error()` tells why.
class FdInputBuffer : public std::streambuf {
 public:
  explicit FdInputBuffer(int fd);
  FdInputBuffer(const FdInputBuffer&) = delete;
  FdInputBuffer& operator=(const FdInputBuffer&) = delete;

  // errno of the failed read, 0 while none failed.
  [[nodiscard]] int error() const { return error_; }

 protected:
  int_type underflow() override;

 private:
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

// "cannot write 'NAME': REASON" (shared with the debugger: base/file_io.h).
using base::WriteError;

// A buffered streambuf writing to a descriptor it does not own. After the
// first failed write(2) every later write fails too (so no output goes on
// after a gap), and `error()` tells why.
class FdOutputBuffer : public std::streambuf {
 public:
  explicit FdOutputBuffer(int fd);
  ~FdOutputBuffer() override;
  FdOutputBuffer(const FdOutputBuffer&) = delete;
  FdOutputBuffer& operator=(const FdOutputBuffer&) = delete;

  // errno of the first failed write, 0 while none failed.
  [[nodiscard]] int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override;
  int sync() override;

 private:
  bool Drain();

  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

// Temp file + rename (base/file_io.h).
using base::WriteFileAtomically;

// One file a run reads or writes, for CheckOutputIdentities.
struct NamedFile {
  std::string label;  // how messages name it: "--record", "the script"
  std::string path;   // as given; shown in messages
  int fd = -1;        // >= 0: identify the open descriptor instead of path
};

// Fails (FailedPrecondition, a sentence naming both files) when an output
// is the same file as an input or as another output. Existing files are
// compared by device and inode, and only regular files count (writing two
// outputs to /dev/null is harmless); an output that does not exist yet is
// compared by its resolved parent directory and name with the other
// not-yet-existing outputs.
absl::Status CheckOutputIdentities(const std::vector<NamedFile>& inputs,
                                   const std::vector<NamedFile>& outputs);

}  // namespace wod::cli

#endif  // WOD_TOOLS_CLI_FILE_IO_H_
