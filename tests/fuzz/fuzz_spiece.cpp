// libFuzzer: spiece.model (fuzz_targets.h openSentencePiece).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = ifedit::fuzz::writeInput("spiece.model", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openSentencePiece(path); });
  return 0;
}
