// `ifedit-cli devices`: the devices the engine can run on here, as the `device` setting and
// `edit --device` name them, and what "auto" picks.
#include <QStringList>
#include <cstdio>

#include "api/devices.h"

namespace ifedit::cli {

int runDevices(const QStringList& args) {
  if (args.size() == 1 && (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h"))) {
    std::printf("usage: ifedit-cli devices   (the devices edits can run on, and what auto picks)\n");
    return 0;
  }
  if (!args.isEmpty()) {
    std::fprintf(stderr, "usage: ifedit-cli devices\n");
    return 2;
  }
  const auto devices = api::listComputeDevices();
  std::printf("%-8s %s\n", "cpu", "the CPU");
  for (const auto& gpu : devices.gpus) {
    const std::string name = gpu.name.empty() ? "(unnamed)" : gpu.name;
    if (gpu.totalBytes > 0)
      std::printf("%-8s %s, %.1f GiB\n", gpu.id.c_str(), name.c_str(), static_cast<double>(gpu.totalBytes) / (1 << 30));
    else
      std::printf("%-8s %s\n", gpu.id.c_str(), name.c_str());
  }
  if (devices.gpus.empty())
    std::printf("no GPU: %s\n", devices.cudaBuild
                                    ? "no CUDA device is visible (see nvidia-smi and CUDA_VISIBLE_DEVICES)"
                                    : "this build's libtorch has no CUDA");
  std::printf("auto runs on: %s\n", devices.autoChoice.c_str());
  return 0;
}

}  // namespace ifedit::cli
