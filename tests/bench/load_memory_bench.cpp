// ifedit-load-bench: host memory while loading a DiT checkpoint of a few GB.
//   ifedit-load-bench write FILE [--dim 1536 --layers 30]   writes a bf16 WanModel with random weights
//   ifedit-load-bench load FILE [--dtype bf16|f32]           loads it into WanDit on the CPU and prints
// the file size, the peak resident set (VmHWM) and, after loading, anonymous vs file-backed memory.
// Run the two steps as separate processes so the writer's memory does not count.
#include <ATen/ops/randn.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/safetensors.h"
#include "io/weight_source.h"
#include "models/dit/wan_dit.h"

using namespace ifedit;

namespace {

long statusKiB(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field) + 1));
  return -1;
}

dit::WanDitConfig configFor(int64_t dim, int64_t layers) {
  dit::WanDitConfig c;
  c.modelType = dit::WanModelType::I2V;
  c.inDim = 36;
  c.outDim = 16;
  c.dim = dim;
  c.ffnDim = dim * 27 / 10 / 128 * 128;
  c.numHeads = dim / 128;
  c.numLayers = layers;
  c.textDim = 4096;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ifedit-load-bench write|load FILE [--dim N --layers N | --dtype bf16|f32]\n");
    return 2;
  }
  const std::string mode = argv[1], path = argv[2];
  int64_t dim = 1536, layers = 30;
  std::string dtype = "bf16";
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dim")) dim = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--layers")) layers = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dtype")) dtype = argv[i + 1];
  }
  c10::InferenceMode guard;
  const auto config = configFor(dim, layers);
  if (mode == "write") {
    dit::WanDit model(config);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& spec : model.parameterSpecs())
      tensors.emplace_back(spec.name, at::randn(spec.shape, at::kFloat).mul_(0.02).to(at::kBFloat16));
    io::writeSafetensors(path, tensors);
    std::printf("wrote %s: %.2f GB bf16\n", path.c_str(), std::filesystem::file_size(path) / 1e9);
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  const long before = statusKiB("VmRSS:");
  std::shared_ptr<const io::TensorSource> file = io::openTensorFile(path);
  auto weights = io::weightsFrom(file);
  dit::WanDit model(config);
  model.load(*weights, dtype == "f32" ? at::kFloat : at::kBFloat16, at::kCPU);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double fileGB = std::filesystem::file_size(path) / 1e9;
  std::printf("file %.2f GB (bf16), loaded as %s in %.1f s\n", fileGB, dtype.c_str(), seconds);
  std::printf("VmRSS before %.2f GB, peak VmHWM %.2f GB, after: RssAnon %.2f GB, RssFile %.2f GB\n", before / 1e6 * 1.024,
              statusKiB("VmHWM:") / 1e6 * 1.024, statusKiB("RssAnon:") / 1e6 * 1.024,
              statusKiB("RssFile:") / 1e6 * 1.024);
  return 0;
}
