#include "blocks/recording.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "blocks/recording_json.h"
#include "fmt/format.h"
#include "memory/runtime_memory.h"
#include "memory/status_macros.h"
#include "runtime/script_runtime.h"

namespace wod::blocks {
namespace {

// The status message as std::string (Debian's Abseil has its own
// string_view type, which fmt cannot format).
std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

// ---- ids as text
// --------------------------------------------------------------

// Parses "<prefix><index>.<generation>" with 32-bit parts; false otherwise.
bool ParseHandle(std::string_view text, char prefix, uint32_t& index,
                 uint32_t& generation) {
  if (text.empty() || text[0] != prefix) return false;
  text.remove_prefix(1);
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return false;
  auto parse = [](std::string_view digits, uint32_t& out) {
    if (digits.empty() || digits.size() > 10) return false;
    uint64_t v = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (v > 0xFFFFFFFFu) return false;
    out = static_cast<uint32_t>(v);
    return true;
  };
  return parse(text.substr(0, dot), index) &&
         parse(text.substr(dot + 1), generation);
}

// ---- writing
// ------------------------------------------------------------------

void WriteOwnerInfo(JsonOut& out, const memory::OwnerInfo& info) {
  out.BeginObject();
  out.Key("kind").String(info.kind);
  out.Key("label").String(info.label);
  out.Key("lines").BeginArray().Int(info.line_begin).Int(info.line_end);
  out.EndArray();
  out.Key("created_step").Int(info.created_step);
  out.Key("released_step").Int(info.released_step);
  out.EndObject();
}

void WriteSnapshot(JsonOut& out, const RecordedSnapshot& snapshot) {
  // The same shape as MemorySnapshot::ToJson (owners by index, refs by id).
  out.BeginObject();
  out.Key("version").Int(static_cast<int64_t>(snapshot.version));
  out.Key("owners").BeginArray();
  for (const RecordedOwner& o : snapshot.owners) {
    out.BeginObject();
    out.Key("id").String(memory::ToString(o.id));
    out.Key("state").String(o.live ? "live" : "retired");
    out.Key("kind").String(o.info.kind);
    out.Key("label").String(o.info.label);
    out.Key("lines").BeginArray().Int(o.info.line_begin).Int(o.info.line_end);
    out.EndArray();
    out.Key("created_step").Int(o.info.created_step);
    out.Key("released_step").Int(o.info.released_step);
    out.EndObject();
  }
  out.EndArray();
  out.Key("refs").BeginArray();
  for (const RecordedRef& r : snapshot.refs) {
    out.BeginObject();
    out.Key("id").String(memory::ToString(r.id));
    out.Key("type").String(r.type);
    out.Key("owner").String(memory::ToString(r.owner));
    out.Key("parent");
    if (r.parent.is_null()) {
      out.Null();
    } else {
      out.String(memory::ToString(r.parent));
    }
    out.Key("value").String(r.value);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

void WriteMutation(JsonOut& out, const memory::JournalEntry& e) {
  out.BeginObject();
  out.Key("seq").Int(static_cast<int64_t>(e.sequence));
  out.Key("kind").String(memory::MutationKindName(e.kind));
  out.Key("t").Int(e.virtual_time_ms);
  out.Key("v").Int(static_cast<int64_t>(e.version));
  switch (e.kind) {
    case memory::MutationKind::kCreateOwner:
    case memory::MutationKind::kUpdateOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("info");
      WriteOwnerInfo(out, e.owner_info);
      break;
    case memory::MutationKind::kRetireOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("info");
      WriteOwnerInfo(out, e.owner_info);
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
    case memory::MutationKind::kForgetOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      break;
    case memory::MutationKind::kAllocate:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("parent");
      if (e.parent.is_null()) {
        out.Null();
      } else {
        out.String(memory::ToString(e.parent));
      }
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("type").String(e.type);
      out.Key("value").String(e.value);
      break;
    case memory::MutationKind::kSet:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("type").String(e.type);
      out.Key("value").String(e.value);
      break;
    case memory::MutationKind::kRelease:
      out.Key("id").String(memory::ToString(e.id));
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
    case memory::MutationKind::kReleaseOwner:
      out.Key("owner").String(memory::ToString(e.owner));
      out.Key("count").Int(static_cast<int64_t>(e.count));
      break;
  }
  out.EndObject();
}

void WriteTraceBlock(JsonOut& out, const runtime::TraceBlock& b) {
  out.BeginObject();
  out.Key("type").String(b.type);
  out.Key("label").String(b.label);
  out.Key("key").String(b.key);
  if (b.has_round) {
    out.Key("round").BeginArray().Int(b.round_current);
    if (b.round_total.has_value()) {
      out.Int(*b.round_total);
    } else {
      out.Null();  // unbounded (∞)
    }
    out.EndArray();
  }
  if (b.has_timer) {
    out.Key("timer").BeginObject();
    out.Key("countdown").Bool(b.countdown);
    out.Key("elapsed_ms").Int(b.elapsed_ms);
    out.Key("duration_ms").Int(b.duration_ms);
    out.Key("paused").Bool(b.paused);
    out.EndObject();
  }
  if (!b.complete_reason.empty()) {
    out.Key("complete").String(b.complete_reason);
  }
  out.EndObject();
}

void WriteTraceRecord(JsonOut& out, const runtime::TraceRecord& r) {
  out.BeginObject();
  out.Key("kind").String(r.kind);
  out.Key("text").String(r.text);
  out.Key("fields").BeginArray();
  for (const auto& [key, value] : r.fields) {
    out.BeginArray().String(key).String(value).EndArray();
  }
  out.EndArray();
  out.EndObject();
}

// ---- reading
// ------------------------------------------------------------------

// Field access with positioned errors: every failure names the line, the
// field (with its path inside the line) and what was expected.
class LineContext {
 public:
  explicit LineContext(int64_t line) : line_(line) {}

  [[nodiscard]] absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(fmt::format("line {}: {}", line_, what));
  }

  absl::StatusOr<const JsonValue*> Field(const JsonValue& object,
                                         std::string_view path,
                                         std::string_view key,
                                         JsonValue::Kind kind) const {
    const JsonValue* v = object.Find(key);
    if (v == nullptr) {
      return Error(fmt::format("missing field \"{}{}\"", path, key));
    }
    if (v->kind() != kind) {
      return Error(fmt::format("field \"{}{}\" must be {} {}, got {}", path,
                               key, Article(kind), JsonValue::KindName(kind),
                               JsonValue::KindName(v->kind())));
    }
    return v;
  }
  // A field that may be absent (nullptr then) but has `kind` when present.
  absl::StatusOr<const JsonValue*> OptionalField(const JsonValue& object,
                                                 std::string_view path,
                                                 std::string_view key,
                                                 JsonValue::Kind kind) const {
    if (object.Find(key) == nullptr) return nullptr;
    return Field(object, path, key, kind);
  }
  absl::StatusOr<int64_t> Int(const JsonValue& object, std::string_view path,
                              std::string_view key) const {
    absl::StatusOr<const JsonValue*> v =
        Field(object, path, key, JsonValue::Kind::kInteger);
    if (!v.ok()) return v.status();
    return (*v)->integer();
  }
  absl::StatusOr<uint64_t> Unsigned(const JsonValue& object,
                                    std::string_view path,
                                    std::string_view key) const {
    absl::StatusOr<int64_t> v = Int(object, path, key);
    if (!v.ok()) return v.status();
    if (*v < 0) {
      return Error(fmt::format("field \"{}{}\" must not be negative, got {}",
                               path, key, *v));
    }
    return static_cast<uint64_t>(*v);
  }
  absl::StatusOr<std::string> String(const JsonValue& object,
                                     std::string_view path,
                                     std::string_view key) const {
    absl::StatusOr<const JsonValue*> v =
        Field(object, path, key, JsonValue::Kind::kString);
    if (!v.ok()) return v.status();
    return (*v)->string();
  }
  absl::StatusOr<bool> Bool(const JsonValue& object, std::string_view path,
                            std::string_view key) const {
    absl::StatusOr<const JsonValue*> v =
        Field(object, path, key, JsonValue::Kind::kBool);
    if (!v.ok()) return v.status();
    return (*v)->boolean();
  }
  absl::StatusOr<memory::RefId> Ref(const JsonValue& object,
                                    std::string_view path, std::string_view key,
                                    bool nullable) const {
    const JsonValue* v = object.Find(key);
    if (nullable && v != nullptr && v->is_null()) return memory::RefId{};
    absl::StatusOr<std::string> text = String(object, path, key);
    if (!text.ok()) return text.status();
    memory::RefId id;
    if (!ParseHandle(*text, '#', id.index, id.generation) || id.is_null()) {
      return Error(
          fmt::format("field \"{}{}\" is not a ref id (#INDEX.GEN): "
                      "\"{}\"",
                      path, key, *text));
    }
    return id;
  }
  absl::StatusOr<memory::OwnerId> Owner(const JsonValue& object,
                                        std::string_view path,
                                        std::string_view key) const {
    absl::StatusOr<std::string> text = String(object, path, key);
    if (!text.ok()) return text.status();
    if (*text == "null") return memory::OwnerId{};
    memory::OwnerId id;
    if (!ParseHandle(*text, 'o', id.index, id.generation)) {
      return Error(
          fmt::format("field \"{}{}\" is not an owner id (oINDEX.GEN): \"{}\"",
                      path, key, *text));
    }
    return id;
  }

  [[nodiscard]] int64_t line() const { return line_; }

 private:
  static std::string_view Article(JsonValue::Kind kind) {
    return kind == JsonValue::Kind::kInteger ||
                   kind == JsonValue::Kind::kArray ||
                   kind == JsonValue::Kind::kObject
               ? "an"
               : "a";
  }
  int64_t line_;
};

absl::StatusOr<memory::OwnerInfo> ReadOwnerInfo(const LineContext& ctx,
                                                const JsonValue& object,
                                                const std::string& path) {
  memory::OwnerInfo info;
  WOD_ASSIGN_OR_RETURN(auto kind, ctx.String(object, path, "kind"));
  WOD_ASSIGN_OR_RETURN(auto label, ctx.String(object, path, "label"));
  WOD_ASSIGN_OR_RETURN(
      auto lines, ctx.Field(object, path, "lines", JsonValue::Kind::kArray));
  if (lines->items().size() != 2 || !lines->items()[0].is_integer() ||
      !lines->items()[1].is_integer()) {
    return ctx.Error(
        fmt::format("field \"{}lines\" must be [first, last] integers", path));
  }
  WOD_ASSIGN_OR_RETURN(auto created, ctx.Int(object, path, "created_step"));
  WOD_ASSIGN_OR_RETURN(auto released, ctx.Int(object, path, "released_step"));
  info.kind = std::move(kind);
  info.label = std::move(label);
  info.line_begin = static_cast<int32_t>(lines->items()[0].integer());
  info.line_end = static_cast<int32_t>(lines->items()[1].integer());
  info.created_step = created;
  info.released_step = released;
  return info;
}

absl::StatusOr<RecordedSnapshot> ReadSnapshot(const LineContext& ctx,
                                              const JsonValue& object) {
  RecordedSnapshot snapshot;
  WOD_ASSIGN_OR_RETURN(auto version,
                       ctx.Unsigned(object, "keyframe.", "version"));
  snapshot.version = version;
  WOD_ASSIGN_OR_RETURN(auto owners, ctx.Field(object, "keyframe.", "owners",
                                              JsonValue::Kind::kArray));
  for (size_t i = 0; i < owners->items().size(); ++i) {
    const JsonValue& o = owners->items()[i];
    const std::string path = fmt::format("keyframe.owners[{}].", i);
    if (!o.is_object())
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    RecordedOwner owner;
    WOD_ASSIGN_OR_RETURN(auto id, ctx.Owner(o, path, "id"));
    WOD_ASSIGN_OR_RETURN(auto state, ctx.String(o, path, "state"));
    if (state != "live" && state != "retired") {
      return ctx.Error(fmt::format(
          "field \"{}state\" must be \"live\" or \"retired\", got \"{}\"", path,
          state));
    }
    WOD_ASSIGN_OR_RETURN(auto info, ReadOwnerInfo(ctx, o, path));
    owner.id = id;
    owner.live = state == "live";
    owner.info = std::move(info);
    snapshot.owners.push_back(std::move(owner));
  }
  WOD_ASSIGN_OR_RETURN(auto refs, ctx.Field(object, "keyframe.", "refs",
                                            JsonValue::Kind::kArray));
  for (size_t i = 0; i < refs->items().size(); ++i) {
    const JsonValue& r = refs->items()[i];
    const std::string path = fmt::format("keyframe.refs[{}].", i);
    if (!r.is_object())
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    RecordedRef ref;
    WOD_ASSIGN_OR_RETURN(auto id, ctx.Ref(r, path, "id", /*nullable=*/false));
    WOD_ASSIGN_OR_RETURN(auto type, ctx.String(r, path, "type"));
    WOD_ASSIGN_OR_RETURN(auto owner, ctx.Owner(r, path, "owner"));
    WOD_ASSIGN_OR_RETURN(auto parent,
                         ctx.Ref(r, path, "parent", /*nullable=*/true));
    WOD_ASSIGN_OR_RETURN(auto value, ctx.String(r, path, "value"));
    if (!snapshot.refs.empty() && !(snapshot.refs.back().id < id)) {
      return ctx.Error(
          fmt::format("\"{}id\" is out of order (refs are sorted "
                      "by id)",
                      path));
    }
    ref.id = id;
    ref.type = std::move(type);
    ref.owner = owner;
    ref.parent = parent;
    ref.value = std::move(value);
    snapshot.refs.push_back(std::move(ref));
  }
  return snapshot;
}

std::optional<memory::MutationKind> MutationKindFromName(
    std::string_view name) {
  using memory::MutationKind;
  for (const MutationKind kind :
       {MutationKind::kCreateOwner, MutationKind::kUpdateOwner,
        MutationKind::kRetireOwner, MutationKind::kForgetOwner,
        MutationKind::kAllocate, MutationKind::kSet, MutationKind::kRelease,
        MutationKind::kReleaseOwner}) {
    if (memory::MutationKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

absl::StatusOr<memory::JournalEntry> ReadMutation(const LineContext& ctx,
                                                  const JsonValue& m,
                                                  const std::string& path,
                                                  int64_t step) {
  using memory::MutationKind;
  memory::JournalEntry e;
  e.step = step;
  WOD_ASSIGN_OR_RETURN(auto seq, ctx.Unsigned(m, path, "seq"));
  WOD_ASSIGN_OR_RETURN(auto kind_name, ctx.String(m, path, "kind"));
  WOD_ASSIGN_OR_RETURN(auto t, ctx.Int(m, path, "t"));
  WOD_ASSIGN_OR_RETURN(auto version, ctx.Unsigned(m, path, "v"));
  std::optional<MutationKind> kind = MutationKindFromName(kind_name);
  if (!kind.has_value()) {
    return ctx.Error(fmt::format("field \"{}kind\": unknown mutation \"{}\"",
                                 path, kind_name));
  }
  e.sequence = seq;
  e.kind = *kind;
  e.virtual_time_ms = t;
  e.version = version;
  switch (e.kind) {
    case MutationKind::kCreateOwner:
    case MutationKind::kUpdateOwner:
    case MutationKind::kRetireOwner: {
      WOD_ASSIGN_OR_RETURN(auto owner, ctx.Owner(m, path, "owner"));
      WOD_ASSIGN_OR_RETURN(
          auto info_value,
          ctx.Field(m, path, "info", JsonValue::Kind::kObject));
      WOD_ASSIGN_OR_RETURN(auto info,
                           ReadOwnerInfo(ctx, *info_value, path + "info."));
      e.owner = owner;
      e.owner_info = std::move(info);
      if (e.kind == MutationKind::kRetireOwner) {
        WOD_ASSIGN_OR_RETURN(auto count, ctx.Unsigned(m, path, "count"));
        e.count = count;
      }
      break;
    }
    case MutationKind::kForgetOwner: {
      WOD_ASSIGN_OR_RETURN(auto owner, ctx.Owner(m, path, "owner"));
      e.owner = owner;
      break;
    }
    case MutationKind::kAllocate: {
      WOD_ASSIGN_OR_RETURN(auto id, ctx.Ref(m, path, "id", false));
      WOD_ASSIGN_OR_RETURN(auto parent, ctx.Ref(m, path, "parent", true));
      WOD_ASSIGN_OR_RETURN(auto owner, ctx.Owner(m, path, "owner"));
      WOD_ASSIGN_OR_RETURN(auto type, ctx.String(m, path, "type"));
      WOD_ASSIGN_OR_RETURN(auto value, ctx.String(m, path, "value"));
      e.id = id;
      e.parent = parent;
      e.owner = owner;
      e.type = std::move(type);
      e.value = std::move(value);
      break;
    }
    case MutationKind::kSet: {
      WOD_ASSIGN_OR_RETURN(auto id, ctx.Ref(m, path, "id", false));
      WOD_ASSIGN_OR_RETURN(auto type, ctx.String(m, path, "type"));
      WOD_ASSIGN_OR_RETURN(auto value, ctx.String(m, path, "value"));
      e.id = id;
      e.type = std::move(type);
      e.value = std::move(value);
      break;
    }
    case MutationKind::kRelease: {
      WOD_ASSIGN_OR_RETURN(auto id, ctx.Ref(m, path, "id", false));
      WOD_ASSIGN_OR_RETURN(auto count, ctx.Unsigned(m, path, "count"));
      e.id = id;
      e.count = count;
      break;
    }
    case MutationKind::kReleaseOwner: {
      WOD_ASSIGN_OR_RETURN(auto owner, ctx.Owner(m, path, "owner"));
      WOD_ASSIGN_OR_RETURN(auto count, ctx.Unsigned(m, path, "count"));
      e.owner = owner;
      e.count = count;
      break;
    }
  }
  return e;
}

absl::StatusOr<runtime::TraceBlock> ReadTraceBlock(const LineContext& ctx,
                                                   const JsonValue& b,
                                                   const std::string& path) {
  runtime::TraceBlock block;
  WOD_ASSIGN_OR_RETURN(auto type, ctx.String(b, path, "type"));
  WOD_ASSIGN_OR_RETURN(auto label, ctx.String(b, path, "label"));
  WOD_ASSIGN_OR_RETURN(auto key, ctx.String(b, path, "key"));
  block.type = std::move(type);
  block.label = std::move(label);
  block.key = std::move(key);
  WOD_ASSIGN_OR_RETURN(
      auto round, ctx.OptionalField(b, path, "round", JsonValue::Kind::kArray));
  if (round != nullptr) {
    const auto& items = round->items();
    if (items.size() != 2 || !items[0].is_integer() ||
        !(items[1].is_integer() || items[1].is_null())) {
      return ctx.Error(fmt::format(
          "field \"{}round\" must be [current, total or null]", path));
    }
    block.has_round = true;
    block.round_current = items[0].integer();
    if (items[1].is_integer()) block.round_total = items[1].integer();
  }
  WOD_ASSIGN_OR_RETURN(auto timer, ctx.OptionalField(b, path, "timer",
                                                     JsonValue::Kind::kObject));
  if (timer != nullptr) {
    const std::string timer_path = path + "timer.";
    WOD_ASSIGN_OR_RETURN(auto countdown,
                         ctx.Bool(*timer, timer_path, "countdown"));
    WOD_ASSIGN_OR_RETURN(auto elapsed,
                         ctx.Int(*timer, timer_path, "elapsed_ms"));
    WOD_ASSIGN_OR_RETURN(auto duration,
                         ctx.Int(*timer, timer_path, "duration_ms"));
    WOD_ASSIGN_OR_RETURN(auto paused, ctx.Bool(*timer, timer_path, "paused"));
    block.has_timer = true;
    block.countdown = countdown;
    block.elapsed_ms = elapsed;
    block.duration_ms = duration;
    block.paused = paused;
  }
  WOD_ASSIGN_OR_RETURN(
      auto complete,
      ctx.OptionalField(b, path, "complete", JsonValue::Kind::kString));
  if (complete != nullptr) block.complete_reason = complete->string();
  return block;
}

absl::StatusOr<runtime::TraceRecord> ReadTraceRecord(const LineContext& ctx,
                                                     const JsonValue& r,
                                                     const std::string& path) {
  runtime::TraceRecord record;
  WOD_ASSIGN_OR_RETURN(auto kind, ctx.String(r, path, "kind"));
  WOD_ASSIGN_OR_RETURN(auto text, ctx.String(r, path, "text"));
  WOD_ASSIGN_OR_RETURN(auto fields,
                       ctx.Field(r, path, "fields", JsonValue::Kind::kArray));
  record.kind = std::move(kind);
  record.text = std::move(text);
  for (const JsonValue& pair : fields->items()) {
    if (!pair.is_array() || pair.items().size() != 2 ||
        !pair.items()[0].is_string() || !pair.items()[1].is_string()) {
      return ctx.Error(fmt::format(
          "field \"{}fields\" must hold [name, value] string pairs", path));
    }
    record.fields.emplace_back(pair.items()[0].string(),
                               pair.items()[1].string());
  }
  return record;
}

absl::StatusOr<RecordedStep> ReadStep(const LineContext& ctx,
                                      const JsonValue& line,
                                      int64_t expected_step) {
  RecordedStep step;
  step.line = ctx.line();
  WOD_ASSIGN_OR_RETURN(auto index, ctx.Int(line, "", "step"));
  if (index != expected_step) {
    return ctx.Error(
        fmt::format("out-of-order step: expected step {}, got step {}",
                    expected_step, index));
  }
  step.step = index;
  WOD_ASSIGN_OR_RETURN(
      auto command_value,
      ctx.OptionalField(line, "", "command", JsonValue::Kind::kString));
  if (index == 0 && command_value != nullptr) {
    return ctx.Error("step 0 (startSession) has no command");
  }
  if (index > 0) {
    if (command_value == nullptr) {
      return ctx.Error(
          fmt::format("missing field \"command\" (step {})", index));
    }
    absl::StatusOr<std::vector<runtime::StepCommand>> commands =
        runtime::ParseStepCommands(command_value->string());
    if (!commands.ok()) {
      return ctx.Error(
          fmt::format("field \"command\": {}", Message(commands.status())));
    }
    if (commands->size() != 1) {
      return ctx.Error(
          fmt::format("field \"command\" must hold exactly one command, got {}",
                      commands->size()));
    }
    step.command = (*commands)[0];
  }
  WOD_ASSIGN_OR_RETURN(auto action, ctx.String(line, "", "action"));
  WOD_ASSIGN_OR_RETURN(auto t_ms, ctx.Int(line, "", "t_ms"));
  WOD_ASSIGN_OR_RETURN(auto ended, ctx.Bool(line, "", "session_ended"));
  step.trace.index = index;
  step.trace.action = std::move(action);
  step.trace.t_ms = t_ms;
  step.trace.session_ended = ended;
  WOD_ASSIGN_OR_RETURN(auto stack,
                       ctx.Field(line, "", "stack", JsonValue::Kind::kArray));
  for (size_t i = 0; i < stack->items().size(); ++i) {
    const std::string path = fmt::format("stack[{}].", i);
    if (!stack->items()[i].is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    WOD_ASSIGN_OR_RETURN(auto block,
                         ReadTraceBlock(ctx, stack->items()[i], path));
    step.trace.stack.push_back(std::move(block));
  }
  WOD_ASSIGN_OR_RETURN(auto emitted,
                       ctx.Field(line, "", "emitted", JsonValue::Kind::kArray));
  for (size_t i = 0; i < emitted->items().size(); ++i) {
    const std::string path = fmt::format("emitted[{}].", i);
    if (!emitted->items()[i].is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    WOD_ASSIGN_OR_RETURN(auto record,
                         ReadTraceRecord(ctx, emitted->items()[i], path));
    step.trace.emitted.push_back(std::move(record));
  }
  WOD_ASSIGN_OR_RETURN(auto usage,
                       ctx.Field(line, "", "usage", JsonValue::Kind::kObject));
  WOD_ASSIGN_OR_RETURN(auto refs, ctx.Int(*usage, "usage.", "live_refs"));
  WOD_ASSIGN_OR_RETURN(auto bytes, ctx.Int(*usage, "usage.", "heap_bytes"));
  step.usage.live_refs = refs;
  step.usage.heap_bytes = bytes;
  WOD_ASSIGN_OR_RETURN(auto mutations, ctx.Field(line, "", "mutations",
                                                 JsonValue::Kind::kArray));
  for (size_t i = 0; i < mutations->items().size(); ++i) {
    const std::string path = fmt::format("mutations[{}].", i);
    if (!mutations->items()[i].is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    WOD_ASSIGN_OR_RETURN(auto entry,
                         ReadMutation(ctx, mutations->items()[i], path, index));
    step.mutations.push_back(std::move(entry));
  }
  WOD_ASSIGN_OR_RETURN(
      auto keyframe,
      ctx.OptionalField(line, "", "keyframe", JsonValue::Kind::kObject));
  if (keyframe != nullptr) {
    WOD_ASSIGN_OR_RETURN(auto snapshot, ReadSnapshot(ctx, *keyframe));
    step.keyframe = std::move(snapshot);
  }
  return step;
}

absl::StatusOr<RecordingHeader> ReadHeader(std::string_view text) {
  const LineContext ctx(1);
  const std::string expected = fmt::format(
      "the first line must be {{\"format\":\"{}\",\"version\":{},...}}",
      kRecordingFormat, kRecordingVersion);
  if (text.empty()) {
    return ctx.Error(
        fmt::format("missing header: the file is empty ({})", expected));
  }
  absl::StatusOr<JsonValue> json = ParseJson(text);
  if (!json.ok()) {
    return ctx.Error(fmt::format("missing header: {} ({})",
                                 Message(json.status()), expected));
  }
  const JsonValue* format = json->Find("format");
  if (!json->is_object() || format == nullptr || !format->is_string() ||
      format->string() != kRecordingFormat) {
    return ctx.Error(fmt::format("missing header ({})", expected));
  }
  RecordingHeader header;
  WOD_ASSIGN_OR_RETURN(auto version, ctx.Int(*json, "", "version"));
  if (version != kRecordingVersion) {
    return absl::UnimplementedError(fmt::format(
        "line 1: unsupported recording version {} (this build reads version "
        "{} only)",
        version, kRecordingVersion));
  }
  WOD_ASSIGN_OR_RETURN(auto source, ctx.String(*json, "", "source"));
  WOD_ASSIGN_OR_RETURN(auto script, ctx.String(*json, "", "script"));
  WOD_ASSIGN_OR_RETURN(auto interval, ctx.Int(*json, "", "keyframe_interval"));
  if (interval < 1) {
    return ctx.Error(fmt::format(
        "field \"keyframe_interval\" must be at least 1, got {}", interval));
  }
  header.version = version;
  header.source = std::move(source);
  header.script = std::move(script);
  header.keyframe_interval = interval;
  return header;
}

std::string OwnerText(const RecordedOwner& o) {
  return fmt::format("owner {} ({} \"{}\")", memory::ToString(o.id),
                     o.info.kind, o.info.label);
}

std::string OwnerInfoText(const RecordedOwner& o) {
  return fmt::format("{} {} \"{}\" lines {}-{} created {} released {}",
                     o.live ? "live" : "retired", o.info.kind, o.info.label,
                     o.info.line_begin, o.info.line_end, o.info.created_step,
                     o.info.released_step);
}

}  // namespace

// ---- snapshots
// ------------------------------------------------------------------

RecordedSnapshot CaptureSnapshot(const memory::MemorySnapshot& snapshot) {
  RecordedSnapshot out;
  out.version = snapshot.version();
  for (const memory::OwnerRecord& r : snapshot.Owners()) {
    RecordedOwner owner;
    owner.id = r.id;
    owner.live = r.state == memory::OwnerState::kLive;
    owner.info = r.info;
    out.owners.push_back(std::move(owner));
  }
  out.refs.reserve(snapshot.size());
  for (const memory::SnapshotEntry& e : snapshot.entries()) {
    RecordedRef ref;
    ref.id = e.id();
    ref.type = std::string(snapshot.TypeName(e.type()));
    ref.owner = snapshot.OwnerOf(e);
    ref.parent = snapshot.ParentOf(e);
    ref.value = snapshot.SerializeValue(e);
    out.refs.push_back(std::move(ref));
  }
  return out;
}

std::optional<std::string> FirstDifference(const RecordedSnapshot& expected,
                                           const RecordedSnapshot& actual,
                                           bool compare_version) {
  // Both lists are sorted (owners by index, refs by id): one merge pass
  // finds the first difference in id order, so the report is stable.
  const auto& xo = expected.owners;
  const auto& yo = actual.owners;
  for (size_t i = 0, j = 0; i < xo.size() || j < yo.size();) {
    if (j >= yo.size() || (i < xo.size() && xo[i].id.index < yo[j].id.index)) {
      return fmt::format("{} is missing", OwnerText(xo[i]));
    }
    if (i >= xo.size() || yo[j].id.index < xo[i].id.index) {
      return fmt::format("{} is unexpected", OwnerText(yo[j]));
    }
    if (!(xo[i] == yo[j])) {
      return fmt::format("{}: expected {} [{}], got {} [{}]", OwnerText(xo[i]),
                         memory::ToString(xo[i].id), OwnerInfoText(xo[i]),
                         memory::ToString(yo[j].id), OwnerInfoText(yo[j]));
    }
    ++i;
    ++j;
  }
  const auto& xs = expected.refs;
  const auto& ys = actual.refs;
  for (size_t i = 0, j = 0; i < xs.size() || j < ys.size();) {
    if (j >= ys.size() || (i < xs.size() && xs[i].id < ys[j].id)) {
      return fmt::format("ref {} ({}) is missing", memory::ToString(xs[i].id),
                         xs[i].type);
    }
    if (i >= xs.size() || ys[j].id < xs[i].id) {
      return fmt::format("ref {} ({}) is unexpected",
                         memory::ToString(ys[j].id), ys[j].type);
    }
    const RecordedRef& x = xs[i];
    const RecordedRef& y = ys[j];
    const std::string name =
        fmt::format("ref {} ({})", memory::ToString(x.id), x.type);
    if (x.type != y.type) {
      return fmt::format("{}: type \"{}\" became \"{}\"", name, x.type, y.type);
    }
    if (x.owner != y.owner) {
      return fmt::format("{}: owner {} became {}", name,
                         memory::ToString(x.owner), memory::ToString(y.owner));
    }
    if (x.parent != y.parent) {
      return fmt::format("{}: parent {} became {}", name,
                         memory::ToString(x.parent),
                         memory::ToString(y.parent));
    }
    if (x.value != y.value) {
      return fmt::format("{}: value {} became {}", name,
                         memory::internal::QuoteString(x.value),
                         memory::internal::QuoteString(y.value));
    }
    ++i;
    ++j;
  }
  if (compare_version && expected.version != actual.version) {
    return fmt::format("memory version {} became {}", expected.version,
                       actual.version);
  }
  return std::nullopt;
}

// ---- lines
// ----------------------------------------------------------------------

std::string CommandText(const runtime::StepCommand& command) {
  switch (command.kind) {
    case runtime::CommandKind::kNext:
      return "next";
    case runtime::CommandKind::kTick:
      return fmt::format("tick {}", command.ms);
    case runtime::CommandKind::kAdvance:
      return fmt::format("advance {}", command.ms);
    case runtime::CommandKind::kEvent:
      return "event " + command.event;
  }
  return "next";
}

std::string MutationJson(const memory::JournalEntry& entry) {
  JsonOut out;
  WriteMutation(out, entry);
  return out.Take();
}

std::string HeaderLine(const RecordingHeader& header) {
  JsonOut out;
  out.BeginObject();
  out.Key("format").String(kRecordingFormat);
  out.Key("version").Int(header.version);
  out.Key("source").String(header.source);
  out.Key("keyframe_interval").Int(header.keyframe_interval);
  out.Key("script").String(header.script);
  out.EndObject();
  return out.Take();
}

std::string StepLine(const RecordedStep& step) {
  JsonOut out;
  out.BeginObject();
  out.Key("step").Int(step.step);
  if (step.command.has_value()) {
    out.Key("command").String(CommandText(*step.command));
  }
  out.Key("action").String(step.trace.action);
  out.Key("t_ms").Int(step.trace.t_ms);
  out.Key("session_ended").Bool(step.trace.session_ended);
  out.Key("stack").BeginArray();
  for (const runtime::TraceBlock& b : step.trace.stack) WriteTraceBlock(out, b);
  out.EndArray();
  out.Key("emitted").BeginArray();
  for (const runtime::TraceRecord& r : step.trace.emitted) {
    WriteTraceRecord(out, r);
  }
  out.EndArray();
  out.Key("usage").BeginObject();
  out.Key("live_refs").Int(step.usage.live_refs);
  out.Key("heap_bytes").Int(step.usage.heap_bytes);
  out.EndObject();
  out.Key("mutations").BeginArray();
  for (const memory::JournalEntry& e : step.mutations) WriteMutation(out, e);
  out.EndArray();
  if (step.keyframe.has_value()) {
    out.Key("keyframe");
    WriteSnapshot(out, *step.keyframe);
  }
  out.EndObject();
  return out.Take();
}

std::string EndLine(int64_t steps) {
  JsonOut out;
  out.BeginObject().Key("end").Bool(true).Key("steps").Int(steps).EndObject();
  return out.Take();
}

// ---- loading
// --------------------------------------------------------------------

absl::StatusOr<Recording> LoadRecording(std::string_view text) {
  Recording recording;
  size_t pos = 0;
  int64_t line_number = 0;
  // Next line without its '\n'; `complete` is false when the text ends
  // before a newline (a write cut short).
  auto next_line = [&](std::string_view& line, bool& complete) {
    if (pos >= text.size()) return false;
    const size_t end = text.find('\n', pos);
    complete = end != std::string_view::npos;
    const size_t stop = complete ? end : text.size();
    line = text.substr(pos, stop - pos);
    pos = complete ? end + 1 : text.size();
    ++line_number;
    return true;
  };

  std::string_view line;
  bool complete = false;
  if (!next_line(line, complete)) {
    return ReadHeader(std::string_view()).status();
  }
  absl::StatusOr<RecordingHeader> header = ReadHeader(line);
  if (!header.ok()) return header.status();
  recording.header = *std::move(header);

  while (next_line(line, complete)) {
    const LineContext ctx(line_number);
    const int64_t expected = static_cast<int64_t>(recording.steps.size());
    if (recording.ended) {
      recording.error = ctx.Error("unexpected text after the end line");
      break;
    }
    if (line.empty()) {
      recording.error =
          ctx.Error("empty line (expected a step or the end line)");
      break;
    }
    absl::StatusOr<JsonValue> json = ParseJson(line);
    if (!json.ok()) {
      recording.error =
          complete
              ? ctx.Error(fmt::format("bad JSON: {}", Message(json.status())))
              : absl::DataLossError(fmt::format(
                    "line {}: truncated: the file ends in the middle of step "
                    "{} ({})",
                    line_number, expected, Message(json.status())));
      break;
    }
    if (!json->is_object()) {
      recording.error = ctx.Error(fmt::format(
          "expected a JSON object, got {}", JsonValue::KindName(json->kind())));
      break;
    }
    if (json->Find("end") != nullptr) {
      const JsonValue* end = json->Find("end");
      const JsonValue* steps = json->Find("steps");
      if (!end->is_bool() || !end->boolean()) {
        recording.error = ctx.Error("field \"end\" must be true");
        break;
      }
      if (steps == nullptr || !steps->is_integer()) {
        recording.error = ctx.Error("field \"steps\" must be an integer");
        break;
      }
      if (steps->integer() != expected) {
        recording.error = ctx.Error(
            fmt::format("the end line counts {} steps but {} were read",
                        steps->integer(), expected));
        break;
      }
      recording.ended = true;
      continue;
    }
    if (json->Find("step") == nullptr) {
      recording.error =
          ctx.Error(json->Find("format") != nullptr
                        ? "a second header line"
                        : "not a step or end line (no \"step\" field)");
      break;
    }
    absl::StatusOr<RecordedStep> step = ReadStep(ctx, *json, expected);
    if (!step.ok()) {
      recording.error = step.status();
      break;
    }
    recording.steps.push_back(*std::move(step));
  }
  return recording;
}

// ---- recorder
// -------------------------------------------------------------------

// Stamps every mutation with the step being recorded and the runtime's
// frozen turn time (docs/spec/runtime.md §4: one instant per turn), then keeps
// it in a MutationJournal.
class SessionRecorder::Observer : public memory::MutationObserver {
 public:
  explicit Observer(const runtime::ScriptRuntime& runtime)
      : runtime_(runtime) {}
  void OnMutation(const memory::MutationEvent& event) override {
    journal_.set_virtual_time_ms(runtime_.now_ms());
    journal_.OnMutation(event);
  }
  memory::MutationJournal& journal() { return journal_; }

 private:
  const runtime::ScriptRuntime& runtime_;
  memory::MutationJournal journal_;
};

SessionRecorder::SessionRecorder(WorkoutSession& session, std::ostream* out,
                                 Options options)
    : session_(session),
      out_(out),
      options_(options),
      observer_(std::make_unique<Observer>(session.runtime())) {}

SessionRecorder::~SessionRecorder() { session_.AttachMemoryObserver(nullptr); }

absl::StatusOr<std::unique_ptr<SessionRecorder>> SessionRecorder::Create(
    WorkoutSession& session, std::string_view script, std::string source,
    std::ostream* out, Options options) {
  if (options.keyframe_interval < 1) {
    return absl::InvalidArgumentError(
        fmt::format("keyframe interval must be at least 1, got {}",
                    options.keyframe_interval));
  }
  std::unique_ptr<SessionRecorder> recorder(
      new SessionRecorder(session, out, options));
  recorder->recording_.header.source = std::move(source);
  recorder->recording_.header.script = std::string(script);
  recorder->recording_.header.keyframe_interval = options.keyframe_interval;
  session.AttachMemoryObserver(recorder->observer_.get());
  absl::Status written =
      recorder->WriteLine(HeaderLine(recorder->recording_.header));
  if (!written.ok()) return written;
  return recorder;
}

absl::Status SessionRecorder::WriteLine(const std::string& line) {
  if (out_ == nullptr) return absl::OkStatus();
  *out_ << line << '\n';
  // Flushed per line: a crash loses at most the step being written.
  out_->flush();
  if (!*out_) return absl::DataLossError("cannot write the recording");
  return absl::OkStatus();
}

absl::Status SessionRecorder::Record(
    const runtime::TraceStep& trace,
    const std::optional<runtime::StepCommand>& command) {
  RecordedStep step;
  step.step = next_step_++;
  step.command = command;
  step.trace = trace;
  memory::MutationJournal& journal = observer_->journal();
  step.mutations = journal.entries();
  journal.Clear();
  // The journal numbers from 0 after each Clear; the file numbers the
  // mutations of the whole session.
  for (memory::JournalEntry& e : step.mutations) {
    e.sequence = next_sequence_++;
    e.step = step.step;
  }
  journal.set_step(next_step_);
  const memory::RuntimeMemory& memory = session_.runtime().memory();
  const memory::UsageStats usage = memory.TotalUsage();
  step.usage.live_refs = static_cast<int64_t>(usage.live_refs);
  step.usage.heap_bytes = static_cast<int64_t>(usage.heap_bytes);
  if (step.step % options_.keyframe_interval == 0 || trace.session_ended) {
    step.keyframe = CaptureSnapshot(*memory.Snapshot());
  }
  absl::Status written = WriteLine(StepLine(step));
  if (options_.keep_steps) recording_.steps.push_back(std::move(step));
  return written;
}

absl::Status SessionRecorder::Finish() {
  if (finished_) return absl::OkStatus();
  finished_ = true;
  recording_.ended = true;
  return WriteLine(EndLine(next_step_));
}

}  // namespace wod::blocks
