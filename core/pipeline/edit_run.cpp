#include "pipeline/edit_run.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/sub.h>
#include <c10/core/InferenceMode.h>

#include <chrono>

#include "pipeline/async_preview.h"
#include "pipeline/denoise.h"
#include "pipeline/i2v_condition.h"
#include "pipeline/latent_preview.h"
#include "pipeline/sharpness.h"
#include "sampling/guidance.h"

namespace ifedit::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

api::Image toImage(RgbFrame&& f) {
  api::Image image;
  image.width = f.width;
  image.height = f.height;
  image.rgb = std::move(f.rgb);
  return image;
}

at::Tensor embed(ModelBundle& m, const std::string& text, const CancelToken* cancel) {
  const auto batch = (*m.tokenizer)({text});
  return m.encodeText(batch.ids, batch.mask, cancel).at(0);
}

DropoutAnchor parseAnchor(const std::string& s) { return s == "start" ? DropoutAnchor::Start : DropoutAnchor::End; }
DropoutPositions parsePositions(const std::string& s) {
  return s == "reindex" ? DropoutPositions::Reindex : DropoutPositions::Preserve;
}

}  // namespace

const std::string& defaultNegativePrompt() {
  static const std::string text =
      "blurry, out of focus, low quality, jpeg artifacts, overexposed, underexposed, distorted, deformed, "
      "disfigured hands, extra fingers, duplicated objects, flickering, jittery motion, watermark, subtitles, "
      "text overlay, frozen frame, messy background";
  return text;
}

std::vector<double> scoreFrames(const std::vector<api::Image>& frames, const std::vector<int>& indices) {
  std::vector<double> scores;
  for (int i : indices) {
    const auto& f = frames.at(static_cast<size_t>(i));
    scores.push_back(laplacianVariance(f.rgb.data(), f.width, f.height));
  }
  return scores;
}

RunOutput runI2V(ModelBundle& m, const api::Image& source, const std::string& prompt,
                 const api::EditSettings& s, int frames, bool refining, api::EngineEvents& events,
                 const CancelToken* cancel) {
  c10::InferenceMode guard;
  RunOutput out;

  // 1. Text: the prompt, and the negative prompt only when some expert uses CFG.
  auto t0 = Clock::now();
  events.stage(api::Stage::EncodingText, refining ? "static-video prompt" : "prompt");
  const at::Tensor context = embed(m, prompt, cancel);
  at::Tensor contextNull;
  if (sampling::needsUncond(s.guidanceLow) || sampling::needsUncond(s.guidanceHigh))
    contextNull = embed(m, s.negativePrompt.empty() ? defaultNegativePrompt() : s.negativePrompt, cancel);
  out.timings.emplace_back(refining ? "refine.text" : "text", secondsSince(t0));
  throwIfCancelled(cancel);

  // 2. Image: resize by the resolution rule, VAE-encode [image, zeros], prepend the mask.
  t0 = Clock::now();
  events.stage(api::Stage::EncodingImage, "");
  auto u8 = frameToTensorU8(RgbFrame{source.width, source.height, source.rgb});
  // SCPR's source is a frame of the evolution, already on a valid grid: the resolution rule would
  // not always map it back onto itself (2:1 at 480x832's area: 432x880 -> 432x896) and would
  // stretch it. It refines at the evolution's size.
  std::optional<LatentSize> grid;
  if (refining && source.width % 16 == 0 && source.height % 16 == 0)
    grid = LatentSize{source.height / 8, source.width / 8};
  const auto cond = encodeI2VCondition(*m.vae, u8, frames, s.maxArea, cancel, grid);
  out.width = static_cast<int>(cond.size.pixelW());
  out.height = static_cast<int>(cond.size.pixelH());
  out.timings.emplace_back(refining ? "refine.image" : "image", secondsSince(t0));

  // 3. Noise from the request's seed, always drawn by the CPU generator: a seed gives the same
  // starting latent on every device (the official code draws with the device's generator, so it
  // matches ours only on the CPU; the e2e fixtures are CPU runs).
  auto generator = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  auto hostNoise = at::randn({16, cond.y.size(1), cond.size.h, cond.size.w}, generator, at::kFloat);
  if (m.device.is_cuda()) hostNoise = hostNoise.pin_memory();  // an asynchronous copy
  const auto noise = hostNoise.to(m.device, /*non_blocking=*/true);

  // 4. Denoise: expert switch, Temporal Latent Dropout, CFG, solver.
  t0 = Clock::now();
  events.stage(api::Stage::Denoising, "");
  DenoiseSettings ds;
  ds.solver = s.solver;
  ds.steps = s.steps;
  ds.shift = s.shift;
  ds.guideLow = s.guidanceLow;
  ds.guideHigh = s.guidanceHigh;
  ds.boundary = m.info.boundary;
  if (s.dropout) ds.dropout = DropoutSettings{s.dropoutK, s.threshold, parseAnchor(s.anchor), parsePositions(s.positions)};
  DenoiseInputs di{noise, cond.y, context, contextNull, m.high.get(), m.low.get(), m.arena.get()};
  DenoiseObserver observer;
  observer.onDropout = [&](const std::vector<int64_t>& kept, const std::vector<int64_t>&, int step) {
    events.dropout(kept, step);
  };
  AsyncPreview previews([&](const api::StepInfo& info, const api::Image& image) { events.preview(info, image); });
  observer.onStep = [&](const StepRecord& r) {
    api::StepInfo info{r.index, r.total, r.timestep, r.highExpert, refining};
    events.step(info);
    previews.poll();
    const bool last = r.index + 1 == r.total;
    if (s.previewEvery > 0 && (r.index % s.previewEvery == 0 || last)) {
      // x0 = x_t - sigma * v (flow matching); preview the last latent frame, not the source.
      const auto x0 = at::sub(r.latentIn, r.noisePred, r.sigma);
      previews.submit(info, x0, x0.size(1) - 1);
    }
  };
  const auto result = denoise(di, ds, observer, cancel);
  previews.flush();
  out.keptLatentFrames = result.keptFrames;
  out.dropoutStep = result.dropoutStep;
  out.timings.emplace_back(refining ? "refine.denoise" : "denoise", secondsSince(t0));

  // 5. Decode, handing frames out as each latent frame is decoded.
  t0 = Clock::now();
  events.stage(api::Stage::Decoding, "");
  m.vae->decodeStreaming(
      result.latent,
      [&](int first, const at::Tensor& chunk) {
        std::vector<api::Image> images;
        for (auto& f : videoToFrames(chunk)) images.push_back(toImage(std::move(f)));
        events.frames(first, images, refining);
        for (auto& image : images) out.frames.push_back(std::move(image));
      },
      cancel);
  out.timings.emplace_back(refining ? "refine.decode" : "decode", secondsSince(t0));
  return out;
}

}  // namespace ifedit::pipeline
