// WritePng: the pixels of the current OpenGL framebuffer to a PNG file.
//
// Used by `wod-debug --screenshot`: glReadPixels reads bottom-up, so the
// writer flips rows (stbi_flip_vertically_on_write).
//
//   WOD_RETURN_IF_ERROR(WriteFramebufferPng("out.png", width, height));
#ifndef WOD_DEBUGGER_APP_PNG_WRITER_H_
#define WOD_DEBUGGER_APP_PNG_WRITER_H_

#include <string>

#include "absl/status/status.h"

namespace wod::debugger {

// Reads the back buffer (RGB) and writes it; fails when the image is blank
// (every pixel the same), which means nothing was rendered.
absl::Status WriteFramebufferPng(const std::string& path, int width,
                                 int height);

}  // namespace wod::debugger

#endif  // WOD_DEBUGGER_APP_PNG_WRITER_H_
