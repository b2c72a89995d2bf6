#include "models/dit/wan_dit_layers.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/cos.h>
#include <ATen/ops/layer_norm.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/outer.h>
#include <ATen/ops/pow.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/tensor.h>
#include <c10/util/Optional.h>

#include <cmath>

#include "compat/torch_compat.h"

namespace ifedit::dit::detail {
namespace {

// c10::optional, not std::optional: the two differ in libtorch 1.13.
c10::optional<at::Tensor> opt(const at::Tensor& t) {
  return t.defined() ? c10::optional<at::Tensor>(t) : c10::nullopt;
}

// 1 / 10000^(2k / bandWidth) for k < bandWidth/2, float64 (rope_params in model.py).
at::Tensor ropeLadder(int64_t bandWidth, c10::Device device) {
  const auto f64 = at::TensorOptions().dtype(at::kDouble).device(device);
  auto exponents = at::arange(0, bandWidth, 2, f64).div(static_cast<double>(bandWidth));
  return at::pow(10000.0, exponents).reciprocal();
}

}  // namespace

at::Tensor linear(const at::Tensor& x, const Linear& layer) {
  if (layer.scale.defined())
    return compat::fp8Linear(x, layer.weight, layer.scale, layer.bias, layer.computeDtype);
  return at::linear(x.to(layer.weight.scalar_type()), layer.weight, opt(layer.bias));
}

at::Tensor layerNormF32(const at::Tensor& x, double eps, const at::Tensor& weight,
                        const at::Tensor& bias) {
  const auto f32 = [](const at::Tensor& t) { return t.defined() ? t.to(at::kFloat) : t; };
  return at::layer_norm(x.to(at::kFloat), {x.size(-1)}, opt(f32(weight)), opt(f32(bias)), eps);
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  const auto xf = x.to(at::kFloat);
  const auto normed = xf * at::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
  return normed.to(x.scalar_type()) * weight;
}

at::Tensor sinusoidalEmbedding(const at::Tensor& timesteps, int64_t dim) {
  const int64_t half = dim / 2;
  const auto position = timesteps.to(at::kDouble).flatten();
  const auto f64 = position.options();
  const auto freqs = at::pow(10000.0, -at::arange(half, f64).div(static_cast<double>(half)));
  const auto args = at::outer(position, freqs);
  return at::cat({at::cos(args), at::sin(args)}, 1).to(at::kFloat);
}

RopeTables ropeTables(const std::vector<int64_t>& framePositions, int64_t height, int64_t width,
                      int64_t headDim, c10::Device device) {
  const int64_t c = headDim / 2;
  const int64_t spatial = c / 3;
  const int64_t temporal = c - 2 * spatial;
  const int64_t frames = static_cast<int64_t>(framePositions.size());
  const auto f64 = at::TensorOptions().dtype(at::kDouble).device(device);

  // On CUDA the positions go up from pinned memory without waiting: a copy from pageable memory
  // would stall the host at the first step of each expert (test_engine_modes counts host syncs).
  auto hostPositions = at::tensor(framePositions, at::TensorOptions().dtype(at::kLong));
  if (device.is_cuda()) hostPositions = hostPositions.pin_memory();
  const auto framePos = hostPositions.to(device, at::kLong, /*non_blocking=*/true).to(at::kDouble);
  const auto fAngles = at::outer(framePos, ropeLadder(2 * temporal, device));  // [F, temporal]
  const auto hAngles =
      at::outer(at::arange(height, f64), ropeLadder(2 * spatial, device));  // [H, s]
  const auto wAngles =
      at::outer(at::arange(width, f64), ropeLadder(2 * spatial, device));  // [W, s]

  const auto angles =
      at::cat({fAngles.view({frames, 1, 1, temporal}).expand({frames, height, width, temporal}),
               hAngles.view({1, height, 1, spatial}).expand({frames, height, width, spatial}),
               wAngles.view({1, 1, width, spatial}).expand({frames, height, width, spatial})},
              -1)
          .reshape({frames * height * width, 1, c});
  return {at::cos(angles).to(at::kFloat), at::sin(angles).to(at::kFloat)};
}

at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables) {
  const auto sizes = x.sizes().vec();
  std::vector<int64_t> pairs(sizes.begin(), sizes.end() - 1);
  pairs.push_back(sizes.back() / 2);
  pairs.push_back(2);
  const auto xp = x.to(at::kFloat).reshape(pairs);
  const auto re = xp.select(-1, 0);
  const auto im = xp.select(-1, 1);
  const auto& cos = tables.cos;
  const auto& sin = tables.sin;
  return at::stack({re * cos - im * sin, re * sin + im * cos}, -1).reshape(sizes);
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                     c10::ScalarType dtype) {
  const int64_t headDim = q.size(-1);
  auto heads = [dtype](const at::Tensor& t) {
    return t.to(dtype).transpose(1, 2);
  };  // [B, n, L, d]
  const auto out = compat::scaledDotProductAttention(heads(q), heads(k), heads(v),
                                                     1.0 / std::sqrt(static_cast<double>(headDim)));
  return out.transpose(1, 2).reshape({q.size(0), q.size(1), q.size(2) * headDim});
}

}  // namespace ifedit::dit::detail
