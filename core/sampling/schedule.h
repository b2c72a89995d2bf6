#pragma once
// Noise schedules of the flow-matching solvers, computed in float64 exactly as the official
// Wan2.2 schedulers do, then stored in the dtypes they use (int64 timesteps, float32 sigmas).
#include <cstdint>
#include <vector>

namespace ifedit::sampling {

// The flow-matching time shift s' = shift*s / (1 + (shift-1)*s) (float64, this operation order).
double shiftSigma(double sigma, double shift);

// numpy.linspace(start, stop, num) with endpoint: start + i*step, last element exactly `stop`.
std::vector<double> linspace(double start, double stop, int64_t num);

// A schedule: `steps` timesteps and `steps`+1 sigmas (the last is 0).
struct Schedule {
  std::vector<double> timesteps;  // values the model is called with (already rounded as stored)
  std::vector<float> sigmas;      // float32, steps+1 entries
  bool integerTimesteps = true;   // true: timesteps are int64 in the official code
};

// FlowUniPCMultistepScheduler.set_timesteps(steps, shift) as wan/image2video.py calls it (manifest
// note "UniPC"): sigma_max = float32(0.999) widened to float64, linspace(sigma_max, 0, N+1)[:-1],
// shifted, timesteps = int64(trunc(s*1000)).
Schedule unipcSchedule(int steps, double shift);

// FlowDPMSolverMultistepScheduler with get_sampling_sigmas (manifest note "DPM++"):
// shift(linspace(1, 0, N+1)[:N]), starting at exactly 1.0 (timestep 1000).
Schedule dpmppSchedule(int steps, double shift);

// Lightning recipe (DESIGN.md §2): sigmas = shift(linspace(1, 0, N+1)[:N]) + final 0;
// timestep = sigma*1000 kept as a float (as diffusers' FlowMatchEulerDiscreteScheduler keeps it).
Schedule eulerSchedule(int steps, double shift);

}  // namespace ifedit::sampling
