// Replays every fuzz seed and every kept crash input (tests/fuzz/corpus/
// <target>/) through its fuzzer's own checks in the ordinary test suite, so
// the g++, ASan+UBSan and TSan CI phases re-check them without a libFuzzer
// build (docs/spec/design.md §7: every crashing input is kept
// as a regression test).
//
// The fuzz sources are compiled into this binary with their entry point
// renamed (tests/reliability/CMakeLists.txt). A failed check aborts, as in
// the fuzzer; the last "fuzz corpus:" line in the output names the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

extern "C" int WodFuzzParser(const std::uint8_t* data, std::size_t size);
extern "C" int WodFuzzSteps(const std::uint8_t* data, std::size_t size);
extern "C" int WodFuzzSession(const std::uint8_t* data, std::size_t size);
extern "C" int WodFuzzRecording(const std::uint8_t* data, std::size_t size);
extern "C" int WodFuzzRun(const std::uint8_t* data, std::size_t size);

namespace wod {
namespace {

namespace fs = std::filesystem;

using FuzzEntry = int (*)(const std::uint8_t*, std::size_t);

// Runs every file of tests/fuzz/corpus/`target` through `entry`; returns
// how many ran.
size_t ReplayCorpus(const char* target, FuzzEntry entry) {
  const fs::path dir =
      fs::path(WOD_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / target;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string data = bytes.str();
    std::fprintf(stderr, "fuzz corpus: %s\n", file.string().c_str());
    EXPECT_EQ(
        entry(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()),
        0)
        << file;
  }
  return files.size();
}

TEST(FuzzCorpusTest, ParserSeedsPassTheParserFuzzerChecks) {
  EXPECT_GT(ReplayCorpus("parser", &WodFuzzParser), 0u);
}

TEST(FuzzCorpusTest, StepsSeedsPassTheStepsFuzzerChecks) {
  EXPECT_GT(ReplayCorpus("steps", &WodFuzzSteps), 0u);
}

TEST(FuzzCorpusTest, SessionSeedsPassTheSessionFuzzerChecks) {
  EXPECT_GT(ReplayCorpus("session", &WodFuzzSession), 0u);
}

TEST(FuzzCorpusTest, RecordingSeedsPassTheRecordingFuzzerChecks) {
  EXPECT_GT(ReplayCorpus("recording", &WodFuzzRecording), 0u);
}

TEST(FuzzCorpusTest, RunSeedsPassTheRunFuzzerChecks) {
  EXPECT_GT(ReplayCorpus("run", &WodFuzzRun), 0u);
}

}  // namespace
}  // namespace wod
