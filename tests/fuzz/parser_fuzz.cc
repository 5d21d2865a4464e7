// libFuzzer target for the workout-script parser: any byte string must parse
// without crashing, hanging or undefined behaviour, and every result must be
// a consistent tree (ids ascending, parents before children, children
// pointing back at their parent, diagnostics inside the input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "blocks/parser.h"
#include "blocks/statement_format.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckResult(const wod::blocks::ParseResult& r, std::string_view input,
                 bool immediate_children) {
  int lines = 1;
  for (char c : input) lines += c == '\n' ? 1 : 0;
  int previous = 0;
  for (const wod::blocks::Statement& s : r.statements) {
    Check(s.id > previous && s.id <= lines);
    previous = s.id;
    Check(!s.metrics.empty());
    if (s.parent) {
      const wod::blocks::Statement* parent = r.Find(*s.parent);
      Check(parent != nullptr && parent->id < s.id);
    }
    for (const auto& group : s.children) {
      Check(!group.empty());
      for (int id : group) {
        const wod::blocks::Statement* child = r.Find(id);
        Check(child != nullptr && id > s.id);
        if (immediate_children) Check(child->parent == s.id);
      }
    }
  }
  for (const wod::blocks::Diagnostic& d : r.diagnostics) {
    Check(d.line >= 1 && d.line <= lines && d.column >= 1);
    Check(!d.message.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const wod::blocks::ParseResult result = wod::blocks::Parse(input);
  CheckResult(result, input, true);
  Check(!wod::blocks::FormatParsedStatements(result).empty());
  const wod::blocks::ParseResult reference =
      wod::blocks::Parse(input, wod::blocks::ParseOptions::Reference());
  CheckResult(reference, input, false);
  Check(reference.statements.size() == result.statements.size());
  return 0;
}
