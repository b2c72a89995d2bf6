// Rotary position embedding from precomputed float32 cos/sin tables (no float64, no complex
// arithmetic on the device): one thread per channel pair, the table row shared by every head.
#include "kernels/cuda_common.cuh"

namespace ifedit::kernels::cuda {
namespace {

template <class TIn, class TOut>
__global__ void ropeKernel(const TIn* __restrict__ x, const float* __restrict__ cosTable,
                           const float* __restrict__ sinTable, TOut* __restrict__ out,
                           int64_t pairs, int64_t tokens, int64_t heads, int64_t half) {
  for (int64_t p = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; p < pairs;
       p += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t j = p % half;
    const int64_t token = (p / (half * heads)) % tokens;
    const float c = cosTable[token * half + j], s = sinTable[token * half + j];
    const float a = detail::load(x, 2 * p), b = detail::load(x, 2 * p + 1);
    // torch: re*cos - im*sin, re*sin + im*cos, each product and sum rounded to float32
    detail::store(out, 2 * p, __fsub_rn(__fmul_rn(a, c), __fmul_rn(b, s)));
    detail::store(out, 2 * p + 1, __fadd_rn(__fmul_rn(a, s), __fmul_rn(b, c)));
  }
}

}  // namespace

const char* launchRope(const void* x, ElemType xType, const float* cosTable,
                       const float* sinTable, void* out, ElemType outType, int64_t batch,
                       int64_t tokens, int64_t heads, int64_t headDim, Stream stream) {
  const int64_t half = headDim / 2;
  const int64_t pairs = batch * tokens * heads * half;
  if (pairs == 0) return nullptr;
  const unsigned grid = detail::gridFor(pairs) < 65535u * 16u ? detail::gridFor(pairs) : 65535u * 16u;
  return detail::withElemType(xType, [&](auto xTag) {
    using TIn = decltype(xTag);
    return detail::withElemType(outType, [&](auto outTag) {
      using TOut = decltype(outTag);
      ropeKernel<TIn, TOut><<<grid, detail::kThreads, 0, stream>>>(
          static_cast<const TIn*>(x), cosTable, sinTable, static_cast<TOut*>(out), pairs, tokens,
          heads, half);
      return detail::launchStatus();
    });
  });
}

}  // namespace ifedit::kernels::cuda
