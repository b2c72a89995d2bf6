// `ifedit-cli check-fixtures DIR [--only GROUPS] [--device D] [--bf16]`: the parity check of the
// engine against a fixture folder laid out like tests/fixtures/wan; one line per compared tensor,
// exit 1 on any FAIL/ERROR.
#include <QRegularExpression>
#include <QStringList>
#include <cstdio>
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include "api/fixture_check_api.h"
#include "app/cli/commands.h"

namespace ifedit::cli {

namespace {

void printUsage(std::FILE* to) {
  std::string groups;
  for (const auto& g : api::fixtureCheckGroups()) groups += (groups.empty() ? "" : ",") + g;
  std::fprintf(to, "usage: ifedit-cli check-fixtures DIR [--only GROUPS] [--device auto|cpu|cuda|cuda:N] [--bf16]\n"
               "  (GROUPS: comma-separated of %s; --bf16: DiT and UMT5 in bfloat16, errors held to 5e-2 relative)\n",
               groups.c_str());
}

int usageError(const char* why) {
  std::fprintf(stderr, "ifedit-cli check-fixtures: %s\n", why);
  printUsage(stderr);
  return 2;
}

}  // namespace

int runCheckFixtures(const QStringList& args) {
  QString dir;
  std::vector<std::string> groups;
  api::FixtureCheckRun run;
  bool deviceGiven = false, onlyGiven = false;
  for (int i = 0; i < args.size(); ++i) {
    const QString& a = args[i];
    QString only;
    if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
      printUsage(stdout);
      return 0;
    } else if (a == QLatin1String("--bf16")) {
      run.bf16 = true;
      continue;
    } else if (a == QLatin1String("--device") || a.startsWith(QLatin1String("--device="))) {
      if (deviceGiven) return usageError("--device is given twice");
      deviceGiven = true;
      if (a.size() > 8) {
        run.device = a.mid(9).toStdString();
      } else {
        if (i + 1 >= args.size()) return usageError("--device needs cpu, cuda or cuda:N");
        run.device = args[++i].toStdString();
      }
      if (run.device.empty()) return usageError("--device needs cpu, cuda or cuda:N");
      continue;
    } else if ((a == QLatin1String("--only") || a.startsWith(QLatin1String("--only="))) && onlyGiven) {
      return usageError("--only is given twice (list the groups once, comma-separated)");
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
    for (const auto& g : only.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
      const std::string group = g.trimmed().toStdString();
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);  // once each
    }
    if (groups.empty()) return usageError("--only lists no group");
    onlyGiven = true;
  }
  if (dir.isEmpty()) return usageError("no fixture folder given");
  if (pathIsMissing(dir)) return usageError(("no such folder: " + dir.toStdString()).c_str());
  static const QRegularExpression deviceName(QStringLiteral("^(auto|cpu|cuda|cuda:\\d+)$"));
  if (!deviceName.match(QString::fromStdString(run.device)).hasMatch())
    return usageError(("--device expects auto, cpu, cuda or cuda:N, got '" + run.device + "'").c_str());
  const auto known = api::fixtureCheckGroups();
  for (const auto& g : groups)
    if (std::find(known.begin(), known.end(), g) == known.end())
      return usageError(("unknown group '" + g + "'").c_str());

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
    // A broken fixture folder or an unavailable device: a failure of the run, not of its usage.
    std::fprintf(stderr, "ifedit-cli check-fixtures: %s\n", e.what());
    return 1;
  }
}

}  // namespace ifedit::cli
