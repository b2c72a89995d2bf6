#pragma once
// The model sets ifedit-bench runs: the real Wan2.2-I2V-A14B shapes (DiT experts dim 5120, 40
// layers, 40 heads, ffn 13824, in 36 / out 16, text_len 512; UMT5-XXL; Wan 2.1 VAE) or a tiny one
// for CPU smoke runs, all with random weights generated where they are loaded (no files but the
// demo tokenizer).
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <memory>
#include <string>

#include "models/dit/wan_dit_config.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "pipeline/model_bundle.h"

namespace ifedit::bench {

struct BenchSetup {
  std::string name;  // "a14b" or "tiny"
  dit::WanDitConfig dit;
  t5::Umt5Config t5;
  vae::WanVaeConfig vae;
  // The paper setting (DESIGN.md §1): 480x832, 33 frames, 8 Euler steps, CFG 1, K=3, refine on 9.
  int width = 832, height = 480, frames = 33, steps = 8, k = 3, refineFrames = 9;
  // DiT forward benchmark grid: latent frames x (latentH, latentW), as ref_bench.py (60 x 104).
  int64_t latentH = 60, latentW = 104;
  int64_t contextTokens = 120;
};

BenchSetup a14bSetup();
BenchSetup tinySetup();

// Loads the set with random weights through pipeline::loadNetworks on `device` in `dtype` under
// `memoryMode` ("resident", "swap", "fp8", "lowvram", "auto"); freeBytesOverride > 0 plans as if the
// device had that much free memory (e.g. a 24 GB card). The tokenizer is the demo set's.
std::unique_ptr<pipeline::ModelBundle> buildBundle(const BenchSetup& setup, c10::Device device,
                                                   c10::ScalarType dtype, const std::string& memoryMode,
                                                   int64_t freeBytesOverride = 0);

// Multiply-adds x 2 of one DiT forward over `tokens` tokens with `textTokens` context rows
// (the formula of ref_bench.py: projections, attention, cross-attention, FFN).
double ditForwardFlops(const dit::WanDitConfig& c, int64_t tokens);

}  // namespace ifedit::bench
