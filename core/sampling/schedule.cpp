#include "sampling/schedule.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ifedit::sampling {

namespace {

constexpr double kTrainTimesteps = 1000.0;

void checkArgs(const char* who, int steps, double shift) {
  if (steps < 1)
    throw std::invalid_argument(std::string(who) + ": steps must be >= 1, got " +
                                std::to_string(steps));
  if (!(shift > 0.0) || !std::isfinite(shift))
    throw std::invalid_argument(std::string(who) + ": shift must be a finite number > 0, got " +
                                std::to_string(shift));
}

// Shifted linspace(start, 0, N+1)[:N] plus a final zero sigma.
Schedule shiftedSchedule(double start, int steps, double shift, bool integerTimesteps) {
  const std::vector<double> base = linspace(start, 0.0, steps + 1);
  Schedule s;
  s.integerTimesteps = integerTimesteps;
  s.timesteps.reserve(steps);
  s.sigmas.reserve(steps + 1);
  for (int i = 0; i < steps; ++i) {
    const double sigma = shiftSigma(base[i], shift);
    const double t = sigma * kTrainTimesteps;
    // torch's float64 -> int64 conversion truncates toward zero.
    s.timesteps.push_back(integerTimesteps ? static_cast<double>(static_cast<int64_t>(t))
                                           : static_cast<double>(static_cast<float>(t)));
    s.sigmas.push_back(static_cast<float>(sigma));
  }
  s.sigmas.push_back(0.0f);
  return s;
}

}  // namespace

double shiftSigma(double sigma, double shift) {
  return shift * sigma / (1.0 + (shift - 1.0) * sigma);
}

std::vector<double> linspace(double start, double stop, int64_t num) {
  std::vector<double> out;
  if (num <= 0) return out;
  out.reserve(num);
  if (num == 1) {
    out.push_back(start);
    return out;
  }
  const double step = (stop - start) / static_cast<double>(num - 1);
  for (int64_t i = 0; i < num; ++i) out.push_back(static_cast<double>(i) * step + start);
  out.back() = stop;
  return out;
}

Schedule unipcSchedule(int steps, double shift) {
  checkArgs("UniPC schedule", steps, shift);
  // The scheduler's training table starts at sigma 1 - 1/1000 held in float32; its .item() is the
  // float64 0.9990000128746033 (manifest note "UniPC").
  const double sigmaMax = static_cast<double>(static_cast<float>(0.999));
  return shiftedSchedule(sigmaMax, steps, shift, true);
}

Schedule dpmppSchedule(int steps, double shift) {
  checkArgs("DPM++ schedule", steps, shift);
  return shiftedSchedule(1.0, steps, shift, true);
}

Schedule eulerSchedule(int steps, double shift) {
  checkArgs("Euler schedule", steps, shift);
  return shiftedSchedule(1.0, steps, shift, false);
}

}  // namespace ifedit::sampling
