// libFuzzer: one LoRA file merged into a small expert (fuzz_targets.h mergeLoraFile).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string base = ifedit::fuzz::writeLoraBase(ifedit::fuzz::scratchDir());
  const auto path = ifedit::fuzz::writeInput("lora.safetensors", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::mergeLoraFile(path, base); });
  return 0;
}
