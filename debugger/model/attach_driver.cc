#include "debugger/model/attach_driver.h"

#include <string>
#include <utility>

#include "debugger/attach/publication_reader.h"

namespace wod::debugger {
namespace {

// The endpoint's wire (debugger/attach/wire.h) as stream chunks.
class SocketSource final : public StreamSource {
 public:
  explicit SocketSource(std::unique_ptr<attach::PublicationReader> reader)
      : reader_(std::move(reader)) {}

  absl::StatusOr<StreamChunk> Next(absl::Duration timeout) override {
    absl::StatusOr<attach::ReadResult> next = reader_->Next(timeout);
    if (!next.ok()) return next.status();
    StreamChunk chunk;
    switch (next->kind) {
      case attach::ReadResult::kLine:
        chunk.kind = StreamChunk::kLine;
        chunk.line = std::move(next->line);
        break;
      case attach::ReadResult::kGap:
        chunk.kind = StreamChunk::kGap;
        chunk.dropped = next->dropped;
        break;
      case attach::ReadResult::kEnd:
        chunk.kind = StreamChunk::kEnd;
        break;
      case attach::ReadResult::kTimeout:
        chunk.kind = StreamChunk::kNothing;
        break;
    }
    return chunk;
  }

 private:
  std::unique_ptr<attach::PublicationReader> reader_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AttachDriver>> AttachDriver::Connect(
    std::string_view address, StreamOptions options) {
  absl::StatusOr<std::unique_ptr<attach::PublicationReader>> reader =
      attach::PublicationReader::Connect(address);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<AttachDriver>(
      new AttachDriver(std::make_unique<SocketSource>(*std::move(reader)),
                       std::string(address), std::move(options)));
}

}  // namespace wod::debugger
