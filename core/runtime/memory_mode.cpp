#include "runtime/memory_mode.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace ifedit::runtime {
namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

int64_t reserveFor(int64_t freeBytes) { return freeBytes * 6 / 100 + kGiB; }

}  // namespace

std::string gib(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / static_cast<double>(kGiB));
  return buf;
}

std::string memoryModeName(MemoryMode mode) {
  switch (mode) {
    case MemoryMode::Resident: return "resident";
    case MemoryMode::Swap: return "swap";
    case MemoryMode::Fp8: return "fp8";
    case MemoryMode::LowVram: return "lowvram";
  }
  return "?";
}

std::optional<MemoryMode> parseMemoryMode(const std::string& text) {
  if (text.empty() || text == "auto") return std::nullopt;
  for (auto mode : {MemoryMode::Resident, MemoryMode::Swap, MemoryMode::Fp8, MemoryMode::LowVram})
    if (text == memoryModeName(mode)) return mode;
  throw std::invalid_argument("memory mode \"" + text + "\" is not one of auto, resident, swap, fp8, lowvram");
}

int64_t ditActivationBytes(int64_t tokens, int64_t dim, int64_t ffnDim) {
  // The f32 residual stream and its LayerNorm/modulation copies (~6 x dim x 4 B), q/k/v/attention
  // output in bf16 (~6 x dim x 2 B) and the FFN hidden state before and after GELU (2 x ffn x 2 B),
  // per token, doubled for the allocator's rounding and the cross-attention's text tokens.
  const int64_t perToken = 6 * dim * 4 + 6 * dim * 2 + 2 * ffnDim * 2;
  return 2 * tokens * perToken;
}

MemoryNeeds a14bNeeds() {
  MemoryNeeds n;
  const int64_t dim = 5120, ffn = 13824, layers = 40;
  const int64_t blockParams = 8 * dim * dim + 2 * dim * ffn + 8 * dim + dim + ffn  // 8 attn mats, ffn
                              + 4 * dim + 2 * dim + 6 * dim;                        // norms, modulation
  n.expertBlockBytes = layers * blockParams * 2;
  n.expertFp8BlockBytes = layers * (blockParams + 8 * dim * 2 + 6 * dim * 4);  // fp8 mats (+ the rest in bf16)
  // text_embedding (bf16), time_embedding + time_projection + head (f32), patch embedding.
  n.expertOtherBytes = (4096 * dim + dim * dim) * 2 + (256 * dim + dim * dim + 6 * dim * dim) * 4 +
                       64 * dim * 4 + dim * 36 * 4 * 2;
  n.textEncoderBytes = int64_t{5'680'000'000} * 2;
  n.vaeBytes = int64_t{127'000'000} * 4;
  // 480x832, 33 frames: 9 latent frames of 30 x 52 patches = 14 040 tokens.
  n.activationBytes = ditActivationBytes(14040, dim, ffn);
  n.numLayers = static_cast<int>(layers);
  return n;
}

int64_t planDeviceBytes(MemoryMode mode, const MemoryNeeds& n, bool textEncoderResident, bool textEncoderOnCpu) {
  // + headroom for the caching allocator's rounding and the CUDA libraries' workspaces.
  const int64_t base = 2 * n.expertOtherBytes + n.vaeBytes + n.activationBytes + kGiB / 2;
  int64_t blocks = 0;
  switch (mode) {
    case MemoryMode::Resident: blocks = 2 * n.expertBlockBytes; break;
    case MemoryMode::Swap: blocks = n.expertBlockBytes; break;
    case MemoryMode::Fp8: blocks = 2 * n.expertFp8BlockBytes; break;
    case MemoryMode::LowVram:
      blocks = n.expertFp8BlockBytes * std::max(1, n.streamSlots) / std::max(1, n.numLayers);
      break;
  }
  const int64_t dit = base + blocks;
  if (textEncoderOnCpu) return dit;
  if (textEncoderResident) return dit + n.textEncoderBytes;
  // Offloaded: on the device only while encoding, beside what stays there (the non-block weights,
  // the VAE and the blocks: swap's arena and fp8's blocks are allocated at load and kept).
  const int64_t encoding = 2 * n.expertOtherBytes + n.vaeBytes + blocks + n.textEncoderBytes + kGiB;
  return std::max(dit, encoding);
}

int64_t planHostBytes(MemoryMode mode, const MemoryNeeds& n, bool textEncoderResident, bool textEncoderOnCpu,
                      bool deviceIsCpu) {
  if (deviceIsCpu)
    return 2 * (n.expertBlockBytes + n.expertOtherBytes) + n.textEncoderBytes + n.vaeBytes + n.activationBytes;
  int64_t blocks = 0;
  if (mode == MemoryMode::Swap) blocks = 2 * n.expertBlockBytes;
  if (mode == MemoryMode::LowVram) blocks = 2 * n.expertFp8BlockBytes;
  const bool textOnHost = textEncoderOnCpu || !textEncoderResident;
  return blocks + (textOnHost ? n.textEncoderBytes : 0);
}

bool fitsHostMemory(int64_t hostBytes, int64_t hostAvailable) {
  // Nothing kept, nothing to refuse: a short machine can still run a plan that needs no RAM.
  return hostBytes <= 0 || hostAvailable < 0 || hostBytes + kGiB <= hostAvailable;
}

MemoryPlan chooseMemoryMode(int64_t freeBytes, const MemoryNeeds& needs,
                            std::optional<MemoryMode> forced, bool textEncoderOnCpu, int64_t hostAvailable,
                            bool fp8Available) {
  const int64_t budget = freeBytes - reserveFor(freeBytes);
  struct Option {
    MemoryMode mode;
    bool textResident;
  };
  const auto fitsBoth = [&](MemoryMode mode, bool textResident) {
    const bool resident = textResident && !textEncoderOnCpu;
    return planDeviceBytes(mode, needs, resident, textEncoderOnCpu) <= budget &&
           fitsHostMemory(planHostBytes(mode, needs, resident, textEncoderOnCpu), hostAvailable);
  };
  // Auto's bf16 plans are resident (the text encoder on the device) and swap. Only when none of
  // them fits both the device and the RAM does it try resident with the text encoder brought over
  // per prompt (bf16, only the text encoder in RAM) and fp8 (both experts in FP8 on the device:
  // swap's device memory, no RAM, FP8 quality; it beats lowvram, the same weights streamed,
  // wherever it fits); with RAM to spare swap keeps bf16 quality and its one exchange per edit
  // overlaps a forward pass.
  const bool bf16Fits = fitsBoth(MemoryMode::Resident, !textEncoderOnCpu) || fitsBoth(MemoryMode::Swap, true) ||
                        fitsBoth(MemoryMode::Swap, false);
  const bool noBf16Plan = !bf16Fits;
  std::vector<Option> options;
  for (auto mode : {MemoryMode::Resident, MemoryMode::Swap, MemoryMode::Fp8, MemoryMode::LowVram}) {
    if (forced && mode != *forced) continue;
    if (!forced && mode == MemoryMode::Fp8 && !noBf16Plan) continue;
    if (!forced && !fp8Available && (mode == MemoryMode::Fp8 || mode == MemoryMode::LowVram)) continue;
    // A resident mode with the text encoder away from the device is swap's job, except when forced
    // or when no bf16 plan fits (above).
    if (!textEncoderOnCpu) options.push_back({mode, true});
    if (mode != MemoryMode::Resident || forced || textEncoderOnCpu || noBf16Plan) options.push_back({mode, false});
  }
  const auto planFor = [&](const Option& o) {
    MemoryPlan plan{o.mode, o.textResident && !textEncoderOnCpu, 0, true, ""};
    plan.deviceBytes = planDeviceBytes(o.mode, needs, plan.textEncoderResident, textEncoderOnCpu);
    plan.fits = plan.deviceBytes <= budget;
    plan.hostBytes = planHostBytes(o.mode, needs, plan.textEncoderResident, textEncoderOnCpu);
    plan.hostFits = fitsHostMemory(plan.hostBytes, hostAvailable);
    return plan;
  };
  const auto describe = [&](MemoryPlan plan) {
    const std::string name = memoryModeName(plan.mode) + (forced ? " (requested)" : "");
    plan.reason = plan.fits ? name + ": needs about " + gib(plan.deviceBytes) + " of " + gib(freeBytes) + " free"
                            : name + " may not fit: needs about " + gib(plan.deviceBytes) + ", " + gib(freeBytes) + " free";
    if (plan.fits)
      plan.reason += textEncoderOnCpu            ? ", text encoder on the CPU"
                     : plan.textEncoderResident ? ""
                                                : ", text encoder brought over per prompt";
    if (plan.hostBytes > 0 && hostAvailable >= 0)
      plan.reason += "; host memory: about " + gib(plan.hostBytes) + " of " + gib(hostAvailable) + " available" +
                     (plan.hostFits ? "" : " (too little)");
    return plan;
  };
  // The first that fits both; else, of those that fit the device, the one that needs the least
  // RAM (the nearest to fitting); else the last, the leanest on the device.
  std::optional<MemoryPlan> leastRam;
  for (const auto& o : options) {
    const auto plan = planFor(o);
    if (plan.fits && plan.hostFits) return describe(plan);
    if (plan.fits && (!leastRam || plan.hostBytes < leastRam->hostBytes)) leastRam = plan;
  }
  return describe(leastRam ? *leastRam : planFor(options.back()));
}

}  // namespace ifedit::runtime
