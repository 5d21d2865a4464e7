// Model-based randomized test: random operation sequences against a naive
// reference model (maps and sets), comparing every observable result and
// calling CheckInvariants() after each operation (docs/spec/design.md §7).
// The number of operations scales with WOD_TEST_SCALE (default 1.0: over a
// million operations over several seeds; the sanitizer CI uses 0.05).

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "gtest/gtest.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "tests/memory/test_types.h"

namespace wod::memory {
namespace {

using test::TimerValue;
using Value = std::variant<int64_t, std::string, TimerValue>;

double TestScale() {
  const char* env = std::getenv("WOD_TEST_SCALE");
  if (env == nullptr) return 1.0;
  char* end = nullptr;
  const double scale = std::strtod(env, &end);
  return (end != env && scale > 0) ? scale : 1.0;
}

struct ModelRef {
  Value value;
  size_t owner;     // index into Model::owners
  uint64_t parent;  // packed RefId, 0 = root
  std::set<uint64_t> children;
};

struct ModelOwner {
  OwnerId id;
  bool live = true;
};

class ModelRun {
 public:
  explicit ModelRun(uint64_t seed) : seed_(seed), rng_(seed) {
    tags_ = test::RegisterTags(memory_);
  }

  // Runs `ops` operations; returns false (with a gtest failure naming the
  // seed and the operation) on the first divergence.
  bool Run(int64_t ops) {
    for (op_ = 0; op_ < ops; ++op_) {
      Step();
      if (failed_) return false;
      const absl::Status inv = memory_.CheckInvariants();
      if (!inv.ok()) return Fail("CheckInvariants: " + inv.ToString());
      if (op_ % 997 == 0 && !CompareAll()) return false;
    }
    return CompareAll();
  }

 private:
  bool Fail(const std::string& what) {
    ADD_FAILURE() << "model divergence: seed=" << seed_ << " op=" << op_ << " ("
                  << last_op_ << "): " << what;
    failed_ = true;
    return false;
  }
  uint64_t Rand(uint64_t n) {
    return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_);
  }

  Value RandomValue(int type) {
    switch (type) {
      case 0:
        return static_cast<int64_t>(Rand(5)) - 2;  // small range: equal sets
      case 1:
        return std::string(Rand(3) == 0 ? 40 + Rand(40) : Rand(6),
                           static_cast<char>('a' + Rand(3)));
      default:
        return TimerValue{static_cast<int32_t>(Rand(3)), 10,
                          static_cast<int64_t>(Rand(2)) * 1000};
    }
  }
  static int TypeOf(const Value& v) { return static_cast<int>(v.index()); }

  absl::StatusOr<RefId> AllocateReal(const Value& v, OwnerId owner,
                                     RefId parent) {
    auto go = [&](auto tag, auto value) -> absl::StatusOr<RefId> {
      if (parent.is_null()) {
        auto r = memory_.Allocate(tag, value, owner);
        if (!r.ok()) return r.status();
        return r->id();
      }
      auto r = memory_.AllocateChild(tag, value, parent);
      if (!r.ok()) return r.status();
      return r->id();
    };
    switch (TypeOf(v)) {
      case 0:
        return go(tags_.metric, std::get<int64_t>(v));
      case 1:
        return go(tags_.label, std::get<std::string>(v));
      default:
        return go(tags_.timer, std::get<TimerValue>(v));
    }
  }

  absl::StatusOr<Value> GetReal(RefId id, int type) {
    switch (type) {
      case 0: {
        auto v = memory_.Get<int64_t>(id);
        if (!v.ok()) return v.status();
        return Value(*v);
      }
      case 1: {
        auto v = memory_.Get<std::string>(id);
        if (!v.ok()) return v.status();
        return Value(*v);
      }
      default: {
        auto v = memory_.Get<TimerValue>(id);
        if (!v.ok()) return v.status();
        return Value(*v);
      }
    }
  }

  absl::Status SetReal(RefId id, const Value& v) {
    switch (TypeOf(v)) {
      case 0:
        return memory_.Set<int64_t>(id, std::get<int64_t>(v));
      case 1:
        return memory_.Set<std::string>(id, std::get<std::string>(v));
      default:
        return memory_.Set<TimerValue>(id, std::get<TimerValue>(v));
    }
  }

  uint64_t RandomLiveRef() {
    auto it = refs_.begin();
    std::advance(it, static_cast<long>(Rand(refs_.size())));
    return it->first;
  }
  std::vector<size_t> LiveOwners() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < owners_.size(); ++i) {
      if (owners_[i].live) out.push_back(i);
    }
    return out;
  }

  // Removes `id` and its subtree from the model; returns how many went.
  size_t ModelRelease(uint64_t id) {
    auto it = refs_.find(id);
    if (it->second.parent != 0) refs_[it->second.parent].children.erase(id);
    std::vector<uint64_t> work{id};
    size_t n = 0;
    while (!work.empty()) {
      const uint64_t x = work.back();
      work.pop_back();
      auto xi = refs_.find(x);
      for (uint64_t c : xi->second.children) work.push_back(c);
      refs_.erase(xi);
      stale_.push_back(x);
      ++n;
    }
    return n;
  }
  size_t ModelReleaseOwner(size_t owner) {
    std::vector<uint64_t> roots;
    for (const auto& [id, r] : refs_) {
      if (r.owner == owner && r.parent == 0) roots.push_back(id);
    }
    size_t n = 0;
    for (uint64_t id : roots) n += ModelRelease(id);
    return n;
  }

  void Step() {
    const uint64_t dice = Rand(100);
    const std::vector<size_t> live_owners = LiveOwners();
    const bool crowded = refs_.size() > 120;
    if (live_owners.empty() || dice < 4) {
      last_op_ = "create-owner";
      if (live_owners.size() >= 10) return;
      auto id =
          memory_.CreateOwner({"Model", fmt::format("o{}", owners_.size())});
      if (!id.ok()) {
        Fail("CreateOwner: " + id.status().ToString());
        return;
      }
      owners_.push_back(ModelOwner{*id, true});
      return;
    }
    if (dice < 34 && !crowded) {
      last_op_ = "allocate";
      const bool child = !refs_.empty() && Rand(2) == 0;
      const Value v = RandomValue(static_cast<int>(Rand(3)));
      size_t owner = live_owners[Rand(live_owners.size())];
      uint64_t parent = 0;
      if (child) {
        parent = RandomLiveRef();
        owner = refs_[parent].owner;
      }
      auto id = AllocateReal(v, owners_[owner].id, RefId::FromPacked(parent));
      if (!id.ok()) {
        Fail("Allocate: " + id.status().ToString());
        return;
      }
      if (refs_.count(id->packed()) != 0) {
        Fail("Allocate returned a live id");
        return;
      }
      refs_[id->packed()] = ModelRef{v, owner, parent, {}};
      if (parent != 0) refs_[parent].children.insert(id->packed());
      return;
    }
    if (refs_.empty()) return;
    if (dice < 52) {
      last_op_ = "set";
      const uint64_t id = RandomLiveRef();
      ModelRef& r = refs_[id];
      const Value v = RandomValue(TypeOf(r.value));
      const absl::Status s = SetReal(RefId::FromPacked(id), v);
      if (!s.ok()) {
        Fail("Set: " + s.ToString());
        return;
      }
      r.value = v;
      return;
    }
    if (dice < 68) {
      last_op_ = "get";
      const uint64_t id = RandomLiveRef();
      const ModelRef& r = refs_[id];
      auto v = GetReal(RefId::FromPacked(id), TypeOf(r.value));
      if (!v.ok() || !(*v == r.value)) {
        Fail("Get returned a different value");
        return;
      }
      // Wrong-type access is an error, never a cast.
      auto wrong = GetReal(RefId::FromPacked(id), (TypeOf(r.value) + 1) % 3);
      if (wrong.status().code() != absl::StatusCode::kInvalidArgument) {
        Fail("wrong-type Get was not InvalidArgument");
        return;
      }
      if (!stale_.empty()) {
        const RefId stale = RefId::FromPacked(stale_[Rand(stale_.size())]);
        if (refs_.count(stale.packed()) == 0 &&
            (memory_.IsValid(stale) ||
             memory_.Get<int64_t>(stale).status().code() !=
                 absl::StatusCode::kNotFound ||
             memory_.Set<int64_t>(stale, 1).code() !=
                 absl::StatusCode::kFailedPrecondition)) {
          Fail("stale id still resolves");
        }
      }
      return;
    }
    if (dice < 80 || crowded) {
      last_op_ = "release";
      const uint64_t id = RandomLiveRef();
      auto n = memory_.Release(RefId::FromPacked(id));
      const size_t expected = ModelRelease(id);
      if (!n.ok() || *n != expected) Fail("Release count differs");
      return;
    }
    if (dice < 86) {
      last_op_ = "release-owner";
      const size_t owner = live_owners[Rand(live_owners.size())];
      auto n = memory_.ReleaseOwner(owners_[owner].id);
      const size_t expected = ModelReleaseOwner(owner);
      if (!n.ok() || *n != expected) Fail("ReleaseOwner count differs");
      return;
    }
    if (dice < 89) {
      last_op_ = "retire-owner";
      const size_t owner = live_owners[Rand(live_owners.size())];
      auto n = memory_.RetireOwner(owners_[owner].id, op_);
      const size_t expected = ModelReleaseOwner(owner);
      owners_[owner].live = false;
      if (!n.ok() || *n != expected) Fail("RetireOwner count differs");
      if (memory_.Allocate(tags_.metric, int64_t{1}, owners_[owner].id)
              .status()
              .code() != absl::StatusCode::kNotFound) {
        Fail("retired owner accepted an allocation");
      }
      return;
    }
    if (dice < 95) {
      last_op_ = "query";
      CompareQueries();
      return;
    }
    last_op_ = "snapshot+diff+apply";
    CompareSnapshot();
  }

  void CompareQueries() {
    const std::vector<size_t> live_owners = LiveOwners();
    const size_t owner = live_owners[Rand(live_owners.size())];
    std::vector<RefId> expected;
    for (const auto& [id, r] : refs_) {
      if (r.owner == owner) expected.push_back(RefId::FromPacked(id));
    }
    if (memory_.ByOwner(owners_[owner].id) != expected) {
      Fail("ByOwner differs");
      return;
    }
    const int type = static_cast<int>(Rand(3));
    expected.clear();
    for (const auto& [id, r] : refs_) {
      if (TypeOf(r.value) == type) expected.push_back(RefId::FromPacked(id));
    }
    const TypeId type_id = type == 0   ? tags_.metric.id()
                           : type == 1 ? tags_.label.id()
                                       : tags_.timer.id();
    if (memory_.ByType(type_id) != expected) {
      Fail("ByType differs");
      return;
    }
    if (memory_.TypeUsage(type_id).live_refs != expected.size()) {
      Fail("TypeUsage differs");
      return;
    }
    const uint64_t id = RandomLiveRef();
    expected.clear();
    for (uint64_t c : refs_[id].children) {
      expected.push_back(RefId::FromPacked(c));
    }
    if (memory_.Children(RefId::FromPacked(id)) != expected) {
      Fail("Children differs");
    }
  }

  void CompareSnapshot() {
    std::shared_ptr<const MemorySnapshot> snap = memory_.Snapshot();
    if (snap->size() != refs_.size()) {
      Fail("snapshot size differs");
      return;
    }
    size_t k = 0;
    for (const auto& [id, r] : refs_) {
      const SnapshotEntry& e = snap->entries()[k++];
      if (e.id().packed() != id || snap->OwnerOf(e) != owners_[r.owner].id ||
          snap->ParentOf(e).packed() != r.parent) {
        Fail("snapshot entry differs");
        return;
      }
      bool same = false;
      switch (TypeOf(r.value)) {
        case 0:
          same = snap->Get<int64_t>(e.id()).value_or(-99) ==
                 std::get<int64_t>(r.value);
          break;
        case 1:
          same = snap->Get<std::string>(e.id()).value_or("?") ==
                 std::get<std::string>(r.value);
          break;
        default:
          same = snap->Get<TimerValue>(e.id()).value_or(TimerValue{-1, 0, 0}) ==
                 std::get<TimerValue>(r.value);
      }
      if (!same) {
        Fail("snapshot value differs");
        return;
      }
    }
    if (previous_ != nullptr) {
      const SnapshotDelta delta = Diff(*previous_, *snap);
      auto rebuilt = Apply(*previous_, delta);
      if (!rebuilt.ok()) {
        Fail("Apply: " + rebuilt.status().ToString());
        return;
      }
      if ((*rebuilt)->ToText() != snap->ToText() ||
          !Diff(**rebuilt, *snap).empty()) {
        Fail("Apply(a, Diff(a, b)) != b");
        return;
      }
    }
    previous_ = std::move(snap);
  }

  bool CompareAll() {
    const std::vector<RefId> all = memory_.All();
    if (all.size() != refs_.size() || memory_.size() != refs_.size()) {
      return Fail("All() size differs");
    }
    size_t k = 0;
    for (const auto& [id, r] : refs_) {
      if (all[k++].packed() != id) return Fail("All() ids differ");
      auto v = GetReal(RefId::FromPacked(id), TypeOf(r.value));
      if (!v.ok() || !(*v == r.value)) return Fail("value differs");
      auto info = memory_.Describe(RefId::FromPacked(id));
      if (!info.ok() || info->owner != owners_[r.owner].id ||
          info->parent.packed() != r.parent) {
        return Fail("Describe differs");
      }
    }
    for (size_t o = 0; o < owners_.size(); ++o) {
      size_t n = 0;
      for (const auto& [id, r] : refs_) n += r.owner == o ? 1 : 0;
      if (owners_[o].live && memory_.OwnerUsage(owners_[o].id).live_refs != n) {
        return Fail("OwnerUsage differs");
      }
      if (memory_.IsOwnerLive(owners_[o].id) != owners_[o].live) {
        return Fail("owner liveness differs");
      }
    }
    return true;
  }

  uint64_t seed_;
  std::mt19937_64 rng_;
  RuntimeMemory memory_;
  test::Tags tags_;
  std::map<uint64_t, ModelRef> refs_;  // ordered: by id, like the memory
  std::vector<ModelOwner> owners_;
  std::vector<uint64_t> stale_;
  std::shared_ptr<const MemorySnapshot> previous_;
  int64_t op_ = 0;
  const char* last_op_ = "";
  bool failed_ = false;
};

TEST(MemoryModel, RandomOperationSequencesMatchTheReferenceModel) {
  constexpr uint64_t kSeeds[] = {1, 2, 3, 4, 0x5eed};
  const int64_t per_seed =
      std::max<int64_t>(1000, static_cast<int64_t>(210000 * TestScale()));
  for (const uint64_t seed : kSeeds) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    ModelRun run(seed);
    if (!run.Run(per_seed)) break;
  }
}

TEST(MemoryModel, GenerationOverflowAndExhaustionUnderRandomLoad) {
  // Tiny limits: slots retire after 3 generations and the id space is small,
  // so allocation eventually fails, cleanly, with ResourceExhausted.
  MemoryOptions options;
  options.max_generation = 3;
  options.max_slots = 256;
  RuntimeMemory memory(options);
  auto tag = *memory.RegisterType<int64_t>("n");
  std::mt19937_64 rng(7);
  std::vector<OwnerId> owners;
  for (int i = 0; i < 4; ++i) owners.push_back(*memory.CreateOwner({}));
  std::vector<RefId> live;
  std::vector<RefId> released;
  bool exhausted = false;
  const int64_t ops =
      std::max<int64_t>(2000, static_cast<int64_t>(20000 * TestScale()));
  for (int64_t op = 0; op < ops && !exhausted; ++op) {
    const OwnerId owner = owners[rng() % owners.size()];
    if (rng() % 3 != 0 || live.empty()) {
      auto ref = memory.Allocate(tag, int64_t{op}, owner);
      if (!ref.ok()) {
        ASSERT_EQ(ref.status().code(), absl::StatusCode::kResourceExhausted);
        exhausted = true;
        break;
      }
      live.push_back(ref->id());
    } else {
      ASSERT_TRUE(memory.ReleaseOwner(owner).ok());
      std::vector<RefId> still;
      for (const RefId id : live) {
        (memory.IsValid(id) ? still : released).push_back(id);
      }
      live.swap(still);
    }
    ASSERT_TRUE(memory.CheckInvariants().ok()) << "op " << op;
  }
  EXPECT_TRUE(exhausted);
  for (const RefId id : released) EXPECT_FALSE(memory.IsValid(id));
  for (const RefId id : live) EXPECT_TRUE(memory.IsValid(id));
}

}  // namespace
}  // namespace wod::memory
