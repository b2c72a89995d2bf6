#include "pipeline/latent_preview.h"

#include <ATen/ops/add.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/round.h>
#include <ATen/ops/tensor.h>

#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

namespace ifedit::pipeline {
namespace {

// Rows = latent channels 0..15, columns = R, G, B (DESIGN.md §2).
constexpr float kLatentRgb[16][3] = {
    {-0.1299f, -0.1692f, 0.2932f}, {0.0671f, 0.0406f, 0.0442f},   {0.3568f, 0.2548f, 0.1747f},
    {0.0372f, 0.2344f, 0.1420f},   {0.0313f, 0.0189f, -0.0328f},  {0.0296f, -0.0956f, -0.0665f},
    {-0.3477f, -0.4059f, -0.2925f}, {0.0166f, 0.1902f, 0.1975f},  {-0.0412f, 0.0267f, -0.1364f},
    {-0.1293f, 0.0740f, 0.1636f},  {0.0680f, 0.3019f, 0.1128f},   {0.0032f, 0.0581f, 0.0639f},
    {-0.1251f, 0.0927f, 0.1699f},  {0.0060f, -0.0633f, 0.0005f},  {0.3477f, 0.2275f, 0.2950f},
    {0.1984f, 0.0913f, 0.1861f},
};
constexpr float kLatentRgbBias[3] = {-0.1835f, -0.0868f, -0.3360f};

at::Tensor toPixels(const at::Tensor& hwc) {  // float in [-1, 1], [H, W, 3] -> uint8
  return at::round(at::clamp(hwc, -1.0, 1.0).add(1.0).mul(127.5)).to(at::kByte).contiguous();
}

RgbFrame fromPixels(const at::Tensor& u8) {
  RgbFrame f;
  f.height = static_cast<int>(u8.size(0));
  f.width = static_cast<int>(u8.size(1));
  f.rgb.resize(static_cast<size_t>(u8.numel()));
  std::memcpy(f.rgb.data(), u8.data_ptr<uint8_t>(), f.rgb.size());
  return f;
}

RgbFrame toFrame(const at::Tensor& hwc) { return fromPixels(toPixels(hwc)); }

// The matrix and bias on `device`, copied there once (a copy from pageable memory waits for the
// device, which previews must not do every step).
std::pair<at::Tensor, at::Tensor> previewWeights(c10::Device device) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<at::Tensor, at::Tensor>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[device.str()];
  if (!slot.first.defined())
    slot = {at::from_blob(const_cast<float*>(&kLatentRgb[0][0]), {16, 3}, at::kFloat).to(device, false, true),
            at::from_blob(const_cast<float*>(kLatentRgbBias), {3}, at::kFloat).to(device, false, true)};
  return slot;
}

}  // namespace

void uploadPreviewWeights(c10::Device device) { (void)previewWeights(device); }

at::Tensor latentPreviewPixels(const at::Tensor& latent, int64_t frame) {
  if (latent.dim() != 4 || latent.size(0) != 16)
    throw std::invalid_argument("latent preview: expected a latent [16, F, h, w]");
  if (frame < 0 || frame >= latent.size(1)) throw std::invalid_argument("latent preview: frame index out of range");
  const auto [matrix, bias] = previewWeights(latent.device());
  const auto hwc = at::add(at::matmul(latent.select(1, frame).to(at::kFloat).permute({1, 2, 0}), matrix), bias);
  return toPixels(hwc);
}

RgbFrame rgbFrameFromPixels(const at::Tensor& hwcU8) {
  if (hwcU8.dim() != 3 || hwcU8.size(2) != 3 || hwcU8.scalar_type() != at::kByte || !hwcU8.is_cpu())
    throw std::invalid_argument("preview pixels must be a host uint8 [h, w, 3] tensor");
  return fromPixels(hwcU8.contiguous());
}

std::vector<RgbFrame> latentPreview(const at::Tensor& latent, const std::vector<int64_t>& frames) {
  if (latent.dim() != 4 || latent.size(0) != 16)
    throw std::invalid_argument("latent preview: expected a latent [16, F, h, w]");
  const auto matrix = at::from_blob(const_cast<float*>(&kLatentRgb[0][0]), {16, 3}, at::kFloat).clone();
  const auto bias = at::from_blob(const_cast<float*>(kLatentRgbBias), {3}, at::kFloat).clone();
  const auto cpu = latent.to(at::kCPU, at::kFloat);
  std::vector<RgbFrame> out;
  for (auto f : frames) {
    if (f < 0 || f >= cpu.size(1)) throw std::invalid_argument("latent preview: frame index out of range");
    auto hwc = at::add(at::matmul(cpu.select(1, f).permute({1, 2, 0}), matrix), bias);
    out.push_back(toFrame(hwc));
  }
  return out;
}

std::vector<RgbFrame> videoToFrames(const at::Tensor& video) {
  if (video.dim() != 4 || video.size(0) != 3) throw std::invalid_argument("expected a video [3, T, H, W]");
  const auto cpu = video.to(at::kCPU, at::kFloat);
  std::vector<RgbFrame> out;
  for (int64_t t = 0; t < cpu.size(1); ++t) out.push_back(toFrame(cpu.select(1, t).permute({1, 2, 0})));
  return out;
}

at::Tensor frameToTensorU8(const RgbFrame& frame) {
  auto t = at::empty({frame.height, frame.width, 3}, at::kByte);
  std::memcpy(t.data_ptr<uint8_t>(), frame.rgb.data(), frame.rgb.size());
  return t;
}

}  // namespace ifedit::pipeline
