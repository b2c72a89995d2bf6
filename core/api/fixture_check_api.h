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

// `groups` empty = all. `onLine` receives each comparison line ("name  max|err| ..  tol ..  PASS")
// and "ERROR ..." lines as they come. Throws std::runtime_error for a folder without a readable
// manifest.json or an unknown group.
FixtureCheckSummary runFixtureCheck(const std::string& dir, const std::vector<std::string>& groups,
                                    const std::function<void(const std::string&)>& onLine = {});

}  // namespace ifedit::api
