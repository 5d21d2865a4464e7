// SessionPublisher: a running session streamed to debuggers, enabled with
// one call. It is the SessionSink a host hands its WorkoutHost (or
// WorkoutSession::AttachSink): each step's publication (runtime/publication.h)
// goes out as one recording line (docs/spec/recording.md §3) through a
// PublicationEndpoint, after the recording's header line; `wod-debug --attach
// unix:PATH` follows it (docs/attach.md).
//
//   WOD_ASSIGN_OR_RETURN(auto publisher,
//       wod::attach::SessionPublisher::Listen("unix:/run/user/1000/w.sock",
//                                             script, {.forward = &my_sink}));
//   WOD_ASSIGN_OR_RETURN(auto host,
//       wod::blocks::WorkoutHost::Create(script, {.sink = publisher.get()}));
//
// While no debugger is connected the session builds no publication at all
// (SessionSink::DemandPublication): no snapshot, no serialization, no
// syscall, no allocation per step. A debugger that connects gets the header,
// then a keyframe at the next step; one that must resync asks for a keyframe
// the same way. The host's own sink (`forward`) receives every record and
// step as if it were attached directly; the trace never changes.
//
// Header-only: the attach library has no interpreter in it, so a host that
// includes this header links wod::blocks (which it runs the session with)
// besides wod::attach. Thread: the session's.

#ifndef WOD_DEBUGGER_ATTACH_SESSION_PUBLISHER_H_
#define WOD_DEBUGGER_ATTACH_SESSION_PUBLISHER_H_

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/strings.h"
#include "blocks/recording.h"
#include "debugger/attach/publication_endpoint.h"
#include "runtime/publication.h"
#include "runtime/record.h"
#include "runtime/session_sink.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace wod::attach {

struct SessionPublisherOptions {
  EndpointOptions endpoint;
  // A keyframe every this many steps (and at the end, and whenever a
  // debugger connects or must resync).
  int64_t keyframe_interval = blocks::kDefaultKeyframeInterval;
  // The script's name in the header (the debugger shows it).
  std::string source = "host";
  // The host's own sink: gets every record, step and end of session.
  // Publications are not forwarded.
  runtime::SessionSink* forward = nullptr;
};

// The command a step's action names (docs/spec/recording.md §1.5): the
// inverse of StepCommand::ActionText. nullopt for row 0; `next` for an
// action of no command (the step line then names its action).
[[nodiscard]] inline std::optional<runtime::StepCommand> CommandOfAction(
    const runtime::TraceStep& step) {
  if (step.index == 0) return std::nullopt;
  const std::string_view action = step.action;
  runtime::StepCommand command;
  command.kind = runtime::CommandKind::kNext;
  auto millis = [&](std::string_view prefix, runtime::CommandKind kind) {
    if (!action.starts_with(prefix) || !action.ends_with(" ms")) return false;
    const std::string_view digits =
        action.substr(prefix.size(), action.size() - prefix.size() - 3);
    int64_t ms = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      return false;
    }
    command.kind = kind;
    command.ms = ms;
    return true;
  };
  if (millis("tick ", runtime::CommandKind::kTick) ||
      millis("advance ", runtime::CommandKind::kAdvance)) {
    return command;
  }
  if (action.starts_with("event `") && action.ends_with("`") &&
      action.size() > 8) {
    command.kind = runtime::CommandKind::kEvent;
    command.event = std::string(action.substr(7, action.size() - 8));
  }
  return command;
}

class SessionPublisher final : public runtime::SessionSink {
 public:
  // Listens on `address` (`unix:PATH`, PublicationEndpoint::Listen's rules)
  // and sets the recording header for `script` (the text the session runs).
  static absl::StatusOr<std::unique_ptr<SessionPublisher>> Listen(
      std::string_view address, std::string_view script,
      SessionPublisherOptions options = {}) {
    if (options.keyframe_interval < 1) {
      return absl::InvalidArgumentError(
          "SessionPublisher: keyframe_interval must be at least 1");
    }
    absl::StatusOr<std::unique_ptr<PublicationEndpoint>> endpoint =
        PublicationEndpoint::Listen(address, options.endpoint);
    if (!endpoint.ok()) return endpoint.status();
    blocks::RecordingHeader header;
    header.source = std::move(options.source);
    header.script = base::ReplaceInvalidUtf8(script);
    header.keyframe_interval = options.keyframe_interval;
    header.types = blocks::BuildTypeRegistry();
    (*endpoint)->SetHeader(blocks::HeaderLine(header));
    return std::unique_ptr<SessionPublisher>(
        new SessionPublisher(*std::move(endpoint), std::move(header.types),
                             options.keyframe_interval, options.forward));
  }

  SessionPublisher(const SessionPublisher&) = delete;
  SessionPublisher& operator=(const SessionPublisher&) = delete;

  // `--publish-wait`: blocks until `n` debuggers are connected.
  absl::Status WaitForClients(uint64_t n, absl::Duration timeout) const {
    return endpoint_->WaitForClients(n, timeout);
  }
  // Ends every debugger's stream with the end line (PublicationEndpoint::
  // Finish); the destructor does it with a short bound otherwise.
  absl::Status Finish(absl::Duration timeout) {
    return endpoint_->Finish(timeout);
  }
  [[nodiscard]] PublicationEndpoint& endpoint() { return *endpoint_; }
  [[nodiscard]] const PublicationEndpoint& endpoint() const {
    return *endpoint_;
  }

  // SessionSink.
  [[nodiscard]] int64_t PublicationKeyframeInterval() const override {
    return keyframe_interval_;
  }
  [[nodiscard]] PublicationDemand DemandPublication() const override {
    // Nobody listening: no publication is built (docs/attach.md "Cost").
    if (!endpoint_->has_clients()) return {.wanted = false};
    return {.wanted = true, .keyframe = endpoint_->KeyframeWanted()};
  }
  void OnPublication(const runtime::Publication& publication) override {
    const blocks::RecordedStep step =
        blocks::RecordStep(publication, CommandOfAction(publication.trace));
    endpoint_->Publish({blocks::StepLine(step, types_), publication.keyframe});
  }
  void OnRecord(const runtime::Record& record) override {
    if (forward_ != nullptr) forward_->OnRecord(record);
  }
  void OnStep(const runtime::TraceStep& step) override {
    if (forward_ != nullptr) forward_->OnStep(step);
  }
  void OnSessionEnd(const runtime::TraceStep& last) override {
    if (forward_ != nullptr) forward_->OnSessionEnd(last);
  }

 private:
  SessionPublisher(std::unique_ptr<PublicationEndpoint> endpoint,
                   std::vector<blocks::RecordedType> types,
                   int64_t keyframe_interval, runtime::SessionSink* forward)
      : endpoint_(std::move(endpoint)),
        types_(std::move(types)),
        keyframe_interval_(keyframe_interval),
        forward_(forward) {}

  std::unique_ptr<PublicationEndpoint> endpoint_;
  std::vector<blocks::RecordedType> types_;
  int64_t keyframe_interval_;
  runtime::SessionSink* forward_;
};

}  // namespace wod::attach

#endif  // WOD_DEBUGGER_ATTACH_SESSION_PUBLISHER_H_
