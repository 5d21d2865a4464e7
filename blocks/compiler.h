// Compiler: parsed statements → runtime blocks (docs/spec/runtime.md §6, §7).
//
// A child group (a list of statement ids) is compiled when it is about to be
// pushed, in the current turn, with the metrics its parent promotes appended
// to each statement (docs/spec/runtime.md §7 step 1). Exactly one block kind is
// chosen per group, by the kind table (block_kind.h: `ClassifyGroup`, its rows
// in block_kind.cc), and that kind's file builds the block.
//
//   Compiler compiler(source, Parse(source));
//   runtime.Start(compiler.CompileSessionRoot(runtime));
#ifndef WOD_BLOCKS_COMPILER_H_
#define WOD_BLOCKS_COMPILER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "blocks/choice_book.h"
#include "blocks/parser.h"
#include "blocks/statement.h"
#include "runtime/runtime_block.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {

class Compiler {
 public:
  Compiler(std::string source, ParseResult parsed);
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;

  // The SessionRoot for the whole script (docs/spec/runtime.md §6), or nullptr
  // when the script has no statements (negative-scenarios.md N1: nothing is
  // pushed).
  [[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> CompileSessionRoot(
      runtime::ScriptRuntime& runtime) const;

  // Compiles one child group with `promoted` metrics appended to each of its
  // statements. Returns nullptr only for an empty or unknown group.
  [[nodiscard]] std::unique_ptr<runtime::IRuntimeBlock> CompileGroup(
      const std::vector<int>& ids, const std::vector<Metric>& promoted,
      runtime::BlockContext& ctx) const;

  // The top-level child groups SessionRoot runs, with metric-context merging
  // (docs/spec/runtime.md §6.2).
  [[nodiscard]] std::vector<std::vector<int>> TopLevelGroups() const;

  [[nodiscard]] const ParseResult& parsed() const { return parsed_; }
  [[nodiscard]] std::string_view source() const { return source_; }

  // Which alternative of each choice runs (docs/spec/runtime.md §15):
  // CompileGroup settles a line's choices from it when the line starts.
  [[nodiscard]] ChoiceBook& choices() { return *choices_; }
  [[nodiscard]] const ChoiceBook& choices() const { return *choices_; }

 private:
  // `groups` without the childless comment lines, which do not run
  // (docs/spec/language.md §9); groups left empty are dropped.
  [[nodiscard]] std::vector<std::vector<int>> ExecutableGroups(
      const std::vector<std::vector<int>>& groups) const;

  std::string source_;
  ParseResult parsed_;
  // Behind a pointer: compiling (const) settles choices, which is the
  // book's state, not the compiler's.
  std::unique_ptr<ChoiceBook> choices_;
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_COMPILER_H_
