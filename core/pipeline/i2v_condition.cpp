#include "pipeline/i2v_condition.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/zeros.h>

#include "models/vae/wan_vae.h"

namespace ifedit::pipeline {

I2VCondition encodeI2VCondition(const vae::WanVae& vae, const at::Tensor& imageU8HWC, int frameNum,
                                int64_t maxArea, const CancelToken* cancel, std::optional<LatentSize> size) {
  I2VCondition c;
  c.size = size ? *size
                : latentSizeFor(static_cast<int>(imageU8HWC.size(0)), static_cast<int>(imageU8HWC.size(1)), maxArea);
  c.image = resizeForI2V(imageU8HWC, c.size);
  const auto mask = i2vMask(frameNum, c.size);
  const auto rest = at::zeros({3, frameNum - 1, c.size.pixelH(), c.size.pixelW()}, c.image.options());
  const auto video = at::cat({c.image, rest}, 1);
  const auto latent = vae.encode(video.to(vae.device()), cancel);
  c.y = at::cat({mask.to(latent.device()), latent}, 0);
  return c;
}

}  // namespace ifedit::pipeline
