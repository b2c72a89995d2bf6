#pragma once
// Every network of one Wan2.2-I2V model set, loaded once and kept between edits.
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <memory>
#include <string>
#include <vector>

#include "api/engine.h"
#include "models/dit/wan_dit.h"
#include "models/t5/tokenizer.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"

namespace ifedit::pipeline {

struct ModelBundle {
  std::unique_ptr<dit::WanDit> high;
  std::unique_ptr<dit::WanDit> low;
  std::unique_ptr<vae::WanVae> vae;
  std::unique_ptr<t5::Umt5Encoder> textEncoder;
  std::unique_ptr<t5::Umt5Tokenizer> tokenizer;
  c10::Device device = c10::kCPU;
  api::ModelInfo info;
};

// Resolves "demo", detects the layout, opens every part under official names (LoRAs merged), and
// loads it: DiT and text encoder in bf16 on CUDA (f32 on CPU), VAE in f32 as the official code.
// Throws std::runtime_error naming the folder and what is missing.
std::unique_ptr<ModelBundle> loadModelBundle(const api::ModelOptions& options,
                                             const std::function<void(const std::string&)>& progress = {});

std::string demoModelFolder();

}  // namespace ifedit::pipeline
