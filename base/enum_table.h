// Tables indexed by an enum: the name (or description) of each enumerator
// stands at the enumerator's value, and the enum ends with `kCount` so the
// table's size follows it. An enumerator added without its row leaves an
// empty entry, which `NoneEmpty` turns into a compile error rather than an
// empty name printed at run time.
//
//   enum class Color { kRed, kGreen, kCount };
//   inline constexpr base::EnumTable<Color> kColorNames = {"red", "green"};
//   static_assert(base::NoneEmpty(kColorNames), "every Color needs a name");
//   base::EnumTableAt(kColorNames, Color::kGreen);  // "green"
#ifndef WOD_BASE_ENUM_TABLE_H_
#define WOD_BASE_ENUM_TABLE_H_

#include <array>
#include <cstddef>
#include <string_view>

namespace wod::base {

// One row of T per enumerator of Enum (which ends with kCount).
template <class Enum, class T = std::string_view>
using EnumTable = std::array<T, static_cast<size_t>(Enum::kCount)>;

// The row of `value`, or a value-initialized T (e.g. "") for a value
// outside the table (kCount, or a cast from a bad integer).
template <class T, size_t N, class Enum>
[[nodiscard]] constexpr T EnumTableAt(const std::array<T, N>& table,
                                      Enum value) {
  const auto index = static_cast<size_t>(value);
  return index < N ? table[index] : T{};
}

// The row of `value`, or `fallback` for a value outside the table (for
// callers that print a marker such as "?" rather than an empty name).
template <class T, size_t N, class Enum>
[[nodiscard]] constexpr T EnumTableAt(const std::array<T, N>& table, Enum value,
                                      T fallback) {
  const auto index = static_cast<size_t>(value);
  return index < N ? table[index] : fallback;
}

// Whether every name from index `first` on is set (`first` skips rows that
// are empty on purpose, such as a kNone whose name is "").
template <size_t N>
[[nodiscard]] constexpr bool NoneEmpty(
    const std::array<std::string_view, N>& names, size_t first = 0) {
  for (size_t i = first; i < N; ++i) {
    if (names[i].empty()) return false;
  }
  return true;
}

// The same for a table of C strings (a missing row is null).
template <size_t N>
[[nodiscard]] constexpr bool NoneEmpty(const std::array<const char*, N>& names,
                                       size_t first = 0) {
  for (size_t i = first; i < N; ++i) {
    if (names[i] == nullptr || names[i][0] == '\0') return false;
  }
  return true;
}

}  // namespace wod::base

#endif  // WOD_BASE_ENUM_TABLE_H_
