// gMock matchers over MemorySnapshot for tests of the memory, the runtime
// and the debugger (the `wod::memory_testing` library).
//
//   auto snap = memory.Snapshot();
//   EXPECT_THAT(*snap, HasRef("timer-state", block, "3/10 1000ms"));
//   EXPECT_THAT(*snap, HasRefLabeled("metric", "21 Thrusters", "21"));
//   EXPECT_THAT(*snap, HasRefWithValue<int>("metric", block, 21));
//   EXPECT_THAT(*snap, MatchesGoldenFile(WOD_TESTDATA "/timer.golden"));
//
// Values are matched by their TypeInfo::Format text (or, for
// HasRefWithValue, by the value type's equality). On failure the message
// prints the offending part of the snapshot: the entries of the named owner
// (or of the type, when no such owner exists), or for golden files the
// differing lines.
//
// Golden files hold MemorySnapshot::ToText(). Run the tests with
// WOD_UPDATE_GOLDEN=1 to (re)write them for an intended change; the matcher
// then writes the file and passes.

#ifndef WOD_MEMORY_TESTING_SNAPSHOT_MATCHERS_H_
#define WOD_MEMORY_TESTING_SNAPSHOT_MATCHERS_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "memory/memory_snapshot.h"
#include "memory/ref_id.h"

namespace wod::memory {
// gtest prints a snapshot by its header line, not as raw bytes (the
// matchers' explanations print the relevant entries).
inline void PrintTo(const MemorySnapshot& snapshot, std::ostream* os) {
  *os << "MemorySnapshot{version=" << snapshot.version()
      << ", refs=" << snapshot.size() << "}";
}
}  // namespace wod::memory

namespace wod::memory::testing {

// Which refs a HasRef matcher looks at.
struct RefQuery {
  std::string type;
  std::optional<OwnerId> owner;
  std::optional<std::string> owner_label;
};

namespace internal {
// The entries of `snapshot` that match type and owner of `query`.
std::vector<const SnapshotEntry*> Select(const MemorySnapshot& snapshot,
                                         const RefQuery& query);
// Text of the part of the snapshot a failed query is about.
std::string Context(const MemorySnapshot& snapshot, const RefQuery& query);
std::string Describe(const RefQuery& query);

template <typename Compare>
class HasRefMatcher
    : public ::testing::MatcherInterface<const MemorySnapshot&> {
 public:
  HasRefMatcher(RefQuery query, std::string expected, Compare compare)
      : query_(std::move(query)),
        expected_(std::move(expected)),
        compare_(std::move(compare)) {}

  bool MatchAndExplain(
      const MemorySnapshot& snapshot,
      ::testing::MatchResultListener* listener) const override {
    for (const SnapshotEntry* e : Select(snapshot, query_)) {
      if (compare_(snapshot, *e)) return true;
    }
    *listener << "\n" << Context(snapshot, query_);
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "has a ref " << Describe(query_) << " with value " << expected_;
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has no ref " << Describe(query_) << " with value " << expected_;
  }

 private:
  RefQuery query_;
  std::string expected_;
  Compare compare_;
};

template <typename Compare>
::testing::Matcher<const MemorySnapshot&> MakeHasRef(RefQuery query,
                                                     std::string expected,
                                                     Compare compare) {
  return ::testing::MakeMatcher(new HasRefMatcher<Compare>(
      std::move(query), std::move(expected), std::move(compare)));
}
}  // namespace internal

// A ref of tag `type` owned by `owner` whose formatted value is `value`.
::testing::Matcher<const MemorySnapshot&> HasRef(std::string type,
                                                 OwnerId owner,
                                                 std::string value);
// Same, naming the owner by its OwnerInfo label.
::testing::Matcher<const MemorySnapshot&> HasRefLabeled(std::string type,
                                                        std::string owner_label,
                                                        std::string value);
// A ref of tag `type` owned by `owner` whose value equals `value` (a T).
template <typename T>
::testing::Matcher<const MemorySnapshot&> HasRefWithValue(std::string type,
                                                          OwnerId owner,
                                                          T value) {
  RefQuery query{std::move(type), owner, std::nullopt};
  std::string expected = ::testing::PrintToString(value);
  return internal::MakeHasRef(
      std::move(query), std::move(expected),
      [value](const MemorySnapshot& s, const SnapshotEntry& e) {
        auto v = s.Get<T>(e.id());
        return v.ok() && *v == value;
      });
}

// The snapshot's ToText() equals the golden file at `path` (absolute, or
// relative to the working directory). WOD_UPDATE_GOLDEN=1 rewrites it.
::testing::Matcher<const MemorySnapshot&> MatchesGoldenFile(std::string path);

}  // namespace wod::memory::testing

#endif  // WOD_MEMORY_TESTING_SNAPSHOT_MATCHERS_H_
