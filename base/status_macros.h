// Status propagation macros for wod.
//
// Abseil 20220623 (the Debian 12 package we build against) has no
// `ABSL_RETURN_IF_ERROR` / `ABSL_ASSIGN_OR_RETURN`, so we supply two small
// macros shaped like the newer Abseil ones, so that a later switch is a rename
// (docs/spec/design.md §8.1).
//
// Usage:
//
//   absl::Status Load(RuntimeMemory& memory, OwnerId owner) {
//     WOD_ASSIGN_OR_RETURN(auto ref, memory.Allocate(tag, 0, owner));
//     WOD_RETURN_IF_ERROR(ref.Set(1));
//     return absl::OkStatus();
//   }
//
// Both macros accept an `absl::Status` or an `absl::StatusOr<T>` expression.
// WOD_ASSIGN_OR_RETURN's left-hand side may be a declaration (`auto x`,
// `int x`) or an existing lvalue; a type containing a top-level comma must be
// spelled through an alias or `auto`.

#ifndef WOD_BASE_STATUS_MACROS_H_
#define WOD_BASE_STATUS_MACROS_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace wod::base::internal {

inline const absl::Status& AsStatus(const absl::Status& status) {
  return status;
}
inline absl::Status AsStatus(absl::Status&& status) {
  return std::move(status);
}
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}
template <typename T>
absl::Status AsStatus(absl::StatusOr<T>&& status_or) {
  return std::move(status_or).status();
}

}  // namespace wod::base::internal

namespace wod::base {

// The status message as std::string, for fmt::format: Debian's Abseil has
// its own string_view type, which fmt cannot format.
inline std::string StatusMessage(const absl::Status& status) {
  return std::string(status.message());
}

}  // namespace wod::base

#define WOD_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define WOD_STATUS_MACROS_CONCAT_(a, b) WOD_STATUS_MACROS_CONCAT_INNER_(a, b)

// Evaluates `expr` once; if it is not OK, returns its status from the
// enclosing function (which must return absl::Status or absl::StatusOr<U>).
#define WOD_RETURN_IF_ERROR(expr)                                          \
  do {                                                                     \
    ::absl::Status wod_status_macros_status_ =                             \
        ::wod::base::internal::AsStatus(expr);                             \
    if (!wod_status_macros_status_.ok()) return wod_status_macros_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>) once; on error returns its status,
// otherwise moves the value into `lhs`.
#define WOD_ASSIGN_OR_RETURN(lhs, rexpr)                                     \
  WOD_ASSIGN_OR_RETURN_IMPL_(                                                \
      WOD_STATUS_MACROS_CONCAT_(wod_status_macros_statusor_, __LINE__), lhs, \
      rexpr)

#define WOD_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)   \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // WOD_BASE_STATUS_MACROS_H_
