// Frame: everything the debugger shows about one step, as plain data.
//
// A Frame is the debugger's immutable picture of the runtime after one step:
// the memory refs (id, type, owner, parent, visibility, bytes, formatted
// value), the owner table (blocks past and present), the stack top → bottom
// and the records emitted during the step. Panels draw Frames only; they
// never read live runtime objects, so scrubbing history, a live thread and a
// recording loaded from disk all look the same to them (the seam for
// `wod-debug --open FILE.wodrec`: publications into a PublicationTimeline).
//
// Refs are sorted by id, which makes frames deterministic
// (docs/spec/design.md §1, determinism) and lets Diff() walk two frames in one
// merge pass.
//
//   Frame f;
//   f.types = {"round", "timer"};
//   f.owners.push_back({.id = MakeOwnerKey(7, 1), .label = "5:00 Run"});
//   f.refs.push_back({.id = MakeRefKey(1, 1), .type = 0, .owner = 0,
//                     .value = "R1/3"});
//   FrameDiff d = Diff(previous, f);  // added / removed / changed ids
#ifndef WOD_DEBUGGER_MODEL_FRAME_H_
#define WOD_DEBUGGER_MODEL_FRAME_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "memory/memory_snapshot.h"
#include "runtime/memory_tag.h"

namespace wod::debugger {

// Handles of a memory ref and of an owner, packed as (index << 32) |
// generation, the memory's own handle bits. Distinct enum types, so a ref
// key can never be passed where an owner key is meant; kNone is "no handle"
// (generation 0 is never live).
enum class RefKey : uint64_t { kNone = 0 };
enum class OwnerKey : uint64_t { kNone = 0 };

[[nodiscard]] constexpr uint64_t PackKey(uint32_t index, uint32_t generation) {
  return (static_cast<uint64_t>(index) << 32) | generation;
}
[[nodiscard]] constexpr RefKey MakeRefKey(uint32_t index, uint32_t generation) {
  return RefKey{PackKey(index, generation)};
}
[[nodiscard]] constexpr OwnerKey MakeOwnerKey(uint32_t index,
                                              uint32_t generation) {
  return OwnerKey{PackKey(index, generation)};
}
[[nodiscard]] constexpr uint64_t KeyBits(RefKey key) {
  return static_cast<uint64_t>(key);
}
[[nodiscard]] constexpr uint64_t KeyBits(OwnerKey key) {
  return static_cast<uint64_t>(key);
}
template <class Key>
[[nodiscard]] constexpr uint32_t KeyIndex(Key key) {
  return static_cast<uint32_t>(KeyBits(key) >> 32);
}
template <class Key>
[[nodiscard]] constexpr uint32_t KeyGeneration(Key key) {
  return static_cast<uint32_t>(KeyBits(key) & 0xffffffffu);
}

// Visibility tiers of a memory entry are the runtime's own
// (runtime/memory_tag.h): kNone for entries that are not metrics.
using runtime::Visibility;
// The four tiers, in the order the panels list them.
inline constexpr std::array<Visibility, 4> kVisibilityTiers = {
    Visibility::kDisplay, Visibility::kPromote, Visibility::kPrivate,
    Visibility::kResult};
[[nodiscard]] const char* VisibilityName(Visibility v);
// Sort rank of a visibility in the memory table: the tiers in
// kVisibilityTiers order, then entries without a tier.
[[nodiscard]] int VisibilityRank(Visibility v);

inline constexpr uint32_t kNoOwner = 0xffffffffu;

// One live memory ref.
struct RefRow {
  RefKey id = RefKey::kNone;
  RefKey parent = RefKey::kNone;  // kNone = a root ref
  uint32_t type = 0;              // index into Frame::types
  uint32_t owner = kNoOwner;      // index into Frame::owners
  Visibility visibility = Visibility::kPrivate;
  uint32_t bytes = 0;  // inline + heap bytes (TypeInfo heap bytes)
  std::string value;   // formatted once at capture (TypeInfo formatter)

  // Equality of everything shown; used by Diff ("changed").
  [[nodiscard]] bool SameContent(const RefRow& other) const {
    return parent == other.parent && type == other.type &&
           owner == other.owner && visibility == other.visibility &&
           bytes == other.bytes && value == other.value;
  }
};

// One owner (a block, or the runtime itself) from the memory's owner table;
// owners that are gone stay so history can still name them.
struct OwnerRow {
  OwnerKey id = OwnerKey::kNone;
  std::string kind;    // "Timer", "effort", ...
  std::string label;   // "5:00 Run"
  int line_begin = 0;  // 1-based source lines; 0 = unknown
  int line_end = 0;
  int64_t created_step = -1;
  int64_t released_step = -1;  // -1 = still alive
  // Blocks must hold nothing once popped; the runtime's own owner (session
  // state outside any block) is exempt from the orphan check.
  bool is_block = true;
};

// One block on the stack (top → bottom in Frame::stack).
struct BlockRow {
  std::string type;
  std::string label;
  std::string key;            // the trace's key text, e.g. "b3.1"
  uint32_t owner = kNoOwner;  // index into Frame::owners
  std::string state;  // "[R1/3 ↓10s/60s paused]" as the trace prints it
  bool complete = false;
  std::string complete_reason;
};

// One emitted record (push, pop, segment, milestone, sound, error).
struct RecordRow {
  std::string kind;
  std::string text;
};

// Typed fields of a ref (the inspector), read from wherever the frame came
// from (the memory snapshot it was built from: TypeInfo field visitor).
class FieldSource {
 public:
  virtual ~FieldSource() = default;
  [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> Fields(
      RefKey id) const = 0;
};

struct Frame {
  int64_t step = 0;      // row number of the step table; 0 = startSession
  std::string action;    // "startSession", "userNext", "tick 1000 ms"
  int64_t t_ms = 0;      // virtual time since start
  uint64_t version = 0;  // unique per distinct content in one history
  // The runtime memory's own version after the step (MemorySnapshot::
  // version()), for the snapshot text of a golden file; 0 = unknown.
  uint64_t memory_version = 0;
  bool session_ended = false;
  std::vector<std::string> types;  // type id → display name
  std::vector<OwnerRow> owners;    // owner table, ordered by creation
  std::vector<RefRow> refs;        // sorted by id
  std::vector<BlockRow> stack;     // top → bottom
  std::vector<RecordRow> emitted;  // records of this step, in order
  // Typed fields for this step's refs; null when unknown (frames rebuilt
  // from history deltas, synthetic frames).
  std::shared_ptr<const FieldSource> fields;
  // The memory of this step, which the memory table's type and owner
  // filters and the hierarchy query through memory::DebugMemoryView; null
  // for frames not built from a snapshot (hand-built test frames), which
  // then show no rows under those filters and no tree.
  std::shared_ptr<const memory::MemorySnapshot> snapshot;

  // Index of `id` in refs, or -1 (binary search: refs are sorted).
  [[nodiscard]] int64_t FindRef(RefKey id) const;
  // Index of `owner` in owners, or kNoOwner.
  [[nodiscard]] uint32_t FindOwner(OwnerKey owner) const;
  // Bytes this frame holds (for the history budget).
  [[nodiscard]] size_t ByteSize() const;
  [[nodiscard]] std::string OwnerLabel(uint32_t owner) const;
  [[nodiscard]] std::string_view TypeName(uint32_t type) const;
};

// Index of owner `key` in `f.owners` when they are sorted by key (as
// frames built from a snapshot list them), or kNoOwner. O(log owners).
[[nodiscard]] uint32_t OwnerRowIndex(const Frame& f, OwnerKey key);

// "12.1" (index.generation), the id text the panels show.
[[nodiscard]] std::string RefKeyText(RefKey key);

// What changed from `a` to `b`, by ref id, each list sorted by id.
struct FrameDiff {
  std::vector<RefKey> added;
  std::vector<RefKey> removed;
  std::vector<RefKey> changed;
  [[nodiscard]] bool empty() const {
    return added.empty() && removed.empty() && changed.empty();
  }
};
[[nodiscard]] FrameDiff Diff(const Frame& a, const Frame& b);

using FramePtr = std::shared_ptr<const Frame>;

// Puts `frame` in `shown`, the frame a cache is built from, and returns true
// when the content changed: a new version, or no frame any more. The same
// frame again, or another frame of the same version, leaves `version` (the
// version the cache belongs to) alone and returns false, so the cache is
// kept.
[[nodiscard]] bool ReplaceShownFrame(FramePtr frame, FramePtr& shown,
                                     uint64_t& version);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_FRAME_H_
