#include "debugger/model/save.h"

#include "base/enum_table.h"
#include "fmt/format.h"

namespace wod::debugger {

namespace {

// What each SaveKind writes and what the menu calls it.
struct SaveKindRow {
  const char* extension = nullptr;
  const char* title = nullptr;
};
constexpr base::EnumTable<SaveKind, SaveKindRow> kSaveKinds = {{
    {"wodrec", "Record session (.wodrec)"},
    {"json", "Export Chrome trace (.json)"},
    {"golden", "Save shown snapshot as golden file"},
}};
static_assert(kSaveKinds.back().extension != nullptr,
              "every SaveKind needs a row");

}  // namespace

const char* SaveExtension(SaveKind kind) {
  return base::EnumTableAt(kSaveKinds, kind, {"out", "Save"}).extension;
}

const char* SaveTitle(SaveKind kind) {
  return base::EnumTableAt(kSaveKinds, kind, {"out", "Save"}).title;
}

std::string DefaultSavePath(SaveKind kind, std::string_view script_path,
                            int64_t step) {
  std::string_view name = script_path;
  const size_t slash = name.find_last_of('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  std::string stem;
  // A file name without shell-hostile characters ("demo (300 refs)" is a
  // driver's name, not a file's).
  for (const char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                       c == '-' || static_cast<unsigned char>(c) >= 0x80;
    if (plain) {
      stem += c;
    } else if (!stem.empty() && stem.back() != '_') {
      stem += '_';
    }
  }
  while (!stem.empty() && stem.back() == '_') stem.pop_back();
  if (stem.empty()) stem = "session";
  return fmt::format("{}-{}.{}", stem, step, SaveExtension(kind));
}

std::string SnapshotGoldenText(const Frame& f) {
  std::string out = fmt::format("snapshot version={} refs={}\n",
                                f.memory_version, f.refs.size());
  for (const RefRow& r : f.refs) {
    const bool owned = r.owner < f.owners.size();
    const OwnerRow* o = owned ? &f.owners[r.owner] : nullptr;
    out += fmt::format(
        "#{}.{} {} owner={}({}:{}) parent={} = {}\n", KeyIndex(r.id),
        KeyGeneration(r.id), f.TypeName(r.type),
        o == nullptr
            ? std::string("null")
            : fmt::format("o{}.{}", KeyIndex(o->id), KeyGeneration(o->id)),
        o == nullptr ? std::string_view("?") : std::string_view(o->kind),
        o == nullptr ? std::string_view("?") : std::string_view(o->label),
        r.parent == RefKey::kNone ? std::string("-")
                                  : fmt::format("#{}.{}", KeyIndex(r.parent),
                                                KeyGeneration(r.parent)),
        r.value);
  }
  return out;
}

}  // namespace wod::debugger
