// NaiveStore: the in-tree "naive port (b)" baseline of
// docs/spec/design.md §6, the shape a line-by-line port of the TypeScript
// RuntimeMemory takes in C++ (docs/spec/design.md §6 defines it exactly):
//
//   unordered_map<uint64_t, Entry{string type, string owner, uint64 parent,
//                                 vector<uint64> children, std::any value}>
//   unordered_map<string, unordered_set<uint64_t>>   // owner -> ids
//
// Unlike the TS original the entry stores its owner, so Release costs O(1)
// hash operations instead of a scan of the owner index. It exists only to be
// measured against `wod::memory` in the same run.
//
//   NaiveStore store;
//   uint64_t root = store.Allocate("timer-state", TimerValue{}, "b0:..:0");
//   uint64_t kid = store.Allocate("metric", TimerValue{}, "b0:..:0", root);
//   store.ReleaseOwner("b0:..:0");  // both gone
#ifndef WOD_TOOLS_BENCH_NAIVE_STORE_H_
#define WOD_TOOLS_BENCH_NAIVE_STORE_H_

#include <algorithm>
#include <any>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace wod::bench {

// One snapshot record: a full copy, strings and std::any included.
struct NaiveSnapshotEntry {
  uint64_t id = 0;
  std::string type;
  std::string owner;
  uint64_t parent = 0;
  std::any value;
};

struct NaiveDiff {
  std::vector<uint64_t> added, removed, changed;
  void Clear() {
    added.clear();
    removed.clear();
    changed.clear();
  }
};

class NaiveStore {
 public:
  static constexpr uint64_t kNoParent = 0;

  // Ids start at 1 so that 0 can mean "no parent".
  template <class T>
  uint64_t Allocate(std::string_view type, const T& initial,
                    std::string_view owner, uint64_t parent = kNoParent) {
    const uint64_t id = next_id_++;
    Entry& e = entries_[id];
    e.type = std::string(type);
    e.owner = std::string(owner);
    e.value = initial;
    if (parent != kNoParent) {
      auto it = entries_.find(parent);
      if (it != entries_.end()) {
        e.parent = parent;
        it->second.children.push_back(id);
      }
    }
    owners_[std::string(owner)].insert(id);
    return id;
  }

  bool IsValid(uint64_t id) const { return entries_.count(id) != 0; }

  // nullptr when the id is gone or holds another type.
  template <class T>
  const T* Get(uint64_t id) const {
    auto it = entries_.find(id);
    if (it == entries_.end()) return nullptr;
    return std::any_cast<T>(&it->second.value);
  }

  template <class T>
  bool Set(uint64_t id, const T& value) {
    auto it = entries_.find(id);
    if (it == entries_.end() ||
        std::any_cast<T>(&it->second.value) == nullptr) {
      return false;
    }
    it->second.value = value;
    return true;
  }

  // Releases id and its subtree; returns how many entries were released.
  size_t Release(uint64_t id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return 0;
    if (it->second.parent != kNoParent) {
      auto p = entries_.find(it->second.parent);
      if (p != entries_.end()) {
        std::vector<uint64_t>& siblings = p->second.children;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), id),
                       siblings.end());
      }
    }
    // Explicit work list: a deep chain cannot overflow the call stack.
    size_t released = 0;
    std::vector<uint64_t> pending{id};
    while (!pending.empty()) {
      const uint64_t cur = pending.back();
      pending.pop_back();
      auto e = entries_.find(cur);
      if (e == entries_.end()) continue;
      pending.insert(pending.end(), e->second.children.begin(),
                     e->second.children.end());
      auto o = owners_.find(e->second.owner);
      if (o != owners_.end()) {
        o->second.erase(cur);
        if (o->second.empty()) owners_.erase(o);
      }
      entries_.erase(e);
      ++released;
    }
    return released;
  }

  // TS's pop path: `for (r of getByOwner(owner)) release(r)`.
  size_t ReleaseOwner(const std::string& owner) {
    size_t released = 0;
    for (;;) {
      auto o = owners_.find(owner);
      if (o == owners_.end() || o->second.empty()) break;
      released += Release(*o->second.begin());
    }
    return released;
  }

  size_t live() const { return entries_.size(); }

  // Copies every entry into `out` (resized; existing strings keep their
  // capacity). The order is the hash map's, as a naive port would have it.
  void Snapshot(std::vector<NaiveSnapshotEntry>& out) const {
    out.resize(entries_.size());
    size_t k = 0;
    for (const auto& [id, e] : entries_) {
      NaiveSnapshotEntry& s = out[k++];
      s.id = id;
      s.type = e.type;
      s.owner = e.owner;
      s.parent = e.parent;
      s.value = e.value;
    }
  }

  // Matches entries by id through a hash index of `a`; `equal` compares two
  // values (std::any has no equality of its own).
  template <class Equal>
  static void Diff(const std::vector<NaiveSnapshotEntry>& a,
                   const std::vector<NaiveSnapshotEntry>& b, Equal equal,
                   NaiveDiff& out) {
    out.Clear();
    std::unordered_map<uint64_t, size_t> index_of_a;
    index_of_a.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i) index_of_a.emplace(a[i].id, i);
    for (const NaiveSnapshotEntry& e : b) {
      auto it = index_of_a.find(e.id);
      if (it == index_of_a.end()) {
        out.added.push_back(e.id);
        continue;
      }
      if (!equal(a[it->second].value, e.value)) out.changed.push_back(e.id);
      index_of_a.erase(it);
    }
    for (const NaiveSnapshotEntry& e : a) {
      if (index_of_a.count(e.id) != 0) out.removed.push_back(e.id);
    }
  }

 private:
  struct Entry {
    std::string type;
    std::string owner;
    uint64_t parent = kNoParent;
    std::vector<uint64_t> children;
    std::any value;
  };

  std::unordered_map<uint64_t, Entry> entries_;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> owners_;
  uint64_t next_id_ = 1;
};

}  // namespace wod::bench

#endif  // WOD_TOOLS_BENCH_NAIVE_STORE_H_
