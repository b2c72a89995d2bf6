#include "pipeline/conditioning.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/repeat_interleave.h>
#include <ATen/ops/upsample_bicubic2d.h>

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ifedit::pipeline {

namespace {

constexpr int64_t kVaeStrideT = 4;
constexpr int64_t kVaeStrideHW = 8;
constexpr int64_t kPatchHW = 2;

// Python/numpy float floor division a // b (floor of the exact quotient, via fmod).
double floorDiv(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0.0) return std::copysign(0.0, a / b);
  double floored = std::floor(div);
  if (div - floored > 0.5) floored += 1.0;
  return floored;
}

// round(sqrt(x) // 8 // 2 * 2) of the official rule; the value is integral before round().
int64_t latentSide(double areaTimesRatio) {
  const double side = floorDiv(floorDiv(std::sqrt(areaTimesRatio), double(kVaeStrideHW)),
                               double(kPatchHW)) * double(kPatchHW);
  return static_cast<int64_t>(std::nearbyint(side));
}

}  // namespace

LatentSize latentSizeFor(int imgH, int imgW, int64_t maxArea) {
  if (imgH <= 0 || imgW <= 0 || maxArea <= 0) {
    std::ostringstream s;
    s << "latentSizeFor: image " << imgH << "x" << imgW << " and max area " << maxArea
      << " must all be positive";
    throw std::invalid_argument(s.str());
  }
  const double aspect = static_cast<double>(imgH) / static_cast<double>(imgW);
  LatentSize out;
  out.h = latentSide(static_cast<double>(maxArea) * aspect);
  out.w = latentSide(static_cast<double>(maxArea) / aspect);
  if (out.h < kPatchHW || out.w < kPatchHW) {
    std::ostringstream s;
    s << "latentSizeFor: max area " << maxArea << " is too small for a " << imgH << "x" << imgW
      << " image (latent " << out.h << "x" << out.w << ", need at least 2x2, i.e. 16x16 pixels)";
    throw std::invalid_argument(s.str());
  }
  return out;
}

at::Tensor resizeForI2V(const at::Tensor& imageU8HWC, LatentSize size) {
  if (!imageU8HWC.defined() || imageU8HWC.dim() != 3 || imageU8HWC.size(2) != 3 ||
      imageU8HWC.scalar_type() != at::kByte) {
    std::ostringstream s;
    s << "resizeForI2V: expected a uint8 RGB image [H, W, 3], got ";
    if (!imageU8HWC.defined())
      s << "an undefined tensor";
    else
      s << imageU8HWC.scalar_type() << " " << imageU8HWC.sizes();
    throw std::invalid_argument(s.str());
  }
  if (imageU8HWC.size(0) < 1 || imageU8HWC.size(1) < 1 || size.h < 1 || size.w < 1)
    throw std::invalid_argument("resizeForI2V: empty image or latent size");
  // torchvision to_tensor (u8 / 255), then .sub_(0.5).div_(0.5), then F.interpolate(bicubic):
  // the official order (wan/image2video.py); bicubic is linear, the order only moves rounding.
  // One float copy, changed in place: the chained out-of-place steps held four (a 12000 x 8000
  // camera picture peaked at 5.6 GB); the values are the same to the bit.
  at::Tensor pixels = imageU8HWC.permute({2, 0, 1}).contiguous().to(at::kFloat);
  pixels.div_(255.0).sub_(0.5).div_(0.5);
  const at::Tensor resized = at::upsample_bicubic2d(pixels.unsqueeze(0), {size.pixelH(), size.pixelW()},
                                                    /*align_corners=*/false);
  return resized.transpose(0, 1).contiguous();  // [3, 1, h, w]
}

int64_t latentFrames(int frameNum) {
  if (frameNum < 1)
    throw std::invalid_argument("latentFrames: frame count must be >= 1, got " +
                                std::to_string(frameNum));
  return (frameNum - 1) / kVaeStrideT + 1;
}

at::Tensor i2vMask(int frameNum, LatentSize size) {
  if (frameNum < 1 || (frameNum - 1) % kVaeStrideT != 0)
    throw std::invalid_argument("i2vMask: frame count must be 4n+1 (1, 5, 9, ... 81), got " +
                                std::to_string(frameNum));
  if (size.h < 1 || size.w < 1) throw std::invalid_argument("i2vMask: empty latent size");
  // Per pixel frame: 1 for the source frame, 0 for the frames to generate. The source frame is
  // repeated 4x so that the F+3 entries fold into (F_lat, 4): the VAE's first latent frame covers
  // one pixel frame, every later one covers four (manifest note "I2V mask").
  at::Tensor perFrame = at::ones({1, frameNum, size.h, size.w}, at::kFloat);
  perFrame.narrow(1, 1, frameNum - 1).zero_();
  const at::Tensor first = at::repeat_interleave(perFrame.narrow(1, 0, 1), kVaeStrideT, 1);
  const at::Tensor all = at::cat({first, perFrame.narrow(1, 1, frameNum - 1)}, 1);
  const int64_t fLat = all.size(1) / kVaeStrideT;
  return all.view({1, fLat, kVaeStrideT, size.h, size.w}).transpose(1, 2).select(0, 0).contiguous();
}

int64_t maxSeqLen(int frameNum, LatentSize size, int spSize) {
  if (spSize < 1) throw std::invalid_argument("maxSeqLen: spSize must be >= 1");
  const int64_t tokens = latentFrames(frameNum) * size.h * size.w / (kPatchHW * kPatchHW);
  return (tokens + spSize - 1) / spSize * spSize;
}

}  // namespace ifedit::pipeline
