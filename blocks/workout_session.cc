#include "blocks/workout_session.h"

#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "base/strings.h"
#include "blocks/compiler.h"
#include "blocks/parser.h"
#include "runtime/publication.h"
#include "runtime/runtime_clock.h"
#include "runtime/runtime_event.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {
namespace {

// The compiler of `source`. A script that is not valid UTF-8 runs with each
// invalid byte replaced by U+FFFD (docs/spec/language.md §1.5), so every
// label, table row, record and recording is valid UTF-8, and a recording's
// script replays as it ran. The diagnostics stay those of the text as
// written: its invalid bytes are warned about, and the other diagnostics
// are the same at the same line:column (columns count code points, one
// invalid byte is one U+FFFD, and the line limit counts code points).
Compiler MakeCompiler(std::string_view source) {
  if (base::IsValidUtf8(source)) {
    return Compiler(std::string(source), Parse(source));
  }
  std::string text = base::ReplaceInvalidUtf8(source);
  ParseResult parsed = Parse(text);
  parsed.diagnostics = Parse(source).diagnostics;
  return Compiler(std::move(text), std::move(parsed));
}

class WorkoutSessionImpl final : public WorkoutSession {
 public:
  explicit WorkoutSessionImpl(std::string_view source)
      : compiler_(MakeCompiler(source)), runtime_(clock_) {}

  runtime::TraceStep Start() override {
    const uint64_t before = runtime_.records_emitted();
    const size_t depth_before = runtime_.depth();
    if (!started_) {
      started_ = true;
      runtime_.Start(compiler_.CompileSessionRoot(runtime_));
    }
    return Publish(MakeStep("startSession", before, depth_before));
  }

  runtime::TraceStep Apply(const runtime::StepCommand& command) override {
    if (!started_) Start();
    const uint64_t before = runtime_.records_emitted();
    const size_t depth_before = runtime_.depth();
    switch (command.kind) {
      case runtime::CommandKind::kNext:
        runtime_.Handle(runtime::RuntimeEvent::Named(runtime::kEventNext));
        break;
      case runtime::CommandKind::kTick:
        clock_.Advance(command.ms);
        runtime_.Handle(runtime::RuntimeEvent::Named(runtime::kEventTick));
        break;
      case runtime::CommandKind::kAdvance:
        clock_.Advance(command.ms);
        break;
      case runtime::CommandKind::kEvent:
        runtime_.Handle(runtime::RuntimeEvent::Named(command.event));
        break;
      case runtime::CommandKind::kChoose: {
        // docs/spec/runtime.md §15: settles the pending choice; a bad
        // `choose` is a runtime error record and changes nothing.
        const absl::Status chosen =
            compiler_.choices().Choose(command.alternative);
        if (absl::IsFailedPrecondition(chosen)) {
          runtime_.RecordCommandError(
              runtime::RuntimeErrorCode::kChooseWithoutPendingChoice);
        } else if (!chosen.ok()) {
          runtime_.RecordCommandError(
              runtime::RuntimeErrorCode::kChooseOutOfRange);
        }
        break;
      }
    }
    return Publish(MakeStep(command.ActionText(), before, depth_before));
  }

  void AttachMemoryObserver(memory::MutationObserver* observer) override {
    runtime_.AttachMemoryObserver(observer);
  }

  void AttachSink(runtime::SessionSink* sink) override {
    sink_ = sink;
    runtime_.AttachSink(sink);
    publications_.reset();
    if (sink != nullptr && sink->PublicationKeyframeInterval() > 0) {
      publications_ = std::make_unique<runtime::PublicationBuilder>(
          runtime_.memory(),
          runtime::PublicationBuilder::Options{
              .keyframe_interval = sink->PublicationKeyframeInterval()});
    }
  }

  [[nodiscard]] const runtime::ScriptRuntime& runtime() const override {
    return runtime_;
  }
  [[nodiscard]] const ParseResult& parsed() const override {
    return compiler_.parsed();
  }
  [[nodiscard]] std::optional<PendingChoice> PendingChoiceToSettle()
      const override {
    return compiler_.choices().Pending();
  }

 private:
  // Hands a completed step to the sink (its records went out as they were
  // emitted) and returns it.
  runtime::TraceStep Publish(runtime::TraceStep step) {
    if (sink_ != nullptr) {
      if (publications_ != nullptr) {
        const runtime::SessionSink::PublicationDemand demand =
            sink_->DemandPublication();
        if (!demand.wanted || demand.keyframe) publications_->Reset();
        if (demand.wanted) sink_->OnPublication(publications_->Build(step));
      }
      sink_->OnStep(step);
      if (step.session_ended) sink_->OnSessionEnd(step);
    }
    return step;
  }

  runtime::TraceStep MakeStep(std::string action, uint64_t records_before,
                              size_t depth_before) {
    runtime::TraceStep step;
    step.index = next_index_++;
    step.action = std::move(action);
    step.t_ms = clock_.NowMs();
    step.stack = runtime_.DescribeStack(clock_.NowMs());
    // docs/spec/step-trace.md: "session ended" marks the one step at which a
    // non-empty stack became empty.
    step.session_ended = depth_before > 0 && runtime_.depth() == 0;
    // The runtime keeps every record of the latest step in its window
    // (runtime/script_runtime.h), so the step's records are its last ones.
    const std::deque<runtime::Record>& records = runtime_.records();
    const uint64_t count = runtime_.records_emitted() - records_before;
    for (size_t i = records.size() - static_cast<size_t>(count);
         i < records.size(); ++i) {
      step.emitted.push_back(records[i].ToTrace());
    }
    return step;
  }

  runtime::VirtualClock clock_;
  Compiler compiler_;
  runtime::ScriptRuntime runtime_;
  runtime::SessionSink* sink_ = nullptr;
  // Set while the sink asks for publications.
  std::unique_ptr<runtime::PublicationBuilder> publications_;
  bool started_ = false;
  int64_t next_index_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<WorkoutSession>> WorkoutSession::Create(
    std::string_view source) {
  return std::unique_ptr<WorkoutSession>(new WorkoutSessionImpl(source));
}

}  // namespace wod::blocks
