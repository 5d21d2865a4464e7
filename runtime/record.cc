#include "runtime/record.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/strings.h"
#include "runtime/step_trace.h"

namespace wod::runtime {
namespace {

std::string RoundText(const RoundValue& round) {
  return absl::StrCat(round.current, "/",
                      round.total.has_value() ? std::to_string(*round.total)
                                              : std::string("∞"));
}

// What every record starts with: its kind, its turn's time and the block
// that emitted it (null for errors).
Record Stamped(RecordKind kind, int64_t t_ms, memory::OwnerId key) {
  Record r;
  r.kind = kind;
  r.t_ms = t_ms;
  r.block = key;
  return r;
}

}  // namespace

void SegmentMetrics::Append(const SegmentMetrics& other) {
  rep.insert(rep.end(), other.rep.begin(), other.rep.end());
  resistance.insert(resistance.end(), other.resistance.begin(),
                    other.resistance.end());
  distance.insert(distance.end(), other.distance.begin(), other.distance.end());
}

Record Record::Push(int64_t t_ms, memory::OwnerId key, std::string label,
                    int level) {
  Record r = Stamped(RecordKind::kPush, t_ms, key);
  r.label = std::move(label);
  r.level = level;
  return r;
}

Record Record::Pop(int64_t t_ms, memory::OwnerId key, std::string label,
                   CompletionReason reason, int level) {
  Record r = Stamped(RecordKind::kPop, t_ms, key);
  r.label = std::move(label);
  r.reason = reason;
  r.level = level;
  return r;
}

Record Record::Sound(int64_t t_ms, memory::OwnerId key, std::string name,
                     std::optional<int64_t> second) {
  Record r = Stamped(RecordKind::kSound, t_ms, key);
  r.sound = std::move(name);
  r.sound_second = second;
  return r;
}

Record Record::Error(int64_t t_ms, RuntimeErrorCode code) {
  Record r = Stamped(RecordKind::kError, t_ms, memory::OwnerId());
  r.error = code;
  return r;
}

TraceRecord Record::ToTrace() const {
  TraceRecord out;
  out.kind = std::string(RecordKindName(kind));
  const std::string reason_text(CompletionReasonName(reason));
  const std::string block_key = block.is_null() ? "" : memory::ToString(block);
  // docs/spec/step-trace.md §2: the push record carries the whole label, every
  // other record at most kMaxShownLabelCodePoints of it.
  const std::string shown =
      kind == RecordKind::kPush ? label : ShortLabel(label);
  switch (kind) {
    case RecordKind::kPush:
      out.fields = {{"label", label},
                    {"key", block_key},
                    {"level", std::to_string(level)}};
      out.text = absl::StrCat("push ", base::QuoteLabel(label));
      break;
    case RecordKind::kPop:
      out.fields = {{"label", shown},
                    {"key", block_key},
                    {"reason", reason_text},
                    {"level", std::to_string(level)}};
      out.text =
          absl::StrCat("pop ", base::QuoteLabel(shown), " (", reason_text, ")");
      break;
    case RecordKind::kSegment: {
      out.fields = {{"label", shown},
                    {"key", block_key},
                    {"reason", reason_text},
                    {"level", std::to_string(level)},
                    {"elapsed", std::to_string(elapsed_ms)}};
      std::string body =
          absl::StrCat(reason_text, ", L", level, ", elapsed=", elapsed_ms);
      if (total_ms != elapsed_ms) {
        absl::StrAppend(&body, ", total=", total_ms);
        out.fields.emplace_back("total", std::to_string(total_ms));
      }
      const std::pair<const char*, const std::vector<std::string>*> parts[] = {
          {"rep", &metrics.rep},
          {"resistance", &metrics.resistance},
          {"distance", &metrics.distance}};
      for (const auto& [name, values] : parts) {
        if (values->empty()) continue;
        std::string joined = absl::StrJoin(*values, "|");
        absl::StrAppend(&body, ", ", name, "=", joined);
        out.fields.emplace_back(name, std::move(joined));
      }
      if (round.has_value()) {
        absl::StrAppend(&body, ", round=", RoundText(*round));
        out.fields.emplace_back("round", RoundText(*round));
      }
      std::string kind_tag =
          segment_kind.empty() ? "" : absl::StrCat("[", segment_kind, "]");
      if (!segment_kind.empty()) out.fields.emplace_back("kind", segment_kind);
      out.text = absl::StrCat("segment ", base::QuoteLabel(shown), kind_tag,
                              " (", body, ")");
      break;
    }
    case RecordKind::kMilestone: {
      out.fields = {{"label", shown}, {"key", block_key}};
      std::string text =
          absl::StrCat("milestone ", base::QuoteLabel(shown), " Round ",
                       round.has_value() ? round->current : 0);
      if (round.has_value()) {
        out.fields.emplace_back("round", std::to_string(round->current));
        if (round->total.has_value()) {
          absl::StrAppend(&text, " of ", *round->total);
          out.fields.emplace_back("of", std::to_string(*round->total));
        }
      }
      if (milestone_has_elapsed) {
        absl::StrAppend(&text, " elapsed=", elapsed_ms);
        out.fields.emplace_back("elapsed", std::to_string(elapsed_ms));
      }
      out.text = std::move(text);
      break;
    }
    case RecordKind::kSound:
      out.fields = {{"name", sound}, {"key", block_key}};
      if (sound_second.has_value()) {
        out.fields.emplace_back("second", std::to_string(*sound_second));
        out.text = absl::StrCat("sound(", sound, "@", *sound_second, "s)");
      } else {
        out.text = absl::StrCat("sound(", sound, ")");
      }
      break;
    case RecordKind::kError: {
      std::string message(RuntimeErrorMessage(error));
      out.fields = {{"message", message}};
      out.text =
          absl::StrCat("runtime error recorded: ", base::QuoteLabel(message));
      break;
    }
    case RecordKind::kCount:
      break;
  }
  return out;
}

}  // namespace wod::runtime
