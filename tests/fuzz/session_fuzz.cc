// libFuzzer target for the interpreter: a fuzzed script driven through a
// WorkoutSession by fuzzed commands. Finds runtime crashes, hangs and broken
// invariants that no parser-only target can reach.
//
// Input: script bytes, then a NUL byte, then command bytes (no NUL: the
// script alone, run with `next` until it ends). Each command byte picks a
// command (low 3 bits) and its duration (the following bytes); at most
// kMaxCommands run. After every command the runtime's CheckInvariants()
// (which includes the memory's) must hold; after a final abort the stack
// and memory must be empty, every owner retired and every push popped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "blocks/workout_session.h"
#include "memory/runtime_memory.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "runtime/step_trace.h"

namespace {

using wod::runtime::CommandKind;
using wod::runtime::StepCommand;

constexpr size_t kMaxCommands = 200;

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "session_fuzz: check failed: %s\n", what);
    std::abort();
  }
}

void CheckInvariants(const wod::runtime::ScriptRuntime& runtime) {
  const absl::Status status = runtime.CheckInvariants();
  if (!status.ok()) {
    std::fprintf(stderr, "session_fuzz: %s\n", status.ToString().c_str());
    std::abort();
  }
}

// Decodes the next command from `bytes` (consumed as it goes).
StepCommand NextCommand(std::string_view* bytes) {
  const auto take = [bytes]() -> uint8_t {
    if (bytes->empty()) return 0;
    const auto b = static_cast<uint8_t>(bytes->front());
    bytes->remove_prefix(1);
    return b;
  };
  const uint8_t op = take();
  StepCommand c;
  switch (op & 7) {
    case 0:
    case 1:
      c.kind = CommandKind::kNext;
      break;
    case 2:
    case 3: {
      c.kind = (op & 7) == 2 ? CommandKind::kTick : CommandKind::kAdvance;
      // Two bytes of amount and a scale from the op byte: one frame up to
      // days, so intervals are both hit exactly and overshot many times,
      // and jumps up to the --steps maximum of 2^53 ms.
      constexpr int64_t kScale[4] = {1, 1000, 60'000, int64_t{1} << 37};
      const int64_t amount = take() | (int64_t{take()} << 8);
      c.ms = amount * kScale[(op >> 3) & 3];
      break;
    }
    case 4:
      c.kind = CommandKind::kEvent;
      c.event = "timer:pause";
      break;
    case 5:
      c.kind = CommandKind::kEvent;
      c.event = "timer:resume";
      break;
    case 6:
      // Events nobody listens to, and ones only the runtime raises.
      c.kind = CommandKind::kEvent;
      c.event = (op & 8) ? "timer:complete" : "no-such-event";
      break;
    default:
      c.kind = CommandKind::kEvent;
      c.event = "abort";
      break;
  }
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view script = input.substr(0, nul);
  std::string_view commands = nul == std::string_view::npos
                                  ? std::string_view()
                                  : input.substr(nul + 1);

  absl::StatusOr<std::unique_ptr<wod::blocks::WorkoutSession>> created =
      wod::blocks::WorkoutSession::Create(script);
  Check(created.ok(), "Create failed");
  wod::blocks::WorkoutSession& session = **created;
  const wod::runtime::ScriptRuntime& runtime = session.runtime();

  wod::runtime::TraceStep step = session.Start();
  Check(!step.Row().empty(), "row 0 printed");
  CheckInvariants(runtime);

  size_t count = 0;
  const bool script_only = nul == std::string_view::npos;
  while (count < kMaxCommands && (script_only || !commands.empty())) {
    StepCommand c;
    if (script_only) {
      c.kind = CommandKind::kNext;  // walk the script to its end
      if (runtime.session_ended()) break;
    } else {
      c = NextCommand(&commands);
    }
    step = session.Apply(c);
    ++count;
    Check(step.depth() == static_cast<int64_t>(runtime.depth()),
          "row depth == stack depth");
    Check(!step.Row().empty(), "row printed");
    CheckInvariants(runtime);
  }

  StepCommand abort;
  abort.kind = CommandKind::kEvent;
  abort.event = "abort";
  session.Apply(abort);
  CheckInvariants(runtime);
  Check(runtime.depth() == 0, "empty stack after abort");
  Check(runtime.memory().size() == 0, "empty memory after abort");
  Check(runtime.memory().LiveOwners().empty(), "every owner retired");
  Check(runtime.push_count() == runtime.pop_count(), "every push popped");
  return 0;
}
