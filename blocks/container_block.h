// ContainerBlock: the loop the container kinds share — Rounds, AMRAP, EMOM,
// Group, a Timer with children and SessionRoot, each in its own file
// (docs/spec/runtime.md §8, §9 ChildSelection).
//
// Child groups are compiled when they are about to be pushed
// (docs/spec/runtime.md §7), with the metrics this block promotes appended
// (metric-inheritance.md: a rep scheme's current rep, this block's resistance /
// distance). When the last group of a round has popped, the kind decides
// (`LoopsAgain`) whether the next round starts or the block completes
// (`DoneReason`); a kind may take over that moment (`RoundDone`, EMOM's
// injected rest) and the expiry of its countdown (`Expire`). Round counters
// start at 1, advance only when the last group of a round pops (or at an EMOM
// boundary), never exceed the total (docs/spec/runtime.md §14.6).
//
// Hierarchical state (docs/spec/design.md §2): each child the block pushes
// reports its segments back when it pops (ChildResultSink); the next `Next`
// keeps them as `round:result` children of the round counter, and they are
// released when the next round starts, so a long session's memory stays
// flat. What the block promotes (docs/spec/runtime.md §9.7) is its
// `metric:promote` entry — the carried metrics and the whole rep scheme —
// with the current round's rep as its `metric:rep-target` child.
//
//   class AmrapBlock : public ContainerBlock { ... };  // see amrap_block.h
#ifndef WOD_BLOCKS_CONTAINER_BLOCK_H_
#define WOD_BLOCKS_CONTAINER_BLOCK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "blocks/script_block.h"
#include "blocks/statement.h"

namespace wod::blocks {

class Compiler;

struct ContainerSpec {
  BlockSpec block;
  std::optional<TimerSpec> timer;
  std::optional<int64_t> total_rounds;   // nullopt = unbounded
  std::string mount_sound;               // "" = none
  std::string unmount_sound;             // "" = none
  std::vector<std::vector<int>> groups;  // statement ids per child group
  // Promotion (metric-inheritance.md): the rep scheme (one rep per round)
  // and the metrics copied into every child (resistance, distance).
  std::vector<Metric> rep_scheme;
  std::vector<Metric> carried;
};

class ContainerBlock : public ScriptBlock, public ChildResultSink {
 public:
  ContainerBlock(memory::OwnerId key, ContainerSpec spec,
                 const Compiler* compiler);

  void Mount(runtime::BlockContext& ctx) override;
  void Next(runtime::BlockContext& ctx) override;
  void OnEvent(runtime::BlockContext& ctx,
               const runtime::RuntimeEvent& event) override;
  void Unmount(runtime::BlockContext& ctx) override;

  // A child this block pushed has popped; its segments are stored by the
  // next `Next`, in the same turn (docs/spec/runtime.md §5.3 step 5).
  void ChildFinished(std::vector<runtime::RoundResult> results) override;

 protected:
  // --- what a kind decides ---------------------------------------------------
  // Whether another round runs once the last group of a round has popped.
  [[nodiscard]] virtual bool LoopsAgain(runtime::BlockContext& ctx) const = 0;
  // The completion once no round is left (docs/spec/runtime.md §9: a loop that
  // ran out is `rounds-exhausted`, a single pass `children-complete`).
  [[nodiscard]] virtual runtime::CompletionReason DoneReason() const {
    return runtime::CompletionReason::kRoundsExhausted;
  }
  // Runs after the mount state and sound: the first round. By default `(0)`
  // completes at once, anything else emits its milestone and pushes group 0.
  virtual void StartChildren(runtime::BlockContext& ctx);
  // The last group of a round has popped; by default the round advances.
  virtual void RoundDone(runtime::BlockContext& ctx) { AdvanceRound(ctx); }
  // The countdown expired on a tick; the children are cleared right after.
  // By default the block completes with `timer-expired` (docs/spec/runtime.md
  // docs/spec/runtime.md §14.4).
  virtual void Expire(runtime::BlockContext& ctx);

  // --- the shared loop -------------------------------------------------------
  // Compiles group `index` with this block's promotions and pushes it.
  void Dispatch(runtime::BlockContext& ctx, int index);
  // Advances the round and dispatches group 0, or completes the block.
  void AdvanceRound(runtime::BlockContext& ctx);
  // Pushes `child` with its results reported back to this block.
  void PushReporting(runtime::BlockContext& ctx,
                     std::unique_ptr<ScriptBlock> child);
  // Whether the round counter is below its total (always, when unbounded).
  [[nodiscard]] bool RoundsRemain(const runtime::BlockMemory& memory) const;

  [[nodiscard]] const ContainerSpec& container_spec() const { return cspec_; }
  [[nodiscard]] runtime::ChildCursor Cursor(
      const runtime::BlockMemory& memory) const;
  // False when the write was refused (already recorded as an error).
  [[nodiscard]] bool SetCursor(runtime::BlockMemory& memory,
                               runtime::ChildCursor cursor) const;

 private:
  void AllocatePromotions(runtime::BlockContext& ctx);
  // The rep the rep scheme gives round `round` (1-based).
  [[nodiscard]] const Metric& RepFor(int64_t round) const;
  // Stores the results children reported since the last call.
  void StoreArrivedResults(runtime::BlockContext& ctx);

  ContainerSpec cspec_;
  const Compiler* compiler_;
  runtime::StateRef<runtime::ChildCursor> cursor_;
  runtime::StateRef<runtime::DisplayMetrics> rep_target_;
  // Results of a popped child, between its unmount and this block's next
  // `Next` (the only state outside memory, and only within one turn).
  std::vector<runtime::RoundResult> arrived_;
};

// Builds a container block of class `Block` for `spec`: its key first (the
// owner the memory names it by), then the block.
template <typename Block>
std::unique_ptr<runtime::IRuntimeBlock> MakeContainer(
    runtime::BlockContext& ctx, ContainerSpec spec, const Compiler* compiler) {
  const memory::OwnerId key =
      ctx.NewBlockKey(spec.block.type, spec.block.label, spec.block.lines);
  return std::make_unique<Block>(key, std::move(spec), compiler);
}

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_CONTAINER_BLOCK_H_
