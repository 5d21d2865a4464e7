// RecordsPanel: the records timeline (push/pop/segment/milestone/sound/
// error) and the runtime's lifecycle ring buffer, both filterable; clicking
// a record moves the history cursor to its step (docs/spec/debugger.md §2).
// Holds its filters and its filtered rows, shaped like ImGui's
// ExampleAppLog.
//
//   RecordsPanel records;
//   std::vector<Intent> intents = records.Draw(model, in);
#ifndef WOD_DEBUGGER_PANELS_RECORDS_PANEL_H_
#define WOD_DEBUGGER_PANELS_RECORDS_PANEL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/intent.h"
#include "debugger/panels/panel_input.h"

namespace wod::debugger {

// The record kinds the timeline can filter on, in checkbox order.
inline constexpr std::array<const char*, 6> kRecordKinds = {
    "push", "pop", "segment", "milestone", "sound", "error"};

class RecordsPanel {
 public:
  std::vector<Intent> Draw(DebuggerModel& model, const PanelInput& in);

 private:
  // Filtered records timeline: (step, record index) pairs.
  struct RowsCache {
    size_t history_size = static_cast<size_t>(-1);
    std::string key;             // the filter the rows were built for
    uint64_t first_version = 0;  // Summary(0).version: the same history
    // Unfiltered: no list; `total` records, `sample[k]` of them before step
    // k * kSampleSteps.
    bool implicit = false;
    size_t total = 0;
    std::vector<size_t> sample;
    std::vector<std::pair<uint32_t, uint32_t>> rows;
  };

  static constexpr size_t kSampleSteps = 64;

  void RebuildRows(const Timeline& history);
  // Row `i` of the list as (step, record index), and the number of rows.
  [[nodiscard]] std::pair<uint32_t, uint32_t> RowAt(const Timeline& history,
                                                    size_t i) const;
  [[nodiscard]] size_t RowCount() const;
  void DrawRecords(const PanelInput& in, std::vector<Intent>& out);
  void DrawLifecycle(const PanelInput& in);

  std::array<bool, kRecordKinds.size()> kinds_ = {true, true, true,
                                                  true, true, true};
  std::string record_text_;      // the records filter box
  std::string lifecycle_text_;   // the lifecycle filter box
  bool show_lifecycle_ = false;  // which list
  RowsCache rows_;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_PANELS_RECORDS_PANEL_H_
