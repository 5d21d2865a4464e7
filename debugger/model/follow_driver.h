// FollowDriver: `wod-debug --follow FILE.wodrec` — follows a recording that
// is still being written (`wod-run --record FILE` writes one flushed line
// per step), like `tail -f`: every complete line is taken as it lands, a
// last line without its newline is the writer's next step and waits to be
// completed (docs/spec/recording.md §1.5), and the recording's end line
// ends the stream. Time travel works over every step read so far
// (StreamDriver).
//
//   WOD_ASSIGN_OR_RETURN(auto driver, FollowDriver::Open("fran.wodrec"));
//   driver->Update(real_ms);
#ifndef WOD_DEBUGGER_MODEL_FOLLOW_DRIVER_H_
#define WOD_DEBUGGER_MODEL_FOLLOW_DRIVER_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "debugger/model/stream_driver.h"

namespace wod::debugger {

class FollowDriver final : public StreamDriver {
 public:
  // Lines longer than this are refused rather than buffered without bound.
  static constexpr size_t kMaxLineBytes = size_t{256} << 20;

  // Errors: NotFound / FailedPrecondition when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<FollowDriver>> Open(
      const std::string& path, StreamOptions options = {});

 private:
  // StreamDriver's (protected) constructor, for the factory above.
  using StreamDriver::StreamDriver;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_FOLLOW_DRIVER_H_
