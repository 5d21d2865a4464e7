// WaitingToStartBlock: the gate SessionRoot pushes on mount
// (docs/spec/runtime.md §6.4, session-lifecycle.md).
//
// Label "Ready to Start"; the first `next` dismisses it with `user-advance`,
// after which SessionRoot dispatches its first child group in the same turn.
//
//   auto gate = std::make_unique<WaitingToStartBlock>(key);
#ifndef WOD_BLOCKS_WAITING_TO_START_BLOCK_H_
#define WOD_BLOCKS_WAITING_TO_START_BLOCK_H_

#include "blocks/script_block.h"

namespace wod::blocks {

inline constexpr char kWaitingToStartLabel[] = "Ready to Start";

class WaitingToStartBlock : public ScriptBlock {
 public:
  explicit WaitingToStartBlock(memory::OwnerId key);

  void Mount(runtime::BlockContext& ctx) override;
  void Next(runtime::BlockContext& ctx) override;
  void Unmount(runtime::BlockContext& ctx) override;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_WAITING_TO_START_BLOCK_H_
