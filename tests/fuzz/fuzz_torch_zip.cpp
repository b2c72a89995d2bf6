// libFuzzer: a torch.save archive (fuzz_targets.h openTorchZipFile).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = ifedit::fuzz::writeInput("model.pth", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openTorchZipFile(path); });
  return 0;
}
