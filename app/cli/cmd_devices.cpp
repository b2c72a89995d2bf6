// `ifedit-cli devices [--model DIR|demo]`: the devices the engine can run on here, as the
// `device` setting and `edit --device` name them, and what "auto" picks; with a model, where its
// weights would live on each (the memory mode auto would choose, GPU memory and RAM against what
// is free), read from the files' headers without loading anything.
#include <QStringList>
#include <cstdio>
#include <string>

#include "api/devices.h"
#include "api/memory_preview.h"
#include "app/cli/commands.h"

namespace ifedit::cli {
namespace {

std::string gib(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
  return buf;
}

void printPlan(const std::string& model, const std::string& device) {
  api::ModelOptions options;
  options.path = model;
  options.device = device;
  const auto p = api::previewMemory(options);
  if (!p.error.empty()) {
    std::printf("%-8s plan: none (%s)\n", "", p.error.c_str());
    return;
  }
  std::string line = p.mode + ", " + p.precision;
  if (p.device != "cpu") {
    line += "; GPU about " + gib(p.deviceBytes);
    if (p.deviceFreeBytes >= 0) line += " of " + gib(p.deviceFreeBytes) + " free";
    if (!p.fits) line += " (may not fit)";
  }
  line += "; RAM " + (p.hostBytes > 0 ? "about " + gib(p.hostBytes) : std::string("nothing"));
  if (p.hostBytes > 0 && p.hostAvailableBytes >= 0) line += " of " + gib(p.hostAvailableBytes) + " available";
  if (!p.hostFits) line += " (too little: the load would be refused)";
  std::printf("%-8s plan: %s\n", "", line.c_str());
}

}  // namespace

int runDevices(const QStringList& args) {
  if (args.size() == 1 && (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h"))) {
    std::printf("usage: ifedit-cli devices [--model DIR|demo]\n"
                "  the devices edits can run on and what auto picks; with --model, where that model's\n"
                "  weights would live on each (memory mode, GPU memory and RAM), nothing loaded\n");
    return 0;
  }
  std::string model;
  if (args.size() == 2 && args.first() == QLatin1String("--model")) {
    model = args.last().toStdString();
  } else if (args.size() == 1 && args.first().startsWith(QLatin1String("--model="))) {
    model = args.first().mid(8).toStdString();
  } else if (!args.isEmpty()) {
    std::fprintf(stderr, "usage: ifedit-cli devices [--model DIR|demo]\n");
    return 2;
  }
  if (!args.isEmpty() && model.empty()) {
    std::fprintf(stderr, "ifedit-cli devices: --model needs a folder (or demo)\n");
    return 2;
  }
  if (!model.empty() && model != "demo" && pathIsMissing(QString::fromStdString(model))) {
    std::fprintf(stderr, "ifedit-cli devices: --model %s: no such folder or file\n", model.c_str());
    return 2;
  }
  const auto devices = api::listComputeDevices();
  std::printf("%-8s %s\n", "cpu", "the CPU");
  if (!model.empty()) printPlan(model, "cpu");
  for (const auto& gpu : devices.gpus) {
    const std::string name = gpu.name.empty() ? "(unnamed)" : gpu.name;
    if (gpu.totalBytes > 0)
      std::printf("%-8s %s, %s\n", gpu.id.c_str(), name.c_str(), gib(gpu.totalBytes).c_str());
    else
      std::printf("%-8s %s\n", gpu.id.c_str(), name.c_str());
    if (!model.empty()) printPlan(model, gpu.id);
  }
  if (devices.gpus.empty())
    std::printf("no GPU: %s\n", devices.cudaBuild
                                    ? "no CUDA device is visible (see nvidia-smi and CUDA_VISIBLE_DEVICES)"
                                    : "this build's libtorch has no CUDA");
  std::printf("auto runs on: %s\n", devices.autoChoice.c_str());
  return 0;
}

}  // namespace ifedit::cli
