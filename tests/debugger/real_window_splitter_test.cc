// The layout as a user changes it: a column splitter of the real window
// dragged with real X mouse events (xdotool under Xvfb), the widths read
// back through --state-out, saved to the --layout file on exit and
// restored from it by the next run (label "xvfb"; docs/spec/debugger.md §6).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tests/debugger/real_window.h"

namespace wod::debugger::testing {
namespace {

std::string Fran() {
  return std::string("--script ") + WOD_EXAMPLES_DIR +
         "/fran.wod --steps \"next; tick 1000; next\"";
}

std::vector<int64_t> Columns(const base::JsonValue& s) {
  std::vector<int64_t> out;
  if (const base::JsonValue* c = s.Find("columns")) {
    for (const base::JsonValue& w : c->items()) out.push_back(w.integer());
  }
  return out;
}

bool Near(int64_t a, int64_t b) { return a - b <= 2 && b - a <= 2; }

// The centre of widget `name` in the state, false while it is not there.
bool Widget(const base::JsonValue& s, const char* name, int* x, int* y) {
  const base::JsonValue* widgets = s.Find("widgets");
  const base::JsonValue* at =
      widgets != nullptr ? widgets->Find(name) : nullptr;
  if (at == nullptr || at->items().size() != 2) return false;
  *x = static_cast<int>(at->items()[0].integer());
  *y = static_cast<int>(at->items()[1].integer());
  return true;
}

TEST(RealWindowSplitter, AColumnSplitterDraggedWithTheMouseIsSavedAndRestored) {
  WOD_REQUIRE_TOOLS(true);
  const char* tmp = std::getenv("TMPDIR");
  const std::string ini = std::string(tmp != nullptr ? tmp : "/tmp") +
                          "/wod_rw_splitter_" + std::to_string(::getpid()) +
                          ".ini";
  std::remove(ini.c_str());
  constexpr int kDrag = 120;  // px to the right
  std::vector<int64_t> before;
  std::vector<int64_t> dragged;
  {
    RealWindow w("wod_rw_splitter");
    w.set_layout(ini);
    ASSERT_TRUE(w.Start(Fran())) << w.log();
    int x = -1;
    int y = -1;
    ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
      before = Columns(s);
      return before.size() == 3 && before[0] > 0 && Widget(s, "col0", &x, &y);
    })) << w.last_state();
    ASSERT_EQ(w.MouseDown(x, y), 0);
    ASSERT_TRUE(w.WaitFor([](const base::JsonValue& s) {
      return StringOf(s, "dragging") == "col0";
    })) << "the splitter was not grabbed: "
        << w.last_state();
    ASSERT_EQ(w.MouseMove(x + kDrag, y), 0);
    ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
      dragged = Columns(s);
      return dragged.size() == 3 && Near(dragged[0], before[0] + kDrag) &&
             Near(dragged[1], before[1] - kDrag) && dragged[2] == before[2];
    })) << "before "
        << before[0] << "," << before[1] << "," << before[2] << "; now "
        << w.last_state();
    ASSERT_EQ(w.MouseUp(), 0);
    ASSERT_TRUE(w.WaitFor([](const base::JsonValue& s) {
      return s.Find("dragging") != nullptr && s.Find("dragging")->is_null();
    })) << w.last_state();
    // Released: the widths stay where the drag left them.
    ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
      return Columns(s) == dragged;
    })) << w.last_state();
    ASSERT_EQ(w.Key("ctrl+q"), 0);
    ASSERT_EQ(w.WaitExit(), 0) << w.log();
  }
  const std::string saved = ReadFile(ini);
  EXPECT_NE(saved.find("[WodLayout][Main]"), std::string::npos) << saved;
  EXPECT_NE(saved.find("columns="), std::string::npos) << saved;
  {
    // The next run loads the file: the same widths from its first frames.
    RealWindow w("wod_rw_splitter2");
    w.set_layout(ini);
    ASSERT_TRUE(w.Start(Fran(), /*focus=*/false)) << w.log();
    ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
      const std::vector<int64_t> now = Columns(s);
      return now.size() == 3 && Near(now[0], dragged[0]) &&
             Near(now[1], dragged[1]) && Near(now[2], dragged[2]);
    })) << "dragged "
        << dragged[0] << "," << dragged[1] << "," << dragged[2] << "; restored "
        << w.last_state() << "\n"
        << saved;
  }
  std::remove(ini.c_str());
}

}  // namespace
}  // namespace wod::debugger::testing
