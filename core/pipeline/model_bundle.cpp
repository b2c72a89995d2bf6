#include "pipeline/model_bundle.h"

#include <ATen/Context.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "loaders/layout.h"
#include "loaders/lora.h"

namespace fs = std::filesystem;

namespace ifedit::pipeline {
namespace {

c10::Device chooseDevice(const std::string& wanted) {
  if (wanted.empty() || wanted == "auto") return at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  c10::Device d(wanted);  // throws c10::Error for nonsense
  if (d.is_cuda() && !at::hasCUDA())
    throw std::runtime_error("device '" + wanted + "' requested but this build of the engine has no CUDA");
  return d;
}

c10::ScalarType chooseDtype(const std::string& precision, const c10::Device& device) {
  if (precision == "f32" || precision == "float32") return c10::kFloat;
  if (precision == "bf16" || precision == "bfloat16") return c10::kBFloat16;
  if (precision.empty() || precision == "auto") return device.is_cuda() ? c10::kBFloat16 : c10::kFloat;
  throw std::runtime_error("precision '" + precision + "' is not one of auto, f32, bf16");
}

std::string exeDir() {
  char buf[4096];
  const auto n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  buf[n] = '\0';
  return fs::path(buf).parent_path().string();
}

std::unique_ptr<dit::WanDit> loadExpert(const std::string& path, const std::string& lora, double strength,
                                        c10::ScalarType dtype, c10::Device device) {
  std::unique_ptr<io::WeightSource> weights = loaders::openExpert(path);
  if (!lora.empty()) weights = loaders::withLora(std::move(weights), lora, strength);
  const auto json = loaders::expertConfig(path);
  const auto config = json.is_null() ? dit::WanDitConfig::fromWeights(*weights)
                                      : dit::WanDitConfig::fromJson(json, path, weights.get());
  auto model = std::make_unique<dit::WanDit>(config);
  model->load(*weights, dtype, device);
  return model;
}

}  // namespace

std::string demoModelFolder() {
  if (const char* env = std::getenv("IFEDIT_DEMO_DIR")) return env;
  const auto dir = exeDir();
  for (const auto& candidate : {fs::path(dir) / "../share/ifedit/demo", fs::path(IFEDIT_SOURCE_DIR) / "resources/demo"})
    if (fs::exists(candidate / "high_noise_model")) return fs::weakly_canonical(candidate).string();
  throw std::runtime_error("the demo model set is not installed (looked in " + dir + "/../share/ifedit/demo and " +
                           IFEDIT_SOURCE_DIR "/resources/demo)");
}

std::unique_ptr<ModelBundle> loadModelBundle(const api::ModelOptions& options,
                                             const std::function<void(const std::string&)>& progress) {
  c10::InferenceMode guard;
  const bool demo = options.path == "demo";
  const std::string root = demo ? demoModelFolder() : options.path;
  if (root.empty()) throw std::runtime_error("no model folder configured");
  const auto set = loaders::detectModelSet(root);
  if (!set.complete()) throw std::runtime_error(root + ": incomplete model folder\n" + set.report());

  auto bundle = std::make_unique<ModelBundle>();
  bundle->device = chooseDevice(options.device);
  const auto dtype = chooseDtype(options.precision, bundle->device);
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };

  say("high-noise expert");
  bundle->high = loadExpert(set.highNoise, options.loraHigh, options.loraStrength, dtype, bundle->device);
  say("low-noise expert");
  bundle->low = loadExpert(set.lowNoise, options.loraLow, options.loraStrength, dtype, bundle->device);

  say("VAE");
  auto vaeWeights = loaders::openVae(set.vae);
  bundle->vae = std::make_unique<vae::WanVae>(vae::WanVaeConfig::fromWeights(*vaeWeights));
  bundle->vae->load(*vaeWeights, c10::kFloat, bundle->device);

  say("text encoder");
  auto t5Weights = loaders::openTextEncoder(set.textEncoder);
  bundle->textEncoder = std::make_unique<t5::Umt5Encoder>(t5::Umt5Config::fromWeights(*t5Weights));
  bundle->textEncoder->load(*t5Weights, dtype, bundle->device);

  const auto textLen = bundle->high->config().textLen;
  std::string tokenizerPath = set.tokenizer;
  if (tokenizerPath.empty() && !set.tokenizerEmbeddedIn.empty()) {
    // A ComfyUI text encoder carries its spiece model as a tensor: give sentencepiece a file.
    const auto bytes = loaders::embeddedTokenizerModel(set.tokenizerEmbeddedIn);
    tokenizerPath = (fs::temp_directory_path() / ("ifedit-spiece-" + std::to_string(::getpid()) + ".model")).string();
    std::ofstream(tokenizerPath, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  bundle->tokenizer = std::make_unique<t5::Umt5Tokenizer>(tokenizerPath, textLen);

  auto& info = bundle->info;
  info.layout = set.layout;
  info.boundary = set.boundary;
  info.textLen = static_cast<int>(textLen);
  info.device = bundle->device.str();
  info.precision = dtype == c10::kBFloat16 ? "bf16" : "f32";
  info.randomWeights = demo;
  info.notes = set.notes;
  const auto& c = bundle->high->config();
  info.identity = std::string(demo ? "demo model set (tiny random weights, not a real model)" : "Wan2.2 I2V") +
                  " [" + set.layout + ", dim " + std::to_string(c.dim) + ", " + std::to_string(c.numLayers) +
                  " layers] @ " + root;
  if (!options.loraHigh.empty()) info.notes.push_back("LoRA (high-noise expert): " + options.loraHigh);
  if (!options.loraLow.empty()) info.notes.push_back("LoRA (low-noise expert): " + options.loraLow);
  return bundle;
}

}  // namespace ifedit::pipeline
