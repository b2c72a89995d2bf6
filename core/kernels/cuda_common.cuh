#pragma once
// Device helpers shared by the fused kernels: element loads/stores with torch's rounding
// (round-to-nearest-even) and a block-wide float sum.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "kernels/fused_kernels.h"

namespace ifedit::kernels::cuda::detail {

template <class T>
__device__ __forceinline__ float load(const T* p, int64_t i);
template <>
__device__ __forceinline__ float load<float>(const float* p, int64_t i) { return p[i]; }
template <>
__device__ __forceinline__ float load<__nv_bfloat16>(const __nv_bfloat16* p, int64_t i) {
  return __bfloat162float(p[i]);
}
template <>
__device__ __forceinline__ float load<__half>(const __half* p, int64_t i) { return __half2float(p[i]); }

template <class T>
__device__ __forceinline__ void store(T* p, int64_t i, float v);
template <>
__device__ __forceinline__ void store<float>(float* p, int64_t i, float v) { p[i] = v; }
template <>
__device__ __forceinline__ void store<__nv_bfloat16>(__nv_bfloat16* p, int64_t i, float v) {
  p[i] = __float2bfloat16_rn(v);
}
template <>
__device__ __forceinline__ void store<__half>(__half* p, int64_t i, float v) { p[i] = __float2half_rn(v); }

// The value after a round trip through T (what torch's `.to(dtype)` keeps).
template <class T>
__device__ __forceinline__ float roundTo(float v) {
  T tmp;
  store<T>(&tmp, 0, v);
  return load<T>(&tmp, 0);
}

// Sum over the block (blockDim.x a multiple of 32, at most 1024); every thread gets the result.
__device__ __forceinline__ float blockSum(float v) {
  __shared__ float warpSums[32];
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  __syncthreads();  // warpSums may still be read by a previous call
  if (lane == 0) warpSums[warp] = v;
  __syncthreads();
  const int warps = blockDim.x >> 5;
  float total = lane < warps ? warpSums[lane] : 0.0f;
  for (int offset = 16; offset > 0; offset >>= 1) total += __shfl_xor_sync(0xffffffffu, total, offset);
  return total;
}

inline const char* launchStatus() {
  const cudaError_t err = cudaGetLastError();
  return err == cudaSuccess ? nullptr : cudaGetErrorString(err);
}

// Calls f(T{}) with T the CUDA element type of `type`.
template <class F>
const char* withElemType(ElemType type, F&& f) {
  switch (type) {
    case ElemType::F32: return f(float{});
    case ElemType::BF16: return f(__nv_bfloat16{});
    case ElemType::F16: return f(__half{});
  }
  return "unknown element type";
}

constexpr int kThreads = 256;

inline unsigned gridFor(int64_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

}  // namespace ifedit::kernels::cuda::detail
