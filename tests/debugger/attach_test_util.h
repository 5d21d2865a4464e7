// Helpers shared by the attach tests: a mkdtemp directory for socket paths,
// numbered publications that say whether they are keyframes, and a reader
// loop that collects a whole stream.

#ifndef WOD_TESTS_DEBUGGER_ATTACH_TEST_UTIL_H_
#define WOD_TESTS_DEBUGGER_ATTACH_TEST_UTIL_H_

#include <dirent.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "debugger/attach/publication_endpoint.h"
#include "debugger/attach/publication_reader.h"
#include "fmt/format.h"

namespace wod::attach::testing {

// Long enough for a loaded CI machine; the tests never wait it out on
// success (every wait ends on a condition).
inline constexpr absl::Duration kWait = absl::Seconds(60);

// A fresh directory (mode 0700, ours) removed with its files at the end.
class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/wod-attach-XXXXXX";
    const char* made = mkdtemp(templ);
    if (made != nullptr) path_ = made;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    if (DIR* dir = opendir(path_.c_str())) {
      while (dirent* entry = readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") unlink((path_ + "/" + name).c_str());
      }
      closedir(dir);
    }
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::string Address(const std::string& name = "wod.sock") const {
    return "unix:" + File(name);
  }

 private:
  std::string path_;
};

// `{"seq":N,"key":true|false}`, padded to at least `bytes` bytes.
inline Publication Numbered(int64_t seq, bool keyframe, size_t bytes = 0) {
  std::string line =
      fmt::format(R"({{"seq":{},"key":{})", seq, keyframe ? "true" : "false");
  constexpr size_t kPadOverhead = 10;  // ,"pad":"" and the closing brace
  if (line.size() + kPadOverhead < bytes) {
    line += fmt::format(R"(,"pad":"{}")",
                        std::string(bytes - line.size() - kPadOverhead, 'x'));
  }
  line += "}";
  return Publication{std::move(line), keyframe};
}

struct NumberedLine {
  int64_t seq = -1;
  bool keyframe = false;
};
inline std::optional<NumberedLine> ParseNumbered(const std::string& line) {
  long long seq = 0;
  char key[6] = {};
  if (std::sscanf(line.c_str(), R"({"seq":%lld,"key":%5[a-z])", &seq, key) !=
      2) {
    return std::nullopt;
  }
  return NumberedLine{seq, std::strcmp(key, "true") == 0};
}

// Reads until the end line; fails the test on an error or a timeout.
// `results` gets every line, gap and the end, in order.
inline absl::Status ReadToEnd(PublicationReader& reader,
                              std::vector<ReadResult>* results) {
  while (true) {
    absl::StatusOr<ReadResult> next = reader.Next(kWait);
    if (!next.ok()) return next.status();
    if (next->kind == ReadResult::kTimeout) {
      return absl::DeadlineExceededError("no end line within the wait");
    }
    results->push_back(*next);
    if (next->kind == ReadResult::kEnd) return absl::OkStatus();
  }
}

// A raw client socket connected to `path` (for clients that misbehave).
inline int RawConnect(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) !=
      0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace wod::attach::testing

#endif  // WOD_TESTS_DEBUGGER_ATTACH_TEST_UTIL_H_
