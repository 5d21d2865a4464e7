// The kind table (docs/spec/runtime.md §7, §8): every kind is named, and a
// statement group is classified by the first row that matches it, so each
// scenario family's script compiles to its kind.
#include "blocks/block_kind.h"

#include <cstddef>
#include <string>
#include <vector>

#include "blocks/parser.h"
#include "gtest/gtest.h"

namespace wod::blocks {
namespace {

// The kind the first top-level statement of `source` compiles to.
BlockKind KindOf(const std::string& source) {
  const ParseResult parsed = Parse(source);
  const Statement* first = nullptr;
  for (const Statement& s : parsed.statements) {
    if (!s.parent.has_value()) {
      first = &s;
      break;
    }
  }
  EXPECT_NE(first, nullptr) << source;
  if (first == nullptr) return BlockKind::kCount;
  const std::vector<const Statement*> group = {first};
  return ClassifyGroup(GroupTraits::Of(group, first->children)).kind;
}

TEST(BlockKind, EveryKindHasANameAndABlockType) {
  for (size_t i = 0; i < static_cast<size_t>(BlockKind::kCount); ++i) {
    const auto kind = static_cast<BlockKind>(i);
    EXPECT_FALSE(BlockKindName(kind).empty()) << i;
    EXPECT_FALSE(BlockKindType(kind).empty()) << i;
  }
  // Leaf and container forms share the block type the trace prints.
  EXPECT_EQ(BlockKindType(BlockKind::kTimerContainer), "Timer");
  EXPECT_EQ(BlockKindType(BlockKind::kRoundsLeaf), "Rounds");
  EXPECT_EQ(BlockKindType(BlockKind::kEffort), "effort");
  EXPECT_EQ(BlockKindName(BlockKind::kCount), "");
}

TEST(BlockKind, ClassificationTakesTheFirstMatchingRow) {
  EXPECT_EQ(KindOf("20:00 AMRAP\n  10 Burpees\n"), BlockKind::kAmrap);
  EXPECT_EQ(KindOf("(AMRAP) 20:00\n  10 Burpees\n"), BlockKind::kAmrap);
  EXPECT_EQ(KindOf("(3) :60 EMOM\n  5 Pullups\n"), BlockKind::kEmom);
  EXPECT_EQ(KindOf("5:00 Run\n"), BlockKind::kTimer);
  EXPECT_EQ(KindOf("20:00\n  10 Burpees\n"), BlockKind::kTimerContainer);
  EXPECT_EQ(KindOf("(21-15-9) Thruster\n"), BlockKind::kRoundsLeaf);
  EXPECT_EQ(KindOf("(3)\n  10 Pullups\n"), BlockKind::kRounds);
  EXPECT_EQ(KindOf("Warm-up\n  10 Pullups\n"), BlockKind::kGroup);
  EXPECT_EQ(KindOf("10 Pullups\n"), BlockKind::kEffort);
}

TEST(BlockKind, KindsOtherBlocksCreateNeverMatchAGroup) {
  // Effort matches everything, so an empty group still compiles to effort,
  // never to SessionRoot, WaitingToStart or Rest.
  const std::vector<const Statement*> none;
  EXPECT_EQ(ClassifyGroup(GroupTraits::Of(none, {})).kind, BlockKind::kEffort);
}

}  // namespace
}  // namespace wod::blocks
