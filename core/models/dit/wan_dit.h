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
  void load(const io::WeightSource& weights, c10::ScalarType dtype, c10::Device device);
  bool loaded() const;
  c10::ScalarType dtype() const { return dtype_; }
  c10::Device device() const { return device_; }

  // The loaded tensors under their official keys; they share storage with the model, so an
  // in-place update (LoRA merge) changes the model.
  std::vector<std::pair<std::string, at::Tensor>> namedParameters() const;

  // One forward pass. Inputs may be any float dtype and device; the result is float32
  // [out_dim, F, H, W] on the model's device. The cancel token is checked before every block
  // (throws ifedit::Cancelled). Throws std::invalid_argument naming the bad input.
  at::Tensor forward(const WanDitInput& input, const CancelToken* cancel = nullptr,
                     const WanDitProbe& probe = {}) const;

 private:
  struct Weights;
  WanDitConfig config_;
  std::unique_ptr<Weights> weights_;
  c10::ScalarType dtype_ = c10::ScalarType::Float;
  c10::Device device_ = c10::Device(c10::DeviceType::CPU);
};

}  // namespace ifedit::dit
