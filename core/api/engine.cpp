#include "api/engine.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>

#include "pipeline/conditioning.h"
#include "pipeline/edit_run.h"
#include "pipeline/model_bundle.h"
#include "pipeline/sharpness.h"
#include "pipeline/temporal_dropout.h"
#include "sampling/solver.h"

namespace ifedit::api {

std::string stageName(Stage stage) {
  switch (stage) {
    case Stage::LoadingModels: return "loading models";
    case Stage::EncodingText: return "encoding text";
    case Stage::EncodingImage: return "encoding image";
    case Stage::Denoising: return "denoising";
    case Stage::Decoding: return "decoding";
    case Stage::Scoring: return "scoring";
    case Stage::Refining: return "refining";
    case Stage::Done: return "done";
  }
  return "?";
}

namespace {

// Wan needs F = 4n+1 pixel frames: the nearest such count (ties up) with n >= 1, so that there is
// an evolution at all (1..6 -> 5): a single frame would only reconstruct the picture (DESIGN.md
// §1.6), and its refinement would have no frame after the first to score.
int roundFrames(int frames) {
  const int n = static_cast<int>(std::lround((frames - 1) / 4.0));
  return 4 * std::max(n, 1) + 1;
}

}  // namespace

std::string workingSizeProblem(int width, int height, int64_t maxArea) {
  auto fits = [&](int64_t area) {
    try {
      pipeline::latentSizeFor(height, width, area);
      return true;
    } catch (const std::invalid_argument&) {
      return false;
    }
  };
  if (width < 1 || height < 1 || fits(maxArea)) return {};
  // Each latent side needs sqrt(area * ratio) >= 16: area >= 256 * the long/short ratio (then
  // stepped up past float rounding).
  const double ratio = std::max(double(width) / height, double(height) / width);
  auto needed = static_cast<int64_t>(std::ceil(256.0 * ratio));
  while (needed <= kMaxArea && !fits(needed)) needed += std::max<int64_t>(1, needed / 1000);
  // Past the largest max area the settings accept, no value would do: said so, not a number
  // the user cannot enter.
  if (needed > kMaxArea)
    return "a " + std::to_string(width) + " x " + std::to_string(height) +
           " picture is too narrow or too wide to edit: even the largest max area (" + std::to_string(kMaxArea) +
           " pixels) leaves its short side under 16 pixels; crop it first";
  return "a " + std::to_string(width) + " x " + std::to_string(height) + " picture needs a max area of at least " +
         std::to_string(needed) + " pixels (it is " + std::to_string(maxArea) +
         "): its short side would come out under 16 pixels";
}

int evolutionFrameCount(const EditSettings& in) {
  const EditSettings s = validateSettings(in, nullptr);
  if (!s.dropout) return s.frames;
  // The same schedule and trigger as the denoising loop (pipeline/denoise.cpp).
  auto solver = sampling::makeSolver(s.solver);
  solver->setTimesteps(s.steps, s.shift);
  for (int i = 0; i < solver->numSteps(); ++i) {
    if (!(solver->timestepValue(i) < s.threshold * 1000.0)) continue;
    const auto kept = pipeline::keptFrames((s.frames - 1) / 4 + 1, s.dropoutK,
                                           s.anchor == "start" ? pipeline::DropoutAnchor::Start : pipeline::DropoutAnchor::End);
    return static_cast<int>(1 + 4 * (kept.size() - 1));
  }
  return s.frames;
}

EditSettings validateSettings(const EditSettings& in, std::vector<std::string>* adjustments) {
  EditSettings s = in;
  auto adjust = [&](const std::string& line) {
    if (adjustments) adjustments->push_back(line);
  };
  // The official schedule takes 40 steps and Lightning 4 to 8; far more only exhausts memory.
  if (s.steps < 1 || s.steps > kMaxSteps)
    throw std::invalid_argument("steps must be in 1.." + std::to_string(kMaxSteps) + " (got " + std::to_string(s.steps) + ")");
  if (s.seed > kMaxSeed) {
    adjust("seed " + std::to_string(s.seed) + " -> " + std::to_string(s.seed & kMaxSeed) +
           " (the noise generator keeps the low 32 bits of a seed: the same noise)");
    s.seed &= kMaxSeed;
  }
  if (s.dropoutK < 1) throw std::invalid_argument("K must be >= 1 (got " + std::to_string(s.dropoutK) + ")");
  if (!(s.threshold > 0.0 && s.threshold < 1.0))
    throw std::invalid_argument("threshold must be inside (0, 1) (got " + std::to_string(s.threshold) + ")");
  // Values far out (shift 1e-300 puts the first timestep at infinity, guidance 1e30 overflows
  // float32) run to a black picture without a word: refused, with the range the Settings offer.
  if (!(s.shift >= kMinShift && s.shift <= kMaxShift))
    throw std::invalid_argument("shift must be in 0.001..1000 (got " + std::to_string(s.shift) + ")");
  if (!(s.guidanceLow >= 0.0 && s.guidanceLow <= kMaxGuidance) || !(s.guidanceHigh >= 0.0 && s.guidanceHigh <= kMaxGuidance))
    throw std::invalid_argument("guidance must be in 0..100 (got " + std::to_string(s.guidanceLow) + ", " +
                                std::to_string(s.guidanceHigh) + ")");
  if (s.anchor != "end" && s.anchor != "start")
    throw std::invalid_argument("anchor must be 'end' or 'start' (got '" + s.anchor + "')");
  if (s.positions != "preserve" && s.positions != "reindex")
    throw std::invalid_argument("positions must be 'preserve' or 'reindex' (got '" + s.positions + "')");
  const auto names = sampling::solverNames();
  if (std::find(names.begin(), names.end(), s.solver) == names.end())
    throw std::invalid_argument("solver must be one of unipc, dpm++, euler (got '" + s.solver + "')");
  if (s.maxArea < 16 * 16) throw std::invalid_argument("max area must be at least 256 pixels");
  if (s.maxArea > kMaxArea)
    throw std::invalid_argument("max area must be at most 100000000 pixels, a 10000 x 10000 working size (got " +
                                std::to_string(s.maxArea) + ")");
  if (s.frames < 1 || s.frames > 1001) throw std::invalid_argument("frames must be in 1..1001");
  if (const int f = roundFrames(s.frames); f != s.frames) {
    adjust("frames " + std::to_string(s.frames) + " -> " + std::to_string(f) + " (Wan needs 4n+1, an evolution at least 5)");
    s.frames = f;
  }
  if (s.previewEvery < 0) throw std::invalid_argument("preview interval must be >= 0 (0: no previews)");
  if (s.refineFrames < 1 || s.refineFrames > 1001) throw std::invalid_argument("refinement frames must be in 1..1001");
  if (const int f = roundFrames(s.refineFrames); f != s.refineFrames) {
    adjust("refinement frames " + std::to_string(s.refineFrames) + " -> " + std::to_string(f) +
           " (Wan needs 4n+1, a refinement at least 5)");
    s.refineFrames = f;
  }
  return s;
}

struct Engine::Impl {
  std::unique_ptr<pipeline::ModelBundle> models;
  ModelOptions options;
  std::mutex mutex;  // one run at a time; loading waits for it
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

std::string Engine::demoModelPath() { return pipeline::demoModelFolder(); }

static bool sameOptions(const ModelOptions& a, const ModelOptions& b) {
  return a.path == b.path && a.loraHigh == b.loraHigh && a.loraLow == b.loraLow && a.loraStrength == b.loraStrength &&
         a.device == b.device && a.precision == b.precision && a.memoryMode == b.memoryMode &&
         a.textEncoderOnCpu == b.textEncoderOnCpu;
}

ModelInfo Engine::load(const ModelOptions& options, EngineEvents* events, const CancelToken* cancel) {
  std::lock_guard lock(impl_->mutex);
  if (impl_->models && sameOptions(options, impl_->options)) return impl_->models->info;
  impl_->models.reset();
  try {
    std::string lastPart;
    impl_->models = pipeline::loadModelBundle(
        options,
        [&](const std::string& part, double fraction) {
          if (!events) return;
          if (part != lastPart) events->stage(Stage::LoadingModels, part);
          lastPart = part;
          events->loadProgress(fraction);
        },
        cancel);
  } catch (const c10::Error& e) {
    throw std::runtime_error(options.path + ": " + e.what_without_backtrace());
  }
  impl_->options = options;
  return impl_->models->info;
}

bool Engine::loaded() const { return impl_->models != nullptr; }
ModelInfo Engine::info() const { return impl_->models ? impl_->models->info : ModelInfo{}; }
void Engine::unload() {
  std::lock_guard lock(impl_->mutex);
  impl_->models.reset();
}

Evolution Engine::evolve(const EvolveRequest& request, EngineEvents& events, const CancelToken* cancel) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->models) throw std::runtime_error("no model loaded");
  if (request.source.empty() || request.source.rgb.size() != size_t(request.source.width) * request.source.height * 3)
    throw std::invalid_argument("the source image is empty or its pixel buffer does not match its size");
  Evolution ev;
  ev.settings = validateSettings(request.settings, &ev.adjustments);
  ev.prompt = request.prompt;
  ev.seed = ev.settings.seed;
  ev.model = impl_->models->info;
  try {
    auto run = pipeline::runI2V(*impl_->models, request.source, request.prompt, ev.settings, ev.settings.frames,
                                false, events, cancel);
    ev.frames = std::move(run.frames);
    ev.keptLatentFrames = run.keptLatentFrames;
    ev.dropoutStep = run.dropoutStep;
    ev.width = run.width;
    ev.height = run.height;
    ev.timings = run.timings;
  } catch (const c10::Error& e) {
    throw std::runtime_error(std::string("engine error: ") + e.what_without_backtrace());
  }

  // Candidates: the pixel frames of the last latent frame (4, or the only frame of a 1-frame run).
  const auto start = std::chrono::steady_clock::now();
  events.stage(Stage::Scoring, "");
  const int n = static_cast<int>(ev.frames.size());
  for (int i = std::max(n == 1 ? 0 : 1, n - 4); i < n; ++i) ev.candidates.push_back(i);
  ev.candidateScores = pipeline::scoreFrames(ev.frames, ev.candidates);
  ev.pick = ev.candidates.at(static_cast<size_t>(pipeline::sharpestIndex(ev.candidateScores)));
  events.scores(ev.candidates, ev.candidateScores, ev.pick, false);
  ev.timings.emplace_back("score", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  events.stage(Stage::Done, "");
  return ev;
}

RefineResult Engine::refine(const Evolution& evolution, int frame, const std::string& staticPrompt,
                            EngineEvents& events, const CancelToken* cancel) {
  return refine(evolution, frame, staticPrompt, RefineOptions{evolution.settings.refine, evolution.settings.refineFrames},
                events, cancel);
}

RefineResult Engine::refine(const Evolution& evolution, int frame, const std::string& staticPrompt,
                            const RefineOptions& options, EngineEvents& events, const CancelToken* cancel) {
  std::lock_guard lock(impl_->mutex);
  if (evolution.frames.empty()) throw std::invalid_argument("refine: the evolution has no frames");
  EditSettings s = evolution.settings;
  s.refine = options.refine;
  s.refineFrames = options.frames;
  // SCPR keeps TLD on (DESIGN.md §1.6) with the evolution's K, threshold, anchor and positions.
  s.dropout = true;
  s = validateSettings(s, nullptr);
  RefineResult r;
  r.chosenFrame = frame < 0 ? evolution.pick : frame;
  if (r.chosenFrame < 0 || r.chosenFrame >= static_cast<int>(evolution.frames.size()))
    throw std::invalid_argument("refine: frame " + std::to_string(frame) + " is not in the evolution (0.." +
                                std::to_string(evolution.frames.size() - 1) + ")");
  const Image& chosen = evolution.frames[static_cast<size_t>(r.chosenFrame)];
  if (!s.refine) {
    r.image = chosen;
    events.stage(Stage::Done, "refinement off");
    return r;
  }
  if (!impl_->models) throw std::runtime_error("no model loaded");
  events.stage(Stage::Refining, "");
  r.refineFrames = s.refineFrames;
  try {
    auto run = pipeline::runI2V(*impl_->models, chosen, staticPrompt, s, s.refineFrames, true, events, cancel);
    r.frames = std::move(run.frames);
    r.keptLatentFrames = run.keptLatentFrames;
    r.timings = run.timings;
  } catch (const c10::Error& e) {
    throw std::runtime_error(std::string("engine error: ") + e.what_without_backtrace());
  }
  // SCPR (DESIGN.md §1.6): frame 0 only reconstructs x*, so score frames 1..end.
  std::vector<int> indices;
  for (int i = r.frames.size() > 1 ? 1 : 0; i < static_cast<int>(r.frames.size()); ++i) indices.push_back(i);
  r.scores = pipeline::scoreFrames(r.frames, indices);
  r.pick = indices.at(static_cast<size_t>(pipeline::sharpestIndex(r.scores)));
  events.scores(indices, r.scores, r.pick, true);
  r.image = r.frames[static_cast<size_t>(r.pick)];
  r.refined = true;
  events.stage(Stage::Done, "");
  return r;
}

}  // namespace ifedit::api
