// Childless `//` comment lines are labels, not steps
// (docs/spec/language.md §9): header comments of the examples must not become
// efforts that wait for a user advance. Headings stay executable
// (misc-integration.md X2) and a comment with children is still a Group
// (misc-integration.md, `// Warmup`).
#include <memory>
#include <string>

#include "blocks/workout_session.h"
#include "gtest/gtest.h"
#include "runtime/step_command.h"

namespace wod::blocks {
namespace {

std::string TopOfStackAfterFirstNext(const std::string& script) {
  auto session = WorkoutSession::Create(script);
  EXPECT_TRUE(session.ok());
  if (!session.ok()) return "";
  (*session)->Start();
  const runtime::TraceStep step = (*session)->Apply(runtime::StepCommand{});
  if (step.stack.empty()) return "(empty)";
  return step.stack.front().type + " " + step.stack.front().label;
}

TEST(CommentLines, ChildlessCommentsDoNotRun) {
  EXPECT_EQ(TopOfStackAfterFirstNext("// Fran\n// for time\n21 Thrusters\n"),
            "effort 21 Thrusters");
}

TEST(CommentLines, CommentsBetweenChildrenDoNotRun) {
  EXPECT_EQ(TopOfStackAfterFirstNext("(3)\n  // pace it\n  10 Pullups\n"),
            "effort 10 Pullups");
}

TEST(CommentLines, ScriptOfCommentsOnlyIsEmpty) {
  auto session = WorkoutSession::Create("// nothing to do\n");
  ASSERT_TRUE(session.ok());
  const runtime::TraceStep row0 = (*session)->Start();
  EXPECT_EQ(row0.depth(), 0);
}

TEST(CommentLines, HeadingsStillRunAsTheReferenceDoes) {
  EXPECT_EQ(TopOfStackAfterFirstNext("# Day 1\n10 Pullups\n"), "effort Day 1");
}

TEST(CommentLines, CommentWithChildrenIsAGroup) {
  EXPECT_EQ(TopOfStackAfterFirstNext("// Warmup\n  400m Run\n"),
            "effort Run 400 m");
}

}  // namespace
}  // namespace wod::blocks
