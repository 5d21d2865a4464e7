// RecordedSnapshot: capturing a memory snapshot as plain data and naming
// the first difference between two (blocks/recording.h).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "base/strings.h"
#include "blocks/recording.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"
#include "runtime/block_memory.h"

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

RecordedRef RefOf(const memory::MemorySnapshot& snapshot,
                  const memory::SnapshotEntry& e) {
  RecordedRef ref;
  ref.id = e.id();
  ref.type = std::string(snapshot.TypeName(e.type()));
  ref.owner = snapshot.OwnerOf(e);
  ref.parent = snapshot.ParentOf(e);
  ref.value = snapshot.SerializeValue(e);
  ref.heap = static_cast<int64_t>(
      snapshot.TypeInfoOf(e.type()).HeapBytes(snapshot.ValuePtr(e)));
  return ref;
}

RecordedOwner OwnerOf(const memory::OwnerRecord& r) {
  return RecordedOwner{r.id, r.state == memory::OwnerState::kLive, r.info};
}

}  // namespace

RecordedSnapshot CaptureSnapshot(const memory::MemorySnapshot& snapshot) {
  RecordedSnapshot out;
  out.version = snapshot.version();
  for (const memory::OwnerRecord& r : snapshot.Owners()) {
    out.owners.push_back(OwnerOf(r));
  }
  out.refs.reserve(snapshot.size());
  for (const memory::SnapshotEntry& e : snapshot.entries()) {
    out.refs.push_back(RefOf(snapshot, e));
  }
  return out;
}

RecordedStep RecordStep(const runtime::Publication& p,
                        const std::optional<runtime::StepCommand>& command) {
  RecordedStep step;
  step.step = p.trace.index;
  step.command = command;
  step.trace = p.trace;
  step.usage.live_refs = static_cast<int64_t>(p.usage.live_refs);
  step.usage.heap_bytes = static_cast<int64_t>(p.usage.heap_bytes);
  RecordedMemory& m = step.memory;
  m.keyframe = p.keyframe;
  m.to_version = p.snapshot->version();
  for (const memory::OwnerRecord& r : p.owners) m.owners.push_back(OwnerOf(r));
  for (const memory::OwnerRecord& r : p.retired) {
    m.retired.push_back(OwnerOf(r));
  }
  m.forgotten = p.forgotten;
  if (p.keyframe) {
    m.added.reserve(p.snapshot->size());
    for (const memory::SnapshotEntry& e : p.snapshot->entries()) {
      m.added.push_back(RefOf(*p.snapshot, e));
    }
    return step;
  }
  m.from_version = p.delta.from_version;
  m.removed = p.delta.removed;
  // Read from the whole snapshot, not the delta's patch: a parent id is
  // resolved among all live refs, and the patch holds only the new ones.
  const memory::MemorySnapshot& now = *p.snapshot;
  for (const memory::RefId id : p.delta.added) {
    m.added.push_back(RefOf(now, *now.Find(id)));
  }
  for (const memory::RefId id : p.delta.changed) {
    m.changed.push_back(RefOf(now, *now.Find(id)));
  }
  return step;
}

std::vector<RecordedType> BuildTypeRegistry() {
  memory::RuntimeMemory scratch;
  // Registration on a fresh memory cannot collide; a failure leaves the
  // registry empty, which the loader then reports type by type.
  runtime::MemoryTypes::Register(scratch).IgnoreError();
  const memory::TypeTable& table = *scratch.types().table();
  std::vector<RecordedType> out;
  out.reserve(table.size());
  for (size_t t = 0; t < table.size(); ++t) {
    const memory::RegisteredType& r = table[static_cast<memory::TypeId>(t)];
    RecordedType type{r.name,
                      std::string(r.info.cpp_name()),
                      static_cast<int64_t>(r.info.size()),
                      r.info.can_parse(),
                      {}};
    const std::string_view names = r.info.field_names();
    for (size_t from = 0; from <= names.size();) {
      const size_t comma = std::min(names.find(',', from), names.size());
      type.fields.emplace_back(names.substr(from, comma - from));
      from = comma + 1;
    }
    out.push_back(std::move(type));
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
    if (x.heap != y.heap) {
      return fmt::format("{}: heap bytes {} became {}", name, x.heap, y.heap);
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
