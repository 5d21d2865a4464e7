// Tests of tools/cli/file_io.h: reads and writes fail with the path and the
// reason, atomic writes never leave a partial file, and output identities
// are compared by file, not by name.
#include "tools/cli/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wod::cli {
namespace {

using ::testing::HasSubstr;

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("file_io_test_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() +
            "_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name), std::ios::binary) << text;
    return Path(name);
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  int Entries() {
    int n = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator(dir_)) {
      ++n;
    }
    return n;
  }

  std::filesystem::path dir_;
};

TEST_F(FileIoTest, ReadsAWholeFile) {
  const std::string big(200'000, 'x');  // several read(2) chunks
  absl::StatusOr<std::string> text = ReadFileText(Write("a", big));
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, big);
}

TEST_F(FileIoTest, ReadErrorsNameThePathAndTheReason) {
  absl::StatusOr<std::string> missing = ReadFileText(Path("none"));
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  EXPECT_EQ(missing.status().message(),
            "cannot read '" + Path("none") + "': No such file or directory");
  EXPECT_EQ(ReadFileText(dir_.string()).status().message(),
            "cannot read '" + dir_.string() + "': it is a directory");
  // Reading /proc/self/mem at offset 0 (unmapped) gives EIO.
  EXPECT_EQ(ReadFileText("/proc/self/mem").status().message(),
            "cannot read '/proc/self/mem': Input/output error");
  // A closed descriptor.
  const int fd = open(Write("b", "x").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  close(fd);
  EXPECT_EQ(ReadAll(fd, "<stdin>").status().message(),
            "cannot read '<stdin>': Bad file descriptor");
}

TEST_F(FileIoTest, OutputBufferKeepsTheFirstErrorAndStopsWriting) {
  const int fd = open("/dev/full", O_WRONLY);
  ASSERT_GE(fd, 0);
  {
    FdOutputBuffer buffer(fd);
    std::ostream out(&buffer);
    out << "row\n";
    EXPECT_TRUE(out.good());  // still buffered
    out.flush();
    EXPECT_FALSE(out.good());
    EXPECT_EQ(buffer.error(), ENOSPC);
    EXPECT_EQ(WriteError("<stdout>", buffer.error()).message(),
              "cannot write '<stdout>': No space left on device");
  }
  close(fd);

  const int good = open(Path("out").c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(good, 0);
  {
    FdOutputBuffer buffer(good);
    std::ostream out(&buffer);
    const std::string big(100'000, 'y');  // larger than the buffer
    out << big << "\n";
    out.flush();
    EXPECT_TRUE(out.good());
    EXPECT_EQ(buffer.error(), 0);
  }
  close(good);
  EXPECT_EQ(Read(Path("out")), std::string(100'000, 'y') + "\n");
}

TEST_F(FileIoTest, AtomicWriteReplacesWholeAndLeavesNoTemporary) {
  const std::string path = Write("t.json", std::string(1000, 'o'));
  ASSERT_TRUE(WriteFileAtomically(path, "{}\n").ok());
  EXPECT_EQ(Read(path), "{}\n");
  EXPECT_EQ(Entries(), 1);
  // Mode of a plain create (0666 minus the umask), not mkstemp's 0600.
  const mode_t mask = umask(0);
  umask(mask);
  EXPECT_EQ(std::filesystem::status(path).permissions(),
            static_cast<std::filesystem::perms>(0666 & ~mask));

  // A failure leaves nothing behind and names the path.
  const std::string bad = Path("no/dir/t.json");
  absl::Status failed = WriteFileAtomically(bad, "{}");
  EXPECT_TRUE(absl::IsDataLoss(failed));
  EXPECT_EQ(failed.message(),
            "cannot write '" + bad + "': No such file or directory");
  EXPECT_EQ(Entries(), 1);

  // A device is written in place, never renamed over.
  EXPECT_TRUE(WriteFileAtomically("/dev/null", "x").ok());
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
  EXPECT_EQ(WriteFileAtomically("/dev/full", "x").message(),
            "cannot write '/dev/full': No space left on device");
}

TEST_F(FileIoTest, OutputsAreComparedByIdentity) {
  const std::string script = Write("x.wod", "5 Pullups\n");
  std::filesystem::create_hard_link(script, Path("hard.wod"));
  std::filesystem::create_symlink(script, Path("soft.wod"));
  std::filesystem::create_directories(dir_ / "sub");
  const std::vector<NamedFile> inputs = {{"the script", script, -1}};

  for (const std::string& alias :
       {script, Path("hard.wod"), Path("soft.wod"), Path("sub/../x.wod")}) {
    absl::Status refused =
        CheckOutputIdentities(inputs, {{"--export-trace", alias, -1}});
    EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << alias;
    EXPECT_THAT(refused.message(),
                HasSubstr("it is the same file as the script '" + script));
  }
  // Two new outputs with the same resolved name.
  absl::Status twice = CheckOutputIdentities(
      inputs, {{"--record", Path("new"), -1},
               {"--export-trace", Path("sub/../new"), -1}});
  EXPECT_THAT(twice.message(),
              HasSubstr("--export-trace '" + Path("sub/../new") +
                        "': it is the same file as --record '" + Path("new")));
  // Distinct files, and devices, pass.
  EXPECT_TRUE(CheckOutputIdentities(inputs, {{"--record", Path("r"), -1},
                                             {"--export-trace", Path("t"), -1}})
                  .ok());
  EXPECT_TRUE(
      CheckOutputIdentities(inputs, {{"--record", "/dev/null", -1},
                                     {"--export-trace", "/dev/null", -1}})
          .ok());
  // A descriptor (stdin) is compared by what it has open.
  const int fd = open(script.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_THAT(CheckOutputIdentities({{"the script on <stdin>", "", fd}},
                                    {{"--record", Path("hard.wod"), -1}})
                  .message(),
              HasSubstr("same file as the script on <stdin>, which"));
  close(fd);
}

}  // namespace
}  // namespace wod::cli
