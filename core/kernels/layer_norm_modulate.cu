// LayerNorm (no affine, float32 statistics) followed by the Wan modulation x * (1 + scale) + shift,
// one block per row: the row is read three times (mean, variance, output), from cache after the first.
#include "kernels/cuda_common.cuh"

namespace ifedit::kernels::cuda {
namespace {

template <class TIn, class TOut>
__global__ void layerNormModulateKernel(const TIn* __restrict__ x, const float* __restrict__ shift,
                                        const float* __restrict__ scale, int64_t modRowStride,
                                        TOut* __restrict__ out, int64_t dim, float eps) {
  const int64_t row = blockIdx.x;
  const TIn* xr = x + row * dim;
  float sum = 0.0f;
  for (int64_t c = threadIdx.x; c < dim; c += blockDim.x) sum += detail::load(xr, c);
  const float mean = detail::blockSum(sum) / static_cast<float>(dim);
  float sq = 0.0f;
  for (int64_t c = threadIdx.x; c < dim; c += blockDim.x) {
    const float d = detail::load(xr, c) - mean;
    sq += d * d;
  }
  const float rstd = rsqrtf(detail::blockSum(sq) / static_cast<float>(dim) + eps);
  const float* sh = shift + row * modRowStride;
  const float* sc = scale + row * modRowStride;
  TOut* orow = out + row * dim;
  for (int64_t c = threadIdx.x; c < dim; c += blockDim.x) {
    const float normed = __fmul_rn(__fsub_rn(detail::load(xr, c), mean), rstd);
    // torch: ln * (1 + scale) + shift, each operation rounded to float32
    const float v = __fadd_rn(__fmul_rn(normed, __fadd_rn(1.0f, sc[c])), sh[c]);
    detail::store(orow, c, v);
  }
}

}  // namespace

const char* launchLayerNormModulate(const void* x, ElemType xType, const float* shift,
                                    const float* scale, int64_t modRowStride, void* out,
                                    ElemType outType, int64_t rows, int64_t dim, float eps,
                                    Stream stream) {
  if (rows == 0) return nullptr;
  return detail::withElemType(xType, [&](auto xTag) {
    using TIn = decltype(xTag);
    return detail::withElemType(outType, [&](auto outTag) {
      using TOut = decltype(outTag);
      layerNormModulateKernel<TIn, TOut><<<static_cast<unsigned>(rows), detail::kThreads, 0, stream>>>(
          static_cast<const TIn*>(x), shift, scale, modRowStride, static_cast<TOut*>(out), dim, eps);
      return detail::launchStatus();
    });
  });
}

}  // namespace ifedit::kernels::cuda
