// `ifedit-cli inspect PATH`: every tensor of a checkpoint file or model folder, totals, and the
// layout recognised.
#include <QStringList>
#include <cstdio>
#include <exception>

#include "api/inspect.h"
#include "app/cli/commands.h"

namespace ifedit::cli {

namespace {

std::string humanBytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
  return buf;
}

}  // namespace

int runInspect(const QStringList& args) {
  if (args.size() == 1 && (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h"))) {
    std::printf("usage: ifedit-cli inspect PATH   (a checkpoint file or a model folder)\n");
    return 0;
  }
  if (args.size() != 1) {
    std::fprintf(stderr, "usage: ifedit-cli inspect PATH\n");
    return 2;
  }
  if (pathIsMissing(args.first())) {
    std::fprintf(stderr, "ifedit-cli inspect: %s: no such file or folder\n", qPrintable(args.first()));
    return 2;
  }
  try {
    const auto report = api::inspectPath(args.first().toStdString());
    uint64_t bytes = 0, params = 0;
    size_t count = 0;
    for (const auto& f : report.files) {
      std::printf("== %s  (%s; %s)\n", f.path.c_str(), f.format.c_str(), f.role.c_str());
      for (const auto& t : f.tensors)
        std::printf("%-64s %-8s %s\n", t.name.c_str(), t.dtype.c_str(), api::formatShape(t.shape).c_str());
      std::printf("-- %zu tensors, %llu parameters, %s\n", f.tensors.size(),
                  static_cast<unsigned long long>(f.totalParams), humanBytes(f.totalBytes).c_str());
      bytes += f.totalBytes;
      params += f.totalParams;
      count += f.tensors.size();
    }
    std::printf("layout: %s\n", report.layout.c_str());
    for (const auto& n : report.notes) std::printf("note: %s\n", n.c_str());
    std::printf("total: %zu files, %zu tensors, %llu parameters, %s\n", report.files.size(), count,
                static_cast<unsigned long long>(params), humanBytes(bytes).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ifedit-cli inspect: %s\n", e.what());
    return 1;
  }
}

}  // namespace ifedit::cli
