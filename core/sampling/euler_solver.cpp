#include "sampling/euler_solver.h"

namespace ifedit::sampling {

Schedule EulerSolver::makeSchedule(int steps, double shift) const {
  return eulerSchedule(steps, shift);
}

at::Tensor EulerSolver::doStep(const at::Tensor& modelOutput, const at::Tensor& sample) {
  const int64_t k = stepIndex_;
  const float dt = sigma(k + 1) - sigma(k);
  // diffusers computes in float32 and casts back to the model output's dtype.
  return sample.to(at::kFloat)
      .add(modelOutput.to(at::kFloat).mul(dt))
      .to(modelOutput.scalar_type());
}

}  // namespace ifedit::sampling
