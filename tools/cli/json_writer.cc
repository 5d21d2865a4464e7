#include "tools/cli/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "runtime/step_trace.h"

namespace wod::cli {
namespace {

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 if invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t length = 0;
  uint32_t min = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    min = 0x80;
    cp = b0 & 0x1Fu;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    min = 0x800;
    cp = b0 & 0x0Fu;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    min = 0x10000;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

void AppendJsonString(std::string_view value, std::string& out) {
  out += '"';
  size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\u{:04x}", byte);
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(value, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    out.append(value.substr(i, length));
    i += length;
  }
  out += '"';
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (need_comma_) out_ += ',';
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  need_comma_ = false;
}

void JsonWriter::EndObject() {
  out_ += '}';
  need_comma_ = true;
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  need_comma_ = false;
}

void JsonWriter::EndArray() {
  out_ += ']';
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view key) {
  if (need_comma_) out_ += ',';
  AppendJsonString(key, out_);
  out_ += ':';
  after_key_ = true;
  need_comma_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(value, out_);
  need_comma_ = true;
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  out_ += fmt::format("{}", value);
  need_comma_ = true;
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  need_comma_ = true;
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  need_comma_ = true;
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
  need_comma_ = true;
}

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
