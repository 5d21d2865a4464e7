// SessionDriver: runs a WorkoutSession for the debugger window.
//
// Drives the session only through the commands a user has (start, next,
// tick, pause/resume, abort, reset; docs/spec/design.md §5: the
// debugger drives the runtime only through the commands a user has), and
// appends the publication of each step (runtime::PublicationBuilder on the
// session's memory) to the history, as a recording or an attached host
// would. After every step it evaluates the watches and, when the step
// popped a block, the ownership checks; either one stops the driver: no
// further commands or ticks are fed until the user continues
// (docs/spec/debugger.md §2.8, §2.9). Real time feeds `tick tick_ms` for every
// tick_ms of wall time × speed.
//
//   WOD_ASSIGN_OR_RETURN(auto driver, SessionDriver::Create(text, "fran.wod"));
//   driver->Handle(Intent::Of(Intent::Kind::kStart));
//   WOD_RETURN_IF_ERROR(driver->ApplySteps("next; tick 1000"));
#ifndef WOD_DEBUGGER_MODEL_SESSION_DRIVER_H_
#define WOD_DEBUGGER_MODEL_SESSION_DRIVER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/model/driver.h"
#include "runtime/publication.h"
#include "runtime/step_command.h"

namespace wod::debugger {

class SessionDriver : public Driver {
 public:
  // Parses and compiles `source` (parse problems become diagnostics in the
  // status, as the session treats them). Errors: those of
  // WorkoutSession::Create.
  static absl::StatusOr<std::unique_ptr<SessionDriver>> Create(
      std::string source, std::string path);

  void Handle(const Intent& intent) override;
  // The session so far, re-run from its source and commands into a
  // SessionRecorder (runs are deterministic on the virtual clock; a re-run
  // whose rows differ from the ones shown is an Internal error, never a
  // wrong file).
  [[nodiscard]] absl::StatusOr<std::string> RecordingText() const override;
  [[nodiscard]] absl::StatusOr<std::string> ChromeTraceText() const override;

  // Runs `--steps` text after starting the session if needed. Stops early
  // (OK status) when a watch or check stops the driver. Errors:
  // InvalidArgument with "steps:L:C: ..." (nothing runs).
  absl::Status ApplySteps(std::string_view steps);
  // Runs one command (starting first if needed); false when the driver is
  // stopped by a watch or a check.
  bool Apply(const runtime::StepCommand& command);

  // Every row so far, exactly as the step table prints it (for the
  // "attaching never changes execution" test).
  [[nodiscard]] const std::vector<std::string>& rows() const { return rows_; }

 private:
  SessionDriver() = default;
  absl::Status Load(std::string source, std::string path);
  void Record(const runtime::TraceStep& step);
  // The ownership checks after a step that popped a block.
  void CheckOwnershipAfterPop(const runtime::TraceStep& step);
  void Start();
  void Tick(int64_t ms) override;
  void Run();
  void PauseOrResume();
  void OpenFile(const std::string& path);
  // Reloads the script with the fix-it of diagnostic `index` applied.
  void ApplyFix(int64_t index);
  // Re-runs the session into a recorder (see RecordingText).
  [[nodiscard]] absl::StatusOr<blocks::Recording> Rerecord(
      std::string* text) const;

  std::unique_ptr<blocks::WorkoutSession> session_;
  std::unique_ptr<runtime::PublicationBuilder> builder_;
  std::vector<std::string> rows_;
  // The command of every step so far (nullopt for row 0), for recording.
  std::vector<std::optional<runtime::StepCommand>> commands_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_SESSION_DRIVER_H_
