#pragma once
// DPM-Solver++ (2M, midpoint) for flow matching, step for step as the official
// FlowDPMSolverMultistepScheduler (wan/utils/fm_solvers.py) with Wan's get_sampling_sigmas schedule
// (manifest note "DPM++").
#include <array>

#include "sampling/solver.h"

namespace ifedit::sampling {

class DpmppSolver : public Solver {
 public:
  struct State {
    // x0 predictions of the last two steps: [0] older, [1] newer (undefined until filled).
    std::array<at::Tensor, 2> modelOutputs;
    int lowerOrderNums = 0;  // warm-up counter, saturates at 2
  };

  std::string name() const override { return "dpm++"; }
  const State& state() const { return state_; }
  std::vector<at::Tensor> history() const override;

 protected:
  Schedule makeSchedule(int steps, double shift) const override;
  void resetHistory() override { state_ = State{}; }
  at::Tensor doStep(const at::Tensor& modelOutput, const at::Tensor& sample) override;
  void mapHistory(const std::function<at::Tensor(const at::Tensor&)>& f) override;

 private:
  State state_;
};

}  // namespace ifedit::sampling
