#include "debugger/model/diff_view.h"

#include <algorithm>
#include <map>
#include <utility>

#include "fmt/format.h"

namespace wod::debugger {

std::string DiffTally::Text() const {
  std::string out;
  auto add = [&out](const char* sign, uint32_t n) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("{}{}", sign, n);
  };
  add("+", added);
  add("\u2212", removed);
  add("~", changed);
  return out.empty() ? "0" : out;
}

std::string OwnerKeyText(OwnerKey key) {
  return fmt::format("o{}.{}", KeyIndex(key), KeyGeneration(key));
}

std::string OwnerText(const Frame& f, uint32_t owner) {
  if (owner >= f.owners.size()) return "\u2014";
  return fmt::format("{} \u00b7 {}", f.OwnerLabel(owner),
                     OwnerKeyText(f.owners[owner].id));
}

const Frame& DiffView::FrameOf(const DiffRow& row) const {
  return row.in_b >= 0 ? *b : *a;
}

const RefRow& DiffView::Ref(const DiffRow& row) const {
  return row.in_b >= 0 ? b->refs[static_cast<size_t>(row.in_b)]
                       : a->refs[static_cast<size_t>(row.in_a)];
}

std::string DiffView::MadeBy(const DiffRow& row) const {
  const Frame& f = FrameOf(row);
  const RefRow& r = Ref(row);
  const std::string who = OwnerText(f, r.owner);
  switch (row.change) {
    case DiffChange::kAdded:
      return "allocated by " + who;
    case DiffChange::kChanged:
      return "written by " + who;
    case DiffChange::kRemoved: {
      // The newer frame knows whether the owner left (owners that are gone
      // stay in the table with their released step).
      const uint32_t in_b = r.owner < f.owners.size()
                                ? b->FindOwner(f.owners[r.owner].id)
                                : kNoOwner;
      if (in_b != kNoOwner && b->owners[in_b].released_step >= 0) {
        return fmt::format("released with {} (popped at step {})", who,
                           b->owners[in_b].released_step);
      }
      return "released by " + who;
    }
    case DiffChange::kCount:
      break;
  }
  return who;
}

DiffView BuildDiffView(FramePtr a, FramePtr b) {
  DiffView v;
  v.a = std::move(a);
  v.b = std::move(b);
  const FrameDiff d = Diff(*v.a, *v.b);
  v.rows.reserve(d.added.size() + d.removed.size() + d.changed.size());
  for (RefKey id : d.added) {
    v.rows.push_back({DiffChange::kAdded, id, -1, v.b->FindRef(id)});
  }
  for (RefKey id : d.removed) {
    v.rows.push_back({DiffChange::kRemoved, id, v.a->FindRef(id), -1});
  }
  for (RefKey id : d.changed) {
    v.rows.push_back(
        {DiffChange::kChanged, id, v.a->FindRef(id), v.b->FindRef(id)});
  }
  // Tallies keyed by owner key (not label: two owners may share one) and
  // by type name.
  std::map<uint64_t, DiffTally> owners;
  std::map<std::string, DiffTally> types;
  for (const DiffRow& row : v.rows) {
    const Frame& f = v.FrameOf(row);
    const RefRow& r = v.Ref(row);
    const uint64_t owner_bits =
        r.owner < f.owners.size() ? KeyBits(f.owners[r.owner].id) : 0;
    DiffTally& o = owners[owner_bits];
    if (o.name.empty()) o.name = OwnerText(f, r.owner);
    DiffTally& t = types[std::string(f.TypeName(r.type))];
    if (t.name.empty()) t.name = std::string(f.TypeName(r.type));
    for (DiffTally* tally : {&o, &t, &v.total}) {
      switch (row.change) {
        case DiffChange::kAdded:
          ++tally->added;
          break;
        case DiffChange::kRemoved:
          ++tally->removed;
          break;
        case DiffChange::kChanged:
          ++tally->changed;
          break;
        case DiffChange::kCount:
          break;
      }
    }
  }
  auto sorted = [](auto& map) {
    std::vector<DiffTally> out;
    for (auto& [key, tally] : map) out.push_back(std::move(tally));
    std::stable_sort(out.begin(), out.end(),
                     [](const DiffTally& x, const DiffTally& y) {
                       const uint32_t nx = x.added + x.removed + x.changed;
                       const uint32_t ny = y.added + y.removed + y.changed;
                       if (nx != ny) return nx > ny;
                       return x.name < y.name;
                     });
    return out;
  };
  v.by_owner = sorted(owners);
  v.by_type = sorted(types);
  v.total.name = "total";
  return v;
}

}  // namespace wod::debugger
