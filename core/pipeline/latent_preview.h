#pragma once
// Cheap previews without the VAE (DESIGN.md §2): the DiT's x0 prediction in normalised latent space
// maps to RGB through a fixed 16x3 matrix plus bias, clamped to [-1, 1].
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace ifedit::pipeline {

struct RgbFrame {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // height*width*3, row-major
};

// latent [16, F, h, w] (any float dtype/device) -> one h x w RGB frame per requested latent frame.
std::vector<RgbFrame> latentPreview(const at::Tensor& latent, const std::vector<int64_t>& frames);

// The same mapping for one latent frame computed where the latent lives: [h, w, 3] uint8 on
// latent's device (so only the small image crosses to the host).
at::Tensor latentPreviewPixels(const at::Tensor& latent, int64_t frame);
// Copies the preview matrix to `device` now (with the models), so the first preview inside the
// denoising loop does not wait for the device.
void uploadPreviewWeights(c10::Device device);
// [h, w, 3] uint8 host tensor -> RgbFrame.
RgbFrame rgbFrameFromPixels(const at::Tensor& hwcU8);

// video [3, T, H, W] in [-1, 1] -> RGB frames (round((x + 1) * 127.5), as the official save path).
std::vector<RgbFrame> videoToFrames(const at::Tensor& video);

// RGB frame -> [3, 1, H, W] float32 in [-1, 1] is done by the conditioning code; this gives the
// u8 HWC tensor it takes.
at::Tensor frameToTensorU8(const RgbFrame& frame);

}  // namespace ifedit::pipeline
