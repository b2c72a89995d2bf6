#include "api/fixture_check_api.h"

#include "fixtures/fixture_check.h"

namespace ifedit::api {

std::vector<std::string> fixtureCheckGroups() { return fixtures::fixtureGroups(); }

FixtureCheckSummary runFixtureCheck(const std::string& dir, const std::vector<std::string>& groups,
                                    const std::function<void(const std::string&)>& onLine,
                                    const FixtureCheckRun& run) {
  const auto report = fixtures::checkFixtures(dir, groups, onLine, fixtures::FixtureRun{run.device, run.bf16});
  FixtureCheckSummary summary;
  for (const auto& c : report.comparisons) (c.pass() ? summary.passed : summary.failed)++;
  summary.errors = report.errors;
  return summary;
}

}  // namespace ifedit::api
