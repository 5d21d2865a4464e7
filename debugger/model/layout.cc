#include "debugger/model/layout.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "fmt/format.h"

namespace wod::debugger {

namespace {

constexpr std::array<const char*, kPanelCount> kNames = {
    "Controls",  "Script",    "Stack",   "Watches", "Memory",
    "Hierarchy", "Inspector", "History", "Diff",    "Records"};
constexpr std::array<const char*, kPanelCount> kWindowNames = {
    "Controls", "Script###script", "Stack",     "Watches & checks",
    "Memory",   "Hierarchy",       "Inspector", "History",
    "Diff",     "Records"};

// Sizes for `weights` sharing `total` px, none below its minimum: the
// entries that would be too small get their minimum and the others share
// what is left by weight. When even the minimums do not fit, every entry
// gets its share of `total` by minimum (nothing overlaps).
std::vector<float> Distribute(float total, const std::vector<float>& weights,
                              const std::vector<float>& mins) {
  const size_t n = weights.size();
  std::vector<float> out(n, 0.0f);
  float min_sum = 0;
  for (float m : mins) min_sum += m;
  if (n == 0) return out;
  if (total <= min_sum) {
    for (size_t i = 0; i < n; ++i) {
      out[i] = min_sum > 0 ? total * mins[i] / min_sum
                           : total / static_cast<float>(n);
    }
    return out;
  }
  std::vector<bool> fixed(n, false);
  for (size_t round = 0; round <= n; ++round) {
    float left = total;
    float weight = 0;
    for (size_t i = 0; i < n; ++i) {
      if (fixed[i]) {
        left -= mins[i];
      } else {
        weight += std::max(weights[i], 1e-4f);
      }
    }
    bool changed = false;
    for (size_t i = 0; i < n; ++i) {
      if (fixed[i]) {
        out[i] = mins[i];
        continue;
      }
      out[i] = left * std::max(weights[i], 1e-4f) / weight;
      if (out[i] < mins[i]) {
        fixed[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

bool ParseFloats(std::string_view text, std::vector<float>& out) {
  out.clear();
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    float v = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || end != item.data() + item.size() ||
        !std::isfinite(v) || v <= 0.0f || v > 1000.0f) {
      return false;
    }
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return !out.empty();
}

}  // namespace

const char* PanelWindowName(PanelId id) {
  return kWindowNames[static_cast<size_t>(id)];
}

const char* PanelName(PanelId id) { return kNames[static_cast<size_t>(id)]; }

PanelLayout::PanelLayout() {
  using P = PanelId;
  columns_[0] = {P::kControls, P::kScript, P::kStack, P::kWatches};
  columns_[1] = {P::kMemory, P::kHierarchy};
  columns_[2] = {P::kInspector, P::kHistory, P::kDiff, P::kRecords};
  column_weight_ = {0.25f, 0.46f, 0.29f};
  const std::array<std::pair<P, float>, kPanelCount> weights = {{
      {P::kControls, 0.22f},
      {P::kScript, 0.30f},
      {P::kStack, 0.28f},
      {P::kWatches, 0.20f},
      {P::kMemory, 0.64f},
      {P::kHierarchy, 0.36f},
      {P::kInspector, 0.24f},
      {P::kHistory, 0.27f},
      {P::kDiff, 0.29f},
      {P::kRecords, 0.20f},
  }};
  for (const auto& [id, w] : weights)
    panel_weight_[static_cast<size_t>(id)] = w;
}

float PanelLayout::MinColumnWidth(int c) {
  // Session | memory | analysis: wide enough for the Controls buttons in
  // two rows, the memory table's fixed columns (with horizontal scroll
  // beyond) and the diff's columns. 300 + 380 + 320 + gaps fit 1024 px.
  constexpr std::array<float, kColumnCount> kMin = {300.0f, 380.0f, 320.0f};
  return kMin[static_cast<size_t>(c)];
}

float PanelLayout::MinPanelHeight(PanelId id) const {
  float floor = 90.0f;
  // Controls: buttons, speed and tick, state line.
  if (id == PanelId::kControls) floor = 170.0f;
  if (id == PanelId::kMemory) floor = 160.0f;
  if (id == PanelId::kDiff) floor = 130.0f;
  if (id == PanelId::kRecords) floor = 150.0f;
  // History: scrubber, jumps, go-to-time, fold and bookmarks rows (some
  // wrap in a narrow column), then the plots (60 px).
  if (id == PanelId::kHistory) floor = 250.0f;
  // Controls must show everything (buttons and the state line are never
  // clipped); the others scroll, so their content is no minimum.
  if (id == PanelId::kControls) {
    floor = std::max(floor, content_height_[static_cast<size_t>(id)]);
  }
  return floor;
}

int PanelLayout::ColumnOf(PanelId id) const {
  for (int c = 0; c < kColumnCount; ++c) {
    for (PanelId p : columns_[static_cast<size_t>(c)]) {
      if (p == id) return c;
    }
  }
  return 0;
}

std::array<float, kColumnCount> PanelLayout::ColumnWidths(float width) const {
  const float usable = width - kGap * (kColumnCount - 1);
  std::vector<float> weights(column_weight_.begin(), column_weight_.end());
  std::vector<float> mins;
  for (int c = 0; c < kColumnCount; ++c) mins.push_back(MinColumnWidth(c));
  const std::vector<float> w =
      Distribute(std::max(usable, 0.0f), weights, mins);
  return {w[0], w[1], w[2]};
}

std::vector<float> PanelLayout::PanelHeights(int c, float height) const {
  const std::vector<PanelId>& panels = columns_[static_cast<size_t>(c)];
  const float usable =
      height -
      kGap * static_cast<float>(panels.size() > 0 ? panels.size() - 1 : 0);
  float open_space = std::max(usable, 0.0f);
  std::vector<float> weights;
  std::vector<float> mins;
  for (PanelId p : panels) {
    if (collapsed(p)) {
      open_space -= kTitleHeight;
    } else {
      weights.push_back(panel_weight(p));
      mins.push_back(MinPanelHeight(p));
    }
  }
  const std::vector<float> open =
      Distribute(std::max(open_space, 0.0f), weights, mins);
  std::vector<float> out;
  size_t k = 0;
  for (PanelId p : panels) {
    out.push_back(collapsed(p) ? kTitleHeight : open[k++]);
  }
  return out;
}

std::array<PanelRect, kPanelCount> PanelLayout::Compute(PanelRect area) const {
  std::array<PanelRect, kPanelCount> out{};
  const std::array<float, kColumnCount> widths = ColumnWidths(area.w);
  float x = area.x;
  for (int c = 0; c < kColumnCount; ++c) {
    const std::vector<float> heights = PanelHeights(c, area.h);
    float y = area.y;
    const std::vector<PanelId>& panels = columns_[static_cast<size_t>(c)];
    for (size_t i = 0; i < panels.size(); ++i) {
      // Whole pixels: neighbours meet exactly at the gap.
      PanelRect& r = out[static_cast<size_t>(panels[i])];
      r.x = std::floor(x);
      r.y = std::floor(y);
      r.w = std::floor(x + widths[static_cast<size_t>(c)]) - r.x;
      r.h = std::floor(y + heights[i]) - r.y;
      y += heights[i] + kGap;
    }
    // The last open panel takes any rounding rest, so nothing is left
    // uncovered at the bottom.
    for (size_t i = panels.size(); i-- > 0;) {
      if (collapsed(panels[i])) continue;
      PanelRect& r = out[static_cast<size_t>(panels[i])];
      float below = 0;
      for (size_t j = i + 1; j < panels.size(); ++j) {
        below += kTitleHeight + kGap;
      }
      r.h = std::max(r.h, area.y + area.h - below - r.y);
      break;
    }
    x += widths[static_cast<size_t>(c)] + kGap;
  }
  return out;
}

void PanelLayout::MoveColumnSplitter(int c, float dx, float width) {
  if (c < 0 || c + 1 >= kColumnCount || dx == 0.0f || width <= 0.0f) return;
  const std::array<float, kColumnCount> w = ColumnWidths(width);
  const size_t a = static_cast<size_t>(c);
  const size_t b = a + 1;
  const float pair = w[a] + w[b];
  const float left =
      std::clamp(w[a] + dx, MinColumnWidth(c),
                 std::max(MinColumnWidth(c), pair - MinColumnWidth(c + 1)));
  // Keep the weights of the other columns as they are: rescale the pair.
  const float total = column_weight_[a] + column_weight_[b];
  column_weight_[a] = total * left / pair;
  column_weight_[b] = total - column_weight_[a];
  ++generation_;
}

void PanelLayout::MoveRowSplitter(PanelId above, float dy, float height) {
  const int c = ColumnOf(above);
  const std::vector<PanelId>& panels = columns_[static_cast<size_t>(c)];
  size_t i = 0;
  while (i < panels.size() && panels[i] != above) ++i;
  if (i + 1 >= panels.size() || dy == 0.0f || height <= 0.0f) return;
  // The splitter moves space between the nearest open panels above and
  // below it (a collapsed neighbour keeps its title bar).
  size_t a = i + 1;
  while (a-- > 0 && collapsed(panels[a])) {
  }
  size_t b = i + 1;
  while (b < panels.size() && collapsed(panels[b])) ++b;
  if (a >= panels.size() || b >= panels.size()) return;
  const std::vector<float> h = PanelHeights(c, height);
  const PanelId pa = panels[a];
  const PanelId pb = panels[b];
  const float pair = h[a] + h[b];
  const float top =
      std::clamp(h[a] + dy, MinPanelHeight(pa),
                 std::max(MinPanelHeight(pa), pair - MinPanelHeight(pb)));
  float& wa = panel_weight_[static_cast<size_t>(pa)];
  float& wb = panel_weight_[static_cast<size_t>(pb)];
  const float total = wa + wb;
  wa = total * top / pair;
  wb = total - wa;
  ++generation_;
}

void PanelLayout::SetCollapsed(PanelId id, bool collapsed) {
  bool& c = collapsed_[static_cast<size_t>(id)];
  if (c == collapsed) return;
  c = collapsed;
  ++generation_;
}

std::vector<std::string> PanelLayout::ToIniLines() const {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("columns={:.4f},{:.4f},{:.4f}", column_weight_[0],
                              column_weight_[1], column_weight_[2]));
  for (int c = 0; c < kColumnCount; ++c) {
    std::string line = fmt::format("rows{}=", c);
    const std::vector<PanelId>& panels = columns_[static_cast<size_t>(c)];
    for (size_t i = 0; i < panels.size(); ++i) {
      line +=
          fmt::format("{}{:.4f}", i > 0 ? "," : "", panel_weight(panels[i]));
    }
    lines.push_back(std::move(line));
  }
  std::string collapsed = "collapsed=";
  bool first = true;
  for (int p = 0; p < kPanelCount; ++p) {
    if (!collapsed_[static_cast<size_t>(p)]) continue;
    collapsed += first ? "" : ",";
    collapsed += kNames[static_cast<size_t>(p)];
    first = false;
  }
  lines.push_back(std::move(collapsed));
  return lines;
}

bool PanelLayout::ApplyIniLine(std::string_view line) {
  const size_t eq = line.find('=');
  if (eq == std::string_view::npos) return false;
  const std::string_view key = line.substr(0, eq);
  const std::string_view value = line.substr(eq + 1);
  std::vector<float> numbers;
  if (key == "columns") {
    if (!ParseFloats(value, numbers) || numbers.size() != kColumnCount) {
      return false;
    }
    for (size_t c = 0; c < kColumnCount; ++c) column_weight_[c] = numbers[c];
    ++generation_;
    return true;
  }
  if (key.size() == 5 && key.substr(0, 4) == "rows" && key[4] >= '0' &&
      key[4] < '0' + kColumnCount) {
    const std::vector<PanelId>& panels =
        columns_[static_cast<size_t>(key[4] - '0')];
    if (!ParseFloats(value, numbers) || numbers.size() != panels.size()) {
      return false;
    }
    for (size_t i = 0; i < panels.size(); ++i) {
      panel_weight_[static_cast<size_t>(panels[i])] = numbers[i];
    }
    ++generation_;
    return true;
  }
  if (key == "collapsed") {
    std::array<bool, kPanelCount> next{};
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view name = rest.substr(0, comma);
      bool known = false;
      for (size_t p = 0; p < kPanelCount; ++p) {
        if (name == kNames[p]) {
          next[p] = true;
          known = true;
        }
      }
      if (!known) return false;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    collapsed_ = next;
    ++generation_;
    return true;
  }
  return false;
}

}  // namespace wod::debugger
