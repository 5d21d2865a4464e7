// LineSpool: an append-only anonymous temporary file that keeps the lines
// of a stream on disk instead of in memory, so a debugger attached for
// hours (`wod-debug --attach`, `--follow`) can still save everything it
// received (docs/spec/debugger.md §2.13) while its memory stays flat
// (docs/spec/debugger.md §7).
//
// The file has no name: it is opened with O_TMPFILE in the directory, or,
// where the file system lacks it, created with mkstemp and unlinked at
// once, so it disappears with the descriptor (closed by the destructor,
// or by the kernel when the process dies). Reads use pread, so a spool can
// be read back while lines are still being appended.
//
//   absl::StatusOr<std::unique_ptr<LineSpool>> spool =
//       LineSpool::Create(LineSpool::DefaultDir());
//   absl::Status s = (*spool)->Append(line);  // line + '\n'
//   s = (*spool)->ForEachChunk([&](std::string_view bytes) { ... });
#ifndef WOD_DEBUGGER_MODEL_LINE_SPOOL_H_
#define WOD_DEBUGGER_MODEL_LINE_SPOOL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wod::debugger {

class LineSpool {
 public:
  // Bytes read back per chunk (ForEachChunk): the memory a save takes.
  static constexpr size_t kChunkBytes = size_t{64} << 10;

  // $TMPDIR, or /tmp when it is unset or empty.
  [[nodiscard]] static std::string DefaultDir();
  // An empty anonymous file in `dir`. Errors: DataLoss "cannot create a
  // temporary file in 'DIR': REASON".
  static absl::StatusOr<std::unique_ptr<LineSpool>> Create(
      const std::string& dir);
  // A spool over a descriptor opened for reading and writing (taken over
  // and closed by the spool), named `name` in errors: tests use it to make
  // appends fail (/dev/full).
  static std::unique_ptr<LineSpool> Adopt(int fd, std::string name);

  ~LineSpool();
  LineSpool(const LineSpool&) = delete;
  LineSpool& operator=(const LineSpool&) = delete;

  // Appends `line` and a newline. Errors: DataLoss "cannot write 'NAME':
  // REASON" (a full disk); what was appended before stays readable.
  absl::Status Append(std::string_view line);
  // Bytes appended so far.
  [[nodiscard]] uint64_t size() const { return size_; }
  // The size of the file itself (fstat), which equals size() after
  // successful appends.
  [[nodiscard]] absl::StatusOr<uint64_t> FileSize() const;
  // Up to `n` bytes from `offset` into `out`; fewer only at the end.
  // Errors: DataLoss "cannot read 'NAME': REASON".
  absl::StatusOr<size_t> ReadAt(uint64_t offset, char* out, size_t n) const;
  // Hands the first size() bytes to `f`, kChunkBytes at a time; stops at
  // the first error (`f`'s or a read error).
  absl::Status ForEachChunk(
      const std::function<absl::Status(std::string_view)>& f) const;
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  LineSpool(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

  int fd_;
  std::string name_;
  uint64_t size_ = 0;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_LINE_SPOOL_H_
