#include "blocks/fix_it.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/strings.h"

namespace wod::blocks {
namespace {

// Byte offsets [begin, end) of `fix` in `source`, or nullopt when it does
// not fit. Line 1 starts after a byte order mark
// (docs/spec/language.md §1.5), and columns count code points
// (docs/spec/language.md §1.3).
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::optional<ByteRange> Locate(std::string_view source, const FixIt& fix) {
  if (fix.line < 1 || fix.column < 1 || fix.end_column < fix.column) {
    return std::nullopt;
  }
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  std::size_t offset = source.substr(0, 3) == kByteOrderMark ? 3 : 0;
  for (int line = 1; line < fix.line; ++line) {
    const std::size_t eol = source.find('\n', offset);
    if (eol == std::string_view::npos) return std::nullopt;
    offset = eol + 1;
  }
  std::size_t eol = source.find('\n', offset);
  if (eol == std::string_view::npos) eol = source.size();
  if (eol > offset && source[eol - 1] == '\r') --eol;
  const std::string_view line = source.substr(offset, eol - offset);
  auto byte_of = [&](int column) -> std::optional<std::size_t> {
    std::size_t i = 0;
    for (int c = 1; c < column; ++c) {
      if (i >= line.size()) return std::nullopt;
      i += base::DecodeUtf8(line, i).length;
    }
    return i;
  };
  const std::optional<std::size_t> begin = byte_of(fix.column);
  const std::optional<std::size_t> end = byte_of(fix.end_column);
  if (!begin || !end) return std::nullopt;
  return ByteRange{offset + *begin, offset + *end};
}

}  // namespace

absl::StatusOr<std::string> ApplyFixIt(std::string_view source,
                                       const FixIt& fix) {
  const std::optional<ByteRange> range = Locate(source, fix);
  if (!range) {
    return absl::InvalidArgumentError("fix-it at " + std::to_string(fix.line) +
                                      ":" + std::to_string(fix.column) +
                                      " does not fit the script");
  }
  std::string out(source.substr(0, range->begin));
  out += fix.replacement;
  out += source.substr(range->end);
  return out;
}

std::string ApplyFixIts(std::string_view source,
                        const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::pair<ByteRange, const FixIt*>> edits;
  for (const Diagnostic& d : diagnostics) {
    if (!d.fix) continue;
    const std::optional<ByteRange> range = Locate(source, *d.fix);
    if (!range) continue;
    const bool overlaps =
        std::any_of(edits.begin(), edits.end(), [&](const auto& taken) {
          return range->begin < taken.first.end &&
                 taken.first.begin < range->end;
        });
    if (!overlaps) edits.emplace_back(*range, &*d.fix);
  }
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) {
    return a.first.begin > b.first.begin;
  });
  std::string out(source);
  for (const auto& [range, fix] : edits) {
    out.replace(range.begin, range.end - range.begin, fix->replacement);
  }
  return out;
}

}  // namespace wod::blocks
