#include "debugger/model/watch.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "base/json.h"
#include "debugger/model/diff_view.h"
#include "fmt/format.h"

namespace wod::debugger {

Watch Watch::OnRef(RefKey id) {
  Watch w;
  w.kind = Kind::kRef;
  w.ref = id;
  w.label = "ref " + RefKeyText(id);
  return w;
}

Watch Watch::OnType(std::string type_name) {
  Watch w;
  w.kind = Kind::kType;
  w.label = "type " + type_name;
  w.type = std::move(type_name);
  return w;
}

Watch Watch::OnOwner(OwnerKey owner, std::string owner_label) {
  Watch w;
  w.kind = Kind::kOwner;
  w.owner = owner;
  w.label = "owner " + owner_label;
  return w;
}

namespace {

constexpr std::string_view kOpTexts[] = {"==", "!=", "<", "<=", ">", ">="};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// The whole text as a number, or nothing.
std::optional<double> AsNumber(std::string_view s) {
  s = Trim(s);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    return std::nullopt;
  return v;
}

template <class T>
bool Compare(WatchCondition::Op op, const T& a, const T& b) {
  switch (op) {
    case WatchCondition::Op::kEq:
      return a == b;
    case WatchCondition::Op::kNe:
      return a != b;
    case WatchCondition::Op::kLt:
      return a < b;
    case WatchCondition::Op::kLe:
      return a <= b;
    case WatchCondition::Op::kGt:
      return a > b;
    case WatchCondition::Op::kGe:
      return a >= b;
  }
  return false;
}

// The value of `field` of `row` in `frame`: the formatted value for
// "value", else the typed field; nothing when the frame has no such field.
std::optional<std::string> FieldOf(const Frame& frame, const RefRow& row,
                                   const std::string& field) {
  if (frame.fields != nullptr) {
    for (auto& [name, value] : frame.fields->Fields(row.id)) {
      if (name == field) return value;
    }
  }
  if (field == "value") return row.value;
  return std::nullopt;
}

bool Matches(const Watch& w, const Frame& frame, const RefRow& row) {
  switch (w.kind) {
    case Watch::Kind::kRef:
      return row.id == w.ref;
    case Watch::Kind::kType:
      return frame.TypeName(row.type) == w.type;
    case Watch::Kind::kOwner:
      return row.owner < frame.owners.size() &&
             frame.owners[row.owner].id == w.owner;
  }
  return false;
}

}  // namespace

std::string WatchCondition::Text() const {
  const bool quote = !AsNumber(literal).has_value();
  return fmt::format("{} {} {}", field, kOpTexts[static_cast<int>(op)],
                     quote ? fmt::format("\"{}\"", literal) : literal);
}

bool WatchCondition::Holds(std::string_view field_value) const {
  const std::optional<double> a = AsNumber(field_value);
  const std::optional<double> b = AsNumber(literal);
  if (a.has_value() && b.has_value()) return Compare(op, *a, *b);
  field_value = Trim(field_value);
  // A text value shows as a quoted string (`"5:00 Run"`); the literal is
  // written unquoted, so the text inside the quotes is compared
  // (docs/spec/debugger.md §2.8.1).
  if (field_value.size() >= 2 && field_value.front() == '"' &&
      field_value.back() == '"') {
    absl::StatusOr<base::JsonValue> text = base::ParseJson(field_value);
    if (text.ok() && text->is_string()) {
      return Compare(op, std::string_view(text->string()),
                     std::string_view(literal));
    }
  }
  return Compare(op, field_value, std::string_view(literal));
}

absl::StatusOr<Watch> Watch::Parse(std::string_view text, const Watch* base) {
  text = Trim(text);
  // The operator: the first of the two-character ones, else one character.
  size_t at = std::string_view::npos;
  size_t len = 0;
  int op = -1;
  for (size_t i = 0; i < text.size() && op < 0; ++i) {
    for (int k : {1, 3, 5, 0, 2, 4}) {  // two-character operators first
      const std::string_view o = kOpTexts[k];
      if (text.substr(i, o.size()) == o) {
        at = i;
        len = o.size();
        op = k;
        break;
      }
    }
  }
  if (op < 0) {
    return absl::InvalidArgumentError(fmt::format(
        "watch '{}': expected FIELD OP VALUE with OP one of == != < <= > >=",
        text));
  }
  const std::string_view lhs = Trim(text.substr(0, at));
  std::string_view rhs = Trim(text.substr(at + len));
  if (lhs.empty() || rhs.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("watch '{}': a field and a value are both needed", text));
  }
  if (rhs.front() == '"') {
    if (rhs.size() < 2 || rhs.back() != '"') {
      return absl::InvalidArgumentError(
          fmt::format("watch '{}': unterminated string", text));
    }
    rhs = rhs.substr(1, rhs.size() - 2);
  }
  Watch w;
  const size_t dot = lhs.find('.');
  std::string_view field = lhs;
  if (dot != std::string_view::npos) {
    w = OnType(std::string(lhs.substr(0, dot)));
    field = lhs.substr(dot + 1);
  } else if (base != nullptr) {
    w = *base;
    w.key = WatchKey::kNone;
  } else {
    return absl::InvalidArgumentError(fmt::format(
        "watch '{}': name the type (TYPE.FIELD), e.g. round.current >= 3",
        text));
  }
  if (field.empty() || w.label == "type ") {
    return absl::InvalidArgumentError(
        fmt::format("watch '{}': empty type or field name", text));
  }
  w.condition.field = std::string(field);
  w.condition.op = static_cast<WatchCondition::Op>(op);
  w.condition.literal = std::string(rhs);
  w.label += " when " + w.condition.Text();
  return w;
}

std::vector<WatchHit> EvaluateWatches(const std::vector<Watch>& watches,
                                      const Frame& before, const Frame& after) {
  std::vector<WatchHit> hits;
  bool any = false;
  for (const Watch& w : watches) any = any || w.enabled;
  if (!any) return hits;
  bool conditions = false;
  for (const Watch& w : watches) {
    conditions = conditions || (w.enabled && !w.condition.empty());
  }
  const FrameDiff d = Diff(before, after);
  // A condition can turn true on a step that changes no ref: a derived
  // field (a timer's elapsed time) moves with the frame's time.
  if (d.empty() && !conditions) return hits;
  for (size_t i = 0; i < watches.size(); ++i) {
    const Watch& w = watches[i];
    if (!w.enabled) continue;
    const std::string& field =
        w.condition.empty() ? std::string("value") : w.condition.field;
    auto value_in = [&](const Frame& frame, RefKey id) -> std::string {
      const int64_t at = frame.FindRef(id);
      if (at < 0) return "";
      return FieldOf(frame, frame.refs[static_cast<size_t>(at)], field)
          .value_or("?");
    };
    auto report = [&](RefKey id, const char* what) {
      WatchHit hit;
      hit.watch = i;
      hit.key = w.key;
      hit.step = after.step;
      hit.ref = id;
      hit.what = what;
      hit.old_value = value_in(before, id);
      hit.new_value = value_in(after, id);
      hit.message =
          fmt::format("watch '{}' fired at step {}: {} {}: {} → {}", w.label,
                      after.step, RefKeyText(id), what,
                      before.FindRef(id) < 0 ? "(none)" : hit.old_value,
                      after.FindRef(id) < 0 ? "(gone)" : hit.new_value);
      hits.push_back(std::move(hit));
    };
    if (!w.condition.empty()) {
      // Fires where the condition turns true for a matching ref: a live
      // ref whose field holds now and did not before (or that is new), the
      // first in id order, refs that were there before first
      // (docs/spec/debugger.md §2.8.1). Every matching ref is looked at,
      // not only the changed ones: a derived field changes with time alone.
      auto turned_true = [&](bool existed) {
        for (const RefRow& row : after.refs) {
          if (!Matches(w, after, row)) continue;
          const int64_t b = before.FindRef(row.id);
          if ((b >= 0) != existed) continue;
          const std::optional<std::string> now = FieldOf(after, row, field);
          if (!now.has_value() || !w.condition.Holds(*now)) continue;
          if (existed) {
            const std::optional<std::string> was =
                FieldOf(before, before.refs[static_cast<size_t>(b)], field);
            if (was.has_value() && w.condition.Holds(*was)) continue;
          }
          report(row.id, existed ? "changed" : "added");
          return true;
        }
        return false;
      };
      if (!turned_true(/*existed=*/true)) turned_true(/*existed=*/false);
      continue;
    }
    // The first ref of `ids` (found in `frame`) the watch matches fires
    // it; a watch fires at most once a step, changes before additions
    // before removals.
    auto fire_first = [&](const std::vector<RefKey>& ids, const Frame& frame,
                          const char* what) {
      for (RefKey id : ids) {
        if (Matches(w, frame,
                    frame.refs[static_cast<size_t>(frame.FindRef(id))])) {
          report(id, what);
          return true;
        }
      }
      return false;
    };
    if (fire_first(d.changed, after, "changed")) continue;
    if (fire_first(d.added, after, "added")) continue;
    fire_first(d.removed, before, "removed");
  }
  return hits;
}

std::vector<OwnershipViolation> CheckOwnership(const Frame& frame) {
  std::vector<OwnershipViolation> out;
  std::vector<bool> on_stack(frame.owners.size(), false);
  for (const BlockRow& b : frame.stack) {
    if (b.owner < on_stack.size()) on_stack[b.owner] = true;
  }
  for (const RefRow& r : frame.refs) {
    if (r.owner < frame.owners.size() && frame.owners[r.owner].is_block &&
        !on_stack[r.owner]) {
      const OwnerRow& o = frame.owners[r.owner];
      OwnershipViolation v;
      v.step = frame.step;
      v.ref = r.id;
      v.type = std::string(frame.TypeName(r.type));
      v.owner = OwnerText(frame, r.owner);
      v.owner_released = o.released_step;
      v.message = fmt::format(
          "step {}: ref {} ({}) outlives its owner '{}' \u00b7 {} (not on the "
          "stack{})",
          frame.step, RefKeyText(r.id), v.type, frame.OwnerLabel(r.owner),
          OwnerKeyText(o.id),
          o.released_step >= 0
              ? fmt::format(", popped at step {}", o.released_step)
              : "");
      out.push_back(std::move(v));
    } else if (r.parent != RefKey::kNone && frame.FindRef(r.parent) < 0) {
      OwnershipViolation v;
      v.step = frame.step;
      v.ref = r.id;
      v.type = std::string(frame.TypeName(r.type));
      v.owner = OwnerText(frame, r.owner);
      v.released_parent = true;
      v.message =
          fmt::format("step {}: ref {} has a released parent {}", frame.step,
                      RefKeyText(r.id), RefKeyText(r.parent));
      out.push_back(std::move(v));
    }
  }
  return out;
}

}  // namespace wod::debugger
