#pragma once
// Renamings between the official Wan state_dict keys (what the models in core/models use) and the
// key styles other distributions store:
//   DiT: diffusers WanTransformer3DModel  (blocks.N.attn1.to_q, condition_embedder.*, proj_out, ...)
//   VAE: diffusers AutoencoderKLWan       (encoder.down_blocks.N.*, decoder.up_blocks.S.resnets.R.*, ...)
//   T5:  transformers UMT5EncoderModel    (shared, encoder.block.N.layer.0.SelfAttention.q, ...)
// Each map is one table of module-path correspondences, checked against diffusers'
// scripts/convert_wan_to_diffusers.py (convert_transformer / convert_vae) and the module
// attributes of transformers' UMT5 / ComfyUI's T5 (wi_0 carries the GELU = official ffn.gate.0).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/weight_source.h"

namespace ifedit::loaders {

class KeyMap {
 public:
  // One module path in both spellings. "{}" stands for one decimal index, carried over in order.
  // A rule matches a key equal to the pattern or starting with pattern + "."; the rest of the key
  // (".weight", ".bias", ".gamma", ...) is kept. The first matching rule wins, so specific rules
  // come before general ones. `alias`: a second foreign spelling of the same official tensor
  // (transformers' tied encoder.embed_tokens = shared); it is hidden when the primary is present.
  struct Rule {
    std::string official;
    std::string foreign;
    bool alias = false;
  };

  KeyMap(std::string name, std::vector<Rule> rules);

  static const KeyMap& diffusersDit();      // "diffusers WanTransformer3DModel"
  static const KeyMap& diffusersVae();      // "diffusers AutoencoderKLWan"
  static const KeyMap& transformersUmt5();  // "transformers UMT5EncoderModel"

  const std::string& name() const { return name_; }
  const std::vector<Rule>& rules() const { return rules_; }

  // The official key for a foreign key (nullopt when no rule matches).
  std::optional<std::string> toOfficial(std::string_view foreign) const;
  // The (primary) foreign key for an official key (nullopt when no rule matches).
  std::optional<std::string> toForeign(std::string_view official) const;
  // Whether the key matched an alias rule on its way to the official name.
  bool isAlias(std::string_view foreign) const;

  // True when more of `names` are spelled the foreign way than the official way (a rule that
  // changes the name matches in that direction). Identity rules count for neither.
  bool looksForeign(const std::vector<std::string>& names) const;

 private:
  std::string name_;
  std::vector<Rule> rules_;
};

// A WeightSource over `inner` whose names are the official ones: every inner key that a rule
// matches is renamed, keys no rule matches keep their name (so io::verifyWeights reports them as
// unexpected). Two inner keys that land on one official name are an error (IoError naming both),
// except an alias next to its primary (the alias is hidden).
std::unique_ptr<io::WeightSource> renamedWeights(std::unique_ptr<io::WeightSource> inner, const KeyMap& map);

}  // namespace ifedit::loaders
