#include "debugger/app/session_factory.h"

#include "debugger/model/demo_driver.h"

namespace wod::debugger {

absl::StatusOr<std::unique_ptr<Driver>> MakeDriver(const AppOptions& options) {
  auto demo = std::make_unique<DemoDriver>(
      static_cast<size_t>(options.demo_refs > 0 ? options.demo_refs : 1000));
  demo->Handle(Intent::Of(Intent::Kind::kStart));
  for (int i = 0; i < 12; ++i) demo->Handle(Intent::Of(Intent::Kind::kNext));
  return std::unique_ptr<Driver>(std::move(demo));
}

}  // namespace wod::debugger
