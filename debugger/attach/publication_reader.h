// PublicationReader: the debugger side of attach. Connects to a
// PublicationEndpoint's socket and returns the stream line by line, telling
// publications from the control lines (wire.h): a gap, the end of a finished
// stream, or a connection that closed without an end (the host exited or
// crashed). It never writes to the socket. docs/attach.md.
//
//   auto reader = PublicationReader::Connect("unix:/run/user/1000/wod.sock");
//   if (!reader.ok()) return reader.status();
//   while (true) {
//     absl::StatusOr<ReadResult> next = (*reader)->Next(absl::Seconds(5));
//     if (!next.ok()) return next.status();  // host gone without an end
//     if (next->kind == ReadResult::kEnd) break;
//     if (next->kind == ReadResult::kTimeout) return Timeout();
//     if (next->kind == ReadResult::kGap) MarkGap(next->dropped);
//     else Apply(next->line);  // the header first, then publications
//   }

#ifndef WOD_DEBUGGER_ATTACH_PUBLICATION_READER_H_
#define WOD_DEBUGGER_ATTACH_PUBLICATION_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace wod::attach {

// One read of a publication stream. The debugger's stream drivers read
// every source (this socket, a followed recording) as these
// (debugger/model/stream_driver.h).
struct ReadResult {
  enum Kind {
    kLine,     // `line`: the header or a publication
    kGap,      // `dropped` publications are missing; a keyframe follows
    kEnd,      // the host finished the stream (`{"end":true}`, or a
               // recording's end line)
    kTimeout,  // nothing complete arrived within the timeout
  };
  Kind kind = kLine;
  std::string line;
  uint64_t dropped = 0;
};

class PublicationReader {
 public:
  // Lines longer than this are refused (ResourceExhausted) rather than
  // buffered without bound.
  static constexpr size_t kDefaultMaxLineBytes = size_t{256} << 20;

  static absl::StatusOr<std::unique_ptr<PublicationReader>> Connect(
      std::string_view address, size_t max_line_bytes = kDefaultMaxLineBytes);

  PublicationReader(const PublicationReader&) = delete;
  PublicationReader& operator=(const PublicationReader&) = delete;
  ~PublicationReader();

  // The next line, waiting at most `timeout` (absl::InfiniteDuration() waits
  // for ever). After the end line every call returns kEnd. Unavailable when
  // the connection closed without an end line, ResourceExhausted for an
  // over-long line.
  absl::StatusOr<ReadResult> Next(absl::Duration timeout);

 private:
  PublicationReader(int fd, size_t max_line_bytes);

  const int fd_;
  const size_t max_line_bytes_;
  std::string buffer_;
  size_t start_ = 0;    // first unreturned byte of buffer_
  size_t scanned_ = 0;  // bytes from start_ known to hold no '\n'
  bool ended_ = false;
};

}  // namespace wod::attach

#endif  // WOD_DEBUGGER_ATTACH_PUBLICATION_READER_H_
