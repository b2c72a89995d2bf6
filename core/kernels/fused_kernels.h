#pragma once
// Launchers of the fused CUDA kernels (kernels/*.cu): plain CUDA over raw device pointers, queued on
// the stream given. No CUDA header here (the stream is the runtime's opaque handle), so torch-side
// code compiled by the host compiler can call them. Only defined when IFEDIT_WITH_CUDA_KERNELS.
//
// Every kernel reproduces one plain torch composition of the Wan DiT (kernels/fused_ops.h states
// which); the element-wise ones round exactly where torch rounds (no fused multiply-add), the
// reductions differ from torch only by summation order.
#include <cstdint>

struct CUstream_st;

namespace ifedit::kernels::cuda {

enum class ElemType { F32, BF16, F16 };
using Stream = CUstream_st*;

// Each launcher returns nullptr when the launch was queued, else the CUDA error text.

// out[r, c] = LN(x[r, :])[c] * (1 + scale[r, c]) + shift[r, c]; LN without affine, statistics in
// float32 (biased variance). shift/scale are float32 rows of `dim` with row stride `modRowStride`
// elements (0: one row for all). x: rows x dim contiguous; out: rows x dim contiguous in outType.
const char* launchLayerNormModulate(const void* x, ElemType xType, const float* shift,
                                    const float* scale, int64_t modRowStride, void* out,
                                    ElemType outType, int64_t rows, int64_t dim, float eps,
                                    Stream stream);

// out[r, c] = x[r, c] + y[r, c] * gate[r, c] in float32 (x, gate, out float32; y any type), gate
// rows with stride `gateRowStride` (0: one row for all).
const char* launchGatedResidual(const float* x, const void* y, ElemType yType, const float* gate,
                                int64_t gateRowStride, float* out, int64_t rows, int64_t dim,
                                Stream stream);

// out[r, c] = T(T(x[r, c] * rsqrt(mean_c(x[r, :]^2) + eps)) * w[c]) with T = rounding to the
// element type (x, w and out share it): WanRMSNorm over the whole row (all heads jointly).
const char* launchRmsNorm(const void* x, const void* weight, void* out, ElemType type,
                          int64_t rows, int64_t dim, float eps, Stream stream);

// Rotates the adjacent pairs (2j, 2j+1) of x [batch, tokens, heads, headDim] (contiguous) by the
// angle whose cos/sin are cosTable/sinTable [tokens, headDim/2] (float32, contiguous):
// (a, b) -> (a cos - b sin, a sin + b cos), computed in float32, written in outType.
const char* launchRope(const void* x, ElemType xType, const float* cosTable,
                       const float* sinTable, void* out, ElemType outType, int64_t batch,
                       int64_t tokens, int64_t heads, int64_t headDim, Stream stream);

}  // namespace ifedit::kernels::cuda
