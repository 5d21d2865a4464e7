#include "blocks/compiler.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "blocks/block_kind.h"
#include "blocks/session_root_block.h"

namespace wod::blocks {
namespace {

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
//
// docs/spec/language.md §9.4: a childless line of properties (`rpe: 8`,
// `location: Home Training Setup`) is session metadata, not a step, so it
// is left out the same way.
bool IsNonExecutableComment(const Statement& s) {
  if (!s.children.empty() || s.metrics.empty()) return false;
  for (const Metric& m : s.metrics) {
    const bool comment = m.kind == MetricKind::kText && m.level == 0;
    if (!comment && m.kind != MetricKind::kProperty) return false;
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
    : source_(std::move(source)),
      parsed_(std::move(parsed)),
      choices_(std::make_unique<ChoiceBook>(parsed_, source_)) {}

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
  return BuildSessionRoot(std::move(groups), this, runtime);
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
    // docs/spec/runtime.md §15: the line's choices are settled now.
    choices_->Resolve(&clones.back());
    for (const Metric& m : promoted) clones.back().metrics.push_back(m);
  }
  if (clones.empty()) return nullptr;
  std::vector<const Statement*> group;
  group.reserve(clones.size());
  for (const Statement& s : clones) group.push_back(&s);

  const std::vector<std::vector<int>> child_groups =
      ExecutableGroups(group.front()->children);
  const GroupTraits traits = GroupTraits::Of(group, child_groups);
  const KindInput input{group, traits, child_groups, source_, this};
  return ClassifyGroup(traits).build(input, ctx);
}

}  // namespace wod::blocks
