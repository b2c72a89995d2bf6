#pragma once
// Device slots for the transformer blocks of experts whose block tensors live in host memory
// (swap and lowvram modes, runtime/memory_mode.h). Block i of a forward pass uses slot i % S. When
// block i is released, the arena queues the copy of the next block that will use its slot — block
// i + S of the same pass, or, past the last block, block i + S - L of the next pass, whose expert
// the denoising loop announces with setNextExpert — on a side stream that first waits for the
// compute stream to be done with the slot. acquire makes the compute stream wait for the copy.
// With S = L (swap) the other expert's blocks arrive during the last pass of the current expert;
// with S = 2 (lowvram) block i + 2 arrives while block i + 1 computes.
//
// On the CPU (tests) the same bookkeeping runs with synchronous copies. One thread drives it (the
// thread that runs the forward passes).
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace ifedit::dit {
class WanDit;
}

namespace ifedit::runtime {

// The slot count of block streaming (lowvram) for `layers` blocks: 2, so that a block computes
// while the next one arrives, or, where 2 does not divide the count, its smallest divisor above 2
// (slots must divide it; every released Wan model has an even count, the second fixture set 3).
int streamingSlots(int64_t layers);

class BlockArena {
 public:
  struct Stats {
    int64_t prefetchedCopies = 0;  // queued ahead, at a release
    int64_t demandCopies = 0;      // queued by an acquire that found its block absent
    int64_t bytesCopied = 0;
  };

  // `experts` keep their block tensors in host memory (WanDitLoadOptions::blocksOnHost or
  // mapBlockTensors) and must agree in block layout (count, shapes, dtypes); slots must divide
  // their layer count. Installs itself as every expert's block source; the destructor uninstalls
  // it after waiting for its copies. Throws std::invalid_argument naming the mismatch.
  BlockArena(std::vector<dit::WanDit*> experts, int slots, c10::Device device);
  ~BlockArena();
  BlockArena(const BlockArena&) = delete;
  BlockArena& operator=(const BlockArena&) = delete;

  // Index of `expert` in the constructor's list, for setNextExpert.
  int indexOf(const dit::WanDit* expert) const;

  // The expert whose forward pass follows the one being queued now (-1: unknown, nothing is
  // fetched ahead past the last block).
  void setNextExpert(int expert);
  int nextExpert() const { return nextExpert_; }

  // Queues the copies of the first S blocks of `expert` (e.g. right after loading).
  void prefetch(int expert);

  int slots() const { return slots_; }
  int64_t deviceBytes() const;  // the slots' device memory
  Stats stats() const { return stats_; }

 private:
  class Source;
  struct Slot;
  std::vector<at::Tensor> acquire(int expert, int64_t block);
  void release(int expert, int64_t block);
  void load(Slot& slot, int expert, int64_t block, bool demand);

  std::vector<dit::WanDit*> experts_;
  std::vector<std::unique_ptr<Source>> sources_;
  std::vector<std::unique_ptr<Slot>> slotState_;
  int slots_ = 0;
  int64_t layers_ = 0;
  int nextExpert_ = -1;
  c10::Device device_;
  Stats stats_;
  struct Streams;
  std::unique_ptr<Streams> streams_;  // CUDA only
};

}  // namespace ifedit::runtime
