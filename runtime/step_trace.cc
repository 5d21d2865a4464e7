#include "runtime/step_trace.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"

namespace wod::runtime {
namespace {

// docs/spec/step-trace.md §2: a `|` inside a cell is written `\|`.
std::string EscapeCell(std::string_view cell) {
  std::string out;
  out.reserve(cell.size());
  for (char c : cell) {
    if (c == '|') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Seconds as the shortest exact decimal: 150000 → "150", 1500 → "1.5".
std::string Seconds(int64_t ms) {
  std::string out;
  if (ms < 0) {
    out.push_back('-');
    ms = -ms;
  }
  absl::StrAppend(&out, ms / 1000);
  int64_t frac = ms % 1000;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 3 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&out, ".", digits);
  }
  return out;
}

bool ShowsLabel(std::string_view type) {
  return type != "SessionRoot" && type != "WaitingToStart";
}

std::string BlockText(const TraceBlock& block) {
  std::string out = block.type;
  if (ShowsLabel(block.type))
    absl::StrAppend(&out, " ", base::QuoteLabel(ShortLabel(block.label)));
  std::vector<std::string> tokens;
  if (block.has_round) {
    tokens.push_back(absl::StrCat("R", block.round_current, "/",
                                  block.round_total.has_value()
                                      ? std::to_string(*block.round_total)
                                      : std::string("∞")));
  }
  if (block.has_timer) {
    if (block.countdown) {
      tokens.push_back(absl::StrCat("↓", Seconds(block.elapsed_ms), "s/",
                                    Seconds(block.duration_ms), "s"));
    } else {
      tokens.push_back(absl::StrCat("↑", Seconds(block.elapsed_ms), "s"));
    }
    if (block.paused) tokens.push_back("paused");
  }
  if (!block.complete_reason.empty()) {
    tokens.push_back(absl::StrCat("complete:", block.complete_reason));
  }
  if (!tokens.empty())
    absl::StrAppend(&out, " [", absl::StrJoin(tokens, " "), "]");
  return out;
}

}  // namespace

std::string TraceStep::StackCell() const {
  if (stack.empty()) {
    return session_ended ? "— (empty) **session ended**" : "— (empty)";
  }
  std::vector<std::string> parts;
  parts.reserve(stack.size());
  for (const TraceBlock& block : stack) parts.push_back(BlockText(block));
  return EscapeCell(absl::StrJoin(parts, " · "));
}

std::string TraceStep::EmittedCell() const {
  if (emitted.empty()) return "—";
  std::vector<std::string> parts;
  parts.reserve(emitted.size());
  for (const TraceRecord& record : emitted) parts.push_back(record.text);
  return EscapeCell(absl::StrJoin(parts, "; "));
}

std::string TraceStep::Row() const {
  return absl::StrCat("| ", index, " | ", EscapeCell(action), " | ", t_ms,
                      " | ", depth(), " | ", StackCell(), " | ", EmittedCell(),
                      " |");
}

std::string ShortLabel(std::string_view label) {
  size_t code_points = 0;
  for (size_t i = 0; i < label.size(); ++i) {
    // A lead byte (anything but 10xxxxxx) starts a code point.
    if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80) continue;
    if (code_points == kMaxShownLabelCodePoints) {
      std::string cut(label.substr(0, i));
      cut += "…";
      return cut;
    }
    ++code_points;
  }
  return std::string(label);
}

std::string TraceTableHeader() {
  return "| # | Action | t (ms) | Depth | Stack, top → bottom | Emitted during "
         "this step |\n|---|---|---|---|---|---|";
}

}  // namespace wod::runtime
