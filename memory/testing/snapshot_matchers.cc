#include "memory/testing/snapshot_matchers.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "fmt/format.h"

namespace wod::memory::testing {
namespace internal {

namespace {

bool OwnerMatches(const MemorySnapshot& snapshot, const SnapshotEntry& e,
                  const RefQuery& query) {
  if (query.owner.has_value() && snapshot.OwnerOf(e) != *query.owner) {
    return false;
  }
  if (query.owner_label.has_value()) {
    const std::optional<OwnerRecord> record = snapshot.Owner(e.owner_index());
    if (!record.has_value() || record->info.label != *query.owner_label) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<const SnapshotEntry*> Select(const MemorySnapshot& snapshot,
                                         const RefQuery& query) {
  std::vector<const SnapshotEntry*> out;
  for (const SnapshotEntry& e : snapshot.entries()) {
    if (snapshot.TypeName(e.type()) == query.type &&
        OwnerMatches(snapshot, e, query)) {
      out.push_back(&e);
    }
  }
  return out;
}

std::string Describe(const RefQuery& query) {
  std::string out = fmt::format("of type '{}'", query.type);
  if (query.owner.has_value()) out += " owned by " + ToString(*query.owner);
  if (query.owner_label.has_value()) {
    out += fmt::format(" owned by '{}'", *query.owner_label);
  }
  return out;
}

std::string Context(const MemorySnapshot& snapshot, const RefQuery& query) {
  // The owner's refs if the owner has any, else the type's refs, else a
  // short summary: the part of the snapshot the expectation is about.
  std::string owner_part;
  std::string type_part;
  for (const SnapshotEntry& e : snapshot.entries()) {
    const bool by_owner = (query.owner.has_value() || query.owner_label) &&
                          OwnerMatches(snapshot, e, query);
    if (by_owner) owner_part += "  " + snapshot.EntryText(e) + "\n";
    if (snapshot.TypeName(e.type()) == query.type) {
      type_part += "  " + snapshot.EntryText(e) + "\n";
    }
  }
  if (!owner_part.empty()) return "the owner's refs are:\n" + owner_part;
  if (!type_part.empty()) {
    return "the owner holds nothing; refs of this type are:\n" + type_part;
  }
  return fmt::format("no ref of that owner or type; the snapshot has {} refs",
                     snapshot.size());
}

}  // namespace internal

namespace {

// HasRef and HasRefLabeled: the matched ref's value prints as `value`.
::testing::Matcher<const MemorySnapshot&> HasRefFormatted(RefQuery query,
                                                          std::string value) {
  std::string expected = value;
  return internal::MakeHasRef(
      std::move(query), std::move(expected),
      [value = std::move(value)](const MemorySnapshot& s,
                                 const SnapshotEntry& e) {
        return s.FormatValue(e) == value;
      });
}

}  // namespace

::testing::Matcher<const MemorySnapshot&> HasRef(std::string type,
                                                 OwnerId owner,
                                                 std::string value) {
  return HasRefFormatted(RefQuery{std::move(type), owner, std::nullopt},
                         std::move(value));
}

::testing::Matcher<const MemorySnapshot&> HasRefLabeled(std::string type,
                                                        std::string owner_label,
                                                        std::string value) {
  return HasRefFormatted(
      RefQuery{std::move(type), std::nullopt, std::move(owner_label)},
      std::move(value));
}

namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

class GoldenFileMatcher
    : public ::testing::MatcherInterface<const MemorySnapshot&> {
 public:
  explicit GoldenFileMatcher(std::string path) : path_(std::move(path)) {}

  bool MatchAndExplain(
      const MemorySnapshot& snapshot,
      ::testing::MatchResultListener* listener) const override {
    const std::string actual = snapshot.ToText();
    const char* update = std::getenv("WOD_UPDATE_GOLDEN");
    if (update != nullptr && std::string_view(update) == "1") {
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      out << actual;
      if (!out) {
        *listener << "could not write golden file " << path_;
        return false;
      }
      *listener << "updated golden file " << path_;
      return true;
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      *listener << "golden file " << path_
                << " is missing; run with WOD_UPDATE_GOLDEN=1 to create it. "
                   "Actual snapshot:\n"
                << actual;
      return false;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string expected = buffer.str();
    if (expected == actual) return true;
    const std::vector<std::string_view> want = SplitLines(expected);
    const std::vector<std::string_view> got = SplitLines(actual);
    *listener << "differs from golden file " << path_
              << " (WOD_UPDATE_GOLDEN=1 accepts an intended change):\n";
    int shown = 0;
    for (size_t i = 0; i < std::max(want.size(), got.size()) && shown < 20;
         ++i) {
      const std::string_view w = i < want.size() ? want[i] : "<missing>";
      const std::string_view g = i < got.size() ? got[i] : "<missing>";
      if (w == g) continue;
      ++shown;
      *listener << "  line " << (i + 1) << ":\n    golden: " << w
                << "\n    actual: " << g << "\n";
    }
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "matches golden file " << path_;
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "does not match golden file " << path_;
  }

 private:
  std::string path_;
};

}  // namespace

::testing::Matcher<const MemorySnapshot&> MatchesGoldenFile(std::string path) {
  return ::testing::MakeMatcher(new GoldenFileMatcher(std::move(path)));
}

}  // namespace wod::memory::testing
