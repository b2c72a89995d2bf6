#pragma once
// The few places where libtorch 1.13 (Debian, CPU) and libtorch 2.x (CUDA builds) differ.
// IFEDIT_TORCH_CUDA (set by core/CMakeLists.txt) says the libtorch was built with CUDA: only then
// may code include c10/cuda or ATen/cuda headers (Debian ships those headers without the library).
#include <ATen/core/Tensor.h>
#include <c10/core/ScalarType.h>
#include <torch/version.h>

#include <utility>

#define IFEDIT_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// float8 scalar types exist from 2.1 on.
#define IFEDIT_HAS_FLOAT8 IFEDIT_TORCH_AT_LEAST(2, 1)
// at::_scaled_mm(a, b, scale_a, scale_b, bias, scale_result, out_dtype, use_fast_accum) -> Tensor
// has this signature from 2.5 on (2.1-2.3 returned a tuple and took optional scales).
#define IFEDIT_HAS_SCALED_MM IFEDIT_TORCH_AT_LEAST(2, 5)

namespace ifedit::compat {

// softmax(q k^T * scale [+ mask]) v over [B, H, L, D] tensors. libtorch >= 2.1: the fused
// at::scaled_dot_product_attention (flash / memory-efficient kernels on CUDA; the `scale` argument
// exists from 2.1 on); older: the math path.
// key_mask: optional bool [B, Lk], true = attend.
at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     double scale, const at::Tensor& key_mask = at::Tensor());

// Whether this libtorch has the float8 E4M3 type (>= 2.1).
bool hasFloat8();

// Per-tensor FP8 E4M3 quantisation: scale = max|w| / 448 (float32, 0-dim, on w's device) and
// w8 = saturate(w / scale) in float8_e4m3fn, so w ~= w8 * scale. Throws std::runtime_error naming
// the libtorch version when float8 is missing.
std::pair<at::Tensor, at::Tensor> quantizeFp8(const at::Tensor& w);

// w8 * scale in `dtype`.
at::Tensor dequantizeFp8(const at::Tensor& w8, const at::Tensor& scale, c10::ScalarType dtype);

// x W^T + b for an FP8 weight (w8 [out, in], per-tensor scale) with the result in `dtype`. On CUDA
// with at::_scaled_mm (libtorch >= 2.5, compute capability >= 8.9) the activations are quantised
// per tensor too and the product runs on the FP8 units; otherwise the weight is dequantised to
// `dtype` for this call. IFEDIT_FP8_MATMUL=0 forces dequantisation.
at::Tensor fp8Linear(const at::Tensor& x, const at::Tensor& w8, const at::Tensor& scale,
                     const at::Tensor& bias, c10::ScalarType dtype);

// Whether the latest fp8Linear call ran on the FP8 units (false after a dequantising one).
bool fp8MatmulActive();

}  // namespace ifedit::compat
