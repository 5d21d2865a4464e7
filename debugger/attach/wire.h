// The attach wire format: what travels on the socket between a
// PublicationEndpoint and a PublicationReader (docs/attach.md).
//
// The stream is a sequence of lines, each ended by '\n'. The endpoint treats
// the header and the publications as opaque text; it adds two control lines
// of its own, which are reserved (no publication may be spelled like them):
//
//   {"gap":N}      N publications are missing here; the next publication
//                  line is a keyframe (or the end line follows).
//   {"end":true}   the host finished the stream on purpose. A connection
//                  that closes without it means the host exited or crashed.
//
// Addresses are spelled `unix:PATH`; ParseUnixAddress checks the spelling and
// the sun_path limit for both sides.

#ifndef WOD_DEBUGGER_ATTACH_WIRE_H_
#define WOD_DEBUGGER_ATTACH_WIRE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace wod::attach {

// The end line, written once by PublicationEndpoint::Finish.
inline constexpr std::string_view kEndLine = R"({"end":true})";

// sockaddr_un::sun_path holds 108 bytes on Linux, the terminating NUL
// included, so a path has at most 107 bytes.
inline constexpr size_t kMaxSocketPathBytes = 107;

// `{"gap":N}`.
std::string GapLine(uint64_t dropped);

// N when `line` is exactly a gap line (`{"gap":N}`, N decimal), else nullopt.
std::optional<uint64_t> ParseGapLine(std::string_view line);

// The socket path of `unix:PATH`. InvalidArgument for another scheme, an
// empty path, a path with a NUL byte, or one longer than sun_path allows.
absl::StatusOr<std::string> ParseUnixAddress(std::string_view address);

}  // namespace wod::attach

#endif  // WOD_DEBUGGER_ATTACH_WIRE_H_
