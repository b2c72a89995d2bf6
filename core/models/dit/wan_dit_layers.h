#pragma once
// The arithmetic pieces of the Wan DiT, as plain functions over tensors (internal to core).
// Mixed precision follows the official bf16-autocast run: Linear layers compute in their weight's
// dtype, every normalisation and every modulation stays in float32 (wan/modules/model.py).
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <vector>

namespace ifedit::dit::detail {

struct Linear {
  at::Tensor weight;  // [out, in]
  at::Tensor bias;    // [out]
  // FP8 weights (lowvram memory mode): weight is float8_e4m3fn, the true weight is weight * scale
  // (per-tensor float32 scale), and the layer computes in computeDtype. Undefined otherwise.
  at::Tensor scale;
  c10::ScalarType computeDtype = c10::ScalarType::Float;
};

// x W^T + b with x cast to the weight's dtype (autocast's rule for Linear); FP8 layers through
// compat::fp8Linear in their computeDtype.
at::Tensor linear(const at::Tensor& x, const Linear& layer);

// LayerNorm over the last dim, computed and returned in float32 (WanLayerNorm runs in f32).
// weight/bias undefined = no affine.
at::Tensor layerNormF32(const at::Tensor& x, double eps, const at::Tensor& weight = at::Tensor(),
                        const at::Tensor& bias = at::Tensor());

// x * rsqrt(mean(x^2) + eps) over the whole last dim (all heads jointly), normalised in float32,
// returned in x's dtype and then scaled by weight (WanRMSNorm). The forward pass runs
// kernels::rmsNorm, which tests/kernels holds to this.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

// [N] timesteps (any numeric dtype) -> [N, dim] float32 rows [cos(t w_i), sin(t w_i)],
// w_i = 10000^(-i / (dim/2)), computed in float64 (manifest note "Time").
at::Tensor sinusoidalEmbedding(const at::Tensor& timesteps, int64_t dim);

// Rotary tables for the (frame, row, column) grid, tokens in (f, h, w) row-major order:
// cos/sin [L, 1, headDim/2] in float32, angles computed in float64. The head_dim/2 rotation slots
// split into [frame | height | width] bands of c - 2(c/3), c/3, c/3 slots (c = headDim/2), each
// band with its own frequency ladder (manifest note "RoPE"). framePositions gives the temporal
// position of every latent frame (0..F-1 normally; the kept original indices under Temporal
// Latent Dropout, DESIGN §1.3).
struct RopeTables {
  at::Tensor cos;
  at::Tensor sin;
};
RopeTables ropeTables(const std::vector<int64_t>& framePositions, int64_t height, int64_t width,
                      int64_t headDim, c10::Device device);

// Rotates adjacent channel pairs (2j, 2j+1) of x [B, L, heads, headDim]; returns float32. The
// forward pass runs kernels::rope, which tests/kernels holds to this.
at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables);

// softmax(q k^T / sqrt(headDim)) v for q [B, Lq, heads, d], k/v [B, Lk, heads, d], computed in
// `dtype` (the official code hands bf16 q/k/v to flash attention). Returns [B, Lq, heads * d].
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                     c10::ScalarType dtype);

}  // namespace ifedit::dit::detail
