// libFuzzer: one weights file opened as an expert (fuzz_targets.h openExpertFile).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = ifedit::fuzz::writeInput("expert.safetensors", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openExpertFile(path); });
  return 0;
}
