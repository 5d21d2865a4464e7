#include "debugger/model/demo_driver.h"

#include <utility>

#include "debugger/model/publication_timeline.h"
#include "fmt/format.h"
#include "runtime/step_trace.h"

namespace wod::debugger {

namespace {

// The demo keeps as many lifecycle lines as the runtime's ring buffer.
constexpr size_t kLifecycleLines = 500;

}  // namespace

FrameMirror::FrameMirror()
    : memory_(std::make_unique<memory::RuntimeMemory>()),
      builder_(std::make_unique<runtime::PublicationBuilder>(
          *memory_,
          runtime::PublicationBuilder::Options{kHistoryKeyframeInterval})) {}

runtime::Publication FrameMirror::Publish(FramePtr frame) {
  const Frame& f = *frame;
  // Errors cannot happen on frames SyntheticFrames makes (types, owners and
  // parents always exist); a failed call only leaves that ref out.
  while (types_.size() < f.types.size()) {
    absl::StatusOr<memory::TypeTag<std::string>> tag =
        memory_->RegisterType<std::string>(f.types[types_.size()]);
    types_.push_back(tag.ok() ? *tag : memory::TypeTag<std::string>());
  }
  const Frame empty;
  const FrameDiff d = Diff(previous_ != nullptr ? *previous_ : empty, f);
  for (RefKey id : d.removed) {
    auto it = refs_.find(id);
    if (it == refs_.end()) continue;
    memory_->Release(it->second).IgnoreError();  // idempotent
    refs_.erase(it);
  }
  for (const OwnerRow& o : f.owners) {
    auto it = owners_.find(o.id);
    if (it == owners_.end()) {
      if (o.released_step >= 0) continue;
      memory::OwnerInfo info{o.kind,     o.label,        o.line_begin,
                             o.line_end, o.created_step, -1};
      absl::StatusOr<memory::OwnerId> made = memory_->CreateOwner(info);
      if (made.ok()) owners_.emplace(o.id, *made);
    } else if (o.released_step >= 0 && memory_->IsOwnerLive(it->second)) {
      memory_->RetireOwner(it->second, o.released_step).IgnoreError();
    }
  }
  for (RefKey id : d.added) {  // ids only grow: parents come first
    const RefRow& r = f.refs[static_cast<size_t>(f.FindRef(id))];
    if (r.type >= types_.size() || r.owner >= f.owners.size()) continue;
    auto owner = owners_.find(f.owners[r.owner].id);
    if (owner == owners_.end()) continue;
    absl::StatusOr<memory::MemoryRef<std::string>> made;
    auto parent = refs_.find(r.parent);
    if (parent != refs_.end()) {
      made = memory_->AllocateChild(types_[r.type], r.value, parent->second);
    } else {
      made = memory_->Allocate(types_[r.type], r.value, owner->second);
    }
    if (made.ok()) refs_.emplace(id, made->id());
  }
  for (RefKey id : d.changed) {
    auto it = refs_.find(id);
    if (it == refs_.end()) continue;
    const RefRow& r = f.refs[static_cast<size_t>(f.FindRef(id))];
    memory_->Set<std::string>(it->second, r.value).IgnoreError();
  }
  runtime::TraceStep trace;
  trace.index = f.step;
  trace.action = f.action;
  trace.t_ms = f.t_ms;
  trace.session_ended = f.session_ended;
  for (const BlockRow& b : f.stack) {
    runtime::TraceBlock tb;
    tb.type = b.type;
    tb.label = b.label;
    if (b.owner < f.owners.size()) {
      auto owner = owners_.find(f.owners[b.owner].id);
      if (owner != owners_.end()) tb.key = memory::ToString(owner->second);
    }
    trace.stack.push_back(std::move(tb));
  }
  for (const RecordRow& r : f.emitted) {
    runtime::TraceRecord rec;
    rec.kind = r.kind;
    rec.text = r.text;
    trace.emitted.push_back(std::move(rec));
  }
  previous_ = std::move(frame);
  return builder_->Build(trace);
}

DemoDriver::DemoDriver(size_t refs)
    : refs_(refs), gen_(refs), mirror_(std::make_unique<FrameMirror>()) {
  SessionStatus& status = mutable_status();
  status.source =
      "(3)\n  5:00 Run\n  10 Pullups\n  15 Squats\n# synthetic frames: " +
      std::to_string(refs) + " refs\n";
  status.path = fmt::format("demo ({} refs)", refs);
}

void DemoDriver::StepOnce() {
  FramePtr after = history().empty() ? gen_.Current() : gen_.Step();
  std::vector<std::string>& lifecycle = mutable_lifecycle();
  lifecycle.push_back(fmt::format("t={} {}", after->t_ms, after->action));
  if (lifecycle.size() > kLifecycleLines) lifecycle.erase(lifecycle.begin());
  AppendStep(mirror_->Publish(std::move(after)));
}

void DemoDriver::Handle(const Intent& intent) {
  if (HandleStatusIntent(intent)) return;
  SessionStatus& status = mutable_status();
  switch (intent.kind) {
    case Intent::Kind::kStart:
      if (history().empty()) {
        StepOnce();
        status.state = RunState::kStepping;
      }
      break;
    case Intent::Kind::kNext:
    case Intent::Kind::kTick:
      if (history().empty()) break;
      StepOnce();
      break;
    case Intent::Kind::kRun:
      if (!history().empty()) status.state = RunState::kRunning;
      break;
    case Intent::Kind::kPauseResume:
      if (status.state == RunState::kRunning) {
        status.state = RunState::kPaused;
      } else if (status.state == RunState::kPaused) {
        status.state = RunState::kRunning;
      }
      break;
    case Intent::Kind::kAbort:
      status.state = RunState::kEnded;
      break;
    case Intent::Kind::kReset:
      gen_ = SyntheticFrames(refs_, 8, gen_.version() + 1);
      mirror_ = std::make_unique<FrameMirror>();
      ClearHistory();
      status.state = RunState::kIdle;
      status.steps = 0;
      break;
    default:
      break;
  }
}

}  // namespace wod::debugger
