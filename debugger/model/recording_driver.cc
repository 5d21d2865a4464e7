#include "debugger/model/recording_driver.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blocks/chrome_trace.h"
#include "blocks/replay.h"
#include "debugger/model/frame_builder.h"
#include "fmt/format.h"
#include "runtime/memory_tag.h"

namespace wod::debugger {
namespace {

// "o3.1" (the trace's key text, memory::ToString(OwnerId)) → OwnerKey;
// kNone when it is not one.
OwnerKey ParseOwnerKey(std::string_view text) {
  constexpr OwnerKey kNone = OwnerKey::kNone;
  if (text.size() < 4 || text[0] != 'o') return kNone;
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return kNone;
  uint64_t index = 0;
  uint64_t generation = 0;
  for (size_t i = 1; i < dot; ++i) {
    if (text[i] < '0' || text[i] > '9' || index > 0xFFFFFFFFu) return kNone;
    index = index * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  for (size_t i = dot + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || generation > 0xFFFFFFFFu)
      return kNone;
    generation = generation * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (index > 0xFFFFFFFFu || generation > 0xFFFFFFFFu) return kNone;
  return MakeOwnerKey(static_cast<uint32_t>(index),
                      static_cast<uint32_t>(generation));
}

}  // namespace

absl::StatusOr<std::vector<FramePtr>> RecordingFrames(
    const blocks::Recording& recording) {
  std::vector<FramePtr> frames;
  frames.reserve(recording.steps.size());
  // Values and bytes read through this build's types, as a live frame
  // shows them (docs/spec/recording.md §2.2).
  absl::StatusOr<blocks::RecordedTypes> resolved =
      blocks::RecordedTypes::Resolve(recording.header.types);
  if (!resolved.ok()) return resolved.status();
  // Type ids are the recording build's TypeIds, the same as live frames.
  std::vector<std::string> types;
  std::map<std::string, uint32_t> type_ids;
  for (const blocks::RecordedType& t : recording.header.types) {
    type_ids.emplace(t.name, static_cast<uint32_t>(types.size()));
    types.push_back(t.name);
  }
  std::vector<Visibility> type_visibility;
  for (const std::string& t : types) {
    type_visibility.push_back(VisibilityOfType(t));
  }
  blocks::RecordingState state;
  uint64_t version = 0;
  for (const blocks::RecordedStep& step : recording.steps) {
    absl::Status applied = state.ApplyStep(step);
    if (!applied.ok()) return applied;
    const blocks::RecordedSnapshot image = state.Snapshot();
    auto frame = std::make_shared<Frame>();
    Frame& f = *frame;
    f.step = step.step;
    f.action = step.trace.action;
    f.t_ms = step.trace.t_ms;
    f.version = ++version;
    f.memory_version = image.version;
    f.session_ended = step.trace.session_ended;
    f.types = types;
    std::map<uint32_t, uint32_t> owner_row;  // owner index → row
    for (const blocks::RecordedOwner& o : image.owners) {
      owner_row[o.id.index] = static_cast<uint32_t>(f.owners.size());
      f.owners.push_back(OwnerRowOf(o.id, o.info));
    }
    f.refs.reserve(image.refs.size());
    for (const blocks::RecordedRef& r : image.refs) {
      RefRow row;
      row.id = KeyOf(r.id);
      row.parent = r.parent.is_null() ? RefKey::kNone : KeyOf(r.parent);
      auto type = type_ids.find(r.type);
      row.type = type == type_ids.end() ? 0 : type->second;
      row.visibility = type == type_ids.end() ? Visibility::kNone
                                              : type_visibility[row.type];
      auto owner = owner_row.find(r.owner.index);
      row.owner = owner == owner_row.end() ? kNoOwner : owner->second;
      row.bytes = static_cast<uint32_t>(resolved->Bytes(r.type, r.heap));
      row.value = resolved->Display(r.type, r.value);
      f.refs.push_back(std::move(row));
    }
    for (const runtime::TraceBlock& tb : step.trace.stack) {
      BlockRow b = BlockRowOf(tb);
      const OwnerKey owner = ParseOwnerKey(tb.key);
      b.owner = owner == OwnerKey::kNone ? kNoOwner : f.FindOwner(owner);
      f.stack.push_back(std::move(b));
    }
    for (const runtime::TraceRecord& r : step.trace.emitted) {
      f.emitted.push_back({r.kind, r.text});
    }
    frames.push_back(std::move(frame));
  }
  return frames;
}

absl::StatusOr<std::string> RecordingDriver::RecordingText() const {
  std::string text = blocks::HeaderLine(recording_.header) + "\n";
  for (const blocks::RecordedStep& step : recording_.steps) {
    text += blocks::StepLine(step, recording_.header.types) + "\n";
  }
  if (recording_.ended) {
    text += blocks::EndLine(static_cast<int64_t>(recording_.steps.size()));
    text += "\n";
  }
  return text;
}

absl::StatusOr<std::string> RecordingDriver::ChromeTraceText() const {
  return blocks::ExportChromeTrace(recording_);
}

absl::StatusOr<std::unique_ptr<RecordingDriver>> RecordingDriver::Create(
    const blocks::Recording& recording, std::string path) {
  absl::StatusOr<std::vector<FramePtr>> frames = RecordingFrames(recording);
  if (!frames.ok()) return frames.status();
  std::unique_ptr<RecordingDriver> driver(new RecordingDriver());
  driver->recording_ = recording;
  for (FramePtr& frame : *frames) {
    driver->mutable_history().Append(std::move(frame));
  }
  SessionStatus& s = driver->mutable_status();
  s.path = std::move(path);
  s.source = recording.header.script;
  s.steps = static_cast<int64_t>(recording.steps.size());
  s.browse_only = true;
  s.state =
      !recording.steps.empty() && recording.steps.back().trace.stack.empty()
          ? RunState::kEnded
          : RunState::kStopped;
  if (!recording.error.ok()) {
    s.error = fmt::format("recording damaged: {} ({} complete steps loaded)",
                          std::string(recording.error.message()),
                          recording.steps.size());
  } else if (!recording.ended) {
    s.error = fmt::format("recording has no end line ({} steps loaded)",
                          recording.steps.size());
  }
  if (s.state == RunState::kStopped) {
    s.stop_reason = "recording: browse only (no runtime)";
  }
  return driver;
}

}  // namespace wod::debugger
