// The debugger asks the memory library's own debug view
// (memory::DebugMemoryView) for what its memory table and hierarchy show:
// at every step of real scripts, seen as the UI sees them (each step's
// publication appended to a PublicationTimeline and its newest frame
// shown), the memory table's rows under every type filter and every owner
// filter are GetByType / GetByOwner of that step's snapshot, the per-owner
// counts are GetByOwner's, and the fully expanded hierarchy panel is
// GetMemoryHierarchy (ids, depth, owners, parents). The frames built step
// by step (only the refs a delta touched re-read) equal full builds.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "debugger/model/debugger_model.h"
#include "debugger/model/hierarchy_state.h"
#include "debugger/model/memory_table_state.h"
#include "debugger/model/publication_timeline.h"
#include "debugger/model/session_driver.h"
#include "gtest/gtest.h"
#include "memory/debug_memory_view.h"

namespace wod::debugger {
namespace {

// Pushes, pops, timers, pause/resume, then enough to finish the scripts.
constexpr char kCommands[] =
    "next; tick 1000; next; tick 30000; pause; tick 5000; resume; next; "
    "advance 250; next; tick 60000; next; event timer:pause; next; "
    "event timer:resume; tick 120000; next; next; next; next; tick 1; "
    "next; next; next; next; next; next; next; next; next; next; "
    "tick 300000; next; next; next; next; next; next; next; next; next; "
    "tick 600000; next; next; next; next; next; next; next; next; abort";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

OwnerKey OwnerOf(const Frame& f, const RefRow& r) {
  return r.owner < f.owners.size() ? f.owners[r.owner].id : OwnerKey::kNone;
}

// The table's rows (id order) against the view's entries: id, value,
// owner, parent and bytes.
void ExpectRowsAre(MemoryTableState& table,
                   const std::vector<memory::DebugEntry>& want,
                   const std::string& what) {
  const Frame& f = *table.frame();
  const std::vector<uint32_t>& rows = table.Rows();
  ASSERT_EQ(rows.size(), want.size()) << what;
  for (size_t i = 0; i < rows.size(); ++i) {
    const RefRow& r = f.refs[rows[i]];
    const memory::DebugEntry& e = want[i];
    EXPECT_EQ(r.id, KeyOf(e.id)) << what;
    EXPECT_EQ(r.value, e.value) << what;
    EXPECT_EQ(OwnerOf(f, r), KeyOf(e.owner)) << what;
    EXPECT_EQ(r.parent, e.parent.is_null() ? RefKey::kNone : KeyOf(e.parent))
        << what;
    EXPECT_EQ(r.bytes, e.bytes) << what;
  }
}

void CheckStep(const FramePtr& frame) {
  ASSERT_NE(frame->snapshot, nullptr);
  const memory::DebugMemoryView view(frame->snapshot);
  const std::string at = "step " + std::to_string(frame->step);

  MemoryTableState table;
  table.SetFrame(frame);
  for (const std::string& type : frame->types) {
    table.SetTypeFilter(type);
    ExpectRowsAre(table, view.GetByType(type), at + " type " + type);
  }
  table.SetTypeFilter("");
  DebuggerModel model;
  model.SetFrame(frame);
  const std::vector<OwnerStats>& stats = model.OwnerStatsView();
  for (uint32_t o = 0; o < frame->owners.size(); ++o) {
    const OwnerRow& owner = frame->owners[o];
    const memory::OwnerId id{KeyIndex(owner.id), KeyGeneration(owner.id)};
    const std::vector<memory::DebugEntry> held = view.GetByOwner(id);
    const std::string what = at + " owner " + owner.label;
    table.SetOwnerFilter(owner.id);
    ExpectRowsAre(table, held, what);
    size_t bytes = 0;
    for (const memory::DebugEntry& e : held) bytes += e.bytes;
    EXPECT_EQ(stats[o].count, held.size()) << what;
    EXPECT_EQ(stats[o].bytes, bytes) << what;
  }

  // The hierarchy fully expanded: the owners' rows, each followed by the
  // trees the memory roots at that owner, in the memory's order.
  HierarchyState tree;
  tree.SetFrame(frame);
  tree.ExpandAll(true);
  const std::vector<memory::HierarchyRow> want = view.GetMemoryHierarchy();
  size_t next = 0;
  OwnerKey owner_row = OwnerKey::kNone;
  for (const TreeRow& row : tree.Rows()) {
    if (row.kind == TreeRow::Kind::kOwner) {
      owner_row = frame->owners[row.index].id;
      const memory::OwnerId id{KeyIndex(owner_row), KeyGeneration(owner_row)};
      EXPECT_EQ(row.child_count, view.GetByOwner(id).size()) << at;
      EXPECT_EQ(row.depth, 0) << at;
      continue;
    }
    ASSERT_LT(next, want.size()) << at;
    const memory::HierarchyRow& h = want[next++];
    const RefRow& r = frame->refs[row.index];
    EXPECT_EQ(r.id, KeyOf(h.id)) << at;
    EXPECT_EQ(row.depth, static_cast<int>(h.depth) + 1) << at;
    EXPECT_EQ(OwnerOf(*frame, r), KeyOf(h.owner)) << at;
    EXPECT_EQ(r.parent, h.parent.is_null() ? RefKey::kNone : KeyOf(h.parent))
        << at;
    if (h.depth == 0) {
      EXPECT_EQ(owner_row, KeyOf(h.owner)) << at;
    }
  }
  EXPECT_EQ(next, want.size()) << at;
}

// Everything a panel shows of the refs and owners, to compare two builds.
void ExpectSameRefs(const Frame& want, const Frame& got) {
  ASSERT_EQ(want.refs.size(), got.refs.size()) << "step " << want.step;
  for (size_t i = 0; i < want.refs.size(); ++i) {
    const RefRow& a = want.refs[i];
    const RefRow& b = got.refs[i];
    EXPECT_EQ(a.id, b.id) << "step " << want.step;
    EXPECT_TRUE(a.SameContent(b) && OwnerOf(want, a) == OwnerOf(got, b))
        << "step " << want.step << " ref " << RefKeyText(a.id);
  }
  ASSERT_EQ(want.owners.size(), got.owners.size());
  for (size_t i = 0; i < want.owners.size(); ++i) {
    EXPECT_EQ(want.owners[i].id, got.owners[i].id);
  }
}

class ViewQueriesTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ViewQueriesTest, PanelsShowWhatTheMemoryViewAnswersAtEveryStep) {
  const std::string script =
      ReadFile(std::filesystem::path(WOD_EXAMPLES_DIR) / GetParam());
  ASSERT_FALSE(script.empty()) << GetParam();
  auto live = SessionDriver::Create(script, GetParam());
  ASSERT_TRUE(live.ok()) << live.status();
  (*live)->Handle(Intent::Of(Intent::Kind::kStart));
  ASSERT_TRUE((*live)->ApplySteps(kCommands).ok());
  const Timeline& history = (*live)->history();
  ASSERT_GT(history.size(), 20u);

  // The steps as the UI thread gets them: appended one by one, the newest
  // frame shown after each (built from the previous one and the delta).
  PublicationTimeline stepped;
  size_t parents = 0;
  for (size_t i = 0; i < history.size(); ++i) {
    stepped.AppendPublication(history.PublicationAt(i));
    const FramePtr frame = stepped.Latest();
    CheckStep(frame);
    ExpectSameRefs(*history.At(i), *frame);
    for (const RefRow& r : frame->refs) parents += r.parent != RefKey::kNone;
  }
  // Scrubbed back (frames rebuilt whole from a keyframe) the same holds.
  CheckStep(stepped.At(history.size() / 2));
  EXPECT_GT(parents, 0u) << "no parent/child ref in " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Examples, ViewQueriesTest,
                         ::testing::Values("fran.wod", "alternating-emom.wod"));

}  // namespace
}  // namespace wod::debugger
