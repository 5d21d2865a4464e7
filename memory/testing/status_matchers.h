// gMock matchers for absl::Status and absl::StatusOr<T> (Abseil 20220623
// has none).
//
//   EXPECT_THAT(memory.ReleaseOwner(owner), IsOk());
//   EXPECT_THAT(ref.Set(1), StatusIs(absl::StatusCode::kFailedPrecondition));
//   EXPECT_THAT(ref.Get(), IsOkAndHolds(42));
//
// Tests assert codes, never message text (docs/spec/design.md §8.1).

#ifndef WOD_MEMORY_TESTING_STATUS_MATCHERS_H_
#define WOD_MEMORY_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace wod::memory::testing {
namespace internal {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace internal

// Matches an OK Status or a StatusOr holding a value.
MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = internal::GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status.ToString();
  return status.ok();
}

// Matches a Status / StatusOr whose code is `code`.
MATCHER_P(StatusIs, code,
          std::string(negation ? "has a code other than " : "has code ") +
              absl::StatusCodeToString(code)) {
  const absl::Status& status = internal::GetStatus(arg);
  *result_listener << "status is " << status.ToString();
  return status.code() == code;
}

// Matches an OK StatusOr whose value matches `inner`.
MATCHER_P(IsOkAndHolds, inner,
          negation ? "is not OK or holds a non-matching value"
                   : "is OK and holds a matching value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status().ToString();
    return false;
  }
  return ::testing::ExplainMatchResult(inner, *arg, result_listener);
}

}  // namespace wod::memory::testing

#endif  // WOD_MEMORY_TESTING_STATUS_MATCHERS_H_
