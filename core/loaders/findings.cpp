#include "loaders/findings.h"

#include <stdexcept>

namespace ifedit::loaders {

const std::vector<FindingCode>& findingCodes() {
  static const std::vector<FindingCode> codes = {
      // A part's folder (official / Diffusers layouts): %1 the folder, the last argument what it should hold.
      {"folder_not_found", 2, "%1/: folder not found (expected %2)"},
      {"config_missing", 2, "%1/: config.json missing (expected %2)"},
      {"folder_unreadable", 2, "%1/: cannot be read: %2"},
      {"folder_problem", 3, "%1/: %2 (expected %3)"},
      {"index_without_weight_map", 3, "%1/: %2 has no weight_map (expected %3)"},
      {"shards_missing", 5, "%1/: %2 of %3 shards named in the index are missing (%4) (expected %5)"},
      // An expert of another Wan model: %1 its path, %2 its config's facts.
      {"not_i2v_t2v", 2,
       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this is "
       "Wan2.2-T2V-A14B, text-to-video (same file names); download Wan-AI/Wan2.2-I2V-A14B"},
      {"not_i2v_ti2v", 2,
       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this is "
       "Wan2.2-TI2V-5B; download Wan-AI/Wan2.2-I2V-A14B"},
      {"not_i2v", 2,
       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this is not "
       "Wan2.2-I2V-A14B; download Wan-AI/Wan2.2-I2V-A14B"},
      {"file_not_found", 1, "%1 not found"},
      {"tokenizer_not_found", 1, "%1 not found (the UMT5 sentencepiece model shipped with the checkpoint)"},
      {"single_model_checkpoint", 0,
       "this folder holds a single-model checkpoint (Wan2.2-TI2V-5B or Wan2.1: one model at the root, no "
       "high_noise_model/ and low_noise_model/), not Wan2.2-I2V-A14B's two experts: download Wan-AI/Wan2.2-I2V-A14B"},
      // ComfyUI files.
      {"other_wan_t2v", 1,
       "%1 is Wan2.2-T2V-A14B (text-to-video), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files"},
      {"other_wan_ti2v", 1, "%1 is Wan2.2-TI2V-5B, not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files"},
      {"other_wan_vae", 1,
       "%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae), not Wan2.2-I2V-A14B: download the "
       "wan2.2_i2v_* files"},
      {"comfy_file_not_found", 2, "no %1 in %2 or its models/{diffusion_models,vae,text_encoders}/"},
      {"comfy_tokenizer_not_found", 1,
       "no spiece.model in %1 (nor embedded in the text encoder file): copy google/umt5-xxl/ from the official "
       "Wan2.2-I2V-A14B download"},
      {"incomplete_download", 1, "%1 (an incomplete download?)"},
      {"unreadable", 1, "%1"},  // a file's own error (IoError: the file and what is wrong), as the reader words it
      // The folder chosen is not a model's.
      {"hf_cache_ambiguous", 1,
       "a Hugging Face cache folder with %1 snapshots and no refs/main naming one of them: choose the folder "
       "snapshots/<revision>/"},
      {"single_file", 0, "a single file holds one part of the model: choose the folder that holds all of them"},
      {"one_part_folder", 1, "%1/ is one part of a model: choose the folder above it, which holds all the parts"},
      {"no_model_here", 0,
       "no Wan2.2-I2V-A14B model here; expected one of: the official layout (high_noise_model/, low_noise_model/, "
       "models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/), the Diffusers layout "
       "(model_index.json, transformer/, transformer_2/, text_encoder/, tokenizer/, vae/), or ComfyUI files "
       "(wan2.2_i2v_{high,low}_noise_14B_*.safetensors, wan_2.1_vae.safetensors, umt5_xxl_*.safetensors)"},
      // Notes: choices made.
      {"no_boundary_ratio", 0, "model_index.json has no boundary_ratio: using 0.9"},
      {"chosen_over", 2, "%1 chosen over %2"},
      {"other_wan_t2v_unused", 1, "%1 is Wan2.2-T2V-A14B (text-to-video): not used"},
      {"other_wan_ti2v_unused", 1, "%1 is Wan2.2-TI2V-5B: not used"},
      {"other_wan_vae_unused", 1, "%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae): not used"},
      {"hf_cache_snapshot", 1, "Hugging Face cache folder: using snapshots/%1"},
      {"hf_hub_folder", 1, "Hugging Face hub folder: using %1"},
      // The path itself (FindingError; shown after the path).
      {"path_not_found", 0, "does not exist"},
      {"path_unreadable", 1, "cannot be read: %1"},
      {"no_folder", 0, "no model folder chosen"},
  };
  return codes;
}

namespace {

const FindingCode& codeOf(const std::string& code) {
  for (const auto& c : findingCodes())
    if (code == c.code) return c;
  throw std::logic_error("unknown detection finding '" + code + "'");
}

// One pass, so an argument holding "%2" (a file name) is not substituted again.
std::string fill(const std::string& pattern, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (pattern[i] == '%' && next >= '1' && next <= '9' && size_t(next - '1') < args.size()) {
      out += args[size_t(next - '1')];
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

std::string englishText(const Finding& f) {
  const FindingCode& c = codeOf(f.code);
  if (f.args.size() != size_t(c.args))
    throw std::logic_error("detection finding '" + f.code + "' takes " + std::to_string(c.args) + " arguments, got " +
                           std::to_string(f.args.size()));
  std::string label = f.part;
  if (!f.partFolder.empty()) label += " (" + f.partFolder + ")";
  return (label.empty() ? std::string() : label + ": ") + fill(c.english, f.args);
}

}  // namespace ifedit::loaders
