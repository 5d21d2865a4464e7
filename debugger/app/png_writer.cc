#include "debugger/app/png_writer.h"

#include <GL/gl.h>

#include <vector>

// The one translation unit that compiles stb_image_write (it is
// header-only: exactly one file defines the implementation).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace wod::debugger {

absl::Status WriteFramebufferPng(const std::string& path, int width,
                                 int height) {
  if (width <= 0 || height <= 0) {
    return absl::InvalidArgumentError("empty framebuffer");
  }
  std::vector<unsigned char> pixels(static_cast<size_t>(width) *
                                    static_cast<size_t>(height) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  bool uniform = true;
  for (size_t i = 3; i < pixels.size() && uniform; ++i) {
    uniform = pixels[i] == pixels[i % 3];
  }
  if (uniform) {
    return absl::InternalError(
        "the framebuffer is blank: nothing was rendered");
  }
  // Per call, not global state: the flag is set right before the write.
  stbi_flip_vertically_on_write(1);
  if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(),
                     width * 3) == 0) {
    return absl::UnavailableError("cannot write " + path);
  }
  return absl::OkStatus();
}

}  // namespace wod::debugger
