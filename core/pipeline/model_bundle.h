#pragma once
// Every network of one Wan2.2-I2V model set, loaded once and kept between edits.
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"
#include "io/weight_source.h"
#include "loaders/layout.h"
#include "models/dit/wan_dit.h"
#include "models/t5/tokenizer.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "runtime/block_arena.h"
#include "runtime/memory_mode.h"
#include "runtime/offloaded_text_encoder.h"

namespace ifedit::pipeline {

struct ModelBundle {
  ModelBundle() = default;
  ~ModelBundle();
  ModelBundle(const ModelBundle&) = delete;
  ModelBundle& operator=(const ModelBundle&) = delete;

  std::unique_ptr<dit::WanDit> high;
  std::unique_ptr<dit::WanDit> low;
  std::unique_ptr<vae::WanVae> vae;
  std::unique_ptr<t5::Umt5Encoder> textEncoder;  // on the device or the CPU; null when offloaded
  std::unique_ptr<runtime::OffloadedTextEncoder> offloadedTextEncoder;
  std::unique_ptr<t5::Umt5Tokenizer> tokenizer;
  // swap / lowvram: the device slots the experts' blocks pass through (after the experts, so it
  // is destroyed first).
  std::unique_ptr<runtime::BlockArena> arena;
  runtime::MemoryPlan memory;
  c10::Device device = c10::kCPU;
  api::ModelInfo info;

  // One [len_i, text_dim] embedding per sequence, on `device`, from whichever text encoder the
  // memory mode keeps.
  std::vector<at::Tensor> encodeText(const at::Tensor& ids, const at::Tensor& mask, const CancelToken* cancel = nullptr) const;
};

// What the bundles alive in this process hold in host memory: the page-locked chunks their loads
// allocated (swap/lowvram blocks, an offloaded text encoder; exact, and live while a load runs) and
// the planned size of weights kept on the CPU itself. A preview made while models are loaded, or
// loading, counts this as available, since a load with other options frees it first. Counted per
// bundle, not from the process's memory figures, which other threads and the C library's caching
// of freed memory would blur. (CPU weights read zero-copy from a mapped file are page cache that
// the available figure already counts: for those the preview errs towards fitting.)
int64_t hostBytesHeldByLoadedModels();

// The part being loaded ("high-noise expert", "VAE", ...) and the fraction of the whole set's
// weights read so far (0..1): called as each part starts and as the fraction grows by 0.5 %.
using LoadProgress = std::function<void(const std::string& part, double fraction)>;

// The four networks' weights before loading (files, or random weights for benchmarks).
struct NetworkSources {
  std::unique_ptr<io::WeightSource> high, low, vae, textEncoder;
  dit::WanDitConfig highConfig, lowConfig;
  // Where the text encoder's weights are read through when it is kept in host memory: the CPU for
  // files, the device for random weights generated there.
  c10::Device readTextEncoderVia = c10::kCPU;
  // > 0: plan the memory mode as if the device had this much free memory (benchmarks of smaller
  // cards); 0: ask the device.
  int64_t freeBytesOverride = 0;
  // > 0: plan as if this much host memory were available (tests); 0: ask the system.
  int64_t hostAvailableOverride = 0;
};

// What the set puts on a device in `dtype`, for chooseMemoryMode (activations: the paper setting,
// 480x832 and 33 frames).
runtime::MemoryNeeds memoryNeeds(const NetworkSources& sources, c10::ScalarType dtype);

// Opens every part of a detected set under official names (LoRAs merged; only headers are read) and
// reads the experts' configs. Throws std::runtime_error / io::IoError naming the file.
NetworkSources openNetworkSources(const loaders::ModelSet& set, const api::ModelOptions& options);

// The memory plan a load would follow on `device`, with the free device memory (-1: unknown) and
// the available host memory (-1: unknown) it was made from. Throws std::runtime_error for a GPU
// memory mode asked of the CPU. `preview`: for a plan shown before loading, from another thread
// than the engine's: nothing waits for the device or releases its cache, and what torch holds
// now (loaded models, cache) counts as free, as a load would free it first.
struct PlannedMemory {
  runtime::MemoryPlan plan;
  int64_t deviceFree = -1;
  int64_t hostAvailable = -1;
  // Weights the plan keeps resident on the CPU itself (the whole set on the CPU, a text encoder run
  // there), as opposed to the page-locked copies of swap/lowvram and an offloaded text encoder.
  int64_t cpuWeightBytes = 0;
};
PlannedMemory planMemory(const NetworkSources& sources, const api::ModelOptions& options, c10::Device device,
                         c10::ScalarType dtype, bool preview = false);

// The compute dtype of "auto" / "f32" / "bf16" on `device` (auto: bf16 on CUDA, f32 on the CPU).
c10::ScalarType chooseDtype(const std::string& precision, const c10::Device& device);

// Loads the networks into `bundle` (whose `device` is set) under the memory mode the options ask
// for ("auto": chosen from the device's free memory now) and fills bundle.memory,
// info.memoryMode and a note. DiT and text encoder in `dtype`, VAE in f32. Throws
// std::runtime_error for a mode the device cannot run (swap/fp8/lowvram on the CPU, fp8/lowvram
// without float8 support), and before reading any weight when what the plan keeps in host memory
// exceeds what is available (unless IFEDIT_IGNORE_HOST_MEMORY=1): filling it would make the
// system swap to a halt or kill the program.
// `cancel` is checked between the parts and between the experts' tensors (throws Cancelled).
void loadNetworks(ModelBundle& bundle, NetworkSources& sources, const api::ModelOptions& options,
                  c10::ScalarType dtype, const LoadProgress& progress = {}, const CancelToken* cancel = nullptr);

// Resolves "demo", detects the layout, opens every part under official names (LoRAs merged), and
// loads it: DiT and text encoder in bf16 on CUDA (f32 on CPU), VAE in f32 as the official code.
// Throws std::runtime_error naming the folder and what is missing.
std::unique_ptr<ModelBundle> loadModelBundle(const api::ModelOptions& options, const LoadProgress& progress = {},
                                             const CancelToken* cancel = nullptr);

std::string demoModelFolder();

// The device a name asks for: auto (CUDA when visible), cpu, cuda or cuda:N. Throws
// std::runtime_error naming why it cannot be had (unknown name, a build without CUDA, no visible
// GPU, an index past the visible ones).
c10::Device chooseDevice(const std::string& wanted);

}  // namespace ifedit::pipeline
