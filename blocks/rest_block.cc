#include "blocks/rest_block.h"

#include <string>

#include "blocks/block_kind.h"

namespace wod::blocks {
namespace {

BlockSpec RestSpec(runtime::LineSpan lines) {
  BlockSpec spec;
  spec.type = std::string(BlockKindType(BlockKind::kRest));
  spec.label = spec.type;
  spec.lines = lines;
  return spec;
}

LeafRules RestRules(int64_t duration_ms) {
  LeafRules rules;
  TimerSpec timer;
  timer.direction = runtime::TimerDirection::kDown;
  timer.duration_ms = duration_ms;
  rules.timer = timer;
  // docs/spec/runtime.md §8: an injected rest ignores next (emom.md M7
  // second table), and its exit listens to its own timer:complete.
  rules.ignores_next = true;
  rules.expiry = runtime::CompletionReason::kEventTimerComplete;
  rules.end_sound = "rest-over";
  return rules;
}

}  // namespace

RestBlock::RestBlock(memory::OwnerId key, int64_t duration_ms,
                     runtime::LineSpan lines)
    : LeafBlock(key, RestSpec(lines), RestRules(duration_ms)) {}

}  // namespace wod::blocks
