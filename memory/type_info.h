// TypeInfo: everything the memory, the snapshots and the debugger need to
// know about one C++ value type, behind type-erased function pointers.
//
// A memory reference can hold any copyable C++ type. The type is described
// once by a TypeInfo: a display name, a formatter (fmt-style text for the
// debugger), a field visitor (the inspector's typed fields), equality (diffs
// and "a Set that doesn't change the value notifies nobody"), serialize /
// parse (JSON snapshots, golden files, journals, replay) and heap bytes
// (per-owner byte counts). docs/spec/design.md §2, "Types".
//
// Defaults cover arithmetic types, enums, bool and std::string; for structs
// supply the functions you need through TypeOps<T> (captureless lambdas):
//
//   struct TimerValue { int32_t current; int32_t total; int64_t elapsed_ms;
//                       bool operator==(const TimerValue&) const = default; };
//   TypeOps<TimerValue> ops;
//   ops.format = [](const TimerValue& v) {
//     return fmt::format("{}/{} {}ms", v.current, v.total, v.elapsed_ms); };
//   ops.serialize = ...;  ops.parse = ...;
//   TypeInfo info = TypeInfo::Of<TimerValue>("TimerValue", ops);
//
// Storage: a value that is trivially copyable, at most 16 bytes and at most
// 8-aligned is stored inline in the reference's hot record (no heap, no
// std::any); anything else (std::string, vectors, large structs) lives out of
// line in a heap box but is still typed through its TypeInfo.
//
// A TypeInfo holds no mutable state; copies are cheap (a string and a few
// pointers).

#ifndef WOD_MEMORY_TYPE_INFO_H_
#define WOD_MEMORY_TYPE_INFO_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/strings.h"
#include "fmt/format.h"
#include "memory/ref_id.h"

namespace wod::memory {

// Receives the fields of a value, one leaf at a time (for the inspector).
class FieldVisitor {
 public:
  virtual ~FieldVisitor() = default;
  virtual void Field(std::string_view name, std::string_view text) = 0;
};

// Optional per-type functions; a null member means "use the default".
template <typename T>
struct TypeOps {
  std::string (*format)(const T&) = nullptr;
  std::string (*serialize)(const T&) = nullptr;
  absl::StatusOr<T> (*parse)(std::string_view) = nullptr;
  bool (*equal)(const T&, const T&) = nullptr;
  size_t (*heap_bytes)(const T&) = nullptr;
  void (*visit_fields)(const T&, FieldVisitor&) = nullptr;
  // The names visit_fields can report, comma-separated, with `[]` for an
  // index (`entries[].elapsed_ms`): the type's field schema, which a
  // recording's type registry carries. Null: the single field "value".
  const char* field_names = nullptr;
};

// The C++ spelling of T as the compiler prints it ("int",
// "wod::runtime::RoundValue"), for error messages only: it is read from
// __PRETTY_FUNCTION__, which g++ and clang both write as `[with T = …; …]`
// or `[T = …]`, and has static storage.
template <typename T>
constexpr std::string_view CppTypeName() {
  constexpr std::string_view kSignature = __PRETTY_FUNCTION__;
  constexpr size_t kAt = kSignature.find("T = ");
  if constexpr (kAt == std::string_view::npos) {
    return "?";
  } else {
    constexpr size_t kEnd = kSignature.find_first_of(";]", kAt + 4);
    return kSignature.substr(kAt + 4, kEnd == std::string_view::npos
                                          ? std::string_view::npos
                                          : kEnd - kAt - 4);
  }
}

namespace internal {

// The address of kTypeKey<T> identifies T (an immutable constant, one per
// type; no registry-wide counter is needed).
template <typename T>
inline constexpr char kTypeKey = 0;

template <typename T>
inline constexpr bool kStoredInline = std::is_trivially_copyable_v<T> &&
                                      sizeof(T) <= 16 && alignof(T) <= 8;

// Parses a JSON string literal produced by base::JsonQuoted.
absl::StatusOr<std::string> UnquoteString(std::string_view text);

absl::StatusOr<int64_t> ParseInt64(std::string_view text);
absl::StatusOr<uint64_t> ParseUint64(std::string_view text);
absl::StatusOr<double> ParseDouble(std::string_view text);
absl::StatusOr<bool> ParseBool(std::string_view text);

template <typename T>
absl::StatusOr<T> DefaultParse(std::string_view text) {
  if constexpr (std::is_same_v<T, bool>) {
    return ParseBool(text);
  } else if constexpr (std::is_enum_v<T>) {
    auto raw = DefaultParse<std::underlying_type_t<T>>(text);
    if (!raw.ok()) return raw.status();
    return static_cast<T>(*raw);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    auto v = ParseInt64(text);
    if (!v.ok()) return v.status();
    if (*v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
        *v > static_cast<int64_t>(std::numeric_limits<T>::max())) {
      return absl::OutOfRangeError("integer out of range");
    }
    return static_cast<T>(*v);
  } else if constexpr (std::is_integral_v<T>) {
    auto v = ParseUint64(text);
    if (!v.ok()) return v.status();
    if (*v > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
      return absl::OutOfRangeError("integer out of range");
    }
    return static_cast<T>(*v);
  } else if constexpr (std::is_floating_point_v<T>) {
    auto v = ParseDouble(text);
    if (!v.ok()) return v.status();
    return static_cast<T>(*v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return UnquoteString(text);
  } else {
    return absl::UnimplementedError("type has no parse function");
  }
}

template <typename T>
inline constexpr bool kHasDefaultSerialize =
    std::is_arithmetic_v<T> || std::is_enum_v<T> ||
    std::is_same_v<T, std::string>;

template <typename T>
std::string DefaultSerialize(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return DefaultSerialize(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_same_v<T, char> ||
                       std::is_same_v<T, signed char>) {
    return fmt::format("{}", static_cast<int>(value));
  } else if constexpr (std::is_same_v<T, unsigned char>) {
    return fmt::format("{}", static_cast<unsigned>(value));
  } else if constexpr (std::is_arithmetic_v<T>) {
    return fmt::format("{}", value);  // shortest round-trip for floats
  } else if constexpr (std::is_same_v<T, std::string>) {
    return base::JsonQuoted(value);
  } else {
    return std::string();
  }
}

}  // namespace internal

class TypeInfo;

namespace internal {
// The error of a typed read or write that asks for the wrong C++ type: it
// names the ref, the type held (display name and C++ type) and the C++ type
// asked for, e.g. "ref #3.1 holds a 'round' (wod::runtime::RoundValue), not
// the requested int".
absl::Status WrongTypeError(std::string_view ref, const TypeInfo& held,
                            std::string_view requested);
}  // namespace internal

class TypeInfo {
 public:
  // Describes T. `name` is the display name of the value type ("TimerValue").
  template <typename T>
  static TypeInfo Of(std::string name, TypeOps<T> ops = {});

  TypeInfo() = default;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] size_t size() const { return size_; }
  [[nodiscard]] size_t alignment() const { return align_; }
  // The bytes a value counts inline (a ref's footprint is this plus
  // HeapBytes): sizeof(T), unless this type stands in for another one's
  // values (SnapshotAssembler's display stand-in), which counts as that one.
  [[nodiscard]] size_t counted_size() const { return counted_size_; }
  void set_counted_size(size_t bytes) { counted_size_ = bytes; }
  // True if values are stored in the 16-byte inline field (no heap).
  [[nodiscard]] bool stored_inline() const { return inline_; }
  // True if Parse can read back what Serialize writes.
  [[nodiscard]] bool can_parse() const { return can_parse_; }
  // The field schema (TypeOps::field_names): "value" unless the type
  // visits named fields.
  [[nodiscard]] std::string_view field_names() const { return field_names_; }
  // Identity of the C++ type (compare with Key<T>()).
  [[nodiscard]] const void* cpp_type() const { return key_; }
  // The C++ type's name as the compiler spells it, for messages.
  [[nodiscard]] std::string_view cpp_name() const { return cpp_name_; }
  template <typename T>
  [[nodiscard]] bool Is() const {
    return key_ == &internal::kTypeKey<T>;
  }
  template <typename T>
  [[nodiscard]] static const void* Key() {
    return &internal::kTypeKey<T>;
  }

  // All functions below take a pointer to a live T.
  [[nodiscard]] std::string Format(const void* value) const {
    return format_(*this, value);
  }
  [[nodiscard]] std::string Serialize(const void* value) const {
    return serialize_(*this, value);
  }
  [[nodiscard]] bool Equal(const void* a, const void* b) const {
    return equal_(*this, a, b);
  }
  // Heap bytes owned by the value itself (string capacity, ...), not
  // counting the box that out-of-line storage adds.
  [[nodiscard]] size_t HeapBytes(const void* value) const {
    return heap_bytes_(*this, value);
  }
  void VisitFields(const void* value, FieldVisitor& visitor) const {
    visit_fields_(*this, value, visitor);
  }
  // Constructs a T at `storage` (uninitialised, suitably aligned) from text.
  absl::Status ParseConstruct(std::string_view text, void* storage) const {
    return parse_construct_(*this, text, storage);
  }

  // Lifecycle, used by the store and the snapshot arenas.
  void CopyConstruct(void* storage, const void* src) const {
    copy_construct_(storage, src);
  }
  void Assign(void* dst, const void* src) const { assign_(dst, src); }
  void Destroy(void* value) const { destroy_(value); }
  [[nodiscard]] void* NewCopy(const void* src) const { return new_copy_(src); }
  void Delete(void* value) const { delete_(value); }

 private:
  using ErasedFn = void (*)();

  template <typename T>
  static std::string FormatThunk(const TypeInfo& info, const void* v);
  template <typename T>
  static std::string SerializeThunk(const TypeInfo& info, const void* v);
  template <typename T>
  static bool EqualThunk(const TypeInfo& info, const void* a, const void* b);
  template <typename T>
  static size_t HeapBytesThunk(const TypeInfo& info, const void* v);
  template <typename T>
  static void VisitThunk(const TypeInfo& info, const void* v,
                         FieldVisitor& visitor);
  template <typename T>
  static absl::Status ParseThunk(const TypeInfo& info, std::string_view text,
                                 void* storage);

  std::string name_;
  const void* key_ = nullptr;
  std::string_view cpp_name_ = "?";
  size_t size_ = 0;
  size_t counted_size_ = 0;
  size_t align_ = 1;
  bool inline_ = false;
  bool can_parse_ = false;
  std::string_view field_names_ = "value";

  // The user's typed functions, erased; each thunk casts its own back.
  ErasedFn user_format_ = nullptr;
  ErasedFn user_serialize_ = nullptr;
  ErasedFn user_parse_ = nullptr;
  ErasedFn user_equal_ = nullptr;
  ErasedFn user_heap_bytes_ = nullptr;
  ErasedFn user_visit_ = nullptr;

  std::string (*format_)(const TypeInfo&, const void*) = nullptr;
  std::string (*serialize_)(const TypeInfo&, const void*) = nullptr;
  bool (*equal_)(const TypeInfo&, const void*, const void*) = nullptr;
  size_t (*heap_bytes_)(const TypeInfo&, const void*) = nullptr;
  void (*visit_fields_)(const TypeInfo&, const void*, FieldVisitor&) = nullptr;
  absl::Status (*parse_construct_)(const TypeInfo&, std::string_view,
                                   void*) = nullptr;
  void (*copy_construct_)(void*, const void*) = nullptr;
  void (*assign_)(void*, const void*) = nullptr;
  void (*destroy_)(void*) = nullptr;
  void* (*new_copy_)(const void*) = nullptr;
  void (*delete_)(void*) = nullptr;
};

// ---------------------------------------------------------------------------
// Implementation details below.

template <typename T>
TypeInfo TypeInfo::Of(std::string name, TypeOps<T> ops) {
  static_assert(std::is_copy_constructible_v<T> && std::is_copy_assignable_v<T>,
                "memory values must be copyable");
  static_assert(std::equality_comparable<T> || std::is_trivially_copyable_v<T>,
                "memory values need operator== (or be trivially copyable)");
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                "over-aligned value types are not supported");
  TypeInfo info;
  info.name_ = std::move(name);
  info.key_ = &internal::kTypeKey<T>;
  info.cpp_name_ = CppTypeName<T>();
  info.size_ = sizeof(T);
  info.counted_size_ = sizeof(T);
  info.align_ = alignof(T);
  info.inline_ = internal::kStoredInline<T>;
  info.can_parse_ = ops.parse != nullptr || (ops.serialize == nullptr &&
                                             internal::kHasDefaultSerialize<T>);
  if (ops.field_names != nullptr) info.field_names_ = ops.field_names;
  info.user_format_ = reinterpret_cast<ErasedFn>(ops.format);
  info.user_serialize_ = reinterpret_cast<ErasedFn>(ops.serialize);
  info.user_parse_ = reinterpret_cast<ErasedFn>(ops.parse);
  info.user_equal_ = reinterpret_cast<ErasedFn>(ops.equal);
  info.user_heap_bytes_ = reinterpret_cast<ErasedFn>(ops.heap_bytes);
  info.user_visit_ = reinterpret_cast<ErasedFn>(ops.visit_fields);
  info.format_ = &FormatThunk<T>;
  info.serialize_ = &SerializeThunk<T>;
  info.equal_ = &EqualThunk<T>;
  info.heap_bytes_ = &HeapBytesThunk<T>;
  info.visit_fields_ = &VisitThunk<T>;
  info.parse_construct_ = &ParseThunk<T>;
  info.copy_construct_ = [](void* storage, const void* src) {
    ::new (storage) T(*static_cast<const T*>(src));
  };
  info.assign_ = [](void* dst, const void* src) {
    *static_cast<T*>(dst) = *static_cast<const T*>(src);
  };
  info.destroy_ = [](void* value) { static_cast<T*>(value)->~T(); };
  info.new_copy_ = [](const void* src) -> void* {
    return new T(*static_cast<const T*>(src));
  };
  info.delete_ = [](void* value) { delete static_cast<T*>(value); };
  return info;
}

template <typename T>
std::string TypeInfo::SerializeThunk(const TypeInfo& info, const void* v) {
  const T& value = *static_cast<const T*>(v);
  if (info.user_serialize_ != nullptr) {
    return reinterpret_cast<std::string (*)(const T&)>(info.user_serialize_)(
        value);
  }
  if constexpr (internal::kHasDefaultSerialize<T>) {
    return internal::DefaultSerialize(value);
  } else {
    // No text form: fall back to the display text (not parseable; can_parse()
    // is false for such types).
    return FormatThunk<T>(info, v);
  }
}

template <typename T>
std::string TypeInfo::FormatThunk(const TypeInfo& info, const void* v) {
  const T& value = *static_cast<const T*>(v);
  if (info.user_format_ != nullptr) {
    return reinterpret_cast<std::string (*)(const T&)>(info.user_format_)(
        value);
  }
  if constexpr (internal::kHasDefaultSerialize<T>) {
    return internal::DefaultSerialize(value);
  } else if constexpr (fmt::is_formattable<T>::value) {
    return fmt::format("{}", value);
  } else {
    if (info.user_serialize_ != nullptr) {
      return reinterpret_cast<std::string (*)(const T&)>(info.user_serialize_)(
          value);
    }
    return "<" + info.name_ + ">";
  }
}

template <typename T>
bool TypeInfo::EqualThunk(const TypeInfo& info, const void* a, const void* b) {
  const T& x = *static_cast<const T*>(a);
  const T& y = *static_cast<const T*>(b);
  if (info.user_equal_ != nullptr) {
    return reinterpret_cast<bool (*)(const T&, const T&)>(info.user_equal_)(x,
                                                                            y);
  }
  if constexpr (std::equality_comparable<T>) {
    return x == y;
  } else {
    return std::memcmp(&x, &y, sizeof(T)) == 0;
  }
}

template <typename T>
size_t TypeInfo::HeapBytesThunk(const TypeInfo& info, const void* v) {
  const T& value = *static_cast<const T*>(v);
  if (info.user_heap_bytes_ != nullptr) {
    return reinterpret_cast<size_t (*)(const T&)>(info.user_heap_bytes_)(value);
  }
  if constexpr (std::is_same_v<T, std::string>) {
    // Short strings live in the object itself (small-string buffer).
    return value.capacity() > std::string().capacity() ? value.capacity() + 1
                                                       : 0;
  } else if constexpr (requires(const T& t) {
                         t.capacity();
                         typename T::value_type;
                       }) {
    return value.capacity() * sizeof(typename T::value_type);
  } else {
    return 0;
  }
}

template <typename T>
void TypeInfo::VisitThunk(const TypeInfo& info, const void* v,
                          FieldVisitor& visitor) {
  if (info.user_visit_ != nullptr) {
    reinterpret_cast<void (*)(const T&, FieldVisitor&)>(info.user_visit_)(
        *static_cast<const T*>(v), visitor);
    return;
  }
  visitor.Field("value", FormatThunk<T>(info, v));
}

template <typename T>
absl::Status TypeInfo::ParseThunk(const TypeInfo& info, std::string_view text,
                                  void* storage) {
  absl::StatusOr<T> parsed =
      info.user_parse_ != nullptr
          ? reinterpret_cast<absl::StatusOr<T> (*)(std::string_view)>(
                info.user_parse_)(text)
          : internal::DefaultParse<T>(text);
  if (!parsed.ok()) return parsed.status();
  ::new (storage) T(std::move(*parsed));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The per-memory type registry.

// One registered memory type: the tag name the runtime and the debugger use
// ("timer-state", "metric") and the TypeInfo of its value type. Several tags
// may share one value type.
struct RegisteredType {
  std::string name;
  TypeInfo info;
};

// An immutable list of registered types, indexed by TypeId. Snapshots share
// it (shared_ptr) so they can format values after the memory is gone.
class TypeTable {
 public:
  explicit TypeTable(std::vector<RegisteredType> types)
      : types_(std::move(types)) {}
  [[nodiscard]] size_t size() const { return types_.size(); }
  [[nodiscard]] bool Contains(TypeId id) const { return id < types_.size(); }
  // REQUIRES: Contains(id).
  [[nodiscard]] const RegisteredType& operator[](TypeId id) const {
    return types_[id];
  }
  // Linear in the number of types (tens); for the debugger and tools.
  [[nodiscard]] absl::StatusOr<TypeId> Find(std::string_view name) const;

 private:
  std::vector<RegisteredType> types_;
};

class TypeRegistry;

// A typed handle to a registered type, returned by RuntimeMemory::
// RegisterType<T>(). It remembers which registry issued it, so a tag from
// another memory is rejected instead of misread.
template <typename T>
class TypeTag {
 public:
  TypeTag() = default;
  [[nodiscard]] TypeId id() const { return id_; }
  [[nodiscard]] bool valid() const { return registry_ != nullptr; }
  [[nodiscard]] const TypeRegistry* registry() const { return registry_; }

 private:
  friend class TypeRegistry;
  TypeTag(TypeId id, const TypeRegistry* registry)
      : id_(id), registry_(registry) {}

  TypeId id_ = kInvalidTypeId;
  const TypeRegistry* registry_ = nullptr;
};

// The registry of one RuntimeMemory: tag names to TypeIds, in registration
// order (TypeIds are dense, starting at 0). Registration is rare; the table
// is copied on write so that snapshots keep the table they were taken with.
class TypeRegistry {
 public:
  // At most this many types per memory (snapshot entries keep the TypeId in
  // 10 bits).
  static constexpr size_t kMaxTypes = 1024;

  TypeRegistry();
  TypeRegistry(const TypeRegistry&) = delete;
  TypeRegistry& operator=(const TypeRegistry&) = delete;

  // Registers `name` for values described by `info`.
  // Errors: AlreadyExists (name taken), InvalidArgument (info describes
  // another C++ type than T, or empty name), ResourceExhausted (kMaxTypes).
  template <typename T>
  absl::StatusOr<TypeTag<T>> Register(std::string name, TypeInfo info) {
    if (!info.Is<T>()) {
      return absl::InvalidArgumentError("TypeInfo describes another C++ type");
    }
    auto id = RegisterErased(std::move(name), std::move(info));
    if (!id.ok()) return id.status();
    return TypeTag<T>(*id, this);
  }

  // Looks up a tag and checks that its value type is T.
  // Errors: NotFound, InvalidArgument (value type is not T).
  template <typename T>
  absl::StatusOr<TypeTag<T>> Find(std::string_view name) const {
    auto id = FindId(name);
    if (!id.ok()) return id.status();
    if (!(*table_)[*id].info.template Is<T>()) {
      return absl::InvalidArgumentError(
          fmt::format("type '{}' does not hold the requested C++ type", name));
    }
    return TypeTag<T>(*id, this);
  }

  [[nodiscard]] absl::StatusOr<TypeId> FindId(std::string_view name) const;
  [[nodiscard]] size_t size() const { return table_->size(); }
  [[nodiscard]] bool Contains(TypeId id) const { return table_->Contains(id); }
  // REQUIRES: Contains(id).
  [[nodiscard]] const RegisteredType& operator[](TypeId id) const {
    return (*table_)[id];
  }
  // The current immutable table (shared with snapshots).
  [[nodiscard]] const std::shared_ptr<const TypeTable>& table() const {
    return table_;
  }

 private:
  absl::StatusOr<TypeId> RegisterErased(std::string name, TypeInfo info);

  std::shared_ptr<const TypeTable> table_;
};

}  // namespace wod::memory

#endif  // WOD_MEMORY_TYPE_INFO_H_
