#include "api/devices.h"

#include "runtime/device_memory.h"

namespace ifedit::api {

ComputeDevices listComputeDevices() {
  ComputeDevices out;
  out.cudaBuild = runtime::cudaRuntimeCompiledIn();
  for (const auto& d : runtime::visibleCudaDevices())
    out.gpus.push_back({"cuda:" + std::to_string(d.index), d.name, d.totalBytes});
  // The engine's "auto" (pipeline::chooseDevice) takes the first GPU when there is one.
  out.autoChoice = out.gpus.empty() ? "cpu" : out.gpus.front().id;
  return out;
}

}  // namespace ifedit::api
