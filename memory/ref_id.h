// Generational handles: RefId names one memory reference, OwnerId one owner
// (a runtime block's key), TypeId one registered memory type.
//
// A handle is `{index, generation}`. The store keeps one current generation
// per slot; a handle resolves only while its generation matches, so a
// released handle is detected in O(1) and is never undefined behaviour
// (docs/spec/design.md §2, §8.2). Generations
// handed out are in [1, 2^31), so the all-zero handle is the null handle and
// can never resolve.
//
// Ids are deterministic: the same sequence of calls on a new RuntimeMemory
// yields the same ids (never derived from time, pointers or randomness).
//
//   RefId id = ref.id();
//   if (id.is_null()) { ... }
//   fmt::print("{}", ToString(id));  // "#12.1"

#ifndef WOD_MEMORY_REF_ID_H_
#define WOD_MEMORY_REF_ID_H_

#include <compare>
#include <cstdint>
#include <string>
#include <utility>

namespace wod::memory {

// Names one memory reference. {0, 0} is null.
struct RefId {
  uint32_t index = 0;
  uint32_t generation = 0;

  [[nodiscard]] constexpr bool is_null() const { return generation == 0; }
  // One 64-bit key (index in the high half so keys sort like ids).
  [[nodiscard]] constexpr uint64_t packed() const {
    return (uint64_t{index} << 32) | generation;
  }
  [[nodiscard]] static constexpr RefId FromPacked(uint64_t packed) {
    return RefId{static_cast<uint32_t>(packed >> 32),
                 static_cast<uint32_t>(packed & 0xFFFFFFFFu)};
  }

  friend constexpr bool operator==(RefId, RefId) = default;
  friend constexpr auto operator<=>(RefId, RefId) = default;
  template <typename H>
  friend H AbslHashValue(H h, RefId id) {
    return H::combine(std::move(h), id.index, id.generation);
  }
};

// Names one owner (a block instance). Generational too, so a block key is
// never reused for another block. {0, 0} is null ("no owner").
struct OwnerId {
  uint32_t index = 0;
  uint32_t generation = 0;

  [[nodiscard]] constexpr bool is_null() const { return generation == 0; }
  [[nodiscard]] constexpr uint64_t packed() const {
    return (uint64_t{index} << 32) | generation;
  }

  friend constexpr bool operator==(OwnerId, OwnerId) = default;
  friend constexpr auto operator<=>(OwnerId, OwnerId) = default;
  template <typename H>
  friend H AbslHashValue(H h, OwnerId id) {
    return H::combine(std::move(h), id.index, id.generation);
  }
};

// Index of a registered type inside one RuntimeMemory's registry (not a
// process-wide counter: two memories number their types independently).
using TypeId = uint16_t;
inline constexpr TypeId kInvalidTypeId = 0xFFFF;

// "#<index>.<generation>", or "null".
std::string ToString(RefId id);
// "o<index>.<generation>", or "null".
std::string ToString(OwnerId id);

}  // namespace wod::memory

#endif  // WOD_MEMORY_REF_ID_H_
