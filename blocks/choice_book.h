// ChoiceBook: which alternative of each choice in a script runs.
//
// A choice (`3|5 Pullups`, `100m Run | Row 125m`, docs/spec/language.md §8.4)
// stays a choice in the parse; the alternative that runs is settled when its
// line first starts, from this book: the first alternative by default, or the
// one a `choose N` step command picked before (docs/spec/runtime.md §15).
// The compiler asks the book at every push; the session routes `choose N`
// to it. The book is a pure function of the script and the commands, so a
// replayed recording picks the same alternatives.
//
//   ChoiceBook book(parsed);
//   book.Pending();              // line 2, "[3] | 5"
//   book.Choose(2);              // ok: line 2 runs its second alternative
//   book.Resolve(&statement);    // at push: the selected metrics are copied in
#ifndef WOD_BLOCKS_CHOICE_BOOK_H_
#define WOD_BLOCKS_CHOICE_BOOK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "blocks/parser.h"
#include "blocks/statement.h"

namespace wod::blocks {

// The choice that the next `choose N` settles.
struct PendingChoice {
  int line = 0;
  int column = 0;
  int selected = 0;                 // 0-based, the first by default
  std::vector<std::string> images;  // one label image per alternative
};

class ChoiceBook {
 public:
  ChoiceBook(const ParseResult& parsed, std::string_view source);

  // The first choice, in line then column order, on a line that has not
  // started and that no `choose` has settled yet; nullopt when none is left.
  [[nodiscard]] std::optional<PendingChoice> Pending() const;

  // Settles the pending choice on its alternative `alternative` (1-based).
  // FailedPrecondition when no choice is pending, OutOfRange when it has
  // fewer alternatives; the book is then unchanged.
  absl::Status Choose(int alternative);

  // At push time: marks `statement`'s line as started and sets the selected
  // alternative of each of its choices, copying that alternative's metrics
  // (with `from_choice`) right after the choice so that timers, rounds, reps
  // and records use them.
  void Resolve(Statement* statement);

 private:
  struct Entry {
    int line = 0;
    int column = 0;
    int index = 0;  // the choice's position in the line's metrics
    int selected = 0;
    bool settled = false;
    std::vector<std::string> images;
  };
  std::vector<Entry> entries_;  // line, then column order
  int started_through_ = 0;     // the highest line that has started
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_CHOICE_BOOK_H_
