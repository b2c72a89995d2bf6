// libFuzzer: one .safetensors file (fuzz_targets.h openSafetensorsFile).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = ifedit::fuzz::writeInput("model.safetensors", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openSafetensorsFile(path); });
  return 0;
}
