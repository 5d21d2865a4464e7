// FrameBuilder: turns the runtime's state after one step into a Frame.
//
// Reads only const APIs: a MemorySnapshot of the runtime's memory (values
// formatted through each type's TypeInfo, visibility from the memory-tag
// table), the owner table, `DescribeStack` and the step's TraceStep. The
// previous snapshot is kept so that unchanged refs reuse the text formatted
// at an earlier step: only added and changed values are formatted
// (docs/spec/debugger.md §4 "formatted text cached per snapshot version").
//
//   FrameBuilder builder;
//   TraceStep row = session->Apply(command);
//   FramePtr frame = builder.Build(session->runtime(), row, ++version);
#ifndef WOD_DEBUGGER_MODEL_FRAME_BUILDER_H_
#define WOD_DEBUGGER_MODEL_FRAME_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "debugger/model/frame.h"
#include "memory/memory_snapshot.h"
#include "memory/owner_info.h"
#include "runtime/script_runtime.h"
#include "runtime/step_trace.h"

namespace wod::debugger {

// Frame keys of memory ids (the same packing for refs and owners).
[[nodiscard]] inline RefKey KeyOf(memory::RefId id) {
  return MakeRefKey(id.index, id.generation);
}
[[nodiscard]] inline OwnerKey KeyOf(memory::OwnerId id) {
  return MakeOwnerKey(id.index, id.generation);
}

// The visibility tier of a memory type: memory type names are the
// memory-tag names (runtime/memory_tag.h), so the tag table gives each entry
// its tier; other types have none. Shared by live frames and recordings.
[[nodiscard]] Visibility VisibilityOfType(std::string_view type_name);

class FrameBuilder {
 public:
  FrameBuilder() = default;

  [[nodiscard]] FramePtr Build(const runtime::ScriptRuntime& runtime,
                               const runtime::TraceStep& step,
                               uint64_t version);
  // The snapshot the last frame was built from (for typed fields).
  [[nodiscard]] const std::shared_ptr<const memory::MemorySnapshot>& snapshot()
      const {
    return snapshot_;
  }
  // Formats the fields of `id` in the last snapshot through its TypeInfo
  // field visitor (the inspector's typed fields). Empty when not live.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const;
  // How many values the last Build formatted (the rest were reused).
  [[nodiscard]] size_t formatted_last() const { return formatted_last_; }

 private:
  std::shared_ptr<const memory::MemorySnapshot> snapshot_;
  FramePtr frame_;
  size_t formatted_last_ = 0;
};

// The `[state]` text of a trace block: "R1/3 ↓10s/60s paused complete:x".
[[nodiscard]] std::string BlockStateText(const runtime::TraceBlock& block);

// The Frame row of an owner, from its memory id and info (live frames and
// recordings build owners the same way).
[[nodiscard]] OwnerRow OwnerRowOf(memory::OwnerId id,
                                  const memory::OwnerInfo& info);
// The Frame row of a trace block; its owner index is left to the caller.
[[nodiscard]] BlockRow BlockRowOf(const runtime::TraceBlock& block);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_FRAME_BUILDER_H_
