#include "runtime/block_arena.h"

#include <ATen/ops/empty.h>
#include <c10/core/Event.h>
#include <c10/core/InferenceMode.h>
#include <c10/core/Stream.h>
#include <c10/core/StreamGuard.h>
#include <c10/core/impl/VirtualGuardImpl.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "models/dit/wan_dit.h"

namespace ifedit::runtime {

class BlockArena::Source : public dit::WanDitBlockSource {
 public:
  Source(BlockArena& arena, int expert) : arena_(arena), expert_(expert) {}
  std::vector<at::Tensor> acquire(int64_t block) override { return arena_.acquire(expert_, block); }
  void release(int64_t block) override { arena_.release(expert_, block); }

 private:
  BlockArena& arena_;
  int expert_;
};

struct BlockArena::Slot {
  std::vector<at::Tensor> buffers;  // on the device, one per block tensor (undefined where none)
  int expert = -1;                  // content loaded or being loaded
  int64_t block = -1;
  bool acquired = false;
  // CUDA: `copied` is recorded on the copy stream after the copy into the slot, `released` on the
  // compute stream when the forward pass has queued its last use of the slot.
  std::optional<c10::Event> copied, released;
  bool copyPending = false, releaseRecorded = false;
};

struct BlockArena::Streams {
  c10::impl::VirtualGuardImpl impl;
  c10::Stream copy;
  Streams(c10::Device device)
      : impl(device.type()), copy(impl.getStreamFromGlobalPool(device, /*isHighPriority=*/false)) {}
};

namespace {

std::string describe(const at::Tensor& t) {
  if (!t.defined()) return "(none)";
  std::string s = std::string(c10::toString(t.scalar_type())) + " [";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "]";
}

}  // namespace

int streamingSlots(int64_t layers) {
  if (layers <= 2) return static_cast<int>(std::max<int64_t>(layers, 1));
  for (int64_t d = 2; d < layers; ++d)
    if (layers % d == 0) return static_cast<int>(d);
  return static_cast<int>(layers);
}

BlockArena::BlockArena(std::vector<dit::WanDit*> experts, int slots, c10::Device device)
    : experts_(std::move(experts)), slots_(slots), device_(device) {
  if (experts_.empty()) throw std::invalid_argument("BlockArena: no expert");
  for (auto* e : experts_)
    if (!e || !e->loaded()) throw std::invalid_argument("BlockArena: every expert must be loaded");
  layers_ = experts_[0]->config().numLayers;
  if (slots_ < 1 || slots_ > layers_ || layers_ % slots_ != 0)
    throw std::invalid_argument("BlockArena: " + std::to_string(slots_) + " slots do not divide " +
                                std::to_string(layers_) + " blocks");
  const auto layout = experts_[0]->blockTensors(0);
  for (size_t e = 0; e < experts_.size(); ++e) {
    if (experts_[e]->config().numLayers != layers_)
      throw std::invalid_argument("BlockArena: expert " + std::to_string(e) + " has " +
                                  std::to_string(experts_[e]->config().numLayers) + " blocks, expert 0 has " +
                                  std::to_string(layers_));
    for (int64_t b = 0; b < layers_; ++b) {
      const auto tensors = experts_[e]->blockTensors(b);
      bool same = tensors.size() == layout.size();
      for (size_t k = 0; same && k < tensors.size(); ++k)
        same = tensors[k].defined() == layout[k].defined() &&
               (!tensors[k].defined() || (tensors[k].sizes() == layout[k].sizes() &&
                                          tensors[k].scalar_type() == layout[k].scalar_type()));
      if (!same)
        throw std::invalid_argument("BlockArena: block " + std::to_string(b) + " of expert " + std::to_string(e) +
                                    " differs in layout from block 0 of expert 0 (e.g. " +
                                    describe(layout.empty() ? at::Tensor() : layout[0]) + ")");
    }
  }
  if (device_.is_cuda()) streams_ = std::make_unique<Streams>(device_);
  c10::InferenceMode guard;
  for (int s = 0; s < slots_; ++s) {
    auto slot = std::make_unique<Slot>();
    for (const auto& t : layout)
      slot->buffers.push_back(t.defined() ? at::empty(t.sizes(), t.options().device(device_)) : at::Tensor());
    if (streams_) {
      slot->copied.emplace(device_.type());
      slot->released.emplace(device_.type());
      // The buffers come from the caching allocator on the compute stream, which may still be
      // reading memory freed just before (weights built on the device: LoRA merges, fp8_scaled
      // dequantisation): the first copy into the slot waits for that work too.
      slot->released->record(streams_->impl.getStream(device_));
      slot->releaseRecorded = true;
    }
    slotState_.push_back(std::move(slot));
  }
  for (size_t e = 0; e < experts_.size(); ++e) {
    sources_.push_back(std::make_unique<Source>(*this, static_cast<int>(e)));
    experts_[e]->setBlockSource(sources_.back().get());
  }
}

BlockArena::~BlockArena() {
  if (streams_) {
    try {
      streams_->impl.synchronizeStream(streams_->copy);
    } catch (...) {  // a destructor must not throw; the device is unusable then anyway
    }
  }
  for (size_t e = 0; e < experts_.size(); ++e)
    if (experts_[e]->blockSource() == sources_[e].get()) experts_[e]->setBlockSource(nullptr);
}

int BlockArena::indexOf(const dit::WanDit* expert) const {
  for (size_t e = 0; e < experts_.size(); ++e)
    if (experts_[e] == expert) return static_cast<int>(e);
  return -1;
}

void BlockArena::setNextExpert(int expert) {
  if (expert >= static_cast<int>(experts_.size()))
    throw std::invalid_argument("BlockArena::setNextExpert: no expert " + std::to_string(expert));
  nextExpert_ = expert;
}

void BlockArena::prefetch(int expert) {
  for (int s = 0; s < slots_; ++s) {
    auto& slot = *slotState_[static_cast<size_t>(s)];
    if (slot.expert != expert || slot.block != s) load(slot, expert, s, false);
  }
}

int64_t BlockArena::deviceBytes() const {
  int64_t total = 0;
  for (const auto& slot : slotState_)
    for (const auto& t : slot->buffers)
      if (t.defined()) total += static_cast<int64_t>(t.nbytes());
  return total;
}

void BlockArena::load(Slot& slot, int expert, int64_t block, bool demand) {
  c10::InferenceMode guard;
  const auto host = experts_[static_cast<size_t>(expert)]->blockTensors(block);
  int64_t bytes = 0;
  if (streams_) {
    const c10::Stream compute = streams_->impl.getStream(device_);
    // Acquired and never released (an exception left a forward pass half-queued): everything
    // queued so far may read the slot.
    if (slot.acquired) {
      slot.released->record(compute);
      slot.releaseRecorded = true;
      slot.acquired = false;
    }
    const c10::StreamGuard onCopyStream(streams_->copy);
    if (slot.releaseRecorded) slot.released->block(streams_->copy);
    for (size_t k = 0; k < host.size(); ++k)
      if (host[k].defined()) {
        slot.buffers[k].copy_(host[k], /*non_blocking=*/true);
        bytes += static_cast<int64_t>(host[k].nbytes());
      }
    slot.copied->record(streams_->copy);
    slot.copyPending = true;
  } else {
    for (size_t k = 0; k < host.size(); ++k)
      if (host[k].defined()) {
        slot.buffers[k].copy_(host[k]);
        bytes += static_cast<int64_t>(host[k].nbytes());
      }
  }
  slot.expert = expert;
  slot.block = block;
  (demand ? stats_.demandCopies : stats_.prefetchedCopies) += 1;
  stats_.bytesCopied += bytes;
}

std::vector<at::Tensor> BlockArena::acquire(int expert, int64_t block) {
  auto& slot = *slotState_[static_cast<size_t>(block % slots_)];
  if (slot.expert != expert || slot.block != block) load(slot, expert, block, true);
  if (streams_ && slot.copyPending) {
    slot.copied->block(streams_->impl.getStream(device_));
    slot.copyPending = false;
  }
  slot.acquired = true;
  return slot.buffers;
}

void BlockArena::release(int expert, int64_t block) {
  auto& slot = *slotState_[static_cast<size_t>(block % slots_)];
  slot.acquired = false;
  if (streams_) {
    slot.released->record(streams_->impl.getStream(device_));
    slot.releaseRecorded = true;
  }
  // The next block to use this slot: S blocks on in this pass, or the next pass's.
  int64_t nextBlock = block + slots_;
  int nextExpert = expert;
  if (nextBlock >= layers_) {
    nextBlock -= layers_;
    nextExpert = nextExpert_;
  }
  if (nextExpert >= 0 && (slot.expert != nextExpert || slot.block != nextBlock))
    load(slot, nextExpert, nextBlock, false);
}

}  // namespace ifedit::runtime
