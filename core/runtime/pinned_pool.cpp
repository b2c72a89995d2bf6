#include "runtime/pinned_pool.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>

#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

#if defined(IFEDIT_TORCH_CUDA)
#include <cuda_runtime_api.h>
#endif

namespace ifedit::runtime {
namespace {

constexpr int64_t kAlign = 256;  // enough for every dtype and for DMA

int64_t alignUp(int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

}  // namespace

PinnedPool::PinnedPool(bool pin, int64_t chunkBytes) : pin_(pin), chunkBytes_(chunkBytes) {
#if !defined(IFEDIT_TORCH_CUDA)
  pin_ = false;
#endif
}

at::Tensor PinnedPool::newChunk(int64_t bytes) {
  reserved_ += bytes;
  if (!pin_) return at::empty({bytes}, at::TensorOptions().dtype(at::kByte));
#if defined(IFEDIT_TORCH_CUDA)
  void* ptr = nullptr;
  // Portable: page-locked for every device's context, not only the current one (cuda:N, N > 0).
  if (posix_memalign(&ptr, 4096, static_cast<size_t>(bytes)) != 0 || !ptr) throw std::bad_alloc();
  if (const cudaError_t err = cudaHostRegister(ptr, static_cast<size_t>(bytes), cudaHostRegisterPortable);
      err != cudaSuccess) {
    (void)cudaGetLastError();  // clear it: fall back to pageable memory, copies are then synchronous
    unpinned_ += bytes;
    if (pinError_.empty()) pinError_ = cudaGetErrorString(err);
    return at::from_blob(ptr, {bytes}, [](void* p) { std::free(p); }, at::TensorOptions().dtype(at::kByte));
  }
  return at::from_blob(
      ptr, {bytes},
      [](void* p) {
        cudaHostUnregister(p);
        std::free(p);
      },
      at::TensorOptions().dtype(at::kByte));
#else
  return at::empty({bytes}, at::TensorOptions().dtype(at::kByte));
#endif
}

at::Tensor PinnedPool::copy(const at::Tensor& t) {
  if (!t.defined()) return t;
  const int64_t bytes = static_cast<int64_t>(t.nbytes());
  at::Tensor region;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t need = alignUp(std::max<int64_t>(bytes, 1));
    if (need > chunkBytes_) {
      region = newChunk(need);  // its own chunk, exact size
    } else {
      if (!chunk_.defined() || offset_ + need > chunk_.numel()) {
        chunk_ = newChunk(chunkBytes_);
        offset_ = 0;
      }
      region = chunk_.narrow(0, offset_, need);
      offset_ += need;
    }
    used_ += need;
  }
  // Reinterpret the bytes as t's dtype and shape (views share the chunk's storage).
  const int64_t elem = static_cast<int64_t>(t.element_size());
  auto out = region.narrow(0, 0, bytes == 0 ? 0 : bytes).view(t.scalar_type());
  out = out.narrow(0, 0, bytes / elem).view(t.sizes());
  out.copy_(t);
  return out;
}

}  // namespace ifedit::runtime
