// RestBlock: the rest the runtime injects when an EMOM interval's work is
// finished early (docs/spec/runtime.md §8 `Rest`, emom.md family rules).
//
// A countdown of the interval's remaining time that ignores `next`; it pops
// on its own expiry with `event:timer:complete`, and emits `rest-over` when
// it unmounts (emom.md M7). Its key is a fresh generational owner like any
// other block (docs/spec/runtime.md §13.16: never the reference's constant
// `rest` key).
//
//   auto rest = std::make_unique<RestBlock>(key, 40'000);
#ifndef WOD_BLOCKS_REST_BLOCK_H_
#define WOD_BLOCKS_REST_BLOCK_H_

#include <cstdint>

#include "blocks/leaf_block.h"

namespace wod::blocks {

class RestBlock : public LeafBlock {
 public:
  RestBlock(memory::OwnerId key, int64_t duration_ms, runtime::LineSpan lines);
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_REST_BLOCK_H_
