// libFuzzer: a *.safetensors.index.json beside one valid shard (fuzz_targets.h openShardIndex).
#include "fuzz_common.h"
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool shard = (ifedit::fuzz::writeTestShard(ifedit::fuzz::scratchDir()), true);
  (void)shard;
  const auto path = ifedit::fuzz::writeInput("model.safetensors.index.json", data, size);
  ifedit::fuzz::expectCleanError([&] { ifedit::fuzz::openShardIndex(path); });
  return 0;
}
