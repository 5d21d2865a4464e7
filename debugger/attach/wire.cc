#include "debugger/attach/wire.h"

#include <charconv>
#include <system_error>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace wod::attach {
namespace {

constexpr std::string_view kGapPrefix = R"({"gap":)";
constexpr std::string_view kUnixScheme = "unix:";

}  // namespace

std::string GapLine(uint64_t dropped) {
  return fmt::format(R"({{"gap":{}}})", dropped);
}

std::optional<uint64_t> ParseGapLine(std::string_view line) {
  if (!line.starts_with(kGapPrefix) || !line.ends_with('}')) {
    return std::nullopt;
  }
  const std::string_view digits =
      line.substr(kGapPrefix.size(), line.size() - kGapPrefix.size() - 1);
  if (digits.empty()) return std::nullopt;
  uint64_t n = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return n;
}

absl::StatusOr<std::string> ParseUnixAddress(std::string_view address) {
  if (!address.starts_with(kUnixScheme)) {
    return absl::InvalidArgumentError(
        fmt::format("attach address '{}' must be spelled unix:PATH", address));
  }
  std::string path(address.substr(kUnixScheme.size()));
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "attach address 'unix:' has an empty socket path");
  }
  if (path.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("attach socket path contains a NUL byte");
  }
  if (path.size() > kMaxSocketPathBytes) {
    return absl::InvalidArgumentError(fmt::format(
        "attach socket path is {} bytes; sun_path holds 108 bytes including "
        "the terminating NUL, so at most {} (use a shorter directory, e.g. "
        "one made by mkdtemp under /tmp or $XDG_RUNTIME_DIR): {}",
        path.size(), kMaxSocketPathBytes, path));
  }
  return path;
}

}  // namespace wod::attach
