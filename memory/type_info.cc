#include "memory/type_info.h"

#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <type_traits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/json.h"

namespace wod::memory {
namespace internal {

absl::StatusOr<std::string> UnquoteString(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return absl::InvalidArgumentError("string value must be quoted");
  }
  // One JSON string reader for the whole project: base's parser accepts
  // every escape base::JsonQuoted writes (and the rest of JSON's).
  absl::StatusOr<base::JsonValue> value = base::ParseJson(text);
  if (!value.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad string value: ", value.status().message()));
  }
  if (!value->is_string()) {
    return absl::InvalidArgumentError("string value must be quoted");
  }
  return value->string();
}

namespace {

// A whole decimal integer of type N; an unsigned one refuses a sign.
template <typename N>
absl::StatusOr<N> ParseWhole(std::string_view text, const char* what) {
  N value;
  const bool negative = !text.empty() && text.front() == '-';
  if (text.empty() || (std::is_unsigned_v<N> && negative) ||
      !absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
    return absl::InvalidArgumentError(what);
  }
  return value;
}

}  // namespace

absl::StatusOr<int64_t> ParseInt64(std::string_view text) {
  return ParseWhole<int64_t>(text, "not an integer");
}

absl::StatusOr<uint64_t> ParseUint64(std::string_view text) {
  return ParseWhole<uint64_t>(text, "not an unsigned integer");
}

absl::StatusOr<double> ParseDouble(std::string_view text) {
  double value;
  if (!absl::SimpleAtod(absl::string_view(text.data(), text.size()), &value)) {
    return absl::InvalidArgumentError("not a number");
  }
  return value;
}

absl::StatusOr<bool> ParseBool(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return absl::InvalidArgumentError("not a bool (true/false)");
}

}  // namespace internal

absl::StatusOr<TypeId> TypeTable::Find(std::string_view name) const {
  for (size_t i = 0; i < types_.size(); ++i) {
    if (types_[i].name == name) return static_cast<TypeId>(i);
  }
  return absl::NotFoundError(fmt::format("no memory type '{}'", name));
}

TypeRegistry::TypeRegistry()
    : table_(std::make_shared<const TypeTable>(std::vector<RegisteredType>{})) {
}

absl::StatusOr<TypeId> TypeRegistry::FindId(std::string_view name) const {
  return table_->Find(name);
}

absl::StatusOr<TypeId> TypeRegistry::RegisterErased(std::string name,
                                                    TypeInfo info) {
  if (name.empty()) return absl::InvalidArgumentError("empty type name");
  if (table_->Find(name).ok()) {
    return absl::AlreadyExistsError(
        fmt::format("memory type '{}' is already registered", name));
  }
  if (table_->size() >= kMaxTypes) {
    return absl::ResourceExhaustedError("too many memory types");
  }
  // Copy on write: snapshots keep the table they were taken with.
  std::vector<RegisteredType> types;
  types.reserve(table_->size() + 1);
  for (size_t i = 0; i < table_->size(); ++i) {
    types.push_back((*table_)[static_cast<TypeId>(i)]);
  }
  types.push_back(RegisteredType{std::move(name), std::move(info)});
  table_ = std::make_shared<const TypeTable>(std::move(types));
  return static_cast<TypeId>(table_->size() - 1);
}

namespace internal {

absl::Status WrongTypeError(std::string_view ref, const TypeInfo& held,
                            std::string_view requested) {
  return absl::InvalidArgumentError(
      fmt::format("ref {} holds a '{}' ({}), not the requested {}", ref,
                  held.name(), held.cpp_name(), requested));
}

}  // namespace internal

}  // namespace wod::memory
