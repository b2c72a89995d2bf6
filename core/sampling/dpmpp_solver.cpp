#include "sampling/dpmpp_solver.h"

#include <algorithm>
#include <cmath>

#include "sampling/flow_math.h"

namespace ifedit::sampling {

using detail::alphaOf;
using detail::lambdaOf;

namespace {
constexpr int kSolverOrder = 2;
}

Schedule DpmppSolver::makeSchedule(int steps, double shift) const {
  return dpmppSchedule(steps, shift);
}

std::vector<at::Tensor> DpmppSolver::history() const {
  std::vector<at::Tensor> out;
  for (const auto& m : state_.modelOutputs)
    if (m.defined()) out.push_back(m);
  return out;
}

void DpmppSolver::mapHistory(const std::function<at::Tensor(const at::Tensor&)>& f) {
  for (auto& m : state_.modelOutputs)
    if (m.defined()) m = f(m);
}

at::Tensor DpmppSolver::doStep(const at::Tensor& modelOutput, const at::Tensor& sample) {
  const int64_t k = stepIndex_;
  const at::Tensor x = sample.to(at::kFloat);
  const at::Tensor x0 = x.sub(modelOutput.to(at::kFloat).mul(sigma(k)));
  state_.modelOutputs[0] = state_.modelOutputs[1];
  state_.modelOutputs[1] = x0;

  const float sigmaT = sigma(k + 1), sigmaS0 = sigma(k);
  const float alphaT = alphaOf(sigmaT);
  const float lambdaS0 = lambdaOf(sigmaS0);
  // Step 0 starts at sigma 1 (lambda = -inf, h = +inf, exp(-h) = 0): x = sigma_t x + alpha_t x0.
  const float h = lambdaOf(sigmaT) - lambdaS0;
  const float phi = alphaT * (std::exp(-h) - 1.0f);

  // First order on the first step (warm-up) and on the last (final sigma is zero).
  const bool lastStep = k == numSteps() - 1;
  at::Tensor next;
  if (state_.lowerOrderNums < 1 || lastStep) {
    next = x.mul(sigmaT / sigmaS0).sub(x0.mul(phi));
  } else {
    // Midpoint 2M: D1 = (m0 - m1)/r0, r0 = h_0/h. On step 1, sigma_{k-1} = 1 makes r0 = +inf and
    // D1 = 0, as in the official code.
    const float h0 = lambdaS0 - lambdaOf(sigma(k - 1));
    const float r0 = h0 / h;
    const at::Tensor d1 = x0.sub(state_.modelOutputs[0]).mul(1.0f / r0);
    next = x.mul(sigmaT / sigmaS0).sub(x0.mul(phi)).sub(d1.mul(0.5f * phi));
  }
  state_.lowerOrderNums = std::min(state_.lowerOrderNums + 1, kSolverOrder);
  return next.to(modelOutput.scalar_type());
}

}  // namespace ifedit::sampling
