// libFuzzer: an expert folder's config.json (fuzz_targets.h openExpertConfig).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ifedit::fuzz::writeInput("config.json", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openExpertConfig(ifedit::fuzz::scratchDir().string()); });
  return 0;
}
