#include "pipeline/denoise.h"

#include <ATen/ops/full.h>
#include <ATen/ops/index_select.h>
#include <ATen/ops/tensor.h>

#include <numeric>
#include <stdexcept>

#include "api/cancel.h"
#include "models/dit/wan_dit.h"
#include "runtime/block_arena.h"
#include "sampling/guidance.h"
#include "sampling/solver.h"

namespace ifedit::pipeline {

DenoiseResult denoise(const DenoiseInputs& in, const DenoiseSettings& s, const DenoiseObserver& observer,
                      const CancelToken* cancel) {
  if (!in.high || !in.low) throw std::invalid_argument("denoise: both experts are required");
  if (!in.noise.defined() || in.noise.dim() != 4) throw std::invalid_argument("denoise: noise must be [16, F, h, w]");
  const bool anyCfg = sampling::needsUncond(s.guideLow) || sampling::needsUncond(s.guideHigh);
  if (anyCfg && !in.contextNull.defined())
    throw std::invalid_argument("denoise: guidance != 1 needs a negative prompt embedding");

  auto solver = sampling::makeSolver(s.solver);
  solver->setTimesteps(s.steps, s.shift);

  at::Tensor latent = in.noise.to(at::kFloat);
  at::Tensor y = in.y;
  const int64_t frameCount = latent.size(1);
  std::vector<int64_t> kept(frameCount);
  std::iota(kept.begin(), kept.end(), 0);
  std::vector<int64_t> positions = kept;
  DenoiseResult result;

  const auto isHighStep = [&](int step) { return solver->timestepValue(step) >= s.boundary * 1000.0; };
  // Which expert runs the forward pass after the one about to be queued (memory modes).
  const auto announceNext = [&](int step, bool uncondFollows) {
    if (!in.arena) return;
    bool nextHigh = true;  // after the last step: the next run starts with the high-noise expert
    if (uncondFollows) nextHigh = isHighStep(step);
    else if (step + 1 < solver->numSteps()) nextHigh = isHighStep(step + 1);
    in.arena->setNextExpert(in.arena->indexOf(nextHigh ? in.high : in.low));
  };

  bool dropoutDecided = false;
  for (int i = 0; i < solver->numSteps(); ++i) {
    throwIfCancelled(cancel);
    const double t = solver->timestepValue(i);

    // Temporal Latent Dropout, once, at the first step below the threshold (DESIGN.md §1.3): the
    // latent, the conditioning and every solver history are sliced with the same S.
    // A kept set of every frame (K 1, or two latent frames) drops nothing: no dropout happened,
    // and nothing announces or records one.
    if (s.dropout && !dropoutDecided && t < s.dropout->threshold * 1000.0) {
      dropoutDecided = true;
      kept = keptFrames(frameCount, s.dropout->k, s.dropout->anchor);
      positions = keptPositions(kept, s.dropout->positions);
      if (static_cast<int64_t>(kept.size()) != frameCount) {
        // The host index goes to the solver (which reads it); the device copy is asynchronous.
        auto hostIndex = at::tensor(kept, at::TensorOptions().dtype(at::kLong));
        if (latent.is_cuda()) hostIndex = hostIndex.pin_memory();
        const auto index = hostIndex.to(latent.device(), /*non_blocking=*/true);
        latent = at::index_select(latent, 1, index);
        y = at::index_select(y, 1, index.to(y.device(), /*non_blocking=*/true));
        solver->keepFrames(hostIndex, 1);
        result.dropoutStep = i;
        if (observer.onDropout) observer.onDropout(kept, positions, i);
      }
    }

    // Expert switch (manifest note "I2V loop"): high-noise expert while t >= boundary * 1000.
    const bool high = isHighStep(i);
    const dit::WanDit& model = high ? *in.high : *in.low;
    const double guidance = high ? s.guideHigh : s.guideLow;

    dit::WanDitInput input;
    input.x = latent;
    // Made on the latent's device: a host tensor would be copied from pageable memory, which waits
    // for the device.
    input.timestep =
        at::full({1}, t, at::TensorOptions().dtype(solver->timesteps().scalar_type()).device(latent.device()));
    input.context = in.context;
    input.y = y;
    input.framePositions = positions;
    const bool cfg = sampling::needsUncond(guidance);
    announceNext(i, cfg);
    const at::Tensor cond = model.forward(input, cancel);
    at::Tensor uncond;
    if (cfg) {
      input.context = in.contextNull;
      announceNext(i, false);
      uncond = model.forward(input, cancel);
    }
    const at::Tensor noisePred = sampling::guide(cond, uncond, guidance);
    const at::Tensor latentIn = latent;
    latent = solver->step(noisePred, latent);

    if (observer.onStep) {
      StepRecord r;
      r.index = i;
      r.total = solver->numSteps();
      r.timestep = t;
      r.sigma = solver->sigmaValue(i);
      r.highExpert = high;
      r.guidance = guidance;
      r.latentIn = latentIn;
      r.cond = cond;
      r.uncond = uncond;
      r.noisePred = noisePred;
      r.latentOut = latent;
      observer.onStep(r);
    }
  }
  result.latent = latent;
  result.keptFrames = kept;
  return result;
}

}  // namespace ifedit::pipeline
