#include "blocks/compiler.h"

#include <algorithm>
#include <utility>

#include "blocks/block_label.h"
#include "blocks/container_block.h"
#include "blocks/effort_block.h"
#include "blocks/script_block.h"
#include "blocks/timer_block.h"

namespace wod::blocks {
namespace {

using runtime::MetricGroup;
using runtime::TimerDirection;
using runtime::TimerRole;

// The default EMOM round count and interval (docs/spec/runtime.md §7.4).
constexpr int64_t kDefaultEmomRounds = 10;
constexpr int64_t kDefaultIntervalMs = 60'000;

bool WordIn(const std::vector<const Statement*>& group, std::string_view word) {
  for (const Statement* s : group) {
    for (const Metric& m : s->metrics) {
      if ((m.kind == MetricKind::kEffort || m.kind == MetricKind::kAction) &&
          HasWord(m.text, word)) {
        return true;
      }
    }
  }
  return false;
}

const Metric* FirstMetric(const std::vector<const Statement*>& group,
                          MetricKind kind) {
  for (const Statement* s : group) {
    if (const Metric* m = s->FindMetric(kind)) return m;
  }
  return nullptr;
}

bool HintIn(const std::vector<const Statement*>& group, std::string_view hint) {
  for (const Statement* s : group) {
    if (s->HasHint(hint)) return true;
  }
  return false;
}

// One display group per statement (docs/spec/runtime.md §7.9 builder): the
// values segments print.
std::vector<MetricGroup> DisplayGroups(
    const std::vector<const Statement*>& group, bool include_reps) {
  std::vector<MetricGroup> out;
  for (const Statement* s : group) {
    MetricGroup g;
    double reps = 0;
    for (const Metric& m : s->metrics) {
      switch (m.kind) {
        case MetricKind::kRep:
          if (m.value.has_value()) reps += *m.value;
          if (include_reps) g.metrics.rep.push_back(SegmentValue(m));
          break;
        case MetricKind::kResistance:
          g.metrics.resistance.push_back(SegmentValue(m));
          break;
        case MetricKind::kDistance:
          g.metrics.distance.push_back(SegmentValue(m));
          break;
        default:
          break;
      }
    }
    g.weight = reps > 0 ? reps : 1;  // docs/spec/runtime.md §10.4 split weights
    out.push_back(std::move(g));
  }
  return out;
}

runtime::LineSpan LinesOf(const std::vector<const Statement*>& group) {
  runtime::LineSpan lines;
  for (const Statement* s : group) {
    if (lines.first == 0 || s->line < lines.first) lines.first = s->line;
    lines.last = std::max(lines.last, s->line);
  }
  return lines;
}

bool IsMetricContext(const Statement& s) {
  // docs/spec/runtime.md §6.2: resistance or distance, nothing else that makes
  // it a block.
  const bool has_context = s.HasMetric(MetricKind::kResistance) ||
                           s.HasMetric(MetricKind::kDistance);
  return has_context && !s.HasMetric(MetricKind::kEffort) &&
         !s.HasMetric(MetricKind::kDuration) &&
         !s.HasMetric(MetricKind::kRounds) && !s.HasMetric(MetricKind::kRep) &&
         s.children.empty();
}

// docs/spec/language.md §9 recommends running childless comment lines as
// non-executable labels (the reference runs them as efforts that wait for a
// user advance, ⚠). No scenario table shows a childless `//` line, so we
// follow the recommendation; headings (`# Day 1`) stay executable because
// misc-integration.md X2 shows them run.
bool IsNonExecutableComment(const Statement& s) {
  if (!s.IsLabelOnly()) return false;
  for (const Metric& m : s.metrics) {
    if (m.level != 0) return false;
  }
  return true;
}

bool IsGroupLike(const Statement& s) {
  return !s.children.empty() || s.HasMetric(MetricKind::kRounds) ||
         s.HasMetric(MetricKind::kDuration);
}

}  // namespace

std::vector<std::vector<int>> Compiler::ExecutableGroups(
    const std::vector<std::vector<int>>& groups) const {
  std::vector<std::vector<int>> kept;
  kept.reserve(groups.size());
  for (const std::vector<int>& group : groups) {
    std::vector<int> ids;
    for (int id : group) {
      const Statement* s = parsed_.Find(id);
      if (s == nullptr || !IsNonExecutableComment(*s)) ids.push_back(id);
    }
    if (!ids.empty()) kept.push_back(std::move(ids));
  }
  return kept;
}

Compiler::Compiler(std::string source, ParseResult parsed)
    : source_(std::move(source)), parsed_(std::move(parsed)) {}

std::vector<std::vector<int>> Compiler::TopLevelGroups() const {
  std::vector<const Statement*> top;
  for (const Statement& s : parsed_.statements) {
    if (!s.parent.has_value() && !IsNonExecutableComment(s)) top.push_back(&s);
  }
  std::vector<std::vector<int>> groups;
  for (size_t i = 0; i < top.size(); ++i) {
    if (IsMetricContext(*top[i]) && i + 1 < top.size() &&
        IsGroupLike(*top[i + 1])) {
      // metric-inheritance.md MI5: `400 m` + `(3)` → [group, context].
      groups.push_back({top[i + 1]->id, top[i]->id});
      ++i;
      continue;
    }
    groups.push_back({top[i]->id});
  }
  return groups;
}

std::unique_ptr<runtime::IRuntimeBlock> Compiler::CompileSessionRoot(
    runtime::ScriptRuntime& runtime) const {
  // negative-scenarios.md N1: nothing is pushed for an empty script; a
  // script of comments only is empty too.
  std::vector<std::vector<int>> groups = TopLevelGroups();
  if (groups.empty()) return nullptr;
  ContainerSpec spec;
  spec.block.type = "SessionRoot";
  spec.block.label = "Session";
  TimerSpec timer;
  timer.direction = TimerDirection::kUp;
  // docs/spec/runtime.md §6.3: count-up, role auto.
  timer.role = TimerRole::kAuto;
  spec.timer = timer;
  spec.total_rounds = 1;
  spec.loop = LoopMode::kSinglePass;
  spec.groups = std::move(groups);
  spec.push_gate = true;
  const memory::OwnerId key =
      runtime.NewBlockKey(spec.block.type, spec.block.label, {});
  return std::make_unique<ContainerBlock>(key, std::move(spec), this);
}

std::unique_ptr<runtime::IRuntimeBlock> Compiler::CompileGroup(
    const std::vector<int>& ids, const std::vector<Metric>& promoted,
    runtime::BlockContext& ctx) const {
  // docs/spec/runtime.md §7.1: clone the statements and append the
  // promoted metrics.
  std::vector<Statement> clones;
  clones.reserve(ids.size());
  for (int id : ids) {
    const Statement* s = parsed_.Find(id);
    if (s == nullptr) continue;
    clones.push_back(*s);
    for (const Metric& m : promoted) clones.back().metrics.push_back(m);
  }
  if (clones.empty()) return nullptr;
  std::vector<const Statement*> group;
  group.reserve(clones.size());
  for (const Statement& s : clones) group.push_back(&s);

  const Statement& first = *group.front();
  const Metric* duration = FirstMetric(group, MetricKind::kDuration);
  const Metric* rounds = FirstMetric(group, MetricKind::kRounds);
  const std::vector<std::vector<int>> child_groups =
      ExecutableGroups(first.children);
  const bool has_children = !child_groups.empty();
  const bool amrap_word = WordIn(group, "amrap") ||
                          (rounds != nullptr && !rounds->value.has_value() &&
                           HasWord(rounds->text, "amrap"));
  // docs/spec/language.md §10: a TABATA keyword alone is no EMOM (⚠ TB2).
  const bool tabata_only = HintIn(group, kHintWorkoutTabata) &&
                           !HintIn(group, kHintWorkoutEmom) &&
                           !WordIn(group, "emom");
  const bool emom =
      duration != nullptr && !tabata_only &&
      (HintIn(group, kHintRepeatingInterval) || WordIn(group, "emom"));
  const bool amrap = duration != nullptr && (amrap_word || rounds != nullptr ||
                                             WordIn(group, "rounds"));

  BlockSpec block;
  block.lines = LinesOf(group);
  block.label = ComposeLabel(group, source_);

  auto make_container = [&](std::string type) {
    ContainerSpec spec;
    block.type = std::move(type);
    spec.groups = child_groups;
    return spec;
  };
  auto carried = [&](ContainerSpec& spec) {
    // metric-inheritance.md: Rounds, EMOM and Group blocks copy their
    // resistance / distance into every child they compile.
    for (const Statement* s : group) {
      for (const Metric& m : s->metrics) {
        if (m.kind == MetricKind::kResistance ||
            m.kind == MetricKind::kDistance) {
          spec.carried.push_back(m);
        }
      }
    }
  };
  auto finish =
      [&](ContainerSpec spec) -> std::unique_ptr<runtime::IRuntimeBlock> {
    spec.block = block;
    const memory::OwnerId key =
        ctx.NewBlockKey(spec.block.type, spec.block.label, spec.block.lines);
    return std::make_unique<ContainerBlock>(key, std::move(spec), this);
  };

  if (duration != nullptr && (amrap_word || (amrap && !emom))) {
    // docs/spec/runtime.md §7.3 AmrapLogic; `20:00 (AMRAP)` is an AMRAP, not an
    // EMOM (P2 ⚠).
    if (amrap_word && rounds != nullptr && !rounds->value.has_value()) {
      std::vector<std::string> parts = {"AMRAP"};
      parts.push_back(MetricImage(*duration, source_));
      block.label = parts[0] + " " + parts[1];
    }
    ContainerSpec spec = make_container("AMRAP");
    block.display = DisplayGroups(group, true);
    TimerSpec timer;
    timer.direction = TimerDirection::kDown;
    timer.duration_ms = static_cast<int64_t>(duration->value.value_or(0));
    timer.countdown_cues = true;
    spec.timer = timer;
    spec.total_rounds = std::nullopt;
    spec.loop = LoopMode::kWhileTime;
    spec.mount_sound = "start-beep";
    spec.unmount_sound = "timer-complete";
    return finish(std::move(spec));
  }
  if (emom) {
    // docs/spec/runtime.md §7.4 IntervalLogic.
    ContainerSpec spec = make_container("EMOM");
    block.display = DisplayGroups(group, true);
    TimerSpec timer;
    timer.direction = TimerDirection::kDown;
    timer.duration_ms = duration->value.has_value()
                            ? static_cast<int64_t>(*duration->value)
                            : kDefaultIntervalMs;
    timer.countdown_cues = true;
    spec.timer = timer;
    spec.total_rounds = rounds != nullptr && rounds->value.has_value()
                            ? static_cast<int64_t>(*rounds->value)
                            : kDefaultEmomRounds;
    spec.loop = LoopMode::kInterval;
    spec.mount_sound = "interval-start";
    spec.unmount_sound = "interval-complete";
    carried(spec);
    return finish(std::move(spec));
  }
  if (duration != nullptr) {
    // docs/spec/runtime.md §7.5 GenericTimer: countdown if > 0 and not `^`,
    // else count-up.
    const bool countdown = duration->value.has_value() &&
                           *duration->value > 0 && !duration->count_up;
    TimerSpec timer;
    timer.direction = countdown ? TimerDirection::kDown : TimerDirection::kUp;
    if (countdown) {
      timer.duration_ms = static_cast<int64_t>(*duration->value);
      timer.countdown_cues = true;
    }
    block.display = DisplayGroups(group, true);
    if (!has_children) {
      block.type = "Timer";
      const bool required =
          duration->required || HintIn(group, kHintRequiredTimer);
      const memory::OwnerId key =
          ctx.NewBlockKey(block.type, block.label, block.lines);
      return std::make_unique<TimerBlock>(key, block, timer, required);
    }
    // `20:00` + children: a countdown that loops its children while time
    // remains (docs/spec/runtime.md §7.10 table); a count-up with children runs
    // them once.
    ContainerSpec spec = make_container("Timer");
    spec.timer = timer;
    if (countdown) {
      spec.total_rounds = std::nullopt;
      spec.loop = LoopMode::kWhileTime;
      spec.unmount_sound = "timer-complete";
    } else {
      spec.total_rounds = 1;
      spec.loop = LoopMode::kSinglePass;
      spec.mount_sound = "start-beep";
    }
    return finish(std::move(spec));
  }
  if (rounds != nullptr) {
    // docs/spec/runtime.md §7.6 GenericLoop: rep metrics are not part of the
    // Rounds display.
    block.display = DisplayGroups(group, false);
    std::vector<Metric> scheme;
    for (const Statement* s : group) {
      for (const Metric& m : s->metrics) {
        if (m.kind == MetricKind::kRep && m.value.has_value()) {
          scheme.push_back(m);
        }
      }
    }
    if (!has_children) {
      // misc-integration.md X4: a leaf Rounds completes on one next.
      block.type = "Rounds";
      const memory::OwnerId key =
          ctx.NewBlockKey(block.type, block.label, block.lines);
      return std::make_unique<EffortBlock>(key, block, /*timed=*/false);
    }
    ContainerSpec spec = make_container("Rounds");
    int64_t total =
        rounds->value.has_value() ? static_cast<int64_t>(*rounds->value) : 1;
    if (total <= 1 && !scheme.empty() && !rounds->value.has_value()) {
      total = static_cast<int64_t>(scheme.size());
    }
    spec.total_rounds = total;
    spec.loop = LoopMode::kRounds;
    spec.rep_scheme = std::move(scheme);
    carried(spec);
    return finish(std::move(spec));
  }
  if (has_children) {
    // docs/spec/runtime.md §7.7 GenericGroup + Children: single pass.
    block.display = DisplayGroups(group, true);
    ContainerSpec spec = make_container("Group");
    spec.total_rounds = 1;
    spec.loop = LoopMode::kSinglePass;
    carried(spec);
    return finish(std::move(spec));
  }
  // docs/spec/runtime.md §7.8 EffortFallback.
  block.type = "effort";
  block.display = DisplayGroups(group, true);
  const memory::OwnerId key =
      ctx.NewBlockKey(block.type, block.label, block.lines);
  return std::make_unique<EffortBlock>(key, block, /*timed=*/true);
}

}  // namespace wod::blocks
