#pragma once
// Where the parts of Wan2.2-I2V-A14B are on disk, in the three layouts users download
// (DESIGN.md §2 "Checkpoint layouts users have on disk"), and each part opened as a WeightSource
// under the official key names, whatever its file naming, prefix, precision or key style.
//
//   official  : high_noise_model/, low_noise_model/ (config.json + sharded safetensors + index),
//               models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/ (spiece.model)
//   diffusers : model_index.json (boundary_ratio), transformer/ (high noise), transformer_2/ (low
//               noise), text_encoder/, tokenizer/, vae/
//   comfyui   : wan2.2_i2v_{high,low}_noise_14B_{fp16,bf16,fp8_scaled}.safetensors,
//               wan_2.1_vae.safetensors, umt5_xxl_{fp16,bf16,fp8_e4m3fn_scaled}.safetensors, in one
//               folder or in models/{diffusion_models,vae,text_encoders} (also unet/, clip/)
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

#include "io/weight_source.h"
#include "loaders/findings.h"

namespace ifedit::loaders {

struct ModelSet {
  std::string root;    // the folder (or file) examined
  std::string layout;  // "official", "diffusers", "comfyui" or "none"
  // Each part is a folder (official / diffusers) or a file (comfyui); empty when not found.
  std::string highNoise;
  std::string lowNoise;
  std::string textEncoder;
  std::string tokenizer;            // folder holding spiece.model; empty when embedded or missing
  std::string tokenizerEmbeddedIn;  // a ComfyUI text encoder file carrying a `spiece_model` tensor
  std::string vae;
  double boundary = 0.9;            // model_index.json boundary_ratio, else the official 0.900
  std::vector<std::string> missing;  // one line per missing part: what was looked for, and where
  std::vector<std::string> notes;    // choices made ("wan2.2_..._fp16 chosen over ..._fp8_scaled")
  // The same lines as codes with arguments, in the same order (englishText gives the lines above).
  std::vector<Finding> missingFindings;
  std::vector<Finding> noteFindings;
  std::string otherModel;            // another Wan model recognised here ("Wan2.2-T2V-A14B"), else ""

  bool complete() const { return missing.empty(); }
  // Several lines: the layout, each part found, then "missing: ..." lines.
  std::string report() const;
};

// Never throws for an incomplete folder: what is absent goes to `missing`. Throws FindingError when
// `path` does not exist or cannot be listed, IoError when a model_index.json cannot be parsed.
ModelSet detectModelSet(const std::string& path);

// Why an existing folder cannot be listed or entered (the system's words: "Permission denied"),
// else "" (also for anything that is not a folder).
std::string unreadableReason(const std::string& dir);

// Each part under official key names. `path`: a folder of the layouts above (its weights: an
// *.safetensors.index.json, else one *.safetensors, else one .pth), an index.json, a .safetensors
// or a .pth file. Detected per file: a key prefix (`model.diffusion_model.`, `diffusion_model.`,
// ... shared by every key), fp8_scaled (dequantised on load), and diffusers / transformers key
// names (renamed). A ComfyUI text encoder's embedded `spiece_model` is hidden from the weights.
std::unique_ptr<io::WeightSource> openExpert(const std::string& path);
std::unique_ptr<io::WeightSource> openVae(const std::string& path);
std::unique_ptr<io::WeightSource> openTextEncoder(const std::string& path);

// The expert's config.json in the official WanModel format (diffusers' WanTransformer3DModel
// config converted: num_attention_heads * attention_head_dim -> dim, in_channels -> in_dim, ...);
// a null json when the path has no config.json (ComfyUI single files: infer from the weights).
nlohmann::json expertConfig(const std::string& path);

// The serialized sentencepiece model a ComfyUI text encoder file embeds (`spiece_model`, U8);
// empty when the file has none.
std::string embeddedTokenizerModel(const std::string& textEncoderFile);

}  // namespace ifedit::loaders
