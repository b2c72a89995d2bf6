#pragma once
// Which devices the engine can run on here: what the Settings dialog offers and
// `ifedit-cli devices` prints. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace ifedit::api {

struct GpuDevice {
  std::string id;          // "cuda:0", as the engine's `device` setting takes it
  std::string name;        // "NVIDIA H200"; empty when the driver would not say
  int64_t totalBytes = 0;  // 0 when unknown
};

struct ComputeDevices {
  bool cudaBuild = false;       // this engine was built against a libtorch with CUDA
  std::vector<GpuDevice> gpus;  // the CUDA devices visible now
  std::string autoChoice;       // what "auto" runs on: "cuda:0" or "cpu"
};

// Never throws; asks the CUDA runtime each call (it is cheap once CUDA is initialised).
ComputeDevices listComputeDevices();

}  // namespace ifedit::api
