#include "memory/type_info.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/numbers.h"

namespace wod::memory {
namespace internal {

absl::StatusOr<std::string> UnquoteString(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return absl::InvalidArgumentError("string value must be quoted");
  }
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 2 >= text.size()) {
      return absl::InvalidArgumentError("dangling escape in string value");
    }
    const char e = text[++i];
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        if (i + 4 >= text.size()) {
          return absl::InvalidArgumentError("short \\u escape");
        }
        unsigned value = 0;
        for (int k = 0; k < 4; ++k) {
          const char h = text[++i];
          value <<= 4;
          if (h >= '0' && h <= '9') {
            value |= static_cast<unsigned>(h - '0');
          } else if (h >= 'a' && h <= 'f') {
            value |= static_cast<unsigned>(h - 'a' + 10);
          } else if (h >= 'A' && h <= 'F') {
            value |= static_cast<unsigned>(h - 'A' + 10);
          } else {
            return absl::InvalidArgumentError("bad \\u escape");
          }
        }
        if (value >= 0x80) {
          return absl::InvalidArgumentError(
              "only \\u escapes of ASCII control characters are supported");
        }
        out += static_cast<char>(value);
        break;
      }
      default:
        return absl::InvalidArgumentError("unknown escape in string value");
    }
  }
  return out;
}

absl::StatusOr<int64_t> ParseInt64(std::string_view text) {
  int64_t value;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
    return absl::InvalidArgumentError("not an integer");
  }
  return value;
}

absl::StatusOr<uint64_t> ParseUint64(std::string_view text) {
  uint64_t value;
  if (text.empty() || text.front() == '-' ||
      !absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
    return absl::InvalidArgumentError("not an unsigned integer");
  }
  return value;
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
