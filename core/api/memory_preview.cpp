#include "api/memory_preview.h"

#include <c10/core/InferenceMode.h>
#include <c10/util/Exception.h>

#include <exception>

#include "pipeline/model_bundle.h"

namespace ifedit::api {

MemoryPreview previewMemory(const ModelOptions& options) {
  MemoryPreview out;
  try {
    c10::InferenceMode guard;
    const std::string root = options.path == "demo" ? pipeline::demoModelFolder() : options.path;
    if (root.empty()) throw std::runtime_error("no model folder chosen");
    const auto set = loaders::detectModelSet(root);
    if (!set.complete()) throw std::runtime_error("the model folder is incomplete");
    const auto device = pipeline::chooseDevice(options.device);
    const auto dtype = pipeline::chooseDtype(options.precision, device);
    const auto sources = pipeline::openNetworkSources(set, options);
    const auto planned = pipeline::planMemory(sources, options, device, dtype, /*preview=*/true);
    const auto& plan = planned.plan;
    out.device = device.str();
    out.precision = dtype == c10::kBFloat16 ? "bf16" : "f32";
    out.mode = runtime::memoryModeName(plan.mode);
    out.textEncoderOnHost = device.is_cuda() && (options.textEncoderOnCpu || !plan.textEncoderResident);
    out.deviceBytes = plan.deviceBytes;
    out.deviceFreeBytes = planned.deviceFree;
    out.hostBytes = plan.hostBytes;
    out.hostAvailableBytes = planned.hostAvailable;
    out.fits = plan.fits;
    out.hostFits = plan.hostFits;
  } catch (const c10::Error& e) {
    out.error = e.what_without_backtrace();
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace ifedit::api
