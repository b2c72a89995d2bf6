#pragma once
// Previews of the denoising loop that never stall the GPU: the latent -> RGB mapping runs on the
// device, the small uint8 image is copied into pinned host memory on the current stream, and the
// image is handed out once its copy has landed (checked at each poll, waited for at flush). On the
// CPU every preview is handed out at once.
#include <ATen/core/Tensor.h>

#include <deque>
#include <functional>
#include <memory>

#include "api/engine.h"

namespace ifedit::pipeline {

class AsyncPreview {
 public:
  using Emit = std::function<void(const api::StepInfo&, const api::Image&)>;
  explicit AsyncPreview(Emit emit);
  ~AsyncPreview();

  // Queues the preview of latent frame `frame` of x0 [16, F, h, w].
  void submit(const api::StepInfo& info, const at::Tensor& x0, int64_t frame);
  // Hands out every queued preview whose copy has finished, in order.
  void poll();
  // Waits for and hands out all queued previews.
  void flush();
  size_t pending() const;

 private:
  struct Item;
  Emit emit_;
  std::deque<std::unique_ptr<Item>> queue_;
};

}  // namespace ifedit::pipeline
