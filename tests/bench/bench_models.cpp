#include "bench_models.h"

#include <c10/core/InferenceMode.h>

#include "runtime/random_weights.h"

namespace ifedit::bench {

BenchSetup a14bSetup() {
  BenchSetup s;
  s.name = "a14b";
  auto& d = s.dit;
  d.modelType = dit::WanModelType::I2V;
  d.inDim = 36, d.outDim = 16, d.dim = 5120, d.ffnDim = 13824, d.numHeads = 40, d.numLayers = 40;
  d.textDim = 4096, d.textLen = 512, d.freqDim = 256;
  s.t5 = t5::Umt5Config::umt5Xxl();
  s.vae = vae::WanVaeConfig{};
  return s;
}

BenchSetup tinySetup() {
  BenchSetup s;
  s.name = "tiny";
  auto& d = s.dit;  // the demo set's DiT (tests/fixtures/wan/dit_i2v.config.json)
  d.modelType = dit::WanModelType::I2V;
  d.inDim = 36, d.outDim = 16, d.dim = 64, d.ffnDim = 128, d.numHeads = 4, d.numLayers = 2;
  d.textDim = 32, d.textLen = 16, d.freqDim = 256;
  s.t5.vocab = 64, s.t5.dim = 32, s.t5.dimAttn = 32, s.t5.dimFfn = 64, s.t5.numHeads = 4, s.t5.numLayers = 2;
  s.vae.dim = 4;
  s.width = 96, s.height = 64, s.frames = 9, s.steps = 4, s.k = 3, s.refineFrames = 5;
  s.latentH = 8, s.latentW = 12, s.contextTokens = 8;
  return s;
}

std::unique_ptr<pipeline::ModelBundle> buildBundle(const BenchSetup& setup, c10::Device device, c10::ScalarType dtype,
                                                   const std::string& memoryMode, int64_t freeBytesOverride) {
  c10::InferenceMode guard;
  auto bundle = std::make_unique<pipeline::ModelBundle>();
  bundle->device = device;
  pipeline::NetworkSources sources;
  sources.highConfig = sources.lowConfig = setup.dit;
  sources.high = runtime::randomWeights(dit::WanDit(setup.dit).parameterSpecs(), 1, "random high-noise expert");
  sources.low = runtime::randomWeights(dit::WanDit(setup.dit).parameterSpecs(), 2, "random low-noise expert");
  sources.vae = runtime::randomWeights(vae::WanVae(setup.vae).parameterSpecs(), 3, "random VAE");
  sources.textEncoder = runtime::randomWeights(t5::Umt5Encoder(setup.t5).parameterSpecs(), 4, "random UMT5");
  sources.readTextEncoderVia = device;
  sources.freeBytesOverride = freeBytesOverride;
  api::ModelOptions options;
  options.path = "random:" + setup.name;
  options.memoryMode = memoryMode;
  pipeline::loadNetworks(*bundle, sources, options, dtype);
  bundle->tokenizer = std::make_unique<t5::Umt5Tokenizer>(
      std::string(IFEDIT_SOURCE_DIR) + "/resources/demo/google/umt5-xxl", setup.dit.textLen);
  auto& info = bundle->info;
  info.boundary = 0.9;
  info.textLen = static_cast<int>(setup.dit.textLen);
  info.device = device.str();
  info.precision = dtype == c10::kBFloat16 ? "bf16" : "f32";
  info.randomWeights = true;
  info.identity = "random weights, " + setup.dit.describe();
  return bundle;
}

double ditForwardFlops(const dit::WanDitConfig& c, int64_t tokens) {
  const double L = static_cast<double>(tokens), d = static_cast<double>(c.dim), f = static_cast<double>(c.ffnDim);
  const double lt = static_cast<double>(c.textLen);
  const double perBlock = 8 * L * d * d + 4 * L * L * d + 4 * L * d * d + 4 * lt * d * d + 4 * L * lt * d + 4 * L * d * f;
  return perBlock * static_cast<double>(c.numLayers);
}

}  // namespace ifedit::bench
