#include "debugger/model/view_state.h"

#include <cstdio>
#include <fstream>

#include "base/json.h"

namespace wod::debugger {

std::string ViewStateJson(const ViewState& s) {
  base::JsonWriter out;
  out.BeginObject();
  out.Key("pid").Int(s.pid);
  out.Key("step").Int(s.step);
  out.Key("live_step").Int(s.live_step);
  out.Key("following").Bool(s.following);
  out.Key("selection").StringOrNull(s.selection);
  out.Key("popup").StringOrNull(s.popup);
  out.Key("run_state").String(s.run_state);
  out.Key("text_input").Bool(s.text_input);
  out.Key("fold").Bool(s.fold);
  out.Key("bookmarks").BeginArray();
  for (int64_t b : s.bookmarks) out.Int(b);
  out.EndArray();
  out.Key("columns").BeginArray();
  for (int64_t w : s.columns) out.Int(w);
  out.EndArray();
  out.Key("dragging");
  if (s.dragging.empty()) {
    out.Null();
  } else {
    out.String(s.dragging);
  }
  out.Key("widgets").BeginObject();
  for (const auto& [name, at] : s.widgets) {
    out.Key(name).BeginArray().Int(at.first).Int(at.second).EndArray();
  }
  out.EndObject();
  out.EndObject();
  return out.Take() + "\n";
}

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return absl::UnavailableError("cannot write '" + tmp + "'");
    f << text;
    f.flush();
    if (!f) return absl::UnavailableError("cannot write '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError("cannot rename '" + tmp + "' to '" + path +
                                  "'");
  }
  return absl::OkStatus();
}

}  // namespace wod::debugger
