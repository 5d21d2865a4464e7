#include "debugger/model/attach_driver.h"

#include <string>
#include <utility>

#include "debugger/attach/publication_reader.h"

namespace wod::debugger {
namespace {

// The endpoint's wire (debugger/attach/wire.h), read as it comes.
class SocketSource final : public StreamSource {
 public:
  explicit SocketSource(std::unique_ptr<attach::PublicationReader> reader)
      : reader_(std::move(reader)) {}

  absl::StatusOr<StreamChunk> Next(absl::Duration timeout) override {
    return reader_->Next(timeout);
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
