#pragma once
// I2V conditioning geometry of Wan2.2 (wan/image2video.py, manifest notes "I2V" and "I2V mask"):
// the latent size for an image and an area budget, the resized source frame the VAE encodes, the
// first-frame mask that precedes the image latent in y, and the DiT sequence length.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace ifedit::pipeline {

// Latent grid of one frame; pixels are 8x (VAE stride (4, 8, 8)).
struct LatentSize {
  int64_t h = 0;
  int64_t w = 0;
  int64_t pixelH() const { return 8 * h; }
  int64_t pixelW() const { return 8 * w; }
  bool operator==(const LatentSize&) const = default;
};

// lat_h = round(sqrt(maxArea*h/w) // 8 // 2 * 2), lat_w = round(sqrt(maxArea/(h/w)) // 8 // 2 * 2),
// in float64 as the official code (480x832 @ 480*832 -> 58x104). Throws std::invalid_argument for
// non-positive sizes or a budget too small to give a 2x2 latent.
LatentSize latentSizeFor(int imgH, int imgW, int64_t maxArea);

// The source frame as the VAE expects it: uint8 [H, W, 3] RGB -> float32 [3, 1, 8*h, 8*w] in about
// [-1, 1] (bicubic may overshoot, the official code does not clamp): u8/255, (x-0.5)/0.5, then
// bicubic resize (align_corners false, no antialias, no crop). Throws std::invalid_argument for other
// layouts or dtypes.
at::Tensor resizeForI2V(const at::Tensor& imageU8HWC, LatentSize size);

// Number of latent frames for a pixel frame count: (F-1)//4 + 1 (F >= 1; Wan wants F = 4n+1).
int64_t latentFrames(int frameNum);

// Mask [4, F_lat, h, w] float32: latent frame 0 ones (the source frame), the rest zeros, built by the
// official repeat/view/transpose. Throws std::invalid_argument unless frameNum = 4n+1 >= 1.
at::Tensor i2vMask(int frameNum, LatentSize size);

// Tokens the DiT sees: F_lat * h * w / (2*2) (patch (1,2,2)), rounded up to a multiple of spSize
// (sequence-parallel ranks; 1 on a single device).
int64_t maxSeqLen(int frameNum, LatentSize size, int spSize = 1);

}  // namespace ifedit::pipeline
