#include "debugger/model/watch.h"

#include <utility>

#include "debugger/model/diff_view.h"
#include "fmt/format.h"

namespace wod::debugger {

Watch Watch::OnRef(RefKey id) {
  Watch w;
  w.kind = Kind::kRef;
  w.ref = id;
  w.label = "ref " + RefKeyText(id);
  return w;
}

Watch Watch::OnType(std::string type_name) {
  Watch w;
  w.kind = Kind::kType;
  w.label = "type " + type_name;
  w.type = std::move(type_name);
  return w;
}

Watch Watch::OnOwner(OwnerKey owner, std::string owner_label) {
  Watch w;
  w.kind = Kind::kOwner;
  w.owner = owner;
  w.label = "owner " + owner_label;
  return w;
}

namespace {

bool Matches(const Watch& w, const Frame& frame, const RefRow& row) {
  switch (w.kind) {
    case Watch::Kind::kRef:
      return row.id == w.ref;
    case Watch::Kind::kType:
      return frame.TypeName(row.type) == w.type;
    case Watch::Kind::kOwner:
      return row.owner < frame.owners.size() &&
             frame.owners[row.owner].id == w.owner;
  }
  return false;
}

}  // namespace

std::vector<WatchHit> EvaluateWatches(const std::vector<Watch>& watches,
                                      const Frame& before, const Frame& after) {
  std::vector<WatchHit> hits;
  bool any = false;
  for (const Watch& w : watches) any = any || w.enabled;
  if (!any) return hits;
  const FrameDiff d = Diff(before, after);
  if (d.empty()) return hits;
  for (size_t i = 0; i < watches.size(); ++i) {
    const Watch& w = watches[i];
    if (!w.enabled) continue;
    auto report = [&](RefKey id, const char* what) {
      WatchHit hit;
      hit.watch = i;
      hit.key = w.key;
      hit.step = after.step;
      hit.ref = id;
      hit.what = what;
      hit.message = fmt::format("watch '{}' fired at step {}: {} {}", w.label,
                                after.step, RefKeyText(id), what);
      hits.push_back(std::move(hit));
    };
    // The first ref of `ids` (found in `frame`) the watch matches fires
    // it; a watch fires at most once a step, changes before additions
    // before removals.
    auto fire_first = [&](const std::vector<RefKey>& ids, const Frame& frame,
                          const char* what) {
      for (RefKey id : ids) {
        if (Matches(w, frame,
                    frame.refs[static_cast<size_t>(frame.FindRef(id))])) {
          report(id, what);
          return true;
        }
      }
      return false;
    };
    if (fire_first(d.changed, after, "changed")) continue;
    if (fire_first(d.added, after, "added")) continue;
    fire_first(d.removed, before, "removed");
  }
  return hits;
}

std::vector<OwnershipViolation> CheckOwnership(const Frame& frame) {
  std::vector<OwnershipViolation> out;
  std::vector<bool> on_stack(frame.owners.size(), false);
  for (const BlockRow& b : frame.stack) {
    if (b.owner < on_stack.size()) on_stack[b.owner] = true;
  }
  for (const RefRow& r : frame.refs) {
    if (r.owner < frame.owners.size() && frame.owners[r.owner].is_block &&
        !on_stack[r.owner]) {
      const OwnerRow& o = frame.owners[r.owner];
      OwnershipViolation v;
      v.step = frame.step;
      v.ref = r.id;
      v.type = std::string(frame.TypeName(r.type));
      v.owner = OwnerText(frame, r.owner);
      v.owner_released = o.released_step;
      v.message = fmt::format(
          "step {}: ref {} ({}) outlives its owner '{}' \u00b7 {} (not on the "
          "stack{})",
          frame.step, RefKeyText(r.id), v.type, frame.OwnerLabel(r.owner),
          OwnerKeyText(o.id),
          o.released_step >= 0
              ? fmt::format(", popped at step {}", o.released_step)
              : "");
      out.push_back(std::move(v));
    } else if (r.parent != RefKey::kNone && frame.FindRef(r.parent) < 0) {
      OwnershipViolation v;
      v.step = frame.step;
      v.ref = r.id;
      v.type = std::string(frame.TypeName(r.type));
      v.owner = OwnerText(frame, r.owner);
      v.released_parent = true;
      v.message =
          fmt::format("step {}: ref {} has a released parent {}", frame.step,
                      RefKeyText(r.id), RefKeyText(r.parent));
      out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace wod::debugger
