#pragma once
// y for the I2V DiT: cat([mask, vae.encode(cat([image, zeros(3, F-1, h, w)], time))]) (manifest
// note "I2V mask").
#include <ATen/core/Tensor.h>

#include <optional>

#include "pipeline/conditioning.h"

namespace ifedit {
class CancelToken;
}
namespace ifedit::vae {
class WanVae;
}

namespace ifedit::pipeline {

struct I2VCondition {
  LatentSize size;
  at::Tensor image;  // [3, 1, 8h, 8w] resized source in [-1, 1]
  at::Tensor y;      // [20, F_lat, h, w]
};

// imageU8HWC: uint8 [H, W, 3] RGB. frameNum must be 4n+1. The latent grid comes from the
// resolution rule (latentSizeFor) unless `size` gives it.
I2VCondition encodeI2VCondition(const vae::WanVae& vae, const at::Tensor& imageU8HWC, int frameNum,
                                int64_t maxArea, const CancelToken* cancel = nullptr,
                                std::optional<LatentSize> size = std::nullopt);

}  // namespace ifedit::pipeline
