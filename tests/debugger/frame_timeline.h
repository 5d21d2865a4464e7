// A Timeline over hand-built Frames, for tests of code that reads a
// Timeline (navigation, ref lifetimes) with steps no runtime could produce
// on demand. The product's store is PublicationTimeline; this one keeps
// every Frame whole and answers the queries by scanning them.
#ifndef WOD_TESTS_DEBUGGER_FRAME_TIMELINE_H_
#define WOD_TESTS_DEBUGGER_FRAME_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "debugger/model/publication_timeline.h"
#include "debugger/model/timeline.h"

namespace wod::debugger::testing {

class FrameTimeline final : public Timeline {
 public:
  void Append(FramePtr frame) {
    StepSummary s;
    s.step = frame->step;
    s.action = frame->action;
    s.t_ms = frame->t_ms;
    s.version = frame->version;
    s.ref_count = static_cast<uint32_t>(frame->refs.size());
    for (const RefRow& r : frame->refs) s.ref_bytes += r.bytes;
    s.depth = static_cast<uint32_t>(frame->stack.size());
    s.emitted = frame->emitted;
    summaries_.push_back(std::move(s));
    frames_.push_back(std::move(frame));
  }
  void AppendPublication(const runtime::Publication& p) override {
    Append(MakeFrame(p.snapshot, p.trace, p.retired, ++next_version_));
  }
  void Clear() override {
    frames_.clear();
    summaries_.clear();
  }
  [[nodiscard]] size_t size() const override { return frames_.size(); }
  [[nodiscard]] const StepSummary& Summary(size_t index) const override {
    return summaries_[index];
  }
  [[nodiscard]] FramePtr At(size_t index) const override {
    return frames_[index];
  }
  [[nodiscard]] FramePtr Latest() const override {
    return frames_.empty() ? nullptr : frames_.back();
  }
  [[nodiscard]] std::shared_ptr<const memory::MemorySnapshot> SnapshotAt(
      size_t /*index*/) const override {
    return nullptr;  // hand-built frames have no memory behind them
  }
  [[nodiscard]] runtime::Publication PublicationAt(
      size_t index) const override {
    runtime::Publication p;
    p.trace.index = frames_[index]->step;
    p.trace.action = frames_[index]->action;
    p.trace.t_ms = frames_[index]->t_ms;
    return p;
  }
  [[nodiscard]] int64_t FindPop(const std::string& label,
                                size_t from) const override {
    const std::string needle = "pop \"" + label + "\"";
    for (size_t i = from; i < frames_.size(); ++i) {
      for (const RecordRow& r : frames_[i]->emitted) {
        if (r.kind == "pop" && r.text.rfind(needle, 0) == 0) {
          return static_cast<int64_t>(i);
        }
      }
    }
    return -1;
  }
  [[nodiscard]] std::vector<std::pair<int64_t, std::string>> ValueChanges(
      RefKey id, size_t limit) const override {
    std::vector<std::pair<int64_t, std::string>> out;
    bool live = false;
    std::string last;
    for (const FramePtr& f : frames_) {
      const RefRow* row = nullptr;
      for (const RefRow& r : f->refs) {
        if (r.id == id) row = &r;
      }
      if (row != nullptr && (!live || row->value != last)) {
        out.emplace_back(f->step, row->value);
        last = row->value;
        live = true;
      } else if (row == nullptr && live) {
        out.emplace_back(f->step, "(released)");
        live = false;
      }
    }
    if (out.size() > limit) {
      out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
    }
    return out;
  }
  [[nodiscard]] size_t ByteSize() const override { return 0; }
  [[nodiscard]] size_t keyframe_count() const override {
    return frames_.size();
  }

 private:
  std::vector<FramePtr> frames_;
  std::vector<StepSummary> summaries_;
  uint64_t next_version_ = 0;
};

}  // namespace wod::debugger::testing

#endif  // WOD_TESTS_DEBUGGER_FRAME_TIMELINE_H_
