#include "debugger/model/publication_frames.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "debugger/model/frame_builder.h"
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

absl::StatusOr<PublicationFrames> PublicationFrames::Create(
    const blocks::RecordingHeader& header) {
  // Values and bytes read through this build's types, as a live frame
  // shows them (docs/spec/recording.md §2.2).
  absl::StatusOr<blocks::RecordedTypes> resolved =
      blocks::RecordedTypes::Resolve(header.types);
  if (!resolved.ok()) return resolved.status();
  return PublicationFrames(header, *std::move(resolved));
}

absl::StatusOr<PublicationFrames> PublicationFrames::FromHeaderLine(
    std::string_view line) {
  absl::StatusOr<blocks::RecordingHeader> header = blocks::ReadHeaderLine(line);
  if (!header.ok()) return header.status();
  return Create(*header);
}

PublicationFrames::PublicationFrames(blocks::RecordingHeader header,
                                     blocks::RecordedTypes resolved)
    : header_(std::move(header)), resolved_(std::move(resolved)) {
  for (const blocks::RecordedType& t : header_.types) {
    type_ids_.emplace(t.name, static_cast<uint32_t>(types_.size()));
    types_.push_back(t.name);
    type_visibility_.push_back(VisibilityOfType(t.name));
  }
}

absl::StatusOr<FramePtr> PublicationFrames::FrameOfLine(std::string_view line,
                                                        int64_t line_number) {
  ++lines_;
  absl::StatusOr<blocks::RecordedStep> step =
      blocks::ReadStepLine(line, line_number > 0 ? line_number : lines_,
                           expected_step_, header_.types);
  if (!step.ok()) return step.status();
  absl::StatusOr<FramePtr> frame = FrameOf(*step);
  if (frame.ok()) expected_step_ = step->step + 1;
  return frame;
}

absl::StatusOr<FramePtr> PublicationFrames::FrameOf(
    const blocks::RecordedStep& step) {
  absl::Status applied = state_.ApplyStep(step);
  if (!applied.ok()) return applied;
  const blocks::RecordedSnapshot image = state_.Snapshot();
  auto frame = std::make_shared<Frame>();
  Frame& f = *frame;
  f.step = step.step;
  f.action = step.trace.action;
  f.t_ms = step.trace.t_ms;
  f.version = ++version_;
  f.session_ended = step.trace.session_ended;
  f.types = types_;
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
    auto type = type_ids_.find(r.type);
    row.type = type == type_ids_.end() ? 0 : type->second;
    row.visibility = type == type_ids_.end() ? Visibility::kNone
                                             : type_visibility_[row.type];
    auto owner = owner_row.find(r.owner.index);
    row.owner = owner == owner_row.end() ? kNoOwner : owner->second;
    row.bytes = static_cast<uint32_t>(resolved_.Bytes(r.type, r.heap));
    row.value = resolved_.Display(r.type, r.value);
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
  return FramePtr(std::move(frame));
}

}  // namespace wod::debugger
