// `ifedit-cli check-fixtures DIR [--only GROUPS] [--device D] [--bf16]`: the parity check of the
// engine against a fixture folder laid out like tests/fixtures/wan; one line per compared tensor,
// exit 1 on any FAIL/ERROR.
#include <QStringList>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "api/fixture_check_api.h"

namespace ifedit::cli {

namespace {

int usageError(const char* why) {
  std::string groups;
  for (const auto& g : api::fixtureCheckGroups()) groups += (groups.empty() ? "" : ",") + g;
  std::fprintf(stderr, "ifedit-cli check-fixtures: %s\nusage: ifedit-cli check-fixtures DIR [--only GROUPS] [--device cpu|cuda|cuda:N] [--bf16]\n"
               "  (GROUPS: comma-separated of %s; --bf16: DiT and UMT5 in bfloat16, errors held to 5e-2 relative)\n",
               why, groups.c_str());
  return 2;
}

}  // namespace

int runCheckFixtures(const QStringList& args) {
  QString dir;
  std::vector<std::string> groups;
  api::FixtureCheckRun run;
  for (int i = 0; i < args.size(); ++i) {
    const QString& a = args[i];
    QString only;
    if (a == QLatin1String("--bf16")) {
      run.bf16 = true;
      continue;
    } else if (a == QLatin1String("--device") || a.startsWith(QLatin1String("--device="))) {
      if (a.size() > 8) {
        run.device = a.mid(9).toStdString();
      } else {
        if (i + 1 >= args.size()) return usageError("--device needs cpu, cuda or cuda:N");
        run.device = args[++i].toStdString();
      }
      continue;
    } else if (a == QLatin1String("--only")) {
      if (i + 1 >= args.size()) return usageError("--only needs a comma-separated list of groups");
      only = args[++i];
    } else if (a.startsWith(QLatin1String("--only="))) {
      only = a.mid(7);
    } else if (a.startsWith(QLatin1String("-"))) {
      return usageError(("unknown option " + a.toStdString()).c_str());
    } else if (dir.isEmpty()) {
      dir = a;
      continue;
    } else {
      return usageError("more than one folder given");
    }
    for (const auto& g : only.split(QLatin1Char(','), Qt::SkipEmptyParts)) groups.push_back(g.trimmed().toStdString());
    if (groups.empty()) return usageError("--only lists no group");
  }
  if (dir.isEmpty()) return usageError("no fixture folder given");

  try {
    const auto summary = api::runFixtureCheck(dir.toStdString(), groups, [](const std::string& line) {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }, run);
    std::printf("%d passed, %d failed", summary.passed, summary.failed);
    if (!summary.errors.empty()) std::printf(", %zu errors", summary.errors.size());
    std::printf("\n");
    return summary.ok() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ifedit-cli check-fixtures: %s\n", e.what());
    return 2;
  }
}

}  // namespace ifedit::cli
