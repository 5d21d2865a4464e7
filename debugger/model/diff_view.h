// DiffView: the diff of two steps as the Diff panel shows it, in plain C++
// (docs/spec/debugger.md §2.7).
//
// One row per added, removed or changed ref (in that order, each by id),
// with the owner that made the change, plus a tally (+N −M ~K) per owner
// and per type. Who made a change follows from the memory rules: a block
// allocates and writes only entries under its own key and its entries are
// released when it pops (docs/spec/runtime.md §11.2), so the owner of a
// ref is the block that added, wrote or (by popping) released it. Rows hold
// indices into the two frames; text is made only for rows drawn.
//
//   DiffView view = BuildDiffView(history.At(4), history.At(5));
//   for (const DiffTally& t : view.by_owner) { ... t.added ... }
#ifndef WOD_DEBUGGER_MODEL_DIFF_VIEW_H_
#define WOD_DEBUGGER_MODEL_DIFF_VIEW_H_

#include <cstdint>
#include <string>
#include <vector>

#include "debugger/model/frame.h"

namespace wod::debugger {

enum class DiffChange : uint8_t { kAdded, kRemoved, kChanged, kCount };

struct DiffRow {
  DiffChange change = DiffChange::kChanged;
  RefKey id = RefKey::kNone;
  int64_t in_a = -1;  // index in a.refs, -1 when added
  int64_t in_b = -1;  // index in b.refs, -1 when removed
};

struct DiffTally {
  std::string name;  // owner "label · o12.1" or type name
  uint32_t added = 0;
  uint32_t removed = 0;
  uint32_t changed = 0;
  // "+2 −1 ~3" (zero counts left out; "0" when all are zero).
  [[nodiscard]] std::string Text() const;
};

struct DiffView {
  FramePtr a;
  FramePtr b;
  std::vector<DiffRow> rows;
  std::vector<DiffTally> by_owner;  // most changes first, then by name
  std::vector<DiffTally> by_type;
  DiffTally total;

  // The ref of `row` as the newer side shows it (b, or a when removed).
  [[nodiscard]] const RefRow& Ref(const DiffRow& row) const;
  [[nodiscard]] const Frame& FrameOf(const DiffRow& row) const;
  // "allocated by X", "written by X", "released with X (popped at step N)"
  // or "released by X".
  [[nodiscard]] std::string MadeBy(const DiffRow& row) const;
};

// REQUIRES: a and b non-null.
[[nodiscard]] DiffView BuildDiffView(FramePtr a, FramePtr b);

// "label · o12.1": the owner's label (or kind) and its key, so two owners
// with the same label can be told apart; "—" for no owner.
[[nodiscard]] std::string OwnerText(const Frame& f, uint32_t owner);
// "o12.1".
[[nodiscard]] std::string OwnerKeyText(OwnerKey key);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_DIFF_VIEW_H_
