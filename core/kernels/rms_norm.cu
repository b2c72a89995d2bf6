// WanRMSNorm over the whole row (q/k of every attention: all heads jointly): one block per row.
#include "kernels/cuda_common.cuh"

namespace ifedit::kernels::cuda {
namespace {

template <class T>
__global__ void rmsNormKernel(const T* __restrict__ x, const T* __restrict__ weight,
                              T* __restrict__ out, int64_t dim, float eps) {
  const int64_t row = blockIdx.x;
  const T* xr = x + row * dim;
  float sq = 0.0f;
  for (int64_t c = threadIdx.x; c < dim; c += blockDim.x) {
    const float v = detail::load(xr, c);
    sq += v * v;
  }
  const float r = rsqrtf(detail::blockSum(sq) / static_cast<float>(dim) + eps);
  T* orow = out + row * dim;
  for (int64_t c = threadIdx.x; c < dim; c += blockDim.x) {
    // torch: (x.float() * r).to(T) * w, the product rounded to T again
    const float normed = detail::roundTo<T>(__fmul_rn(detail::load(xr, c), r));
    detail::store(orow, c, __fmul_rn(normed, detail::load(weight, c)));
  }
}

}  // namespace

const char* launchRmsNorm(const void* x, const void* weight, void* out, ElemType type,
                          int64_t rows, int64_t dim, float eps, Stream stream) {
  if (rows == 0) return nullptr;
  return detail::withElemType(type, [&](auto tag) {
    using T = decltype(tag);
    rmsNormKernel<T><<<static_cast<unsigned>(rows), detail::kThreads, 0, stream>>>(
        static_cast<const T*>(x), static_cast<const T*>(weight), static_cast<T*>(out), dim, eps);
    return detail::launchStatus();
  });
}

}  // namespace ifedit::kernels::cuda
