#pragma once
// Torch-free entry to the fixture parity check (`ifedit-cli check-fixtures`): runs the groups of a
// folder laid out like tests/fixtures/wan and reports one line per compared tensor.
#include <functional>
#include <string>
#include <vector>

namespace ifedit::api {

struct FixtureCheckSummary {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> errors;  // cases that could not run (missing file, load error, ...)
  bool ok() const { return failed == 0 && errors.empty() && passed > 0; }
};

// dit, vae, t5, scheduler, cond, e2e, weights.
std::vector<std::string> fixtureCheckGroups();

// Where the networks run: `device` cpu, cuda or cuda:N (float32: the parity tolerance 1e-4 relative
// holds everywhere); `bf16` runs the DiT and UMT5 in bfloat16 as the GPU pipeline does, and what
// they feed is held to a 5e-2 relative bound instead (the measured error is on each line).
struct FixtureCheckRun {
  std::string device = "cpu";
  bool bf16 = false;
};

// `groups` empty = all. `onLine` receives each comparison line ("name  max|err| ..  tol ..  PASS")
// and "ERROR ..." lines as they come. Throws std::runtime_error for a folder without a readable
// manifest.json, an unknown group or a device that cannot be had.
FixtureCheckSummary runFixtureCheck(const std::string& dir, const std::vector<std::string>& groups,
                                    const std::function<void(const std::string&)>& onLine = {},
                                    const FixtureCheckRun& run = {});

}  // namespace ifedit::api
