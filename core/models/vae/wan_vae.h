#pragma once
// The Wan 2.1 causal video VAE (WanVAE_ + Wan2_1_VAE of wan/modules/vae2_1.py), used by
// Wan2.2-I2V-A14B: video [3, T, H, W] in [-1, 1] <-> normalised latent [16, 1 + (T-1)/4, H/8, W/8].
// Encoding runs in the official chunks (frame 0 alone, then 4 frames at a time), decoding one
// latent frame at a time; between chunks each causal conv keeps at most two frames of history.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "api/cancel.h"
#include "io/weight_source.h"

namespace ifedit::vae {

struct WanVaeConfig {
  int64_t dim = 96;  // base channel count (the real Wan 2.1 VAE: 96)
  int64_t zDim = 16;
  std::vector<int64_t> dimMult{1, 2, 4, 4};
  int64_t numResBlocks = 2;
  std::vector<double> attnScales;  // empty in Wan 2.1
  std::vector<bool> temperalDownsample{false, true, true};  // official spelling; decoder uses it reversed

  // The real structure with dim and z_dim read from the weights (encoder.conv1 and conv2).
  // Throws io::IoError naming the source when those weights are missing or misshapen.
  static WanVaeConfig fromWeights(const io::WeightSource& weights);
  // Throws std::invalid_argument unless the structure is one this implementation runs like the
  // official code (which hardcodes 4-frame chunks, i.e. exactly two temporal downsamples).
  void validate() const;

  int64_t temporalStride() const { return 4; }
  int64_t spatialStride() const { return int64_t{1} << (dimMult.size() - 1); }
};

// Wan2_1_VAE's per-channel latent statistics: encode gives (mu - mean) / std, decode inverts it.
const std::array<float, 16>& wanVaeLatentMean();
const std::array<float, 16>& wanVaeLatentStd();

class WanVae {
 public:
  // Pixel frames of one decoded chunk: [3, n, H, W] float32 on the model's device, the first of
  // which is frame `firstFrameIndex` of the whole video.
  using FramesCallback = std::function<void(int firstFrameIndex, const at::Tensor& frames)>;

  explicit WanVae(WanVaeConfig config = {});
  ~WanVae();
  WanVae(WanVae&&) noexcept;
  WanVae& operator=(WanVae&&) noexcept;

  const WanVaeConfig& config() const { return config_; }
  // Every parameter under its official WanVAE_ state_dict key, with the shape this config needs.
  std::vector<io::ParamSpec> parameterSpecs() const;
  // Checks the source against parameterSpecs() (io::verifyWeights), then loads every weight.
  void load(const io::WeightSource& weights, c10::ScalarType dtype, c10::Device device);
  bool isLoaded() const { return loaded_; }
  c10::ScalarType dtype() const { return dtype_; }
  c10::Device device() const { return device_; }

  static int64_t latentFrames(int64_t pixelFrames) { return 1 + (pixelFrames - 1) / 4; }
  static int64_t pixelFrames(int64_t latentFrames) { return 1 + 4 * (latentFrames - 1); }

  // video [3, T, H, W] in [-1, 1] (any float dtype/device), T = 1 + 4n, H and W multiples of 8
  // -> normalised latent [16, 1 + n, H/8, W/8] float32 on the model's device.
  at::Tensor encode(const at::Tensor& video, const CancelToken* cancel = nullptr) const;
  // The same before normalisation (the first z_dim channels of conv1: mu).
  at::Tensor encodeUnnormalised(const at::Tensor& video, const CancelToken* cancel = nullptr) const;

  // normalised latent [16, F, h, w] -> video [3, 1 + 4(F-1), 8h, 8w] float32 clamped to [-1, 1].
  at::Tensor decode(const at::Tensor& latent, const CancelToken* cancel = nullptr) const;
  at::Tensor decodeUnclamped(const at::Tensor& latent, const CancelToken* cancel = nullptr) const;
  // Decodes one latent frame at a time and hands its pixel frames out at once (1 frame for latent
  // frame 0, then 4 each). Checks `cancel` before every chunk: throws ifedit::Cancelled.
  void decodeStreaming(const at::Tensor& latent, const FramesCallback& onFrames,
                       const CancelToken* cancel = nullptr, bool clamp = true) const;

  // (mu - mean) / std and its inverse, per channel, float32, as the official code computes them.
  static at::Tensor normaliseLatent(const at::Tensor& mu);
  static at::Tensor denormaliseLatent(const at::Tensor& z);

 private:
  struct Net;
  void requireLoaded(const char* what) const;

  WanVaeConfig config_;
  std::unique_ptr<Net> net_;
  bool loaded_ = false;
  c10::ScalarType dtype_ = c10::ScalarType::Float;
  c10::Device device_ = c10::kCPU;
};

}  // namespace ifedit::vae
