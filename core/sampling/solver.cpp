#include "sampling/solver.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/index_select.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "sampling/dpmpp_solver.h"
#include "sampling/euler_solver.h"
#include "sampling/unipc_solver.h"

namespace ifedit::sampling {

namespace {

std::string shapeOf(const at::Tensor& t) {
  std::ostringstream s;
  s << t.sizes();
  return s.str();
}

}  // namespace

void Solver::setTimesteps(int steps, double shift) {
  schedule_ = makeSchedule(steps, shift);
  const auto n = static_cast<int64_t>(schedule_.timesteps.size());
  if (schedule_.integerTimesteps) {
    timesteps_ = at::empty({n}, at::kLong);
    auto* p = timesteps_.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<int64_t>(schedule_.timesteps[i]);
  } else {
    timesteps_ = at::empty({n}, at::kFloat);
    auto* p = timesteps_.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<float>(schedule_.timesteps[i]);
  }
  sigmasTensor_ = at::empty({n + 1}, at::kFloat);
  std::memcpy(sigmasTensor_.data_ptr<float>(), schedule_.sigmas.data(), sizeof(float) * (n + 1));
  stepIndex_ = 0;
  resetHistory();
}

double Solver::timestepValue(int64_t i) const {
  if (i < 0 || i >= numSteps())
    throw std::out_of_range(name() + " solver: timestep index " + std::to_string(i) +
                            " outside 0.." + std::to_string(numSteps() - 1));
  return schedule_.timesteps[static_cast<size_t>(i)];
}

double Solver::sigmaValue(int64_t i) const {
  if (i < 0 || i > numSteps())
    throw std::out_of_range(name() + " solver: sigma index " + std::to_string(i) + " outside 0.." +
                            std::to_string(numSteps()));
  return sigma(i);
}

at::Tensor Solver::step(const at::Tensor& modelOutput, const at::Tensor& sample) {
  if (numSteps() == 0)
    throw std::runtime_error(name() + " solver: step() before setTimesteps()");
  if (finished())
    throw std::runtime_error(name() + " solver: step() after the last of " +
                             std::to_string(numSteps()) + " steps; call setTimesteps() to restart");
  if (!modelOutput.defined() || !sample.defined())
    throw std::runtime_error(name() + " solver: step() needs a defined model output and sample");
  if (modelOutput.sizes() != sample.sizes())
    throw std::runtime_error(name() + " solver: model output " + shapeOf(modelOutput) +
                             " and sample " + shapeOf(sample) + " differ in shape");
  for (const auto& h : history())
    if (h.sizes() != sample.sizes())
      throw std::runtime_error(name() + " solver: sample " + shapeOf(sample) +
                               " does not match the kept history " + shapeOf(h) +
                               " (slice the sample with the indices given to keepFrames)");
  at::Tensor next = doStep(modelOutput, sample);
  ++stepIndex_;
  return next;
}

void Solver::keepFrames(const at::Tensor& indices, int64_t dim) {
  if (!indices.defined() || indices.dim() != 1 || indices.numel() == 0)
    throw std::invalid_argument(name() + " solver: keepFrames needs a non-empty 1-D index tensor");
  const at::Tensor idx = indices.to(at::kCPU, at::kLong);  // read on the host to check the range
  const auto hist = history();
  for (const auto& h : hist) {
    const int64_t d = dim < 0 ? dim + h.dim() : dim;
    if (d < 0 || d >= h.dim())
      throw std::invalid_argument(name() + " solver: keepFrames dim " + std::to_string(dim) +
                                  " is outside a history tensor of shape " + shapeOf(h));
    const auto* p = idx.data_ptr<int64_t>();
    for (int64_t i = 0; i < idx.numel(); ++i)
      if (p[i] < 0 || p[i] >= h.size(d))
        throw std::invalid_argument(name() + " solver: keepFrames index " + std::to_string(p[i]) +
                                    " outside 0.." + std::to_string(h.size(d) - 1) +
                                    " frames of dim " + std::to_string(dim));
  }
  // One device copy for all histories, from pinned memory and without a host wait: a blocking copy
  // here would stall the denoising loop at the dropout step (#7 item 1).
  at::Tensor onDevice = idx;
  mapHistory([&](const at::Tensor& h) {
    const int64_t d = dim < 0 ? dim + h.dim() : dim;
    if (onDevice.device() != h.device()) {
      const at::Tensor source = h.is_cuda() && !idx.is_pinned() ? idx.pin_memory() : idx;
      onDevice = source.to(h.device(), /*non_blocking=*/true);
    }
    return at::index_select(h, d, onDevice);
  });
}

std::unique_ptr<Solver> makeSolver(const std::string& name) {
  if (name == "unipc") return std::make_unique<UniPCSolver>();
  if (name == "dpm++") return std::make_unique<DpmppSolver>();
  if (name == "euler") return std::make_unique<EulerSolver>();
  std::string known;
  for (const auto& n : solverNames()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown solver \"" + name + "\" (expected one of: " + known + ")");
}

std::vector<std::string> solverNames() { return {"unipc", "dpm++", "euler"}; }

}  // namespace ifedit::sampling
