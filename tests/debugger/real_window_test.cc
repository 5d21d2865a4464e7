// wod-debug as a user drives it: a real window under Xvfb, real X key
// presses and clicks from xdotool, the outcome read through --state-out
// (label "xvfb"; docs/spec/debugger.md §2.10.1, §2.13).
#include "tests/debugger/real_window.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace wod::debugger::testing {
namespace {

// Fran after start, a next, a tick and a next: steps 0..3, stepping.
std::string Fran() {
  return std::string("--script ") + WOD_EXAMPLES_DIR +
         "/fran.wod --steps \"next; tick 1000; next\"";
}

bool Live(const base::JsonValue& s) { return BoolOf(s, "following"); }

TEST(RealWindow, ArrowKeysStepBackAndForwardAndCtrlQQuits) {
  WOD_REQUIRE_TOOLS(true);
  RealWindow w("wod_rw_arrows");
  ASSERT_TRUE(w.Start(Fran())) << w.log();
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return IntOf(s, "live_step") == 3;
  })) << w.last_state();
  ASSERT_EQ(w.Key("Left"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return !Live(s) && IntOf(s, "step") == 2;
  })) << w.last_state();
  ASSERT_EQ(w.Key("Left"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return IntOf(s, "step") == 1; }))
      << w.last_state();
  ASSERT_EQ(w.Key("Right"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return IntOf(s, "step") == 2; }))
      << w.last_state();
  ASSERT_EQ(w.Key("Home"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return IntOf(s, "step") == 0; }))
      << w.last_state();
  ASSERT_EQ(w.Key("End"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return Live(s) && IntOf(s, "step") == 3;
  })) << w.last_state();
  // The session never moved.
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "run_state") == "Stepping";
  })) << w.last_state();
  ASSERT_EQ(w.Key("ctrl+q"), 0);
  EXPECT_EQ(w.WaitExit(), 0) << w.log();
}

TEST(RealWindow, EscWithAComboOpenClosesOnlyTheCombo) {
  WOD_REQUIRE_TOOLS(true);
  RealWindow w("wod_rw_combo");
  ASSERT_TRUE(w.Start(Fran())) << w.log();
  int x = -1;
  int y = -1;
  ASSERT_TRUE(w.WaitFor([&](const base::JsonValue& s) {
    const base::JsonValue* widgets = s.Find("widgets");
    const base::JsonValue* combo =
        widgets != nullptr ? widgets->Find("tick_combo") : nullptr;
    if (combo == nullptr || combo->items().size() != 2) return false;
    x = static_cast<int>(combo->items()[0].integer());
    y = static_cast<int>(combo->items()[1].integer());
    return true;
  })) << w.last_state();
  ASSERT_EQ(w.Click(x, y), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return !StringOf(s, "popup").empty();
  })) << w.last_state();
  ASSERT_EQ(w.Key("Escape"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return s.Find("popup") != nullptr && s.Find("popup")->is_null();
  })) << w.last_state();
  // A later key is handled after the Esc: by then an abort (or its
  // confirmation) would show; neither does.
  ASSERT_EQ(w.Key("Left"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return IntOf(s, "step") == 2; }))
      << w.last_state();
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "run_state") == "Stepping" && s.Find("popup")->is_null();
  })) << w.last_state();
  // Esc with nothing open asks before aborting; Esc again cancels.
  ASSERT_EQ(w.Key("Escape"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "popup") == "Abort the session?";
  })) << w.last_state();
  ASSERT_EQ(w.Key("Escape"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return s.Find("popup")->is_null() && StringOf(s, "run_state") == "Stepping";
  })) << w.last_state();
  ASSERT_EQ(w.Key("ctrl+q"), 0);
  EXPECT_EQ(w.WaitExit(), 0) << w.log();
}

TEST(RealWindow, TypingInATextBoxTriggersNoShortcut) {
  WOD_REQUIRE_TOOLS(true);
  RealWindow w("wod_rw_text");
  ASSERT_TRUE(w.Start(Fran())) << w.log();
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return IntOf(s, "live_step") == 3;
  })) << w.last_state();
  ASSERT_EQ(w.Key("ctrl+g"), 0);  // focus the "go to time" box
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return BoolOf(s, "text_input"); }))
      << w.last_state();
  ASSERT_EQ(w.Key("Left Left Home space F10 F5 Right"), 0);
  // Esc leaves the box; the keys before it were all handled by then.
  ASSERT_EQ(w.Key("Escape"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) { return !BoolOf(s, "text_input"); }))
      << w.last_state();
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return Live(s) && IntOf(s, "live_step") == 3 &&
           StringOf(s, "run_state") == "Stepping" && s.Find("popup")->is_null();
  })) << w.last_state();
  ASSERT_EQ(w.Key("ctrl+q"), 0);
  EXPECT_EQ(w.WaitExit(), 0) << w.log();
}

TEST(RealWindow, ResetAsksForConfirmationWhenThereIsHistory) {
  WOD_REQUIRE_TOOLS(true);
  RealWindow w("wod_rw_reset");
  ASSERT_TRUE(w.Start(Fran())) << w.log();
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return IntOf(s, "live_step") == 3;
  })) << w.last_state();
  ASSERT_EQ(w.Key("F5"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "popup") == "Reset the session?";
  })) << w.last_state();
  ASSERT_EQ(w.Key("Escape"), 0);  // cancel: the history stays
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return s.Find("popup")->is_null() && IntOf(s, "live_step") == 3;
  })) << w.last_state();
  ASSERT_EQ(w.Key("F5"), 0);
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "popup") == "Reset the session?";
  })) << w.last_state();
  ASSERT_EQ(w.Key("Return"), 0);  // confirm
  ASSERT_TRUE(w.WaitFor([](const auto& s) {
    return StringOf(s, "run_state") == "Idle" && IntOf(s, "live_step") == -1;
  })) << w.last_state();
  ASSERT_EQ(w.Key("ctrl+q"), 0);
  EXPECT_EQ(w.WaitExit(), 0) << w.log();
}

}  // namespace
}  // namespace wod::debugger::testing
