#include "sampling/unipc_solver.h"

#include <algorithm>
#include <cmath>

#include "sampling/flow_math.h"

namespace ifedit::sampling {

using detail::alphaOf;
using detail::lambdaOf;

namespace {

constexpr int kSolverOrder = 2;

// Solves the 2x2 system R rho = b with partial pivoting (what torch.linalg.solve / LAPACK gesv do).
std::array<float, 2> solve2x2(const float R[2][2], const float b[2]) {
  const int p = std::fabs(R[1][0]) > std::fabs(R[0][0]) ? 1 : 0;
  const int q = 1 - p;
  const float l = R[q][0] / R[p][0];
  const float u11 = R[q][1] - l * R[p][1];
  const float y0 = b[p];
  const float y1 = b[q] - l * y0;
  const float x1 = y1 / u11;
  const float x0 = (y0 - R[p][1] * x1) / R[p][0];
  return {x0, x1};
}

}  // namespace

Schedule UniPCSolver::makeSchedule(int steps, double shift) const {
  return unipcSchedule(steps, shift);
}

std::vector<at::Tensor> UniPCSolver::history() const {
  std::vector<at::Tensor> out;
  for (const auto& m : state_.modelOutputs)
    if (m.defined()) out.push_back(m);
  if (state_.lastSample.defined()) out.push_back(state_.lastSample);
  return out;
}

void UniPCSolver::mapHistory(const std::function<at::Tensor(const at::Tensor&)>& f) {
  for (auto& m : state_.modelOutputs)
    if (m.defined()) m = f(m);
  if (state_.lastSample.defined()) state_.lastSample = f(state_.lastSample);
}

at::Tensor UniPCSolver::doStep(const at::Tensor& modelOutput, const at::Tensor& sample) {
  const int64_t k = stepIndex_;
  // Data prediction: x0 = x_t - sigma_t * v.
  const at::Tensor x0 = sample.sub(modelOutput.to(sample.scalar_type()).mul(sigma(k)));

  // The corrector refines the sample the previous predictor produced, using x0 evaluated at that
  // uncorrected sample (manifest note "UniPC": corrector on every step but the first).
  at::Tensor current = sample;
  if (k > 0 && state_.lastSample.defined())
    current = correct(x0, state_.lastSample, state_.thisOrder);

  state_.modelOutputs[0] = state_.modelOutputs[1];
  state_.modelOutputs[1] = x0;

  // lower_order_final: order 1 on the last step; warm-up: order 1 on the first.
  const int remaining = static_cast<int>(numSteps() - k);
  state_.thisOrder = std::min({kSolverOrder, remaining, state_.lowerOrderNums + 1});
  state_.lastSample = current;

  at::Tensor next = predict(current, state_.thisOrder);
  state_.lowerOrderNums = std::min(state_.lowerOrderNums + 1, kSolverOrder);
  return next;
}

// UniP-bh2 from sigma_k to sigma_{k+1}. At the last step sigma_{k+1} = 0: lambda = +inf,
// expm1(-inf) = -1, and the result is exactly the newest x0.
at::Tensor UniPCSolver::predict(const at::Tensor& x, int order) const {
  const int64_t k = stepIndex_;
  const float sigmaT = sigma(k + 1), sigmaS0 = sigma(k);
  const float alphaT = alphaOf(sigmaT);
  const float lambdaS0 = lambdaOf(sigmaS0);
  const float h = lambdaOf(sigmaT) - lambdaS0;
  const at::Tensor& m0 = state_.modelOutputs[1];

  const float hh = -h;  // predict_x0
  const float hPhi1 = std::expm1(hh);
  const float bH = std::expm1(hh);  // bh2

  at::Tensor xt = x.mul(sigmaT / sigmaS0).sub(m0.mul(alphaT * hPhi1));
  if (order == 2) {
    const float rk = (lambdaOf(sigma(k - 1)) - lambdaS0) / h;
    const at::Tensor d1 = state_.modelOutputs[0].sub(m0).div(rk);
    // Order 2 uses the fixed rho_p = 0.5 instead of solving the 1x1 system.
    xt = xt.sub(d1.mul(0.5f).mul(alphaT * bH));
  }
  return xt;
}

// UniC-bh2: redoes the previous step from lastSample, now also using modelT (the x0 evaluated at
// the predictor's uncorrected result), with the order the previous predictor used.
at::Tensor UniPCSolver::correct(const at::Tensor& modelT, const at::Tensor& lastSample,
                                int order) const {
  const int64_t k = stepIndex_;
  const float sigmaT = sigma(k), sigmaS0 = sigma(k - 1);
  const float alphaT = alphaOf(sigmaT);
  const float lambdaS0 = lambdaOf(sigmaS0);
  const float h = lambdaOf(sigmaT) - lambdaS0;
  const at::Tensor& m0 = state_.modelOutputs[1];

  float rk = 1.0f;
  at::Tensor d1;
  if (order == 2) {
    rk = (lambdaOf(sigma(k - 2)) - lambdaS0) / h;
    d1 = state_.modelOutputs[0].sub(m0).div(rk);
  }

  const float hh = -h;
  const float hPhi1 = std::expm1(hh);
  float hPhiK = hPhi1 / hh - 1.0f;
  const float bH = std::expm1(hh);
  float b[2] = {0.0f, 0.0f};
  int factorial = 1;
  for (int i = 1; i <= order; ++i) {
    b[i - 1] = hPhiK * static_cast<float>(factorial) / bH;
    factorial *= i + 1;
    hPhiK = hPhiK / hh - static_cast<float>(1.0 / factorial);
  }

  std::array<float, 2> rhos{0.5f, 0.0f};  // order 1: the fixed rho_c = 0.5
  if (order == 2) {
    const float R[2][2] = {{1.0f, 1.0f}, {rk, 1.0f}};  // rows: rks^0, rks^1 with rks = [rk, 1]
    rhos = solve2x2(R, b);
  }
  const float rhoLast = rhos[order - 1];

  const at::Tensor base = lastSample.mul(sigmaT / sigmaS0).sub(m0.mul(alphaT * hPhi1));
  at::Tensor res = modelT.sub(m0).mul(rhoLast);
  if (order == 2) res = d1.mul(rhos[0]).add(res);
  return base.sub(res.mul(alphaT * bH));
}

}  // namespace ifedit::sampling
