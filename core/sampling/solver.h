#pragma once
// Flow-matching solvers with explicit, inspectable state. The model predicts the flow v; a solver
// turns (v, x_t) into x_{t-1} one step at a time and remembers what its multistep formula needs.
//
// Use: setTimesteps(N, shift); for i in 0..N-1: v = model(x, timestepValue(i)); x = step(v, x).
// Temporal Latent Dropout (DESIGN.md §1.3) slices the latent, the conditioning and - through
// keepFrames - every per-frame history the solver holds, with the same kept set S.
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sampling/schedule.h"

namespace ifedit::sampling {

class Solver {
 public:
  virtual ~Solver() = default;

  // "unipc", "dpm++" or "euler".
  virtual std::string name() const = 0;

  // Builds the schedule and clears all history (step index back to 0).
  void setTimesteps(int steps, double shift);

  // [steps] timesteps: int64 for unipc / dpm++ (truncated sigma*1000, as the official code); float32
  // for euler (sigma*1000 unrounded, as diffusers). Empty before setTimesteps.
  const at::Tensor& timesteps() const { return timesteps_; }
  // [steps+1] float32 sigmas, last = 0.
  const at::Tensor& sigmas() const { return sigmasTensor_; }
  // Timestep i as the model receives it (also what the expert switch compares with boundary*1000).
  double timestepValue(int64_t i) const;
  double sigmaValue(int64_t i) const;

  int numSteps() const { return static_cast<int>(schedule_.timesteps.size()); }
  // Index of the next step() call: 0 after setTimesteps, numSteps() when done.
  int64_t stepIndex() const { return stepIndex_; }
  bool finished() const { return stepIndex_ >= numSteps(); }

  // One step: modelOutput is the flow prediction at sample (same shape). Returns the next sample and
  // advances stepIndex(). Throws std::runtime_error on misuse (no schedule, finished, shape mismatch).
  at::Tensor step(const at::Tensor& modelOutput, const at::Tensor& sample);

  // Keeps only frames `indices` (1-D integer tensor, in the order given) along `dim` of every per-frame tensor the
  // solver remembers. The caller slices the sample it passes next with the same indices.
  void keepFrames(const at::Tensor& indices, int64_t dim);

  // The per-frame tensors currently held (undefined slots omitted); for inspection and tests.
  virtual std::vector<at::Tensor> history() const = 0;

 protected:
  virtual Schedule makeSchedule(int steps, double shift) const = 0;
  virtual void resetHistory() = 0;
  virtual at::Tensor doStep(const at::Tensor& modelOutput, const at::Tensor& sample) = 0;
  // Applies f to every held per-frame tensor (replacing it with the result).
  virtual void mapHistory(const std::function<at::Tensor(const at::Tensor&)>& f) = 0;

  // sigma_i as the official code holds it (float32).
  float sigma(int64_t i) const { return schedule_.sigmas.at(static_cast<size_t>(i)); }

  Schedule schedule_;
  int64_t stepIndex_ = 0;

 private:
  at::Tensor timesteps_;
  at::Tensor sigmasTensor_;
};

// "unipc" (FlowUniPCMultistepScheduler, bh2, order 2), "dpm++" (FlowDPMSolverMultistepScheduler,
// dpmsolver++ midpoint, order 2), "euler" (flow-matching Euler, Lightning recipe). Throws
// std::invalid_argument naming the accepted names for anything else.
std::unique_ptr<Solver> makeSolver(const std::string& name);
std::vector<std::string> solverNames();

}  // namespace ifedit::sampling
