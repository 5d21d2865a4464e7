#include "runtime/session_sink.h"

namespace wod::runtime {

void SessionSink::OnRecord(const Record& record) {
  switch (record.kind) {
    case RecordKind::kPush:
      OnPush(record);
      return;
    case RecordKind::kPop:
      OnPop(record);
      return;
    case RecordKind::kSegment:
      OnSegment(record);
      return;
    case RecordKind::kMilestone:
      OnMilestone(record);
      return;
    case RecordKind::kSound:
      OnSound(record);
      return;
    case RecordKind::kError:
      OnError(record);
      return;
    case RecordKind::kCount:
      return;
  }
}

}  // namespace wod::runtime
