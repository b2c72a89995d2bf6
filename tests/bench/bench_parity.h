#pragma once
// `ifedit-bench --parity`: the fixtures of tests/fixtures/wan on a CUDA device. DiT, VAE and UMT5
// in float32 against the float32 CPU reference with the CPU tolerance (max|err| <= 1e-4 *
// max(1, max|ref|)); the DiT also through the swap / streaming block arena (must equal the resident
// run) and with every fused kernel; bf16 (DiT, UMT5) and the FP8 blocks (against the bf16 run;
// streamed as lowvram, resident as fp8, which must agree) with their measured error stated and
// only a sanity bound checked.
#include <c10/core/Device.h>

#include <map>
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

// The whole fixture check (`ifedit-cli check-fixtures`: every group, the end-to-end loop
// included) on `device`, in float32 at the parity tolerance or with the DiT and UMT5 in bf16 and
// their bounds. The closest comparison of each group is kept (its error and error / tolerance).
struct FixtureCheckOnDevice {
  bool bf16 = false;
  int passed = 0, failed = 0;
  std::vector<std::string> errors;
  struct Closest {
    std::string name;
    double maxError = 0, tolerance = 0;
  };
  std::map<std::string, Closest> closestByGroup;  // "dit", "vae", "e2e", ...
  bool ok() const { return failed == 0 && errors.empty() && passed > 0; }
};

FixtureCheckOnDevice runFixtureCheckOn(const std::string& fixturesDir, c10::Device device, bool bf16,
                                       std::ostream& log);

}  // namespace ifedit::bench
