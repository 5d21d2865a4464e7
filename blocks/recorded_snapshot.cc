// RecordedSnapshot: capturing a memory snapshot as plain data and naming
// the first difference between two (blocks/recording.h).
#include <optional>
#include <string>
#include <utility>

#include "base/strings.h"
#include "blocks/recording.h"
#include "fmt/format.h"

namespace wod::blocks {
namespace {

std::string OwnerText(const RecordedOwner& o) {
  return fmt::format("owner {} ({} \"{}\")", memory::ToString(o.id),
                     o.info.kind, o.info.label);
}

std::string OwnerInfoText(const RecordedOwner& o) {
  return fmt::format("{} {} \"{}\" lines {}-{} created {} released {}",
                     o.live ? "live" : "retired", o.info.kind, o.info.label,
                     o.info.line_begin, o.info.line_end, o.info.created_step,
                     o.info.released_step);
}

}  // namespace

RecordedSnapshot CaptureSnapshot(const memory::MemorySnapshot& snapshot) {
  RecordedSnapshot out;
  out.version = snapshot.version();
  for (const memory::OwnerRecord& r : snapshot.Owners()) {
    RecordedOwner owner;
    owner.id = r.id;
    owner.live = r.state == memory::OwnerState::kLive;
    owner.info = r.info;
    out.owners.push_back(std::move(owner));
  }
  out.refs.reserve(snapshot.size());
  for (const memory::SnapshotEntry& e : snapshot.entries()) {
    RecordedRef ref;
    ref.id = e.id();
    ref.type = std::string(snapshot.TypeName(e.type()));
    ref.owner = snapshot.OwnerOf(e);
    ref.parent = snapshot.ParentOf(e);
    ref.value = snapshot.SerializeValue(e);
    out.refs.push_back(std::move(ref));
  }
  return out;
}

std::optional<std::string> FirstDifference(const RecordedSnapshot& expected,
                                           const RecordedSnapshot& actual,
                                           bool compare_version) {
  // Both lists are sorted (owners by index, refs by id): one merge pass
  // finds the first difference in id order, so the report is stable.
  const auto& xo = expected.owners;
  const auto& yo = actual.owners;
  for (size_t i = 0, j = 0; i < xo.size() || j < yo.size();) {
    if (j >= yo.size() || (i < xo.size() && xo[i].id.index < yo[j].id.index)) {
      return fmt::format("{} is missing", OwnerText(xo[i]));
    }
    if (i >= xo.size() || yo[j].id.index < xo[i].id.index) {
      return fmt::format("{} is unexpected", OwnerText(yo[j]));
    }
    if (!(xo[i] == yo[j])) {
      return fmt::format("{}: expected {} [{}], got {} [{}]", OwnerText(xo[i]),
                         memory::ToString(xo[i].id), OwnerInfoText(xo[i]),
                         memory::ToString(yo[j].id), OwnerInfoText(yo[j]));
    }
    ++i;
    ++j;
  }
  const auto& xs = expected.refs;
  const auto& ys = actual.refs;
  for (size_t i = 0, j = 0; i < xs.size() || j < ys.size();) {
    if (j >= ys.size() || (i < xs.size() && xs[i].id < ys[j].id)) {
      return fmt::format("ref {} ({}) is missing", memory::ToString(xs[i].id),
                         xs[i].type);
    }
    if (i >= xs.size() || ys[j].id < xs[i].id) {
      return fmt::format("ref {} ({}) is unexpected",
                         memory::ToString(ys[j].id), ys[j].type);
    }
    const RecordedRef& x = xs[i];
    const RecordedRef& y = ys[j];
    const std::string name =
        fmt::format("ref {} ({})", memory::ToString(x.id), x.type);
    if (x.type != y.type) {
      return fmt::format("{}: type \"{}\" became \"{}\"", name, x.type, y.type);
    }
    if (x.owner != y.owner) {
      return fmt::format("{}: owner {} became {}", name,
                         memory::ToString(x.owner), memory::ToString(y.owner));
    }
    if (x.parent != y.parent) {
      return fmt::format("{}: parent {} became {}", name,
                         memory::ToString(x.parent),
                         memory::ToString(y.parent));
    }
    if (x.value != y.value) {
      return fmt::format("{}: value {} became {}", name,
                         base::JsonQuoted(x.value), base::JsonQuoted(y.value));
    }
    ++i;
    ++j;
  }
  if (compare_version && expected.version != actual.version) {
    return fmt::format("memory version {} became {}", expected.version,
                       actual.version);
  }
  return std::nullopt;
}

}  // namespace wod::blocks
