#pragma once
// `ifedit-bench --parity`: the fixtures of tests/fixtures/wan on a CUDA device. DiT, VAE and UMT5
// in float32 against the float32 CPU reference with the CPU tolerance (max|err| <= 1e-4 *
// max(1, max|ref|)); the DiT also through the swap / streaming block arena (must equal the resident
// run) and with every fused kernel; bf16 (DiT, UMT5) and the FP8 blocks (against the bf16 run;
// streamed as lowvram, resident as fp8, which must agree) with their measured error stated and
// only a sanity bound checked.
#include <c10/core/Device.h>

#include <ostream>
#include <string>
#include <vector>

namespace ifedit::bench {

struct ParityLine {
  std::string name;
  double maxError = 0;
  double maxRef = 0;
  double tolerance = 0;  // absolute bound checked
  bool measuredOnly = false;  // a sanity bound, not the CPU tolerance: the error is the result
  bool pass() const { return maxError <= tolerance; }
};

std::vector<ParityLine> runParity(const std::string& fixturesDir, c10::Device device, std::ostream& log);

}  // namespace ifedit::bench
