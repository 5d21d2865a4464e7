#include "debugger/model/frame.h"

#include <algorithm>

#include "base/enum_table.h"
#include "fmt/format.h"

namespace wod::debugger {

constexpr base::EnumTable<Visibility, const char*> kVisibilityNames = {
    "-", "display", "promote", "private", "result"};
static_assert(base::NoneEmpty(kVisibilityNames),
              "every Visibility needs a name");

const char* VisibilityName(Visibility v) {
  return base::EnumTableAt(kVisibilityNames, v, "?");
}

int VisibilityRank(Visibility v) {
  for (size_t i = 0; i < kVisibilityTiers.size(); ++i) {
    if (kVisibilityTiers[i] == v) return static_cast<int>(i);
  }
  return static_cast<int>(kVisibilityTiers.size());
}

int64_t Frame::FindRef(RefKey id) const {
  auto it = std::lower_bound(
      refs.begin(), refs.end(), id,
      [](const RefRow& row, RefKey key) { return row.id < key; });
  if (it == refs.end() || it->id != id) return -1;
  return it - refs.begin();
}

uint32_t Frame::FindOwner(OwnerKey owner) const {
  for (size_t i = 0; i < owners.size(); ++i) {
    if (owners[i].id == owner) return static_cast<uint32_t>(i);
  }
  return kNoOwner;
}

size_t Frame::ByteSize() const {
  size_t bytes = sizeof(Frame) + action.capacity();
  for (const std::string& t : types) bytes += sizeof(t) + t.capacity();
  for (const OwnerRow& o : owners) {
    bytes += sizeof(o) + o.kind.capacity() + o.label.capacity();
  }
  for (const RefRow& r : refs) {
    bytes += sizeof(r);
    // Heap only when the string outgrew its small buffer.
    if (r.value.capacity() > 15) bytes += r.value.capacity();
  }
  for (const BlockRow& b : stack) {
    bytes += sizeof(b) + b.type.capacity() + b.label.capacity() +
             b.key.capacity() + b.state.capacity();
  }
  for (const RecordRow& e : emitted) {
    bytes += sizeof(e) + e.kind.capacity() + e.text.capacity();
  }
  return bytes;
}

std::string Frame::OwnerLabel(uint32_t owner) const {
  if (owner >= owners.size()) return "—";
  const OwnerRow& o = owners[owner];
  if (!o.label.empty()) return o.label;
  return o.kind;
}

std::string_view Frame::TypeName(uint32_t type) const {
  if (type >= types.size()) return "?";
  return types[type];
}

uint32_t OwnerRowIndex(const Frame& f, OwnerKey key) {
  auto it = std::lower_bound(
      f.owners.begin(), f.owners.end(), key,
      [](const OwnerRow& row, OwnerKey k) { return row.id < k; });
  if (it == f.owners.end() || it->id != key) return kNoOwner;
  return static_cast<uint32_t>(it - f.owners.begin());
}

std::string RefKeyText(RefKey key) {
  return fmt::format("{}.{}", KeyIndex(key), KeyGeneration(key));
}

namespace {

OwnerKey OwnerKeyOf(const Frame& f, uint32_t owner) {
  return owner < f.owners.size() ? f.owners[owner].id : OwnerKey::kNone;
}

}  // namespace

FrameDiff Diff(const Frame& a, const Frame& b) {
  FrameDiff d;
  size_t i = 0;
  size_t j = 0;
  // Both ref lists are sorted by id: one merge pass.
  while (i < a.refs.size() || j < b.refs.size()) {
    if (j == b.refs.size() ||
        (i < a.refs.size() && a.refs[i].id < b.refs[j].id)) {
      d.removed.push_back(a.refs[i].id);
      ++i;
    } else if (i == a.refs.size() || b.refs[j].id < a.refs[i].id) {
      d.added.push_back(b.refs[j].id);
      ++j;
    } else {
      // Type names are compared by text so two frames with different type
      // tables still diff correctly.
      const RefRow& x = a.refs[i];
      const RefRow& y = b.refs[j];
      bool same = x.SameContent(y);
      if (same && a.types != b.types) {
        same = a.TypeName(x.type) == b.TypeName(y.type);
      }
      // Owners are indices into each frame's own owner table, which gains
      // and loses rows between steps (owners retired out of the window,
      // docs/spec/debugger.md §2.7.3): compare the owners' keys.
      if (!same && x.owner != y.owner) {
        RefRow x_as_b = x;
        x_as_b.owner = y.owner;
        same =
            x_as_b.SameContent(y) &&
            (a.types == b.types || a.TypeName(x.type) == b.TypeName(y.type)) &&
            OwnerKeyOf(a, x.owner) == OwnerKeyOf(b, y.owner);
      }
      if (!same) d.changed.push_back(y.id);
      ++i;
      ++j;
    }
  }
  return d;
}

bool ReplaceShownFrame(FramePtr frame, FramePtr& shown, uint64_t& version) {
  if (frame == shown) return false;
  const uint64_t next = frame == nullptr ? 0 : frame->version;
  shown = std::move(frame);
  if (next == version && next != 0) return false;  // same content
  version = next;
  return true;
}

}  // namespace wod::debugger
