// Read-only fields the debugger derives for a ref from the refs around it,
// at the virtual time of the frame it is shown in.
//
// A `time` entry holds the timer's configuration only (direction, duration,
// role); its running time is in its `time:span` children
// (docs/spec/runtime.md §4.4). The inspector and watch conditions
// (`time.elapsed > 60000`) still need the elapsed time, so the debugger adds
// it, computed by the runtime's own arithmetic (runtime::TimerReading) from
// the spans at the frame's time. Nothing is written to the memory and the
// runtime is never asked: deriving them cannot change execution
// (docs/spec/debugger.md §2.8.2).
//
//   std::vector<std::pair<std::string, std::string>> fields =
//       view.GetFields(id);
//   AppendDerivedFields(*snapshot, id, frame.t_ms, fields);
//   // time: ..., elapsed=61000, total=62000, running=true, spans=2, ...
#ifndef WOD_DEBUGGER_MODEL_DERIVED_FIELDS_H_
#define WOD_DEBUGGER_MODEL_DERIVED_FIELDS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "memory/memory_snapshot.h"
#include "memory/ref_id.h"

namespace wod::debugger {

// Appends the derived fields of ref `id` of `snapshot` at virtual time
// `t_ms` to `fields` (nothing for a type that has none). A timer
// (`runtime::TimerState`) gets `elapsed`, `total`, `running` and `spans`,
// and a countdown also `remaining`.
void AppendDerivedFields(
    const memory::MemorySnapshot& snapshot, memory::RefId id, int64_t t_ms,
    std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DERIVED_FIELDS_H_
