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
  json.Key("step");
  json.Int(step.index);
  json.Key("action");
  json.String(step.action);
  json.Key("t_ms");
  json.Int(step.t_ms);
  json.Key("depth");
  json.Int(step.depth());
  json.Key("session_ended");
  json.Bool(step.session_ended);
  json.Key("stack");
  json.BeginArray();
  for (const runtime::TraceBlock& block : step.stack) {
    json.BeginObject();
    json.Key("type");
    json.String(block.type);
    json.Key("label");
    json.String(block.label);
    json.Key("key");
    json.String(block.key);
    json.Key("round");
    if (block.has_round) {
      json.BeginObject();
      json.Key("current");
      json.Int(block.round_current);
      json.Key("total");  // null = unbounded (∞)
      if (block.round_total.has_value()) {
        json.Int(*block.round_total);
      } else {
        json.Null();
      }
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("timer");
    if (block.has_timer) {
      json.BeginObject();
      json.Key("direction");
      json.String(block.countdown ? "down" : "up");
      json.Key("elapsed_ms");
      json.Int(block.elapsed_ms);
      json.Key("duration_ms");
      if (block.countdown) {
        json.Int(block.duration_ms);
      } else {
        json.Null();
      }
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("paused");
    json.Bool(block.paused);
    json.Key("complete");
    if (block.complete_reason.empty()) {
      json.Null();
    } else {
      json.String(block.complete_reason);
    }
    json.EndObject();
  }
  json.EndArray();
  json.Key("emitted");
  json.BeginArray();
  for (const runtime::TraceRecord& record : step.emitted) {
    json.BeginObject();
    json.Key("kind");
    json.String(record.kind);
    for (const auto& [name, value] : record.fields) {
      // `kind` and `text` are ours; a field of that name cannot shadow them.
      if (name == "kind" || name == "text") continue;
      json.Key(name);
      json.String(value);
    }
    json.Key("text");
    json.String(record.text);
    json.EndObject();
  }
  json.EndArray();
  json.Key("row");
  json.String(step.Row());
  if (snapshot_json.has_value()) {
    json.Key("snapshot");
    json.Raw(*snapshot_json);
  }
  json.EndObject();
  return json.str();
}

}  // namespace wod::cli
