// Uses the installed wod::memory: allocate, snapshot, release.
#include <cstdio>
#include <string>

#include "memory/memory_snapshot.h"
#include "memory/runtime_memory.h"
#include "memory/status_macros.h"

namespace {

absl::Status Run() {
  wod::memory::RuntimeMemory memory;
  WOD_ASSIGN_OR_RETURN(auto tag, memory.RegisterType<int>("reps"));
  WOD_ASSIGN_OR_RETURN(wod::memory::OwnerId owner,
                       memory.CreateOwner({"Effort", "21 Thrusters"}));
  WOD_ASSIGN_OR_RETURN(auto reps, memory.Allocate(tag, 21, owner));
  WOD_RETURN_IF_ERROR(reps.Set(15));
  const auto snapshot = memory.Snapshot();
  if (snapshot->size() != 1 || *snapshot->Get<int>(reps.id()) != 15) {
    return absl::InternalError("unexpected snapshot");
  }
  WOD_ASSIGN_OR_RETURN(size_t released, memory.ReleaseOwner(owner));
  if (released != 1 || reps.IsValid()) {
    return absl::InternalError("release failed");
  }
  return memory.CheckInvariants();
}

}  // namespace

int main() {
  const absl::Status status = Run();
  if (!status.ok()) {
    std::printf("consumer failed: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf("consumer ok\n");
  return 0;
}
