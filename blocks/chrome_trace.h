// Chrome trace export: a recording as Trace Event Format JSON, loadable in
// Perfetto (ui.perfetto.dev) and chrome://tracing (`wod-run --export-trace`).
//
// What the trace shows (docs/spec/recording.md, `--export-trace`):
//   - every block on the stack as a duration: "B" when it appears on the
//     stack after a step, "E" when it is gone (named `Type "label"`, args
//     type / label / key); blocks still on the stack at the end are closed
//     at the last step's time, so every "B" has its "E";
//   - every emitted record (push, pop, segment, milestone, sound, error) as
//     a thread-scoped instant event "i" named by its trace text;
//   - counters "C" after every step: live refs and heap bytes of the
//     memory, and the stack depth.
// Timestamps are the virtual time in microseconds (t_ms × 1000). Output is
// a pure function of the recording (no clocks, no hash-map order), so the
// same recording always exports the same bytes.
//
// A block pushed and popped within one step never shows on a step's stack;
// it appears only through its push/pop instant events.
//
//   WOD_ASSIGN_OR_RETURN(Recording rec, LoadRecording(text));
//   std::string json = ExportChromeTrace(rec);
#ifndef WOD_BLOCKS_CHROME_TRACE_H_
#define WOD_BLOCKS_CHROME_TRACE_H_

#include <string>

#include "blocks/recording.h"

namespace wod::blocks {

// The whole trace file: {"displayTimeUnit":"ms","traceEvents":[...]}, one
// event per line.
[[nodiscard]] std::string ExportChromeTrace(const Recording& recording);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_CHROME_TRACE_H_
