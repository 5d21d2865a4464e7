#include "tools/cli/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"
#include "runtime/step_trace.h"

namespace wod::cli {

std::string StepToJson(const runtime::TraceStep& step,
                       std::optional<std::string_view> snapshot_json) {
  JsonWriter json;
  json.BeginObject();
  json.Key("step").Int(step.index);
  json.Key("action").String(step.action);
  json.Key("t_ms").Int(step.t_ms);
  json.Key("depth").Int(step.depth());
  json.Key("session_ended").Bool(step.session_ended);
  json.Key("stack").BeginArray();
  for (const runtime::TraceBlock& block : step.stack) {
    json.BeginObject();
    json.Key("type").String(block.type);
    json.Key("label").String(block.label);
    json.Key("key").String(block.key);
    json.Key("round");
    if (block.has_round) {
      json.BeginObject();
      json.Key("current").Int(block.round_current);
      json.Key("total").IntOrNull(block.round_total);  // null = unbounded (∞)
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("timer");
    if (block.has_timer) {
      json.BeginObject();
      json.Key("direction").String(block.countdown ? "down" : "up");
      json.Key("elapsed_ms").Int(block.elapsed_ms);
      json.Key("duration_ms")
          .IntOrNull(block.countdown ? std::optional<int64_t>(block.duration_ms)
                                     : std::nullopt);
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("paused").Bool(block.paused);
    json.Key("complete").StringOrNull(block.complete_reason);
    json.EndObject();
  }
  json.EndArray();
  json.Key("emitted").BeginArray();
  for (const runtime::TraceRecord& record : step.emitted) {
    json.BeginObject();
    json.Key("kind").String(record.kind);
    for (const auto& [name, value] : record.fields) {
      // `kind` and `text` are ours; a field of that name cannot shadow them.
      if (name == "kind" || name == "text") continue;
      json.Key(name).String(value);
    }
    json.Key("text").String(record.text);
    json.EndObject();
  }
  json.EndArray();
  json.Key("row").String(step.Row());
  if (snapshot_json.has_value()) {
    json.Key("snapshot").Raw(*snapshot_json);
  }
  json.EndObject();
  return json.str();
}

}  // namespace wod::cli
