#include "blocks/chrome_trace.h"

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"

namespace wod::blocks {
namespace {

// One process, one thread: the runtime is single-threaded and the stack is
// one nest of durations.
constexpr int64_t kPid = 1;
constexpr int64_t kTid = 1;

std::string BlockName(const runtime::TraceBlock& block) {
  if (block.label.empty()) return block.type;
  return block.type + " \"" + block.label + "\"";
}

class TraceOut {
 public:
  void Event(base::JsonWriter event) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    out_ += event.str();
  }
  std::string Finish() {
    return "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[" + out_ + "\n]}\n";
  }

 private:
  std::string out_;
  bool first_ = true;
};

// Strings are written as valid UTF-8 (kValidUtf8): a recording read from
// a file may hold any bytes, and trace viewers read strict JSON.
base::JsonWriter Begin(std::string_view ph, std::string_view name,
                       int64_t ts_us) {
  base::JsonWriter e(base::JsonStrings::kValidUtf8);
  e.BeginObject();
  e.Key("name").String(name);
  e.Key("ph").String(ph);
  e.Key("ts").Int(ts_us);
  e.Key("pid").Int(kPid);
  e.Key("tid").Int(kTid);
  return e;
}

void Metadata(TraceOut& trace, std::string_view what, std::string_view name) {
  base::JsonWriter e(base::JsonStrings::kValidUtf8);
  e.BeginObject();
  e.Key("name").String(what);
  e.Key("ph").String("M");
  e.Key("pid").Int(kPid);
  e.Key("tid").Int(kTid);
  e.Key("args").BeginObject().Key("name").String(name).EndObject();
  e.EndObject();
  trace.Event(std::move(e));
}

void BlockEvent(TraceOut& trace, std::string_view ph,
                const runtime::TraceBlock& block, int64_t ts_us, int64_t step) {
  base::JsonWriter e = Begin(ph, BlockName(block), ts_us);
  e.Key("cat").String("block");
  e.Key("args").BeginObject();
  e.Key("type").String(block.type);
  e.Key("label").String(block.label);
  e.Key("key").String(block.key);
  e.Key("step").Int(step);
  e.EndObject();
  e.EndObject();
  trace.Event(std::move(e));
}

}  // namespace

std::string ExportChromeTrace(const Recording& recording) {
  TraceOut trace;
  Metadata(trace, "process_name",
           recording.header.source.empty() ? "wod"
                                           : "wod " + recording.header.source);
  Metadata(trace, "thread_name", "runtime stack");
  // Bottom → top: the order in which durations nest.
  std::vector<runtime::TraceBlock> open;
  int64_t last_us = 0;
  for (const RecordedStep& step : recording.steps) {
    const int64_t ts = step.trace.t_ms * 1000;
    last_us = ts;
    std::vector<runtime::TraceBlock> now(step.trace.stack.rbegin(),
                                         step.trace.stack.rend());
    // Blocks are matched by key (a block instance, docs/spec/design.md §2),
    // from the bottom up; everything above the first mismatch ends (top
    // first) and the new blocks begin (bottom first), so B/E nest.
    size_t common = 0;
    while (common < open.size() && common < now.size() &&
           open[common].key == now[common].key) {
      ++common;
    }
    for (size_t k = open.size(); k-- > common;) {
      BlockEvent(trace, "E", open[k], ts, step.step);
    }
    for (size_t k = common; k < now.size(); ++k) {
      BlockEvent(trace, "B", now[k], ts, step.step);
    }
    open = std::move(now);
    for (const runtime::TraceRecord& record : step.trace.emitted) {
      base::JsonWriter e = Begin("i", record.text, ts);
      e.Key("cat").String(record.kind);
      e.Key("s").String("t");
      e.Key("args").BeginObject();
      e.Key("step").Int(step.step);
      e.Key("action").String(step.trace.action);
      for (const auto& [key, value] : record.fields) e.Key(key).String(value);
      e.EndObject();
      e.EndObject();
      trace.Event(std::move(e));
    }
    base::JsonWriter memory = Begin("C", "memory", ts);
    memory.Key("args").BeginObject();
    memory.Key("live_refs").Int(step.usage.live_refs);
    memory.Key("heap_bytes").Int(step.usage.heap_bytes);
    memory.EndObject();
    memory.EndObject();
    trace.Event(std::move(memory));
    base::JsonWriter depth = Begin("C", "stack depth", ts);
    depth.Key("args").BeginObject();
    depth.Key("depth").Int(static_cast<int64_t>(step.trace.stack.size()));
    depth.EndObject();
    depth.EndObject();
    trace.Event(std::move(depth));
  }
  const int64_t last_step =
      recording.steps.empty() ? 0 : recording.steps.back().step;
  for (size_t k = open.size(); k-- > 0;) {
    BlockEvent(trace, "E", open[k], last_us, last_step);
  }
  return trace.Finish();
}

}  // namespace wod::blocks
