// PublicationFrames: publications in, the debugger's Frames out, one at a
// time. The one path from the publication format (docs/spec/recording.md)
// to what the panels draw: RecordingDriver (a whole file), and the stream
// drivers (`--attach`, `--follow`) a line at a time.
//
// It keeps the memory image the publications describe (blocks/replay.h
// RecordingState) and turns each step into a Frame: values and bytes read
// through this build's TypeInfos as a live frame shows them, owners and the
// stack by owner key, the step's records.
//
//   WOD_ASSIGN_OR_RETURN(PublicationFrames frames,
//                        PublicationFrames::FromHeaderLine(line1));
//   WOD_ASSIGN_OR_RETURN(FramePtr f, frames.FrameOfLine(line2));
//   frames.MarkGap();   // publications were dropped: a keyframe comes next
#ifndef WOD_DEBUGGER_MODEL_PUBLICATION_FRAMES_H_
#define WOD_DEBUGGER_MODEL_PUBLICATION_FRAMES_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "blocks/recording.h"
#include "blocks/replay.h"
#include "debugger/model/frame.h"

namespace wod::debugger {

class PublicationFrames {
 public:
  // Errors: InvalidArgument when the header's type registry is not this
  // build's.
  static absl::StatusOr<PublicationFrames> Create(
      const blocks::RecordingHeader& header);
  // The header line of a stream (blocks::ReadHeaderLine's errors).
  static absl::StatusOr<PublicationFrames> FromHeaderLine(
      std::string_view line);

  // The frame after `step`, applied to the image. Errors: InvalidArgument
  // when the publication does not fit the image (the message names it).
  absl::StatusOr<FramePtr> FrameOf(const blocks::RecordedStep& step);
  // The seam for streams: one publication line → the next frame. The first
  // line, and the first after MarkGap(), may be any step that holds a
  // keyframe (docs/spec/recording.md §1.5); the others must follow in
  // order. `line_number` names the line in errors (0: count them here).
  absl::StatusOr<FramePtr> FrameOfLine(std::string_view line,
                                       int64_t line_number = 0);
  // Publications are missing here: the next line must be a keyframe and may
  // skip steps.
  void MarkGap() { expected_step_ = blocks::kAnyKeyframeStep; }

  [[nodiscard]] const blocks::RecordingHeader& header() const {
    return header_;
  }

 private:
  PublicationFrames(blocks::RecordingHeader header,
                    blocks::RecordedTypes resolved);

  blocks::RecordingHeader header_;
  blocks::RecordedTypes resolved_;
  // Type ids are the recording build's TypeIds, the same as live frames.
  std::vector<std::string> types_;
  std::map<std::string, uint32_t> type_ids_;
  std::vector<Visibility> type_visibility_;
  blocks::RecordingState state_;
  uint64_t version_ = 0;
  int64_t lines_ = 1;  // the header
  int64_t expected_step_ = blocks::kAnyKeyframeStep;
};

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_MODEL_PUBLICATION_FRAMES_H_
