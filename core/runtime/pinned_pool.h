#pragma once
// Host memory for weights that travel to the GPU again and again (swap / lowvram blocks, the
// offloaded text encoder): page-locked so copies are asynchronous, allocated in large chunks and
// handed out at exact sizes. torch's pinned allocator rounds every allocation up to a power of two
// (a 141 MB FFN weight would take 256 MB: ~40 GB instead of 28 GB per expert); here a chunk is
// plain memory registered with the CUDA runtime. Without CUDA the chunks are ordinary host memory.
#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace ifedit::runtime {

class PinnedPool {
 public:
  // pin: register the chunks with CUDA (ignored where CUDA is not compiled in).
  explicit PinnedPool(bool pin, int64_t chunkBytes = int64_t{1} << 30);

  // A host copy of `t` (any device) in the pool: same dtype and shape, contiguous. The chunk it
  // lives in stays allocated as long as any tensor from it does.
  at::Tensor copy(const at::Tensor& t);

  int64_t reservedBytes() const { return reserved_.load(); }  // all chunks (any thread may ask)
  int64_t usedBytes() const { return used_; }          // handed out (with alignment)
  bool pinned() const { return pin_; }
  // Chunks the CUDA runtime refused to page-lock (they work, but copies from them wait for the GPU),
  // and the runtime's message for the first refusal.
  int64_t unpinnedBytes() const { return unpinned_; }
  const std::string& pinError() const { return pinError_; }

 private:
  at::Tensor newChunk(int64_t bytes);
  bool pin_;
  int64_t chunkBytes_;
  at::Tensor chunk_;  // uint8, the chunk being filled
  int64_t offset_ = 0;
  std::atomic<int64_t> reserved_{0};
  int64_t used_ = 0, unpinned_ = 0;
  std::string pinError_;
  std::mutex mutex_;
};

}  // namespace ifedit::runtime
