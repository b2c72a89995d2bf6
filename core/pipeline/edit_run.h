#pragma once
// One I2V run of IF-Edit (DESIGN.md §1 steps 2-4), shared by evolve (source image -> edited state)
// and refine (SCPR: chosen frame -> a still, sharper clip): text and image conditioning, seeded
// noise, the denoising loop with expert switch and Temporal Latent Dropout, streaming decode.
#include <string>
#include <vector>

#include "api/engine.h"
#include "pipeline/model_bundle.h"

namespace ifedit::pipeline {

struct RunOutput {
  std::vector<api::Image> frames;  // decoded pixel frames
  std::vector<int64_t> keptLatentFrames;
  int dropoutStep = -1;
  int width = 0, height = 0;
  std::vector<std::pair<std::string, double>> timings;
};

RunOutput runI2V(ModelBundle& models, const api::Image& source, const std::string& prompt,
                 const api::EditSettings& settings, int frames, bool refining, api::EngineEvents& events,
                 const CancelToken* cancel);

// Sharpness (Laplacian variance) of each frame.
std::vector<double> scoreFrames(const std::vector<api::Image>& frames, const std::vector<int>& indices);

// The negative prompt used with CFG when the settings give none. Our own wording, not the official
// config's `sample_neg_prompt` (we do not copy the reference code's text); with CFG on, outputs therefore
// differ from an official run unless that text is passed as the negative prompt. The Lightning recipe
// (CFG 1) never encodes it.
const std::string& defaultNegativePrompt();

}  // namespace ifedit::pipeline
