#include "memory/ref_id.h"

#include "fmt/format.h"

namespace wod::memory {

std::string ToString(RefId id) {
  if (id.is_null()) return "null";
  return fmt::format("#{}.{}", id.index, id.generation);
}

std::string ToString(OwnerId id) {
  if (id.is_null()) return "null";
  return fmt::format("o{}.{}", id.index, id.generation);
}

}  // namespace wod::memory
