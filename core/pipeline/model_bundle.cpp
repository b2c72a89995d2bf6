#include "pipeline/model_bundle.h"

#include <ATen/Context.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "compat/torch_compat.h"
#include "loaders/layout.h"
#include "loaders/lora.h"
#include "pipeline/latent_preview.h"
#include "pipeline/load_meter.h"
#include "runtime/device_memory.h"
#include "runtime/host_memory.h"
#include "runtime/pinned_pool.h"

namespace fs = std::filesystem;

namespace ifedit::pipeline {

namespace {

// Per bundle, what it owns in host memory: `fixed` bytes of weights resident on the CPU (the whole
// set on the CPU, a text encoder run there), counted at its RAM check, plus the page-locked chunks
// of its loader's pool (swap/lowvram blocks, an offloaded text encoder), read live from `pool`
// while it loads and folded into `fixed` when the loader is done with it.
struct HeldMemory {
  int64_t fixed = 0;
  const runtime::PinnedPool* pool = nullptr;
};
std::mutex gHeldMutex;
// Never destroyed: a bundle freed during static destruction must still find it.
auto& gHeld = *new std::map<const ModelBundle*, HeldMemory>;

// Ends the pool's live reading (normal end or an exception): destroyed before the pool is.
class PoolAccounting {
 public:
  PoolAccounting(const ModelBundle& bundle, const runtime::PinnedPool& pool) : bundle_(bundle), pool_(pool) {
    const std::lock_guard lock(gHeldMutex);
    if (auto it = gHeld.find(&bundle_); it != gHeld.end()) it->second.pool = &pool_;
  }
  ~PoolAccounting() {
    const std::lock_guard lock(gHeldMutex);
    if (auto it = gHeld.find(&bundle_); it != gHeld.end()) {
      it->second.fixed += pool_.reservedBytes();
      it->second.pool = nullptr;
    }
  }
  PoolAccounting(const PoolAccounting&) = delete;
  PoolAccounting& operator=(const PoolAccounting&) = delete;

 private:
  const ModelBundle& bundle_;
  const runtime::PinnedPool& pool_;
};

}  // namespace

ModelBundle::~ModelBundle() {
  const std::lock_guard lock(gHeldMutex);
  gHeld.erase(this);
}

int64_t hostBytesHeldByLoadedModels() {
  const std::lock_guard lock(gHeldMutex);
  int64_t sum = 0;
  for (const auto& [bundle, m] : gHeld) sum += m.fixed + (m.pool ? m.pool->reservedBytes() : 0);
  return sum;
}

c10::ScalarType chooseDtype(const std::string& precision, const c10::Device& device) {
  if (precision == "f32" || precision == "float32") return c10::kFloat;
  if (precision == "bf16" || precision == "bfloat16") return c10::kBFloat16;
  if (precision.empty() || precision == "auto") return device.is_cuda() ? c10::kBFloat16 : c10::kFloat;
  throw std::runtime_error("precision '" + precision + "' is not one of auto, f32, bf16");
}

namespace {

std::string exeDir() {
  char buf[4096];
  const auto n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  buf[n] = '\0';
  return fs::path(buf).parent_path().string();
}

std::unique_ptr<io::WeightSource> openExpertWeights(const std::string& path, const std::string& lora, double strength,
                                                   dit::WanDitConfig& config) {
  std::unique_ptr<io::WeightSource> weights = loaders::openExpert(path);
  if (!lora.empty()) weights = loaders::withLora(std::move(weights), lora, strength);
  const auto json = loaders::expertConfig(path);
  config = json.is_null() ? dit::WanDitConfig::fromWeights(*weights) : dit::WanDitConfig::fromJson(json, path, weights.get());
  return weights;
}

// The pipeline feeds 16 noise + 4 mask + 16 image-latent channels and reads 16 back (DESIGN.md §2);
// a ComfyUI file has no config to tell a T2V expert from an I2V one before this point.
void requireImageToVideo(const dit::WanDitConfig& config, const std::string& path) {
  if (config.modelType == dit::WanModelType::I2V && config.inDim == 36 && config.outDim == 16) return;
  throw std::runtime_error(path + ": a Wan " + std::string(dit::modelTypeName(config.modelType)) + " model with " +
                           std::to_string(config.inDim) + " input and " + std::to_string(config.outDim) +
                           " output channels, not an image-to-video expert of Wan2.2-I2V-A14B (i2v, 36 in, 16 out)");
}

int64_t specBytes(const std::vector<io::ParamSpec>& specs, const std::function<int64_t(const std::string&)>& bytesPer) {
  int64_t total = 0;
  for (const auto& s : specs) {
    int64_t n = 1;
    for (auto d : s.shape) n *= d;
    total += n * bytesPer(s.name);
  }
  return total;
}

bool isBlockMatmulWeight(const std::string& name) {
  for (const char* suffix : {".q.weight", ".k.weight", ".v.weight", ".o.weight", ".ffn.0.weight", ".ffn.2.weight"}) {
    const std::string x(suffix);
    if (name.size() > x.size() && name.compare(name.size() - x.size(), x.size(), x) == 0) return true;
  }
  return false;
}

std::string hostMemoryNote(int64_t reserved, int64_t unpinned, const std::string& error) {
  char text[256];
  std::snprintf(text, sizeof text,
                "host memory: %.1f of %.1f GB could not be page-locked (%s): copies of those weights to the GPU "
                "are synchronous, swap and lowvram run slower",
                static_cast<double>(unpinned) / 1e9, static_cast<double>(reserved) / 1e9, error.c_str());
  return text;
}

int64_t hostAvailable(const NetworkSources& sources) {
  if (sources.hostAvailableOverride > 0) return sources.hostAvailableOverride;
  const auto info = runtime::hostMemoryInfo();
  return info ? info->availableBytes : -1;
}

bool hostMemoryCheckWaived() {
  const char* env = std::getenv("IFEDIT_IGNORE_HOST_MEMORY");
  return env && std::string(env) == "1";
}

using runtime::gib;

// What to tell the user when a plan's host memory does not fit (before anything is read).
std::string hostMemoryShortfall(const runtime::MemoryPlan& plan, int64_t available, bool onCpu,
                                c10::ScalarType dtype, bool modeForced) {
  std::string what;
  if (onCpu) {
    what = std::string("on the CPU every model stays in host memory (") + (dtype == c10::kFloat ? "f32" : "bf16") +
           "): about " + gib(plan.hostBytes);
  } else {
    what = "memory mode '" + runtime::memoryModeName(plan.mode) + "' keeps about " + gib(plan.hostBytes) +
           " in host memory";
    if (plan.mode == runtime::MemoryMode::Swap || plan.mode == runtime::MemoryMode::LowVram)
      what += " (both experts' blocks" + std::string(plan.textEncoderResident ? ")" : " and the text encoder)");
    else
      what += " (the text encoder)";
  }
  // Auto has tried every mode already: only a requested one can be swapped for another.
  std::string advice = onCpu        ? "a GPU with its memory modes needs far less host memory; "
                       : modeForced ? "close other programs, choose another GPU memory mode, or keep the text "
                                      "encoder on the GPU; "
                                    : "close other programs or keep the text encoder on the GPU; ";
  return "not enough host memory to load this model: " + what + ", and " + gib(available) +
         " is available now (1 GiB is kept for the program). " + advice +
         "IFEDIT_IGNORE_HOST_MEMORY=1 loads anyway (the system may then swap for a long time or stop the program)";
}

}  // namespace

c10::Device chooseDevice(const std::string& wanted) {
  if (wanted.empty() || wanted == "auto") return at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  const auto fail = [&](const std::string& why) {
    return std::runtime_error("device '" + wanted + "' requested, but " + why);
  };
  std::optional<c10::Device> parsed;
  try {
    parsed.emplace(wanted);
  } catch (const c10::Error&) {  // its message is a parser's, with a C++ backtrace
  }
  if (!parsed || !(parsed->is_cpu() || parsed->is_cuda()))
    throw fail("the engine runs on auto, cpu, cuda or cuda:N");
  const c10::Device d = *parsed;
  if (!d.is_cuda()) return d;
  // A CUDA libtorch on a machine without a driver or GPU is not a build without CUDA (both are
  // users' setups; tests/torch2/cuda_build_in_chroot.sh runs the first).
  if (!runtime::cudaRuntimeCompiledIn())
    throw fail("this build of the engine was made against a libtorch without CUDA");
  const auto visible = static_cast<int64_t>(at::getNumGPUs());
  if (visible == 0)
    throw fail("no CUDA device is visible (no NVIDIA driver or GPU found; see nvidia-smi and CUDA_VISIBLE_DEVICES)");
  if (d.has_index() && d.index() >= visible)
    throw fail("only " + std::to_string(visible) + " CUDA device(s) are visible (cuda:0 to cuda:" +
               std::to_string(visible - 1) + ")");
  return d.has_index() ? d : c10::Device(c10::kCUDA, 0);
}

std::string demoModelFolder() {
  if (const char* env = std::getenv("IFEDIT_DEMO_DIR")) return env;
  const auto dir = exeDir();
  for (const auto& candidate : {fs::path(dir) / "../share/ifedit/demo", fs::path(IFEDIT_SOURCE_DIR) / "resources/demo"})
    if (fs::exists(candidate / "high_noise_model")) return fs::weakly_canonical(candidate).string();
  throw std::runtime_error("the demo model set is not installed (looked in " + dir + "/../share/ifedit/demo and " +
                           IFEDIT_SOURCE_DIR "/resources/demo)");
}

std::vector<at::Tensor> ModelBundle::encodeText(const at::Tensor& ids, const at::Tensor& mask,
                                                const CancelToken* cancel) const {
  std::vector<at::Tensor> out;
  if (offloadedTextEncoder) {
    out = offloadedTextEncoder->encode(ids, mask, cancel);
  } else {
    const auto where = textEncoder->device();
    out = textEncoder->encode(ids.to(where), mask.to(where), cancel);
  }
  for (auto& t : out) t = t.to(device);
  return out;
}

runtime::MemoryNeeds memoryNeeds(const NetworkSources& sources, c10::ScalarType dtype) {
  const int64_t elem = static_cast<int64_t>(c10::elementSize(dtype));
  runtime::MemoryNeeds n;
  const dit::WanDit expert(sources.highConfig);
  const auto specs = expert.parameterSpecs();
  std::vector<io::ParamSpec> blocks, other;
  for (const auto& s : specs) (s.name.rfind("blocks.", 0) == 0 ? blocks : other).push_back(s);
  const auto inLoadDtype = [&](const std::string& name) { return dit::WanDit::keptInFloat32(name) ? 4 : elem; };
  n.expertBlockBytes = specBytes(blocks, inLoadDtype);
  n.expertFp8BlockBytes =
      specBytes(blocks, [&](const std::string& name) { return isBlockMatmulWeight(name) ? int64_t{1} : inLoadDtype(name); });
  n.expertOtherBytes = specBytes(other, inLoadDtype);
  const t5::Umt5Encoder text(t5::Umt5Config::fromWeights(*sources.textEncoder));
  n.textEncoderBytes = specBytes(text.parameterSpecs(), [&](const std::string&) { return elem; });
  const vae::WanVae vae(vae::WanVaeConfig::fromWeights(*sources.vae));
  n.vaeBytes = specBytes(vae.parameterSpecs(), [](const std::string&) { return int64_t{4}; });
  const auto& c = sources.highConfig;
  n.activationBytes = runtime::ditActivationBytes(14040, c.dim, c.ffnDim);  // 480x832, 33 frames
  n.numLayers = static_cast<int>(c.numLayers);
  return n;
}

PlannedMemory planMemory(const NetworkSources& sources, const api::ModelOptions& options, c10::Device device,
                         c10::ScalarType dtype, bool preview) {
  PlannedMemory out;
  const auto forced = runtime::parseMemoryMode(options.memoryMode);
  const auto needs = memoryNeeds(sources, dtype);
  out.hostAvailable = hostAvailable(sources);
  if (preview && out.hostAvailable >= 0) out.hostAvailable += hostBytesHeldByLoadedModels();
  if (!device.is_cuda()) {
    if (forced && *forced != runtime::MemoryMode::Resident)
      throw std::runtime_error("memory mode '" + options.memoryMode +
                               "' needs a CUDA device; on the CPU every model stays in host memory (use auto or resident)");
    out.plan = runtime::MemoryPlan{runtime::MemoryMode::Resident, true, 0, true, "resident: CPU"};
    out.plan.hostBytes = runtime::planHostBytes(runtime::MemoryMode::Resident, needs, true, false, /*deviceIsCpu=*/true);
    out.cpuWeightBytes = out.plan.hostBytes - needs.activationBytes;
    out.plan.hostFits = runtime::fitsHostMemory(out.plan.hostBytes, out.hostAvailable);
    return out;
  }
  // A reload (other LoRA, precision, mode) freed the old models into torch's caching allocator,
  // which the driver still counts as used: hand it back first, or the plan sees a full card.
  if (!preview) {
    runtime::synchronizeDevice(device);
    runtime::releaseCachedDeviceMemory();
  }
  auto free = runtime::deviceMemoryInfo(device);
  if (free && preview) free->freeBytes += runtime::reservedDeviceMemory(device);
  if (free) out.deviceFree = free->freeBytes;
  // Unknown free memory (no CUDA runtime figures): everything on the device, as before modes existed.
  const int64_t freeBytes = sources.freeBytesOverride > 0 ? sources.freeBytesOverride
                            : free                         ? free->freeBytes
                                                           : int64_t{1} << 62;
  out.plan = runtime::chooseMemoryMode(freeBytes, needs, forced, options.textEncoderOnCpu, out.hostAvailable,
                                       compat::hasFloat8());
  if (options.textEncoderOnCpu) out.cpuWeightBytes = needs.textEncoderBytes;
  return out;
}

void loadNetworks(ModelBundle& bundle, NetworkSources& sources, const api::ModelOptions& options, c10::ScalarType dtype,
                  const LoadProgress& progress, const CancelToken* cancel) {
  c10::InferenceMode guard;
  std::string part;
  LoadMeter meter([&](double fraction) {
    if (progress) progress(part, fraction);
  });
  for (const auto* source : {sources.high.get(), sources.low.get(), sources.vae.get(), sources.textEncoder.get()})
    meter.add(*source);
  auto say = [&](const std::string& s) {
    throwIfCancelled(cancel);
    part = s;
    if (progress) progress(s, meter.fraction());
  };
  const auto high = meter.wrap(*sources.high), low = meter.wrap(*sources.low), vae = meter.wrap(*sources.vae),
             textEncoder = meter.wrap(*sources.textEncoder);
  const c10::Device device = bundle.device;
  const auto planned = planMemory(sources, options, device, dtype);
  bundle.memory = planned.plan;
  if (!bundle.memory.hostFits && !hostMemoryCheckWaived())
    throw std::runtime_error(hostMemoryShortfall(bundle.memory, planned.hostAvailable, !device.is_cuda(), dtype,
                                                 runtime::parseMemoryMode(options.memoryMode).has_value()));
  // Counted from here: a preview made while this loads sees what it takes as coming back.
  // ~ModelBundle forgets it (also when the load throws).
  {
    const std::lock_guard lock(gHeldMutex);
    gHeld[&bundle] = HeldMemory{planned.cpuWeightBytes, nullptr};
  }
  const auto mode = bundle.memory.mode;
  const bool fp8 = mode == runtime::MemoryMode::Fp8 || mode == runtime::MemoryMode::LowVram;
  if (fp8 && !compat::hasFloat8())
    throw std::runtime_error("memory mode '" + runtime::memoryModeName(mode) +
                             "' needs FP8 weights, which need libtorch >= 2.1");

  // Host copies at exact sizes in page-locked chunks (runtime/pinned_pool.h); the tensors keep
  // their chunks alive, the pool itself is only needed while loading.
  runtime::PinnedPool hostPool(device.is_cuda());
  const PoolAccounting poolAccounting(bundle, hostPool);
  dit::WanDitLoadOptions expertOptions;
  expertOptions.blocksOnHost = mode == runtime::MemoryMode::Swap || mode == runtime::MemoryMode::LowVram;
  expertOptions.fp8Blocks = fp8;
  expertOptions.hostCopy = [&](const at::Tensor& t) { return hostPool.copy(t); };
  expertOptions.beforeEachTensor = [cancel] { throwIfCancelled(cancel); };
  say("high-noise expert");
  bundle.high = std::make_unique<dit::WanDit>(sources.highConfig);
  bundle.high->load(*high, dtype, device, expertOptions);
  say("low-noise expert");
  bundle.low = std::make_unique<dit::WanDit>(sources.lowConfig);
  bundle.low->load(*low, dtype, device, expertOptions);
  if (expertOptions.blocksOnHost) {
    const int slots = mode == runtime::MemoryMode::Swap ? static_cast<int>(sources.highConfig.numLayers)
                                                        : runtime::streamingSlots(sources.highConfig.numLayers);
    bundle.arena = std::make_unique<runtime::BlockArena>(std::vector<dit::WanDit*>{bundle.high.get(), bundle.low.get()},
                                                         slots, device);
    bundle.arena->prefetch(0);  // the high-noise expert runs first
  }

  say("VAE");
  uploadPreviewWeights(device);
  bundle.vae = std::make_unique<vae::WanVae>(vae::WanVaeConfig::fromWeights(*sources.vae));
  bundle.vae->load(*vae, c10::kFloat, device);

  say("text encoder");
  if (device.is_cuda() && options.textEncoderOnCpu) {
    bundle.textEncoder = std::make_unique<t5::Umt5Encoder>(t5::Umt5Config::fromWeights(*sources.textEncoder));
    bundle.textEncoder->load(*textEncoder, dtype, c10::kCPU);
  } else if (bundle.memory.textEncoderResident) {
    bundle.textEncoder = std::make_unique<t5::Umt5Encoder>(t5::Umt5Config::fromWeights(*sources.textEncoder));
    bundle.textEncoder->load(*textEncoder, dtype, device);
  } else {
    bundle.offloadedTextEncoder =
        std::make_unique<runtime::OffloadedTextEncoder>(*textEncoder, dtype, device, sources.readTextEncoderVia,
                                                        &hostPool);
  }
  bundle.info.memoryMode = runtime::memoryModeName(mode);
  bundle.info.notes.push_back("memory: " + bundle.memory.reason);
  if (hostPool.unpinnedBytes() > 0)  // swap/lowvram then run, but every block copy waits for the GPU
    bundle.info.notes.push_back(hostMemoryNote(hostPool.reservedBytes(), hostPool.unpinnedBytes(), hostPool.pinError()));
}

NetworkSources openNetworkSources(const loaders::ModelSet& set, const api::ModelOptions& options) {
  NetworkSources sources;
  sources.high = openExpertWeights(set.highNoise, options.loraHigh, options.loraStrength, sources.highConfig);
  sources.low = openExpertWeights(set.lowNoise, options.loraLow, options.loraStrength, sources.lowConfig);
  requireImageToVideo(sources.highConfig, set.highNoise);
  requireImageToVideo(sources.lowConfig, set.lowNoise);
  sources.vae = loaders::openVae(set.vae);
  sources.textEncoder = loaders::openTextEncoder(set.textEncoder);
  return sources;
}

std::unique_ptr<ModelBundle> loadModelBundle(const api::ModelOptions& options, const LoadProgress& progress,
                                             const CancelToken* cancel) {
  c10::InferenceMode guard;
  const bool demo = options.path == "demo";
  const std::string root = demo ? demoModelFolder() : options.path;
  if (root.empty()) throw std::runtime_error("no model folder configured");
  const auto set = loaders::detectModelSet(root);
  if (!set.complete()) throw std::runtime_error(root + ": incomplete model folder\n" + set.report());

  auto bundle = std::make_unique<ModelBundle>();
  bundle->device = chooseDevice(options.device);
  const auto dtype = chooseDtype(options.precision, bundle->device);

  NetworkSources sources = openNetworkSources(set, options);
  bundle->info.notes = set.notes;
  loadNetworks(*bundle, sources, options, dtype, progress, cancel);
  throwIfCancelled(cancel);

  const auto textLen = bundle->high->config().textLen;
  if (set.tokenizer.empty() && !set.tokenizerEmbeddedIn.empty()) {
    // A ComfyUI text encoder carries its spiece model as a tensor, read from memory.
    bundle->tokenizer = std::make_unique<t5::Umt5Tokenizer>(t5::Umt5Tokenizer::fromModelBytes(
        loaders::embeddedTokenizerModel(set.tokenizerEmbeddedIn), set.tokenizerEmbeddedIn + " (its spiece_model tensor)",
        textLen));
  } else {
    bundle->tokenizer = std::make_unique<t5::Umt5Tokenizer>(set.tokenizer, textLen);
  }

  auto& info = bundle->info;
  info.layout = set.layout;
  info.boundary = set.boundary;
  info.textLen = static_cast<int>(textLen);
  info.device = bundle->device.str();
  info.precision = dtype == c10::kBFloat16 ? "bf16" : "f32";
  info.randomWeights = demo;
  const auto& c = bundle->high->config();
  info.identity = std::string(demo ? "demo model set (tiny random weights, not a real model)" : "Wan2.2 I2V") +
                  " [" + set.layout + ", dim " + std::to_string(c.dim) + ", " + std::to_string(c.numLayers) +
                  " layers] @ " + root;
  info.loraHigh = options.loraHigh;
  info.loraLow = options.loraLow;
  info.loraStrength = options.loraStrength;
  if (!options.loraHigh.empty()) info.notes.push_back("LoRA (high-noise expert): " + options.loraHigh);
  if (!options.loraLow.empty()) info.notes.push_back("LoRA (low-noise expert): " + options.loraLow);
  return bundle;
}

}  // namespace ifedit::pipeline
