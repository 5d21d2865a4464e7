// Small hand-built Frames for the debugger tests.
#ifndef WOD_TESTS_DEBUGGER_FRAME_FIXTURES_H_
#define WOD_TESTS_DEBUGGER_FRAME_FIXTURES_H_

#include <string>

#include "debugger/model/frame.h"

namespace wod::debugger::testing {

// Two blocks (SessionRoot "Session" at line 1 under Timer "5:00 Run" at
// line 2) and five refs:
//   1.1 round  "R1/3"      owner Session
//   2.1 timer  "0 ms"      owner Timer
//   3.1 metric "rep=5"     owner Timer, child of 2.1
//   4.1 label  "5:00 Run"  owner Timer, child of 3.1
//   5.1 metric "rep=10"    owner Session
inline Frame TwoBlockFrame() {
  Frame f;
  f.step = 1;
  f.action = "userNext";
  f.version = 1;
  f.types = {"round", "timer", "metric", "label"};
  OwnerRow session;
  session.id = OwnerKey{11};
  session.kind = "SessionRoot";
  session.label = "Session";
  session.line_begin = 1;
  session.line_end = 3;
  OwnerRow timer;
  timer.id = OwnerKey{12};
  timer.kind = "Timer";
  timer.label = "5:00 Run";
  timer.line_begin = 2;
  timer.line_end = 2;
  f.owners = {session, timer};
  auto ref = [&](uint32_t index, uint32_t type, uint32_t owner, uint32_t parent,
                 std::string value, uint32_t bytes) {
    RefRow r;
    r.id = MakeRefKey(index, 1);
    r.parent = parent == 0 ? RefKey::kNone : MakeRefKey(parent, 1);
    r.type = type;
    r.owner = owner;
    r.visibility = kVisibilityTiers[index % kVisibilityTiers.size()];
    r.bytes = bytes;
    r.value = std::move(value);
    f.refs.push_back(r);
  };
  ref(1, 0, 0, 0, "R1/3", 8);
  ref(2, 1, 1, 0, "0 ms", 24);
  ref(3, 2, 1, 2, "rep=5", 16);
  ref(4, 3, 1, 3, "5:00 Run", 40);
  ref(5, 2, 0, 0, "rep=10", 16);
  BlockRow top;
  top.type = "Timer";
  top.label = "5:00 Run";
  top.key = "b2";
  top.owner = 1;
  top.state = "↓0s/300s";
  BlockRow root;
  root.type = "SessionRoot";
  root.key = "b1";
  root.owner = 0;
  f.stack = {top, root};
  f.emitted = {{"push", "push \"5:00 Run\""}};
  return f;
}

}  // namespace wod::debugger::testing

#endif  // WOD_TESTS_DEBUGGER_FRAME_FIXTURES_H_
