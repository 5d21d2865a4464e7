// Saving from the window (docs/spec/debugger.md §2.13): the session as a
// `.wodrec` recording, its Chrome trace, and the step on display as a golden
// snapshot file, in plain C++ (no ImGui, no file dialog).
//
// The panels offer a path field prefilled with `<script>-<step>.<ext>`
// (DefaultSavePath) and return an Intent; the driver writes the file
// (Driver::HandleStatusIntent) with a temporary file and a rename
// (base::WriteFileAtomically), so a failed save never leaves half a file,
// and the outcome lands in SessionStatus::save_message.
//
//   std::string path = DefaultSavePath(SaveKind::kGolden, "fran.wod", 12);
//   // "fran-12.golden"
//   std::string text = SnapshotGoldenText(*frame);
#ifndef WOD_DEBUGGER_MODEL_SAVE_H_
#define WOD_DEBUGGER_MODEL_SAVE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "debugger/model/frame.h"

namespace wod::debugger {

enum class SaveKind : uint8_t { kRecording, kTrace, kGolden, kCount };

// "wodrec", "json", "golden".
[[nodiscard]] const char* SaveExtension(SaveKind kind);
// What the menu calls it: "Record session (.wodrec)", ...
[[nodiscard]] const char* SaveTitle(SaveKind kind);
// `<script>-<step>.<ext>`: the script's file name without directory and
// extension (characters other than letters, digits, `.`, `_` and `-`
// become `_`; "session" when nothing is left), then the step.
[[nodiscard]] std::string DefaultSavePath(SaveKind kind,
                                          std::string_view script_path,
                                          int64_t step);

// The step's memory in the text form golden files hold
// (MemorySnapshot::ToText, memory/testing/snapshot_matchers.h): a
// `snapshot version=V refs=N` line, then one line per ref by id,
// `#12.1 type owner=o3.1(kind:label) parent=- = value`. V is the memory
// version the frame's snapshot carried (observed after every step, as
// `wod-run --snapshot` observes it).
[[nodiscard]] std::string SnapshotGoldenText(const Frame& frame);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_SAVE_H_
