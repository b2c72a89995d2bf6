#pragma once
// Where a model set's weights would live with given options, before loading it: the memory mode
// "auto" would choose on this machine now, its device and host memory against what is free. The
// Settings dialog shows it; nothing is read beyond the files' headers. Torch-free.
#include <cstdint>
#include <string>

#include "api/engine.h"

namespace ifedit::api {

struct MemoryPreview {
  std::string error;      // why there is no plan (no complete folder, no such device, a bad file)
  std::string device;     // "cpu", "cuda:0"
  std::string precision;  // "f32", "bf16"
  std::string mode;       // "resident", "swap", "fp8", "lowvram"
  bool textEncoderOnHost = false;  // kept off the device (offloaded or on the CPU)
  int64_t deviceBytes = 0;         // expected device peak (0 on the CPU)
  int64_t deviceFreeBytes = -1;    // -1: unknown
  int64_t hostBytes = 0;           // weights kept in host memory
  int64_t hostAvailableBytes = -1; // -1: unknown
  bool fits = true;                // the device peak fits in its free memory
  bool hostFits = true;            // the host memory fits in what is available
};

// Never throws: problems end up in `error`.
MemoryPreview previewMemory(const ModelOptions& options);

}  // namespace ifedit::api
