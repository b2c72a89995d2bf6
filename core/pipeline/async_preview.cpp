#include "pipeline/async_preview.h"

#include <ATen/ops/empty.h>
#include <c10/core/Event.h>
#include <c10/core/impl/VirtualGuardImpl.h>

#include <chrono>
#include <optional>
#include <thread>

#include "pipeline/latent_preview.h"

namespace ifedit::pipeline {

struct AsyncPreview::Item {
  api::StepInfo info;
  at::Tensor host;                // [h, w, 3] uint8 (pinned on CUDA)
  std::optional<c10::Event> done;  // CUDA: recorded after the copy
};

AsyncPreview::AsyncPreview(Emit emit) : emit_(std::move(emit)) {}
AsyncPreview::~AsyncPreview() = default;

size_t AsyncPreview::pending() const { return queue_.size(); }

void AsyncPreview::submit(const api::StepInfo& info, const at::Tensor& x0, int64_t frame) {
  auto item = std::make_unique<Item>();
  item->info = info;
  const auto pixels = latentPreviewPixels(x0, frame);
  if (!pixels.is_cuda()) {
    item->host = pixels;
    queue_.push_back(std::move(item));
    poll();
    return;
  }
  item->host = at::empty(pixels.sizes(), at::TensorOptions().dtype(at::kByte).pinned_memory(true));
  item->host.copy_(pixels, /*non_blocking=*/true);
  const c10::impl::VirtualGuardImpl impl(pixels.device().type());
  item->done.emplace(pixels.device().type());
  item->done->record(impl.getStream(pixels.device()));
  queue_.push_back(std::move(item));
}

void AsyncPreview::poll() {
  while (!queue_.empty() && (!queue_.front()->done || queue_.front()->done->query())) {
    auto item = std::move(queue_.front());
    queue_.pop_front();
    auto frame = rgbFrameFromPixels(item->host);
    api::Image image;
    image.width = frame.width;
    image.height = frame.height;
    image.rgb = std::move(frame.rgb);
    emit_(item->info, image);
  }
}

void AsyncPreview::flush() {
  while (!queue_.empty()) {
    poll();
    if (!queue_.empty()) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace ifedit::pipeline
