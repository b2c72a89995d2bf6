#pragma once
// The Wan2.x diffusion transformer (WanModel, wan/modules/model.py) for one sample: weights under
// the official state_dict keys, forward pass returning the flow (velocity) prediction.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/weight_source.h"
#include "models/dit/wan_dit_config.h"

namespace ifedit {
class CancelToken;
}

namespace ifedit::dit {

struct WanDitInput {
  at::Tensor x;  // noisy latent [C_x, F, H, W]
  // Timestep: one value ([] or [1], int64 or float: every token shares it) or one per token
  // ([1, S] or [S], S >= F*H*W / patch volume; TI2V gives the source frame's tokens 0). Longer
  // rows are the official padding to seq_len and are ignored.
  at::Tensor timestep;
  at::Tensor context;  // text encoder output [L <= text_len, text_dim], unpadded
  at::Tensor y;        // optional conditioning [C_y, F, H, W], concatenated after x (i2v)
  // Optional RoPE position of every latent frame (patch-grid frames); empty = 0..F-1.
  std::vector<int64_t> framePositions;
};

// Receives intermediate tensors by name while forward runs (tests, debugging). Names:
// "x_embed" [1,L,dim], "sinusoid" [N,freq_dim], "e" [1,N,dim], "e0_flat" [1,N,6*dim]
// (N = 1 for a shared timestep, else L), "context_embed" [1,text_len,dim], then per block i:
// "block<i>.self_attn_in", "block<i>.q_prerope" [1,L,heads,hd], "block<i>.q_rope",
// "block<i>.self_attn_out", "block<i>.cross_attn_out", "block<i>.ffn_in", "block<i>.ffn_out",
// "block<i>.out" (all [1,L,dim] unless noted), and "head_out" [1,L,patch volume*out_dim].
using WanDitProbe = std::function<void(const std::string& name, const at::Tensor& value)>;

// Where the transformer blocks' tensors come from during forward when they do not stay on the
// model's device (memory modes, core/runtime). acquire(i) returns block i's tensors on the model's
// device, in blockTensors() order, ready for work queued on the current stream from then on;
// release(i) says that all work reading them has been queued.
class WanDitBlockSource {
 public:
  virtual ~WanDitBlockSource() = default;
  virtual std::vector<at::Tensor> acquire(int64_t block) = 0;
  virtual void release(int64_t block) = 0;
};

struct WanDitLoadOptions {
  // Quantise every matmul weight of the blocks (q, k, v, o of both attentions, ffn) to FP8 E4M3
  // with a per-tensor scale (compat::quantizeFp8) as it is loaded; they then compute in the load
  // dtype through compat::fp8Linear. Needs libtorch >= 2.1.
  bool fp8Blocks = false;
  // Keep the blocks' tensors in host memory (pinned when CUDA is present) instead of on the
  // device; forward then needs a block source (setBlockSource). Each tensor passes through the
  // device for conversion/quantisation, so the device never holds more than one of them.
  bool blocksOnHost = false;
  // How a block tensor is copied to host memory (runtime::PinnedPool::copy: exact-size pinned
  // chunks); default: tensor.to(CPU), pinned by torch when the device is CUDA.
  std::function<at::Tensor(const at::Tensor&)> hostCopy;
  // Called before each tensor is read: a cancellation check that throws stops a load of many GB
  // between two tensors.
  std::function<void()> beforeEachTensor;
};

class WanDit {
 public:
  explicit WanDit(WanDitConfig config);
  ~WanDit();
  WanDit(WanDit&&) noexcept;
  WanDit& operator=(WanDit&&) noexcept;

  const WanDitConfig& config() const { return config_; }

  // Every parameter under its official key with the shape the config implies, in state_dict order.
  std::vector<io::ParamSpec> parameterSpecs() const;

  // Parameters the official bf16-autocast run computes in float32 whatever the checkpoint dtype
  // (time embedding/projection, modulations, norm3, the head). load() keeps them in float32.
  static bool keptInFloat32(const std::string& name);

  // Checks the source against parameterSpecs() (io::verifyWeights: one error listing every
  // missing, unexpected or misshapen key), then loads every weight converted to `dtype`
  // (float32, bfloat16 or float16; the float32 islands above stay float32) on `device`.
  void load(const io::WeightSource& weights, c10::ScalarType dtype, c10::Device device,
            const WanDitLoadOptions& options = {});
  bool loaded() const;
  c10::ScalarType dtype() const { return dtype_; }
  c10::Device device() const { return device_; }

  // The loaded tensors under their official keys; they share storage with the model, so an
  // in-place update (LoRA merge) changes the model.
  std::vector<std::pair<std::string, at::Tensor>> namedParameters() const;

  // Block i's tensors in a fixed order (modulation; per attention q, k, v, o as weight, bias, FP8
  // scale, then norm_q, norm_k; norm3 weight, bias; ffn.0, ffn.2 as weight, bias, scale), with
  // undefined entries where the config or the weights have none. Shapes and dtypes are the same
  // for every block. They share storage with the model.
  std::vector<at::Tensor> blockTensors(int64_t block) const;
  // Replaces every block tensor by fn(block, tensor) (undefined entries are passed too and must
  // stay undefined): moves blocks between host and device.
  void mapBlockTensors(const std::function<at::Tensor(int64_t block, const at::Tensor&)>& fn);
  // Bytes of all block tensors / of everything else (embeddings, time projection, head).
  int64_t blockBytes() const;
  int64_t nonBlockBytes() const;
  bool fp8Blocks() const { return fp8Blocks_; }

  // While set (not owned; nullptr to clear), forward takes every block's tensors from `source`
  // instead of the model's own.
  void setBlockSource(WanDitBlockSource* source) { blockSource_ = source; }
  WanDitBlockSource* blockSource() const { return blockSource_; }

  // One forward pass. Inputs may be any float dtype and device; the result is float32
  // [out_dim, F, H, W] on the model's device. The cancel token is checked before every block
  // (throws ifedit::Cancelled). Throws std::invalid_argument naming the bad input.
  at::Tensor forward(const WanDitInput& input, const CancelToken* cancel = nullptr,
                     const WanDitProbe& probe = {}) const;

 private:
  struct Weights;
  WanDitConfig config_;
  std::unique_ptr<Weights> weights_;
  struct RopeCache;
  c10::ScalarType dtype_ = c10::ScalarType::Float;
  c10::Device device_ = c10::Device(c10::DeviceType::CPU);
  bool fp8Blocks_ = false;
  WanDitBlockSource* blockSource_ = nullptr;
  std::unique_ptr<RopeCache> ropeCache_;  // tables by (frame positions, grid), built once each
};

}  // namespace ifedit::dit
