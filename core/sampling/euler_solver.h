#pragma once
// Flow-matching Euler: x_{i+1} = x_i + (sigma_{i+1} - sigma_i) * v, with the Lightning schedule
// (DESIGN.md §2: shifted linspace, 4 steps -> 1.0, 0.9375, 0.8333, 0.625, 0). No history.
#include "sampling/solver.h"

namespace ifedit::sampling {

class EulerSolver : public Solver {
 public:
  std::string name() const override { return "euler"; }
  std::vector<at::Tensor> history() const override { return {}; }

 protected:
  Schedule makeSchedule(int steps, double shift) const override;
  void resetHistory() override {}
  at::Tensor doStep(const at::Tensor& modelOutput, const at::Tensor& sample) override;
  void mapHistory(const std::function<at::Tensor(const at::Tensor&)>&) override {}
};

}  // namespace ifedit::sampling
