// AttachDriver: `wod-debug --attach unix:PATH` — follows a session running
// in another process (a host with a PublicationEndpoint, e.g. `wod-run
// --publish unix:PATH`), live, with time travel over every step that has
// arrived (StreamDriver). Gap lines from the endpoint (a slow debugger's
// dropped deltas) become marked holes in the history; a host that exits
// without its end line shows as a broken stream. The socket is only read.
//
//   WOD_ASSIGN_OR_RETURN(auto driver, AttachDriver::Connect("unix:/tmp/d/w"));
//   driver->Update(real_ms);
#ifndef WOD_DEBUGGER_MODEL_ATTACH_DRIVER_H_
#define WOD_DEBUGGER_MODEL_ATTACH_DRIVER_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "debugger/model/stream_driver.h"

namespace wod::debugger {

class AttachDriver final : public StreamDriver {
 public:
  // Errors: InvalidArgument for a bad address, Unavailable when nobody
  // listens there.
  static absl::StatusOr<std::unique_ptr<AttachDriver>> Connect(
      std::string_view address, StreamOptions options = {});

 private:
  // StreamDriver's (protected) constructor, for the factory above.
  using StreamDriver::StreamDriver;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_ATTACH_DRIVER_H_
