#pragma once
// The I2V denoising loop of Wan2.2 with IF-Edit's Temporal Latent Dropout: per step, pick the expert
// by timestep, thin the frames once at the threshold, run the DiT (twice with CFG), step the solver.
// Nothing in the loop waits for the device: timesteps are made where the latent lives, scalars
// stay on the host, and observers that need data copy it themselves (pipeline/async_preview.h).
#include <ATen/core/Tensor.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/temporal_dropout.h"

namespace ifedit {
class CancelToken;
}
namespace ifedit::dit {
class WanDit;
}
namespace ifedit::runtime {
class BlockArena;
}

namespace ifedit::pipeline {

struct DenoiseSettings {
  std::string solver = "unipc";  // "unipc", "dpm++", "euler"
  int steps = 40;
  double shift = 5.0;
  double guideLow = 3.5;   // CFG scale of the low-noise expert (t < boundary*1000)
  double guideHigh = 3.5;  // CFG scale of the high-noise expert; 1.0 skips the negative pass
  double boundary = 0.9;   // expert switch at t >= boundary * 1000
  std::optional<DropoutSettings> dropout;  // none: the official loop
};

struct DenoiseInputs {
  at::Tensor noise;        // [16, F, h, w] initial latent
  at::Tensor y;            // [20, F, h, w] mask + image latent
  at::Tensor context;      // [L, text_dim] prompt embedding (trimmed)
  at::Tensor contextNull;  // negative prompt embedding; may be undefined when no CFG runs
  const dit::WanDit* high = nullptr;
  const dit::WanDit* low = nullptr;
  // swap / lowvram: told before every forward pass which expert runs the pass after it, so the
  // blocks of that pass are copied while this one computes.
  runtime::BlockArena* arena = nullptr;
};

// What one step saw and produced (for events, previews and the parity tests).
struct StepRecord {
  int index = 0;
  int total = 0;
  double timestep = 0;
  double sigma = 0;
  bool highExpert = true;
  double guidance = 1.0;
  at::Tensor latentIn, cond, uncond, noisePred, latentOut;  // uncond undefined without CFG
};

struct DenoiseObserver {
  std::function<void(const std::vector<int64_t>& kept, const std::vector<int64_t>& positions, int step)> onDropout;
  std::function<void(const StepRecord&)> onStep;
};

struct DenoiseResult {
  at::Tensor latent;               // final latent over the kept frames
  std::vector<int64_t> keptFrames; // original latent-frame indices of `latent` (all when no dropout)
  int dropoutStep = -1;            // step at which frames were dropped, -1 if never
};

DenoiseResult denoise(const DenoiseInputs& inputs, const DenoiseSettings& settings,
                      const DenoiseObserver& observer = {}, const CancelToken* cancel = nullptr);

}  // namespace ifedit::pipeline
