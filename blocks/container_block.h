// ContainerBlock: a block that runs child groups — Rounds, AMRAP, EMOM,
// Group, a Timer with children, and SessionRoot (docs/spec/runtime.md §8, §9
// ChildSelection).
//
// Child groups are compiled when they are about to be pushed
// (docs/spec/runtime.md §7), with the metrics this block promotes appended
// (metric-inheritance.md: a rep scheme's current rep, this block's resistance /
// distance). The loop mode decides what happens when the last group of a round
// has popped:
// - kSinglePass: complete with `children-complete` (Group, SessionRoot);
// - kRounds: next round while rounds remain, else `rounds-exhausted`;
// - kWhileTime: next round while the countdown has time left (AMRAP, Timer
//   with children); expiry force-pops the children
//   (docs/spec/runtime.md §5.4, §14.4);
// - kInterval: EMOM — one group per interval; finishing early pushes an
//   injected Rest for the remaining time when ≥ 1 s and < a full interval
//   remain, otherwise the round advances at once; interval expiry restarts
//   the interval (overshoot dropped) and force-pops the children.
// Round counters start at 1, advance only when the last group of a round
// pops (or at an EMOM boundary), never exceed the total
// (docs/spec/runtime.md §14.6).
//
//   ContainerSpec spec = ...;   // built by the Compiler
//   auto block = std::make_unique<ContainerBlock>(key, std::move(spec));
#ifndef WOD_BLOCKS_CONTAINER_BLOCK_H_
#define WOD_BLOCKS_CONTAINER_BLOCK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "blocks/script_block.h"
#include "blocks/statement.h"

namespace wod::blocks {

class Compiler;

enum class LoopMode { kSinglePass, kRounds, kWhileTime, kInterval };

struct ContainerSpec {
  BlockSpec block;
  std::optional<TimerSpec> timer;
  std::optional<int64_t> total_rounds;  // nullopt = unbounded
  LoopMode loop = LoopMode::kSinglePass;
  std::string mount_sound;               // "" = none
  std::string unmount_sound;             // "" = none
  std::vector<std::vector<int>> groups;  // statement ids per child group
  // Promotion (metric-inheritance.md): the rep scheme (one rep per round)
  // and the metrics copied into every child (resistance, distance).
  std::vector<Metric> rep_scheme;
  std::vector<Metric> carried;
  // SessionRoot: the first group is dispatched by the first `next`, after
  // the WaitingToStart gate (docs/spec/runtime.md §6).
  bool push_gate = false;
};

class ContainerBlock : public ScriptBlock {
 public:
  ContainerBlock(memory::OwnerId key, ContainerSpec spec,
                 const Compiler* compiler);

  void Mount(runtime::BlockContext& ctx) override;
  void Next(runtime::BlockContext& ctx) override;
  void OnEvent(runtime::BlockContext& ctx,
               const runtime::RuntimeEvent& event) override;
  void Unmount(runtime::BlockContext& ctx) override;

 private:
  // Compiles group `index` with this block's promotions and pushes it.
  void Dispatch(runtime::BlockContext& ctx, int index);
  // Advances the round and dispatches group 0, or completes the block.
  void AdvanceRound(runtime::BlockContext& ctx);
  [[nodiscard]] bool LoopsAgain(runtime::BlockContext& ctx) const;

  ContainerSpec cspec_;
  const Compiler* compiler_;
  runtime::StateRef<runtime::ChildCursor> cursor_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_CONTAINER_BLOCK_H_
