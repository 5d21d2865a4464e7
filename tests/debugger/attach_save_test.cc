// Saving while attached (docs/spec/debugger.md §2.13, §7): wod-debug
// --attach follows a session published in this process (the in-process
// equivalent of `wod-run --publish unix:PATH --publish-wait`), and after
// every step the window's Save dialog (File menu → path field → Enter)
// writes the stream so far as a `.wodrec`. Each saved file opens with
// RecordingDriver and shows, at every step, exactly the frame that was
// shown attached; the Chrome trace and the golden file saved the same way
// are valid; a stream with a hole refuses a recording with a clear error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "base/json.h"
#include "blocks/recording.h"
#include "blocks/workout_session.h"
#include "debugger/attach/session_publisher.h"
#include "debugger/model/attach_driver.h"
#include "debugger/model/recording_driver.h"
#include "debugger/model/save.h"
#include "debugger/panels/headless_ui.h"
#include "fmt/format.h"
#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "runtime/script_runtime.h"
#include "runtime/step_command.h"
#include "tests/debugger/attach_test_util.h"

namespace wod::debugger {
namespace {

using attach::testing::kWait;
using attach::testing::TempDir;

constexpr char kCommands[] =
    "next; tick 1000; next; tick 1000; pause; tick 500; resume; next; next; "
    "tick 3000; next; next; tick 1000; next; next; next; tick 2000; next; "
    "next; next; abort";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string OwnerKeyText(const Frame& f, uint32_t row) {
  if (row == kNoOwner || row >= f.owners.size()) return "-";
  const OwnerRow& o = f.owners[row];
  return fmt::format("o{}.{}", KeyIndex(o.id), KeyGeneration(o.id));
}

// Everything the panels show of a frame, one line per item.
std::string FrameText(const Frame& f) {
  std::string out = fmt::format("step {} {} t={} ended={}\n", f.step, f.action,
                                f.t_ms, f.session_ended);
  for (const OwnerRow& o : f.owners) {
    out += fmt::format(
        "owner o{}.{} {} \"{}\" lines {}-{} created {} "
        "released {} block {}\n",
        KeyIndex(o.id), KeyGeneration(o.id), o.kind, o.label, o.line_begin,
        o.line_end, o.created_step, o.released_step, o.is_block);
  }
  for (const RefRow& r : f.refs) {
    out += fmt::format("ref {} parent {} type {} owner {} {} bytes {} = {}\n",
                       RefKeyText(r.id),
                       r.parent == RefKey::kNone ? "-" : RefKeyText(r.parent),
                       f.TypeName(r.type), OwnerKeyText(f, r.owner),
                       VisibilityName(r.visibility), r.bytes, r.value);
    if (f.fields != nullptr) {
      for (const auto& [name, text] : f.fields->Fields(r.id)) {
        out += fmt::format("  .{} = {}\n", name, text);
      }
    }
  }
  for (const BlockRow& b : f.stack) {
    out += fmt::format("block {} \"{}\" {} [{}] owner {} complete {}:{}\n",
                       b.type, b.label, b.key, b.state,
                       OwnerKeyText(f, b.owner), b.complete, b.complete_reason);
  }
  for (const RecordRow& r : f.emitted) {
    out += fmt::format("record {} {}\n", r.kind, r.text);
  }
  return out;
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "_" +
         std::to_string(::getpid());
}

// wod-debug's window, headless, over an attached driver: what main.cc
// does each frame (draw, then hand the intents to the model or driver).
class AttachedWindow {
 public:
  explicit AttachedWindow(Driver& driver) : driver_(driver) {}

  std::vector<Intent> Frame(const UiInput& input = {}) {
    std::vector<Intent> intents =
        ui_.Frame(model_, BeginPanelFrame(model_, driver_), input);
    for (const Intent& i : intents) {
      if (!ApplyViewIntent(i, model_, driver_.history())) driver_.Handle(i);
    }
    return intents;
  }

  // File → save `kind`: the dialog opens with its path field prefilled
  // and focused, the path is replaced, Enter saves. Returns the save
  // intent sent (kStart, which the dialog never sends, when none was).
  Intent Save(SaveKind kind, const std::string& path) {
    ui_.window().OpenSave(kind, BeginPanelFrame(model_, driver_));
    ui_.window().save_path() = path;
    Frame();  // the dialog appears and asks for the keyboard
    Frame();  // the path field has it
    UiInput enter;
    enter.keys = {kKeyEnter};
    Intent sent = Intent::Of(Intent::Kind::kStart);
    for (const Intent& i : Frame(enter)) {
      if (i.kind == Intent::Kind::kSaveRecording ||
          i.kind == Intent::Kind::kExportTrace ||
          i.kind == Intent::Kind::kSaveGolden) {
        sent = i;
      }
    }
    Frame();
    return sent;
  }

  DebuggerModel& model() { return model_; }
  [[nodiscard]] bool confirm_pending() {
    return ui_.window().pending_confirm() != DebuggerWindow::Confirm::kNone;
  }

 private:
  Driver& driver_;
  DebuggerModel model_;
  HeadlessUi ui_;
};

// Takes what the host published until the history holds `steps` steps.
bool Pump(StreamDriver& driver, size_t steps) {
  const absl::Time deadline = absl::Now() + kWait;
  while (driver.history().size() < steps && absl::Now() < deadline &&
         driver.error().ok()) {
    driver.Update(0);
  }
  return driver.history().size() >= steps;
}

TEST(AttachSave, EveryStepSavedWhileAttachedOpensWithTheFramesShown) {
  const std::string script =
      ReadFile(std::string(WOD_EXAMPLES_DIR) + "/fran.wod");
  ASSERT_FALSE(script.empty());
  TempDir dir;
  auto publisher = attach::SessionPublisher::Listen(dir.Address(), script);
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  auto attached = AttachDriver::Connect(dir.Address());
  ASSERT_TRUE(attached.ok()) << attached.status();
  StreamDriver& driver = **attached;
  // --publish-wait: the host starts once the debugger is connected.
  ASSERT_TRUE((*publisher)->WaitForClients(1, kWait).ok());
  auto session = blocks::WorkoutSession::Create(script);
  ASSERT_TRUE(session.ok());
  (*session)->AttachSink(publisher->get());
  auto commands = runtime::ParseStepCommands(kCommands);
  ASSERT_TRUE(commands.ok());

  AttachedWindow window(driver);
  const std::string rec_path = TempPath("wod_attach_save") + ".wodrec";
  const std::string trace_path = TempPath("wod_attach_save") + ".json";
  const std::string golden_path = TempPath("wod_attach_save") + ".golden";
  for (size_t step = 0; step <= commands->size(); ++step) {
    SCOPED_TRACE(fmt::format("saved at step {}", step));
    if (step == 0) {
      (*session)->Start();
    } else {
      (*session)->Apply((*commands)[step - 1]);
    }
    // The host's memory as `wod-run --snapshot` prints it after this step.
    const std::string host_golden =
        (*session)->runtime().memory().Snapshot()->ToText();
    ASSERT_TRUE(Pump(driver, step + 1)) << driver.error();
    window.Frame();
    EXPECT_TRUE(window.model().following_live());
    // Controls drive nothing here, and the stream's progress is no stop
    // (no red line, no Continue).
    EXPECT_TRUE(driver.status().browse_only);
    EXPECT_TRUE(driver.status().stop_reason.empty())
        << driver.status().stop_reason;
    EXPECT_NE(driver.status().browse_note.find("following live"),
              std::string::npos)
        << driver.status().browse_note;

    const Intent rec = window.Save(SaveKind::kRecording, rec_path);
    ASSERT_EQ(rec.kind, Intent::Kind::kSaveRecording);
    ASSERT_FALSE(driver.status().save_failed) << driver.status().save_message;
    absl::StatusOr<blocks::Recording> loaded =
        blocks::LoadRecording(ReadFile(rec_path));
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_TRUE(loaded->error.ok()) << loaded->error;
    EXPECT_TRUE(loaded->ended);
    auto opened = RecordingDriver::Create(*loaded, rec_path);
    ASSERT_TRUE(opened.ok()) << opened.status();
    const Timeline& shown = driver.history();
    const Timeline& saved = (*opened)->history();
    ASSERT_EQ(saved.size(), shown.size());
    for (size_t i = 0; i < shown.size(); ++i) {
      ASSERT_EQ(FrameText(*saved.At(i)), FrameText(*shown.At(i)))
          << "step " << i;
    }

    const Intent trace = window.Save(SaveKind::kTrace, trace_path);
    ASSERT_EQ(trace.kind, Intent::Kind::kExportTrace);
    ASSERT_FALSE(driver.status().save_failed) << driver.status().save_message;
    absl::StatusOr<base::JsonValue> json =
        base::ParseJson(ReadFile(trace_path));
    ASSERT_TRUE(json.ok()) << json.status();
    const base::JsonValue* events = json->Find("traceEvents");
    ASSERT_NE(events, nullptr);
    EXPECT_FALSE(events->items().empty());

    // The golden file of the step on display (the dialog's step).
    const Intent golden = window.Save(SaveKind::kGolden, golden_path);
    ASSERT_EQ(golden.kind, Intent::Kind::kSaveGolden);
    EXPECT_EQ(golden.value, static_cast<int64_t>(step));
    ASSERT_FALSE(driver.status().save_failed) << driver.status().save_message;
    EXPECT_EQ(ReadFile(golden_path), SnapshotGoldenText(*shown.Latest()));
    EXPECT_EQ(ReadFile(golden_path), host_golden);
  }
  ASSERT_TRUE((*publisher)->Finish(kWait).ok());
  ASSERT_TRUE(driver.RunToEnd(kWait).ok()) << driver.error();
  EXPECT_NE(driver.status().browse_note.find("stream ended"), std::string::npos)
      << driver.status().browse_note;
  // Start, Next, Run, Abort, Reset are disabled; F10 and F5 do nothing and
  // ask nothing.
  for (float x = 10; x < 390; x += 12) {
    for (float y = 36; y < 100; y += 10) {  // both rows of buttons
      UiInput press;
      press.mouse = ImVec2(x, y);
      window.Frame(press);
      press.mouse_down = true;
      for (const Intent& i : window.Frame(press)) {
        ADD_FAILURE() << "intent " << static_cast<int>(i.kind) << " at " << x
                      << "," << y;
      }
      press.mouse_down = false;
      window.Frame(press);
    }
  }
  for (int key : {kKeyF10, kKeyF5}) {
    UiInput press;
    press.keys = {key};
    EXPECT_TRUE(window.Frame(press).empty()) << key;
    window.Frame();
  }
  EXPECT_FALSE(window.confirm_pending());
  std::remove(rec_path.c_str());
  std::remove(trace_path.c_str());
  std::remove(golden_path.c_str());
}

// A stream whose first step arrived late (a hole before it) has no
// recording to give: the dialog says why, and nothing is written.
TEST(AttachSave, AStreamWithAHoleRefusesARecordingWithAReason) {
  const std::string script =
      ReadFile(std::string(WOD_EXAMPLES_DIR) + "/fran.wod");
  TempDir dir;
  attach::SessionPublisherOptions options;
  options.keyframe_interval = 4;
  auto publisher =
      attach::SessionPublisher::Listen(dir.Address(), script, options);
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  auto session = blocks::WorkoutSession::Create(script);
  ASSERT_TRUE(session.ok());
  (*session)->AttachSink(publisher->get());
  (*session)->Start();
  auto commands = runtime::ParseStepCommands(kCommands);
  ASSERT_TRUE(commands.ok());
  // Six steps before anyone listens: the debugger starts at a later
  // keyframe.
  for (size_t i = 0; i < 6; ++i) (*session)->Apply((*commands)[i]);
  auto attached = AttachDriver::Connect(dir.Address());
  ASSERT_TRUE(attached.ok()) << attached.status();
  ASSERT_TRUE((*publisher)->WaitForClients(1, kWait).ok());
  for (size_t i = 6; i < commands->size(); ++i) {
    (*session)->Apply((*commands)[i]);
  }
  ASSERT_TRUE((*publisher)->Finish(kWait).ok());
  ASSERT_TRUE((*attached)->RunToEnd(kWait).ok()) << (*attached)->error();
  ASSERT_GT((*attached)->gaps(), 0);

  AttachedWindow window(**attached);
  window.Frame();
  const std::string path = TempPath("wod_attach_hole") + ".wodrec";
  std::remove(path.c_str());
  window.Save(SaveKind::kRecording, path);
  EXPECT_TRUE((*attached)->status().save_failed);
  EXPECT_NE((*attached)->status().save_message.find("never received"),
            std::string::npos)
      << (*attached)->status().save_message;
  EXPECT_NE(access(path.c_str(), F_OK), 0);
  // A golden file of a step that did arrive still works.
  const std::string golden = TempPath("wod_attach_hole") + ".golden";
  window.Save(SaveKind::kGolden, golden);
  EXPECT_FALSE((*attached)->status().save_failed)
      << (*attached)->status().save_message;
  EXPECT_EQ(ReadFile(golden),
            SnapshotGoldenText(*(*attached)->history().Latest()));
  std::remove(golden.c_str());
}

}  // namespace
}  // namespace wod::debugger
