// The reading half of blocks/recording.h: LoadRecording, which checks every
// field of every line and reports the first problem with its line number
// (docs/spec/recording.md).
#include <cstdint>
#include <istream>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "blocks/recording.h"
#include "fmt/format.h"
#include "fmt/ranges.h"

namespace wod::blocks {
namespace {

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

// Field access with positioned errors: every failure names the line, the
// field (with its path inside the line) and what was expected.
class LineContext {
 public:
  explicit LineContext(int64_t line,
                       size_t max_entries = RecordingLimits{}.max_list_entries)
      : line_(line), max_entries_(max_entries) {}

  [[nodiscard]] absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(fmt::format("line {}: {}", line_, what));
  }
  // docs/spec/recording.md §8.4: a list longer than the limit.
  [[nodiscard]] absl::Status CheckEntries(const base::JsonValue& list,
                                          std::string_view path) const {
    if (list.items().size() <= max_entries_) return absl::OkStatus();
    return absl::ResourceExhaustedError(
        fmt::format("line {}: field \"{}\" holds {} entries, more than the "
                    "{} a list may hold",
                    line_, path, list.items().size(), max_entries_));
  }

  absl::StatusOr<const base::JsonValue*> Field(
      const base::JsonValue& object, std::string_view path,
      std::string_view key, base::JsonValue::Kind kind) const {
    const base::JsonValue* v = object.Find(key);
    if (v == nullptr) {
      return Error(fmt::format("missing field \"{}{}\"", path, key));
    }
    if (v->kind() != kind) {
      return Error(fmt::format("field \"{}{}\" must be {} {}, got {}", path,
                               key, Article(kind),
                               base::JsonValue::KindName(kind),
                               base::JsonValue::KindName(v->kind())));
    }
    return v;
  }
  // A field that may be absent (nullptr then) but has `kind` when present.
  absl::StatusOr<const base::JsonValue*> OptionalField(
      const base::JsonValue& object, std::string_view path,
      std::string_view key, base::JsonValue::Kind kind) const {
    if (object.Find(key) == nullptr) return nullptr;
    return Field(object, path, key, kind);
  }
  absl::StatusOr<int64_t> Int(const base::JsonValue& object,
                              std::string_view path,
                              std::string_view key) const {
    absl::StatusOr<const base::JsonValue*> v =
        Field(object, path, key, base::JsonValue::Kind::kInteger);
    if (!v.ok()) return v.status();
    return (*v)->integer();
  }
  absl::StatusOr<uint64_t> Unsigned(const base::JsonValue& object,
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
  absl::StatusOr<std::string> String(const base::JsonValue& object,
                                     std::string_view path,
                                     std::string_view key) const {
    absl::StatusOr<const base::JsonValue*> v =
        Field(object, path, key, base::JsonValue::Kind::kString);
    if (!v.ok()) return v.status();
    return (*v)->string();
  }
  absl::StatusOr<bool> Bool(const base::JsonValue& object,
                            std::string_view path, std::string_view key) const {
    absl::StatusOr<const base::JsonValue*> v =
        Field(object, path, key, base::JsonValue::Kind::kBool);
    if (!v.ok()) return v.status();
    return (*v)->boolean();
  }
  absl::StatusOr<memory::RefId> Ref(const base::JsonValue& object,
                                    std::string_view path, std::string_view key,
                                    bool nullable) const {
    const base::JsonValue* v = object.Find(key);
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
  absl::StatusOr<memory::OwnerId> Owner(const base::JsonValue& object,
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
  [[nodiscard]] size_t max_entries() const { return max_entries_; }

 private:
  static std::string_view Article(base::JsonValue::Kind kind) {
    return kind == base::JsonValue::Kind::kInteger ||
                   kind == base::JsonValue::Kind::kArray ||
                   kind == base::JsonValue::Kind::kObject
               ? "an"
               : "a";
  }
  int64_t line_;
  size_t max_entries_;
};

// Owner metadata (docs/spec/recording.md §4.3): a live owner has kind,
// label, lines and created_step (released_step only when not -1); a retired
// one kind, label and released_step, plus lines and created_step when it
// was created and retired within the step.
absl::StatusOr<memory::OwnerInfo> ReadOwnerInfo(const LineContext& ctx,
                                                const base::JsonValue& object,
                                                const std::string& path,
                                                bool live) {
  memory::OwnerInfo info;
  WOD_ASSIGN_OR_RETURN(info.kind, ctx.String(object, path, "kind"));
  WOD_ASSIGN_OR_RETURN(info.label, ctx.String(object, path, "label"));
  if (live || object.Find("lines") != nullptr) {
    WOD_ASSIGN_OR_RETURN(auto lines, ctx.Field(object, path, "lines",
                                               base::JsonValue::Kind::kArray));
    if (lines->items().size() != 2 || !lines->items()[0].is_integer() ||
        !lines->items()[1].is_integer()) {
      return ctx.Error(fmt::format(
          "field \"{}lines\" must be [first, last] integers", path));
    }
    info.line_begin = static_cast<int32_t>(lines->items()[0].integer());
    info.line_end = static_cast<int32_t>(lines->items()[1].integer());
    WOD_ASSIGN_OR_RETURN(info.created_step,
                         ctx.Int(object, path, "created_step"));
  }
  if (!live || object.Find("released_step") != nullptr) {
    WOD_ASSIGN_OR_RETURN(info.released_step,
                         ctx.Int(object, path, "released_step"));
  }
  return info;
}

absl::StatusOr<RecordedOwner> ReadOwner(const LineContext& ctx,
                                        const base::JsonValue& o,
                                        const std::string& path, bool live) {
  if (!o.is_object()) {
    return ctx.Error(fmt::format("\"{}\" must be an object", path));
  }
  RecordedOwner owner;
  WOD_ASSIGN_OR_RETURN(owner.id, ctx.Owner(o, path, "id"));
  if (owner.id.is_null()) {
    return ctx.Error(fmt::format("field \"{}id\" must not be null", path));
  }
  WOD_ASSIGN_OR_RETURN(owner.info, ReadOwnerInfo(ctx, o, path, live));
  owner.live = live;
  return owner;
}

// Reads an optional array field, each item through `read`.
template <typename T, typename Read>
absl::Status ReadList(const LineContext& ctx, const base::JsonValue& object,
                      std::string_view path, std::string_view key,
                      std::vector<T>& out, Read read) {
  WOD_ASSIGN_OR_RETURN(
      const base::JsonValue* list,
      ctx.OptionalField(object, path, key, base::JsonValue::Kind::kArray));
  if (list == nullptr) return absl::OkStatus();
  WOD_RETURN_IF_ERROR(ctx.CheckEntries(*list, fmt::format("{}{}", path, key)));
  out.reserve(list->items().size());
  for (size_t i = 0; i < list->items().size(); ++i) {
    const std::string item = fmt::format("{}{}[{}]", path, key, i);
    WOD_ASSIGN_OR_RETURN(T value, read(list->items()[i], item));
    out.push_back(std::move(value));
  }
  return absl::OkStatus();
}

absl::StatusOr<RecordedMemory> ReadMemory(
    const LineContext& ctx, const base::JsonValue& object, bool keyframe,
    const std::vector<RecordedType>& types) {
  const std::string path = keyframe ? "keyframe." : "delta.";
  RecordedMemory m;
  m.keyframe = keyframe;
  if (!keyframe) {
    WOD_ASSIGN_OR_RETURN(m.from_version, ctx.Unsigned(object, path, "from"));
  }
  WOD_ASSIGN_OR_RETURN(m.to_version, ctx.Unsigned(object, path, "version"));
  auto owner = [&](bool live) {
    return [&ctx, live](const base::JsonValue& v, const std::string& item) {
      return ReadOwner(ctx, v, item + ".", live);
    };
  };
  WOD_RETURN_IF_ERROR(
      ReadList(ctx, object, path, "owners", m.owners, owner(true)));
  WOD_RETURN_IF_ERROR(
      ReadList(ctx, object, path, "retired", m.retired, owner(false)));
  auto owner_id =
      [&ctx](const base::JsonValue& v,
             const std::string& item) -> absl::StatusOr<memory::OwnerId> {
    memory::OwnerId id;
    if (!v.is_string() ||
        !ParseHandle(v.string(), 'o', id.index, id.generation)) {
      return ctx.Error(
          fmt::format("\"{}\" is not an owner id (oINDEX.GEN)", item));
    }
    return id;
  };
  WOD_RETURN_IF_ERROR(
      ReadList(ctx, object, path, "forgotten", m.forgotten, owner_id));
  auto ref_id = [&ctx](
                    const base::JsonValue& v,
                    const std::string& item) -> absl::StatusOr<memory::RefId> {
    memory::RefId id;
    if (!v.is_string() ||
        !ParseHandle(v.string(), '#', id.index, id.generation) ||
        id.is_null()) {
      return ctx.Error(
          fmt::format("\"{}\" is not a ref id (#INDEX.GEN)", item));
    }
    return id;
  };
  WOD_RETURN_IF_ERROR(
      ReadList(ctx, object, path, "removed", m.removed, ref_id));
  auto ref = [&](bool full) {
    return [&ctx, &types, full, previous_owner = memory::OwnerId{}](
               const base::JsonValue& r,
               const std::string& item) mutable -> absl::StatusOr<RecordedRef> {
      const std::string at = item + ".";
      if (!r.is_object()) {
        return ctx.Error(fmt::format("\"{}\" must be an object", item));
      }
      RecordedRef out;
      WOD_ASSIGN_OR_RETURN(out.id, ctx.Ref(r, at, "id", /*nullable=*/false));
      if (full) {
        WOD_ASSIGN_OR_RETURN(const int64_t type, ctx.Int(r, at, "type"));
        if (type < 0 || type >= static_cast<int64_t>(types.size())) {
          return ctx.Error(fmt::format(
              "field \"{}type\": no type {} in the header's registry ({} "
              "types)",
              at, type, types.size()));
        }
        out.type = types[static_cast<size_t>(type)].name;
        // Absent: the owner of the ref before it in the list.
        if (r.Find("owner") != nullptr || previous_owner.is_null()) {
          WOD_ASSIGN_OR_RETURN(out.owner, ctx.Owner(r, at, "owner"));
        } else {
          out.owner = previous_owner;
        }
        previous_owner = out.owner;
        if (r.Find("parent") != nullptr) {
          WOD_ASSIGN_OR_RETURN(out.parent,
                               ctx.Ref(r, at, "parent", /*nullable=*/false));
        }
      }
      WOD_ASSIGN_OR_RETURN(out.value, ctx.String(r, at, "value"));
      if (r.Find("heap") != nullptr) {
        WOD_ASSIGN_OR_RETURN(const uint64_t heap, ctx.Unsigned(r, at, "heap"));
        out.heap = static_cast<int64_t>(heap);
      }
      return out;
    };
  };
  WOD_RETURN_IF_ERROR(ReadList(ctx, object, path, keyframe ? "refs" : "added",
                               m.added, ref(true)));
  if (keyframe && object.Find("refs") == nullptr) {
    return ctx.Error(fmt::format("missing field \"{}refs\"", path));
  }
  WOD_RETURN_IF_ERROR(
      ReadList(ctx, object, path, "changed", m.changed, ref(false)));
  // Every id list is in strictly ascending id order (Diff's merge order).
  auto ordered = [&](const auto& list, std::string_view key,
                     auto id_of) -> absl::Status {
    for (size_t i = 1; i < list.size(); ++i) {
      if (!(id_of(list[i - 1]) < id_of(list[i]))) {
        return ctx.Error(fmt::format(
            "\"{}{}[{}]\" is out of order (ids are sorted)", path, key, i));
      }
    }
    return absl::OkStatus();
  };
  auto ref_of = [](const RecordedRef& r) { return r.id; };
  auto id_itself = [](const memory::RefId& id) { return id; };
  WOD_RETURN_IF_ERROR(ordered(m.removed, "removed", id_itself));
  WOD_RETURN_IF_ERROR(ordered(m.added, keyframe ? "refs" : "added", ref_of));
  WOD_RETURN_IF_ERROR(ordered(m.changed, "changed", ref_of));
  return m;
}

// `previous`: the previous step's stack (empty for a keyframe step), where
// a block without type and label finds them under its key
// (docs/spec/recording.md §3.2).
absl::StatusOr<runtime::TraceBlock> ReadTraceBlock(
    const LineContext& ctx, const base::JsonValue& b, const std::string& path,
    const std::vector<runtime::TraceBlock>& previous) {
  runtime::TraceBlock block;
  WOD_ASSIGN_OR_RETURN(auto key, ctx.String(b, path, "key"));
  if (b.Find("type") == nullptr && b.Find("label") == nullptr) {
    const runtime::TraceBlock* known = nullptr;
    for (const runtime::TraceBlock& p : previous) {
      if (p.key == key) {
        known = &p;
        break;
      }
    }
    if (known == nullptr) {
      return ctx.Error(fmt::format(
          "missing field \"{}type\" (block {} was not on the previous "
          "step's stack)",
          path, key));
    }
    block.type = known->type;
    block.label = known->label;
  } else {
    WOD_ASSIGN_OR_RETURN(block.type, ctx.String(b, path, "type"));
    WOD_ASSIGN_OR_RETURN(block.label, ctx.String(b, path, "label"));
  }
  block.key = std::move(key);
  WOD_ASSIGN_OR_RETURN(
      auto round,
      ctx.OptionalField(b, path, "round", base::JsonValue::Kind::kArray));
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
  WOD_ASSIGN_OR_RETURN(
      auto timer,
      ctx.OptionalField(b, path, "timer", base::JsonValue::Kind::kObject));
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
      ctx.OptionalField(b, path, "complete", base::JsonValue::Kind::kString));
  if (complete != nullptr) block.complete_reason = complete->string();
  return block;
}

absl::StatusOr<runtime::TraceRecord> ReadTraceRecord(const LineContext& ctx,
                                                     const base::JsonValue& r,
                                                     const std::string& path) {
  runtime::TraceRecord record;
  WOD_ASSIGN_OR_RETURN(auto kind, ctx.String(r, path, "kind"));
  WOD_ASSIGN_OR_RETURN(
      auto fields, ctx.Field(r, path, "fields", base::JsonValue::Kind::kArray));
  WOD_RETURN_IF_ERROR(ctx.CheckEntries(*fields, path + "fields"));
  record.kind = std::move(kind);
  for (const base::JsonValue& pair : fields->items()) {
    if (!pair.is_array() || pair.items().size() != 2 ||
        !pair.items()[0].is_string() || !pair.items()[1].is_string()) {
      return ctx.Error(fmt::format(
          "field \"{}fields\" must hold [name, value] string pairs", path));
    }
    record.fields.emplace_back(pair.items()[0].string(),
                               pair.items()[1].string());
  }
  // Absent: the text the kind and fields give (docs/spec/recording.md §3.3).
  if (r.Find("text") != nullptr) {
    WOD_ASSIGN_OR_RETURN(record.text, ctx.String(r, path, "text"));
  } else if (std::optional<std::string> text = DerivedRecordText(record)) {
    record.text = *std::move(text);
  } else {
    return ctx.Error(fmt::format(
        "missing field \"{}text\" (its kind and fields do not give it)", path));
  }
  return record;
}

// `expected_step` for ReadStep: any index, but the step must hold a keyframe
// (a stream's first step, or the first after a gap):
// docs/spec/recording.md §1.5.
constexpr int64_t kAnyKeyframeStep = -1;

absl::StatusOr<RecordedStep> ReadStep(
    const LineContext& ctx, const base::JsonValue& line, int64_t expected_step,
    const std::vector<RecordedType>& types,
    const std::vector<runtime::TraceBlock>& previous_stack) {
  RecordedStep step;
  step.line = ctx.line();
  WOD_ASSIGN_OR_RETURN(auto index, ctx.Int(line, "", "step"));
  if (expected_step == kAnyKeyframeStep) {
    // A stream read from its middle (docs/spec/recording.md §1.5): any
    // index, but only a keyframe can stand alone.
    if (index < 0) {
      return ctx.Error(fmt::format("step {} is negative", index));
    }
    if (line.Find("keyframe") == nullptr) {
      return ctx.Error(fmt::format(
          "step {} is the first one read after a gap and must hold a "
          "keyframe",
          index));
    }
  } else if (index != expected_step) {
    return ctx.Error(
        fmt::format("out-of-order step: expected step {}, got step {}",
                    expected_step, index));
  }
  step.step = index;
  WOD_ASSIGN_OR_RETURN(
      auto command_value,
      ctx.OptionalField(line, "", "command", base::JsonValue::Kind::kString));
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
      return ctx.Error(fmt::format("field \"command\": {}",
                                   base::StatusMessage(commands.status())));
    }
    if (commands->size() != 1) {
      return ctx.Error(
          fmt::format("field \"command\" must hold exactly one command, got {}",
                      commands->size()));
    }
    step.command = (*commands)[0];
  }
  // Absent fields hold their usual value (docs/spec/recording.md §3.1).
  std::string action = DefaultAction(step.command);
  if (line.Find("action") != nullptr) {
    WOD_ASSIGN_OR_RETURN(action, ctx.String(line, "", "action"));
  }
  WOD_ASSIGN_OR_RETURN(auto t_ms, ctx.Int(line, "", "t_ms"));
  bool ended = false;
  if (line.Find("session_ended") != nullptr) {
    WOD_ASSIGN_OR_RETURN(ended, ctx.Bool(line, "", "session_ended"));
  }
  step.trace.index = index;
  step.trace.action = std::move(action);
  step.trace.t_ms = t_ms;
  step.trace.session_ended = ended;
  WOD_ASSIGN_OR_RETURN(
      auto stack, ctx.Field(line, "", "stack", base::JsonValue::Kind::kArray));
  WOD_RETURN_IF_ERROR(ctx.CheckEntries(*stack, "stack"));
  // A keyframe step stands alone: its blocks are whole.
  static const std::vector<runtime::TraceBlock> kNone;
  const std::vector<runtime::TraceBlock>& previous =
      line.Find("keyframe") != nullptr ? kNone : previous_stack;
  for (size_t i = 0; i < stack->items().size(); ++i) {
    const std::string path = fmt::format("stack[{}].", i);
    if (!stack->items()[i].is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    WOD_ASSIGN_OR_RETURN(
        auto block, ReadTraceBlock(ctx, stack->items()[i], path, previous));
    step.trace.stack.push_back(std::move(block));
  }
  WOD_ASSIGN_OR_RETURN(
      const base::JsonValue* emitted,
      ctx.OptionalField(line, "", "emitted", base::JsonValue::Kind::kArray));
  if (emitted != nullptr) {
    WOD_RETURN_IF_ERROR(ctx.CheckEntries(*emitted, "emitted"));
  }
  for (size_t i = 0; emitted != nullptr && i < emitted->items().size(); ++i) {
    const std::string path = fmt::format("emitted[{}].", i);
    if (!emitted->items()[i].is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    WOD_ASSIGN_OR_RETURN(auto record,
                         ReadTraceRecord(ctx, emitted->items()[i], path));
    step.trace.emitted.push_back(std::move(record));
  }
  WOD_ASSIGN_OR_RETURN(
      auto usage, ctx.Field(line, "", "usage", base::JsonValue::Kind::kObject));
  WOD_ASSIGN_OR_RETURN(auto refs, ctx.Int(*usage, "usage.", "live_refs"));
  WOD_ASSIGN_OR_RETURN(auto bytes, ctx.Int(*usage, "usage.", "heap_bytes"));
  step.usage.live_refs = refs;
  step.usage.heap_bytes = bytes;
  const base::JsonValue* keyframe = line.Find("keyframe");
  const base::JsonValue* delta = line.Find("delta");
  if ((keyframe == nullptr) == (delta == nullptr)) {
    return ctx.Error("a step holds exactly one of \"keyframe\" and \"delta\"");
  }
  if (index == 0 && keyframe == nullptr) {
    return ctx.Error("step 0 must hold a keyframe");
  }
  const bool is_keyframe = keyframe != nullptr;
  WOD_ASSIGN_OR_RETURN(const base::JsonValue* memory,
                       ctx.Field(line, "", is_keyframe ? "keyframe" : "delta",
                                 base::JsonValue::Kind::kObject));
  WOD_ASSIGN_OR_RETURN(step.memory,
                       ReadMemory(ctx, *memory, is_keyframe, types));
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
  absl::StatusOr<base::JsonValue> json = base::ParseJson(text);
  if (!json.ok()) {
    return ctx.Error(fmt::format("missing header: {} ({})",
                                 base::StatusMessage(json.status()), expected));
  }
  const base::JsonValue* format = json->Find("format");
  if (!json->is_object() || format == nullptr || !format->is_string() ||
      format->string() != kRecordingFormat) {
    return ctx.Error(fmt::format("missing header ({})", expected));
  }
  RecordingHeader header;
  WOD_ASSIGN_OR_RETURN(auto version, ctx.Int(*json, "", "version"));
  // docs/spec/recording.md §10: older versions are refused by name.
  if (version >= 1 && version < kRecordingVersion) {
    return absl::UnimplementedError(fmt::format(
        "line 1: recording format version {} is no longer read; re-record it "
        "with this wod-run",
        version));
  }
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
  WOD_ASSIGN_OR_RETURN(
      auto types, ctx.Field(*json, "", "types", base::JsonValue::Kind::kArray));
  // The registry must be this build's, type for type: values are read back
  // through this build's TypeInfos (docs/spec/recording.md §2.2).
  const std::vector<RecordedType> ours = BuildTypeRegistry();
  for (size_t i = 0; i < types->items().size(); ++i) {
    const base::JsonValue& t = types->items()[i];
    const std::string path = fmt::format("types[{}].", i);
    if (!t.is_object()) {
      return ctx.Error(fmt::format("\"{}\" must be an object", path));
    }
    RecordedType type;
    WOD_ASSIGN_OR_RETURN(type.name, ctx.String(t, path, "name"));
    WOD_ASSIGN_OR_RETURN(type.cpp, ctx.String(t, path, "cpp"));
    WOD_ASSIGN_OR_RETURN(type.size, ctx.Int(t, path, "size"));
    WOD_ASSIGN_OR_RETURN(type.parse, ctx.Bool(t, path, "parse"));
    WOD_ASSIGN_OR_RETURN(
        const base::JsonValue* fields,
        ctx.Field(t, path, "fields", base::JsonValue::Kind::kArray));
    for (size_t f = 0; f < fields->items().size(); ++f) {
      const base::JsonValue& name = fields->items()[f];
      if (!name.is_string()) {
        return ctx.Error(
            fmt::format("field \"{}fields[{}]\" must be a string", path, f));
      }
      type.fields.push_back(name.string());
    }
    // `cpp` is informative only: compilers spell one type differently
    // (g++ `std::__cxx11::basic_string<char>`, clang
    // `std::basic_string<char>`), and a recording made by one build must
    // open in the other.
    if (i < ours.size() && ours[i].name == type.name &&
        ours[i].size == type.size && ours[i].parse == type.parse &&
        ours[i].fields != type.fields) {
      return ctx.Error(fmt::format(
          "type {} \"{}\" has the fields [{}], this build's has [{}] (the "
          "recording was made by another build of wod; re-record it)",
          i, type.name, fmt::join(type.fields, ","),
          fmt::join(ours[i].fields, ",")));
    }
    if (i >= ours.size() || ours[i].name != type.name ||
        ours[i].size != type.size || ours[i].parse != type.parse) {
      return ctx.Error(fmt::format(
          "type {} \"{}\" ({}, {} bytes) is not this build's type {} (the "
          "recording was made by another build of wod; re-record it)",
          i, type.name, type.cpp, type.size,
          i < ours.size() ? fmt::format("\"{}\" ({}, {} bytes)", ours[i].name,
                                        ours[i].cpp, ours[i].size)
                          : std::string("(none)")));
    }
    header.types.push_back(std::move(type));
  }
  if (header.types.size() != ours.size()) {
    return ctx.Error(fmt::format(
        "the header registers {} types, this build has {} (re-record it)",
        header.types.size(), ours.size()));
  }
  header.version = version;
  header.source = std::move(source);
  header.script = std::move(script);
  header.keyframe_interval = interval;
  return header;
}

}  // namespace

namespace {

// Reads the end line `json` into `recording`; an error names the line.
absl::Status ReadEndLine(const LineContext& ctx, const base::JsonValue& json,
                         int64_t expected) {
  const base::JsonValue* end = json.Find("end");
  const base::JsonValue* steps = json.Find("steps");
  if (!end->is_bool() || !end->boolean()) {
    return ctx.Error("field \"end\" must be true");
  }
  if (steps == nullptr || !steps->is_integer()) {
    return ctx.Error("field \"steps\" must be an integer");
  }
  if (steps->integer() != expected) {
    return ctx.Error(
        fmt::format("the end line counts {} steps but {} were read",
                    steps->integer(), expected));
  }
  return absl::OkStatus();
}

// "steps 0-K before it are complete and kept", for `complete` steps.
std::string KeptSteps(int64_t complete) {
  return complete == 0 ? "no step before it is complete"
         : complete == 1
             ? "step 0 before it is complete and kept"
             : fmt::format("steps 0-{} before it are complete and kept",
                           complete - 1);
}

// docs/spec/recording.md §8.4: a line longer than the limit.
absl::Status LineTooLong(const base::JsonLine& line, size_t limit,
                         int64_t complete) {
  return absl::ResourceExhaustedError(fmt::format(
      "line {}: longer than the {} bytes a line may hold (reading stopped "
      "there); {}",
      line.number, limit, KeptSteps(complete)));
}

// Reads one line after the header: a step into `step` (true), or the end
// line (false, `ended` set). The error is the problem that stops loading.
// `expected` counts the steps read (the end line must name it); `index` is
// the step the line must hold (kAnyKeyframeStep: any keyframe).
absl::StatusOr<bool> ReadLine(
    const base::JsonLine& line, const RecordingHeader& header,
    const RecordingLimits& limits, int64_t expected, int64_t index, bool& ended,
    const std::vector<runtime::TraceBlock>& previous_stack,
    RecordedStep& step) {
  const LineContext ctx(line.number, limits.max_list_entries);
  if (ended) return ctx.Error("unexpected text after the end line");
  if (line.too_long) return LineTooLong(line, limits.max_line_bytes, expected);
  if (line.text.empty()) {
    return ctx.Error("empty line (expected a step or the end line)");
  }
  absl::StatusOr<base::JsonValue> json = base::ParseJson(line.text);
  if (!json.ok()) {
    const std::string why = base::StatusMessage(json.status());
    if (line.complete) return ctx.Error(fmt::format("bad JSON: {}", why));
    // The writer flushes whole lines (docs/spec/recording.md §1.2), so a
    // last line without its newline is one the writer never finished: say
    // so, and what is kept, without guessing what the line was.
    return absl::DataLossError(fmt::format(
        "line {}: truncated: the file ends inside this line, after {} bytes "
        "and no newline (the recording was interrupted); {} (JSON {})",
        line.number, line.text.size(), KeptSteps(expected), why));
  }
  if (!json->is_object()) {
    return ctx.Error(fmt::format("expected a JSON object, got {}",
                                 base::JsonValue::KindName(json->kind())));
  }
  if (json->Find("end") != nullptr) {
    WOD_RETURN_IF_ERROR(ReadEndLine(ctx, *json, expected));
    ended = true;
    return false;
  }
  if (json->Find("step") == nullptr) {
    return ctx.Error(json->Find("format") != nullptr
                         ? "a second header line"
                         : "not a step or end line (no \"step\" field)");
  }
  if (expected >= limits.max_steps) {
    return absl::ResourceExhaustedError(
        fmt::format("line {}: more than the {} steps a recording may hold; {}",
                    line.number, limits.max_steps, KeptSteps(expected)));
  }
  WOD_ASSIGN_OR_RETURN(
      step, ReadStep(ctx, *json, index, header.types, previous_stack));
  return true;
}

}  // namespace

RecordingReader::RecordingReader(std::unique_ptr<base::JsonLineReader> lines,
                                 RecordingLimits limits)
    : lines_(std::move(lines)), limits_(limits) {
  lines_->set_max_line_bytes(limits_.max_line_bytes);
}

RecordingReader::~RecordingReader() = default;

absl::Status RecordingReader::OpenHeader() {
  base::JsonLine line;
  if (!lines_->Next(line)) return ReadHeader(std::string_view()).status();
  if (line.too_long) {
    return absl::ResourceExhaustedError(fmt::format(
        "line 1: the header is longer than the {} bytes a line may hold",
        limits_.max_line_bytes));
  }
  try {
    WOD_ASSIGN_OR_RETURN(header_, ReadHeader(line.text));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        fmt::format("line 1: out of memory reading the header ({} bytes)",
                    line.text.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RecordingReader>> RecordingReader::Open(
    std::istream& in, RecordingLimits limits) {
  std::unique_ptr<RecordingReader> reader(
      new RecordingReader(std::make_unique<base::JsonLineReader>(&in), limits));
  WOD_RETURN_IF_ERROR(reader->OpenHeader());
  return reader;
}

absl::StatusOr<std::unique_ptr<RecordingReader>> RecordingReader::Open(
    std::string_view text, RecordingLimits limits) {
  std::unique_ptr<RecordingReader> reader(new RecordingReader(
      std::make_unique<base::JsonLineReader>(text), limits));
  WOD_RETURN_IF_ERROR(reader->OpenHeader());
  return reader;
}

bool RecordingReader::Next(RecordedStep& step) {
  base::JsonLine line;
  while (!done_ && lines_->Next(line)) {
    // docs/spec/recording.md §8.4: running out of memory on a line is an
    // error at that line like any other; the steps before it stay.
    absl::StatusOr<bool> read;
    try {
      read = blocks::ReadLine(line, header_, limits_, steps_, steps_, ended_,
                              previous_stack_, step);
    } catch (const std::bad_alloc&) {
      read = absl::ResourceExhaustedError(
          fmt::format("line {}: out of memory reading this line ({} bytes); {}",
                      line.number, line.text.size(), KeptSteps(steps_)));
    }
    if (!read.ok()) {
      error_ = read.status();
      done_ = true;
      return false;
    }
    if (*read) {
      ++steps_;
      previous_stack_ = step.trace.stack;
      return true;
    }
  }
  done_ = true;
  return false;
}

namespace {

absl::StatusOr<Recording> Load(RecordingReader& reader) {
  Recording recording;
  recording.header = reader.header();
  RecordedStep step;
  while (reader.Next(step)) {
    try {
      recording.steps.push_back(std::move(step));
    } catch (const std::bad_alloc&) {
      recording.error = absl::ResourceExhaustedError(
          fmt::format("line {}: out of memory keeping step {} ({} steps kept)",
                      step.line, step.step, recording.steps.size()));
      return recording;
    }
    step = RecordedStep();
  }
  recording.error = reader.error();
  recording.ended = reader.ended();
  return recording;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecordingReader>>
RecordingReader::FromHeaderLine(std::string_view line, RecordingLimits limits) {
  std::unique_ptr<RecordingReader> reader(new RecordingReader(
      std::make_unique<base::JsonLineReader>(std::string_view()), limits));
  reader->done_ = true;  // Next() has no file to read
  if (line.size() > limits.max_line_bytes) {
    return absl::ResourceExhaustedError(fmt::format(
        "line 1: the header is longer than the {} bytes a line may hold",
        limits.max_line_bytes));
  }
  try {
    WOD_ASSIGN_OR_RETURN(reader->header_, ReadHeader(line));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(fmt::format(
        "line 1: out of memory reading the header ({} bytes)", line.size()));
  }
  reader->next_step_ = kAnyKeyframeStep;
  return reader;
}

absl::StatusOr<bool> RecordingReader::ReadLine(std::string_view text,
                                               RecordedStep& step) {
  base::JsonLine line;
  line.number = ++lines_read_;
  line.complete = true;  // a stream hands over whole lines
  line.too_long = text.size() > limits_.max_line_bytes;
  line.text = line.too_long ? text.substr(0, limits_.max_line_bytes) : text;
  // The end line names the count of the whole session: the next index.
  const int64_t count = next_step_ == kAnyKeyframeStep ? steps_ : next_step_;
  absl::StatusOr<bool> read;
  try {
    read = blocks::ReadLine(line, header_, limits_, count, next_step_, ended_,
                            previous_stack_, step);
  } catch (const std::bad_alloc&) {
    read = absl::ResourceExhaustedError(
        fmt::format("line {}: out of memory reading this line ({} bytes)",
                    line.number, text.size()));
  }
  if (read.ok() && *read) {
    ++steps_;
    next_step_ = step.step + 1;
    previous_stack_ = step.trace.stack;
  }
  return read;
}

void RecordingReader::MarkGap() {
  next_step_ = kAnyKeyframeStep;
  previous_stack_.clear();
}

bool IsEndLine(std::string_view line) {
  return line.starts_with(R"({"end":true)");
}

absl::StatusOr<Recording> LoadRecording(std::string_view text) {
  WOD_ASSIGN_OR_RETURN(std::unique_ptr<RecordingReader> reader,
                       RecordingReader::Open(text));
  return Load(*reader);
}

absl::StatusOr<Recording> LoadRecording(std::istream& in) {
  WOD_ASSIGN_OR_RETURN(std::unique_ptr<RecordingReader> reader,
                       RecordingReader::Open(in));
  absl::StatusOr<Recording> recording = Load(*reader);
  if (recording.ok() && in.bad()) {
    return absl::DataLossError("cannot read the recording");
  }
  return recording;
}

}  // namespace wod::blocks
