#include "debugger/model/derived_fields.h"

#include <algorithm>

#include "runtime/block_state.h"

namespace wod::debugger {

void AppendDerivedFields(
    const memory::MemorySnapshot& snapshot, memory::RefId id, int64_t t_ms,
    std::vector<std::pair<std::string, std::string>>& fields) {
  const memory::SnapshotEntry* entry = snapshot.Find(id);
  if (entry == nullptr) return;
  const memory::TypeInfo& info = snapshot.TypeInfoOf(entry->type());
  if (!info.Is<runtime::TimerState>()) return;
  // docs/spec/debugger.md §2.8.2: the timer's spans are its `time:span`
  // children; the runtime's TimerReading does the arithmetic.
  runtime::TimerReading timer;
  timer.state =
      *static_cast<const runtime::TimerState*>(snapshot.ValuePtr(*entry));
  for (const memory::RefId child : snapshot.Children(id)) {
    const memory::SnapshotEntry* e = snapshot.Find(child);
    if (e == nullptr ||
        !snapshot.TypeInfoOf(e->type()).Is<runtime::TimeSpan>()) {
      continue;
    }
    timer.spans.push_back(
        *static_cast<const runtime::TimeSpan*>(snapshot.ValuePtr(*e)));
  }
  // Children come in id order; the arithmetic wants start order.
  std::stable_sort(timer.spans.begin(), timer.spans.end(),
                   [](const runtime::TimeSpan& a, const runtime::TimeSpan& b) {
                     return a.start_ms < b.start_ms;
                   });
  const int64_t elapsed = timer.Elapsed(t_ms);
  fields.emplace_back("elapsed", std::to_string(elapsed));
  fields.emplace_back("total", std::to_string(timer.Total(t_ms)));
  fields.emplace_back("running", timer.running() ? "true" : "false");
  fields.emplace_back("spans", std::to_string(timer.spans.size()));
  if (timer.state.duration_ms.has_value()) {
    fields.emplace_back("remaining",
                        std::to_string(std::max<int64_t>(
                            0, *timer.state.duration_ms - elapsed)));
  }
}

}  // namespace wod::debugger
