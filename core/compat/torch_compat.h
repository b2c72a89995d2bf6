#pragma once
// The few places where libtorch 1.13 (Debian, CPU) and libtorch 2.x (CUDA builds) differ.
#include <ATen/core/Tensor.h>
#include <torch/version.h>

#define IFEDIT_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// float8 scalar types exist from 2.1 on.
#define IFEDIT_HAS_FLOAT8 IFEDIT_TORCH_AT_LEAST(2, 1)

namespace ifedit::compat {

// softmax(q k^T * scale [+ mask]) v over [B, H, L, D] tensors. libtorch 2.x: the fused
// at::scaled_dot_product_attention (flash / memory-efficient kernels on CUDA); 1.13: the math path.
// key_mask: optional bool [B, Lk], true = attend.
at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     double scale, const at::Tensor& key_mask = at::Tensor());

}  // namespace ifedit::compat
