#pragma once
// UniPC (bh2, solver order 2) for flow matching, step for step as the official
// FlowUniPCMultistepScheduler used by Wan2.2 (wan/utils/fm_solvers_unipc.py), manifest note "UniPC".
#include <array>

#include "sampling/solver.h"

namespace ifedit::sampling {

class UniPCSolver : public Solver {
 public:
  // Everything the next step depends on besides the schedule.
  struct State {
    // x0 predictions of the last two steps: [0] older, [1] newer (undefined until filled).
    std::array<at::Tensor, 2> modelOutputs;
    // The (corrected) sample the last predictor started from; the corrector's x_{t-1}.
    at::Tensor lastSample;
    int lowerOrderNums = 0;  // warm-up counter, saturates at 2
    int thisOrder = 0;       // order of the last predictor, reused by the next corrector
  };

  std::string name() const override { return "unipc"; }
  const State& state() const { return state_; }
  std::vector<at::Tensor> history() const override;

 protected:
  Schedule makeSchedule(int steps, double shift) const override;
  void resetHistory() override { state_ = State{}; }
  at::Tensor doStep(const at::Tensor& modelOutput, const at::Tensor& sample) override;
  void mapHistory(const std::function<at::Tensor(const at::Tensor&)>& f) override;

 private:
  at::Tensor predict(const at::Tensor& x, int order) const;
  at::Tensor correct(const at::Tensor& modelT, const at::Tensor& lastSample, int order) const;

  State state_;
};

}  // namespace ifedit::sampling
