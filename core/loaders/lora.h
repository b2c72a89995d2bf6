#pragma once
// LoRA files merged into an expert on load (Lightning / lightx2v distills, DESIGN.md §2):
//   W' = W + strength * (alpha / rank) * up @ down        rank = rows of down
// Key spellings accepted, each with an optional prefix `diffusion_model.`,
// `model.diffusion_model.`, `transformer.` or `base_model.model.`:
//   <module>.lora_down.weight / .lora_up.weight / .alpha     (kohya / lightx2v)
//   <module>.lora_A.weight / .lora_B.weight [/ .alpha]       (diffusers / PEFT)
//   <module>.lora.down.weight / .lora.up.weight
//   <module>.diff (full weight delta), <module>.diff_b (bias delta), both scaled by strength
//   lora_unet_<module with '_' for '.'>.*                     (kohya underscore names)
// <module> is an official module path (blocks.0.self_attn.q) or a diffusers one
// (blocks.0.attn1.to_q). Without an alpha the factor alpha/rank is 1.
#include <memory>
#include <string>

#include "io/tensor_source.h"
#include "io/weight_source.h"

namespace ifedit::loaders {

struct LoraStats {
  std::string path;
  size_t lowRankModules = 0;  // modules with an up/down pair
  size_t diffTensors = 0;     // .diff / .diff_b / .diff_m tensors
  // Tensors for Wan2.1's image branch (cross_attn.k_img/v_img/norm_k_img, img_emb), which
  // Wan2.2 experts do not have: lightx2v's LoRAs carry them; its loader and ComfyUI skip them too.
  size_t skippedImageBranch = 0;
  int64_t minRank = 0, maxRank = 0;
};

// Wraps `expert` (official names): every weight the LoRA touches is returned merged (computed in
// float32 from the stored tensors, then converted to the requested dtype); nothing is held in
// memory beyond the LoRA's mapped file. Throws IoError (file = the LoRA) listing the modules that
// have no weight in the expert, unrecognised keys, an up without its down (or the reverse), and
// shapes that do not fit the target weight.
std::unique_ptr<io::WeightSource> withLora(std::unique_ptr<io::WeightSource> expert,
                                           std::shared_ptr<const io::TensorSource> lora, double strength,
                                           LoraStats* stats = nullptr);
std::unique_ptr<io::WeightSource> withLora(std::unique_ptr<io::WeightSource> expert, const std::string& loraPath,
                                           double strength, LoraStats* stats = nullptr);

}  // namespace ifedit::loaders
