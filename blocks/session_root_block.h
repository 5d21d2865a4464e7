// SessionRootBlock: the bottom of every session
// (docs/spec/runtime.md §6, §8 `SessionRoot`; session-lifecycle.md).
//
// Built once per script by the compiler over the top-level child groups. It
// carries the session's count-up timer (role auto), pushes the
// WaitingToStart gate on mount instead of dispatching, and then runs its
// groups once, completing with `children-complete`.
//
//   runtime.Start(BuildSessionRoot(groups, &compiler, runtime));
#ifndef WOD_BLOCKS_SESSION_ROOT_BLOCK_H_
#define WOD_BLOCKS_SESSION_ROOT_BLOCK_H_

#include <memory>
#include <vector>

#include "blocks/container_block.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {

class SessionRootBlock : public ContainerBlock {
 public:
  using ContainerBlock::ContainerBlock;

 protected:
  // docs/spec/runtime.md §6 step 4: pushes the WaitingToStart gate and
  // dispatches nothing yet (skipOnMount); the gate's pop runs the first group.
  void StartChildren(runtime::BlockContext& ctx) override;
  // A single pass.
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const override;
  [[nodiscard]] runtime::CompletionReason DoneReason() const override;
};

// The SessionRoot over `groups` (at least one), keyed in `runtime`.
[[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> BuildSessionRoot(
    std::vector<std::vector<int>> groups, const Compiler* compiler,
    runtime::ScriptRuntime& runtime);

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_SESSION_ROOT_BLOCK_H_
