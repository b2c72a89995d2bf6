#include "loaders/key_maps.h"

#include <unordered_map>

#include "io/io_error.h"

namespace ifedit::loaders {
namespace {

std::vector<std::string_view> splitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

bool isIndex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Matches `pattern` against the leading segments of `key`; on success fills the "{}" captures and
// returns the number of key segments consumed.
std::optional<size_t> matchPrefix(const std::vector<std::string_view>& key, const std::vector<std::string_view>& pattern,
                                  std::vector<std::string_view>& captures) {
  if (key.size() < pattern.size()) return std::nullopt;
  captures.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{}") {
      if (!isIndex(key[i])) return std::nullopt;
      captures.push_back(key[i]);
    } else if (pattern[i] != key[i]) {
      return std::nullopt;
    }
  }
  return pattern.size();
}

std::string substitute(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& captures,
                       const std::vector<std::string_view>& key, size_t consumed) {
  std::string out;
  size_t next = 0;
  auto append = [&out](std::string_view part) {
    if (!out.empty()) out.push_back('.');
    out.append(part);
  };
  for (const auto& seg : pattern) append(seg == "{}" ? captures.at(next++) : seg);
  for (size_t i = consumed; i < key.size(); ++i) append(key[i]);
  return out;
}

struct Hit {
  size_t rule;
  std::string renamed;
};

std::optional<Hit> translate(const std::vector<KeyMap::Rule>& rules, std::string_view key, bool fromForeign) {
  const auto parts = splitDots(key);
  std::vector<std::string_view> captures;
  for (size_t r = 0; r < rules.size(); ++r) {
    const auto from = splitDots(fromForeign ? rules[r].foreign : rules[r].official);
    const auto to = splitDots(fromForeign ? rules[r].official : rules[r].foreign);
    if (auto used = matchPrefix(parts, from, captures)) return Hit{r, substitute(to, captures, parts, *used)};
  }
  return std::nullopt;
}

// A residual block (wan/modules/vae2_1.py ResidualBlock: residual = [RMS_norm, SiLU, CausalConv3d,
// RMS_norm, SiLU, Dropout, CausalConv3d], shortcut) against diffusers' WanResidualBlock
// (norm1, conv1, norm2, conv2, conv_shortcut).
void addResidual(std::vector<KeyMap::Rule>& rules, const std::string& official, const std::string& foreign) {
  rules.push_back({official + ".residual.0", foreign + ".norm1"});
  rules.push_back({official + ".residual.2", foreign + ".conv1"});
  rules.push_back({official + ".residual.3", foreign + ".norm2"});
  rules.push_back({official + ".residual.6", foreign + ".conv2"});
  rules.push_back({official + ".shortcut", foreign + ".conv_shortcut"});
}

std::vector<KeyMap::Rule> ditRules() {
  std::vector<KeyMap::Rule> rules = {
      {"patch_embedding", "patch_embedding"},
      {"text_embedding.0", "condition_embedder.text_embedder.linear_1"},
      {"text_embedding.2", "condition_embedder.text_embedder.linear_2"},
      {"time_embedding.0", "condition_embedder.time_embedder.linear_1"},
      {"time_embedding.2", "condition_embedder.time_embedder.linear_2"},
      {"time_projection.1", "condition_embedder.time_proj"},
      // Wan2.1 I2V/FLF2V image branch (not in Wan2.2 A14B); mapped so that such files report
      // official names in errors.
      {"img_emb.proj.0", "condition_embedder.image_embedder.norm1"},
      {"img_emb.proj.1", "condition_embedder.image_embedder.ff.net.0.proj"},
      {"img_emb.proj.3", "condition_embedder.image_embedder.ff.net.2"},
      {"img_emb.proj.4", "condition_embedder.image_embedder.norm2"},
      {"img_emb.emb_pos", "condition_embedder.image_embedder.pos_embed"},
      {"blocks.{}.modulation", "blocks.{}.scale_shift_table"},
      {"blocks.{}.self_attn.q", "blocks.{}.attn1.to_q"},
      {"blocks.{}.self_attn.k", "blocks.{}.attn1.to_k"},
      {"blocks.{}.self_attn.v", "blocks.{}.attn1.to_v"},
      {"blocks.{}.self_attn.o", "blocks.{}.attn1.to_out.0"},
      {"blocks.{}.self_attn.norm_q", "blocks.{}.attn1.norm_q"},
      {"blocks.{}.self_attn.norm_k", "blocks.{}.attn1.norm_k"},
      {"blocks.{}.cross_attn.q", "blocks.{}.attn2.to_q"},
      {"blocks.{}.cross_attn.k", "blocks.{}.attn2.to_k"},
      {"blocks.{}.cross_attn.v", "blocks.{}.attn2.to_v"},
      {"blocks.{}.cross_attn.o", "blocks.{}.attn2.to_out.0"},
      {"blocks.{}.cross_attn.norm_q", "blocks.{}.attn2.norm_q"},
      {"blocks.{}.cross_attn.norm_k", "blocks.{}.attn2.norm_k"},
      {"blocks.{}.cross_attn.k_img", "blocks.{}.attn2.add_k_proj"},
      {"blocks.{}.cross_attn.v_img", "blocks.{}.attn2.add_v_proj"},
      {"blocks.{}.cross_attn.norm_k_img", "blocks.{}.attn2.norm_added_k"},
      // The official block applies its norms in the order norm1 (self-attn), norm3 (cross-attn,
      // affine), norm2 (ffn); diffusers numbers them by use, so its affine norm2 is our norm3.
      {"blocks.{}.norm3", "blocks.{}.norm2"},
      {"blocks.{}.ffn.0", "blocks.{}.ffn.net.0.proj"},
      {"blocks.{}.ffn.2", "blocks.{}.ffn.net.2"},
      {"head.head", "proj_out"},
      {"head.modulation", "scale_shift_table"},
  };
  return rules;
}

std::vector<KeyMap::Rule> vaeRules() {
  std::vector<KeyMap::Rule> rules = {
      {"encoder.conv1", "encoder.conv_in"},
      {"decoder.conv1", "decoder.conv_in"},
      {"conv1", "quant_conv"},
      {"conv2", "post_quant_conv"},
  };
  for (const std::string side : {"encoder", "decoder"}) {
    addResidual(rules, side + ".middle.0", side + ".mid_block.resnets.0");
    rules.push_back({side + ".middle.1", side + ".mid_block.attentions.0"});
    addResidual(rules, side + ".middle.2", side + ".mid_block.resnets.1");
    rules.push_back({side + ".head.0", side + ".norm_out"});
    rules.push_back({side + ".head.2", side + ".conv_out"});
  }
  // Encoder: diffusers keeps the flat list (residual blocks and resamples share one index).
  addResidual(rules, "encoder.downsamples.{}", "encoder.down_blocks.{}");
  rules.push_back({"encoder.downsamples.{}", "encoder.down_blocks.{}"});  // resample.1, time_conv
  // Decoder: the flat official list holds 4 stages of (3 residual blocks + 1 upsample), the last
  // stage without upsample (Wan2.1 VAE: dim_mult [1,2,4,4], num_res_blocks 2); diffusers groups
  // them into up_blocks.S.resnets.R and up_blocks.S.upsamplers.0.
  constexpr int kStages = 4, kResnets = 3;
  for (int s = 0; s < kStages; ++s) {
    for (int r = 0; r < kResnets; ++r)
      addResidual(rules, "decoder.upsamples." + std::to_string(s * (kResnets + 1) + r),
                  "decoder.up_blocks." + std::to_string(s) + ".resnets." + std::to_string(r));
    if (s + 1 < kStages)
      rules.push_back({"decoder.upsamples." + std::to_string(s * (kResnets + 1) + kResnets),
                       "decoder.up_blocks." + std::to_string(s) + ".upsamplers.0"});
  }
  return rules;
}

std::vector<KeyMap::Rule> umt5Rules() {
  return {
      {"token_embedding", "shared"},
      {"token_embedding", "encoder.embed_tokens", /*alias=*/true},  // tied to shared
      {"blocks.{}.norm1", "encoder.block.{}.layer.0.layer_norm"},
      {"blocks.{}.attn.q", "encoder.block.{}.layer.0.SelfAttention.q"},
      {"blocks.{}.attn.k", "encoder.block.{}.layer.0.SelfAttention.k"},
      {"blocks.{}.attn.v", "encoder.block.{}.layer.0.SelfAttention.v"},
      {"blocks.{}.attn.o", "encoder.block.{}.layer.0.SelfAttention.o"},
      // umt5: every layer has its own relative position table.
      {"blocks.{}.pos_embedding.embedding", "encoder.block.{}.layer.0.SelfAttention.relative_attention_bias"},
      {"blocks.{}.norm2", "encoder.block.{}.layer.1.layer_norm"},
      // Gated FFN: official fc2(fc1(x) * gelu(gate(x))) = transformers wo(gelu(wi_0(x)) * wi_1(x)).
      {"blocks.{}.ffn.gate.0", "encoder.block.{}.layer.1.DenseReluDense.wi_0"},
      {"blocks.{}.ffn.fc1", "encoder.block.{}.layer.1.DenseReluDense.wi_1"},
      {"blocks.{}.ffn.fc2", "encoder.block.{}.layer.1.DenseReluDense.wo"},
      {"norm", "encoder.final_layer_norm"},
  };
}

class RenamedWeights final : public io::WeightSource {
 public:
  RenamedWeights(std::unique_ptr<io::WeightSource> inner, const KeyMap& map) : inner_(std::move(inner)), map_(map) {
    std::unordered_map<std::string, bool> aliasOf;  // official -> whether the stored one is an alias
    for (const auto& stored : inner_->names()) {
      auto official = map_.toOfficial(stored).value_or(stored);
      const bool alias = map_.isAlias(stored);
      auto it = toInner_.find(official);
      if (it != toInner_.end()) {
        const bool keptIsAlias = aliasOf[official];
        if (alias && !keptIsAlias) continue;  // the primary spelling is already there
        if (!alias && keptIsAlias) {
          it->second = stored;
          aliasOf[official] = false;
          continue;
        }
        throw io::IoError(inner_->describe(), "keys '" + it->second + "' and '" + stored +
                                                  "' both map to the official key '" + official + "' (" +
                                                  map_.name() + " naming)");
      }
      toInner_.emplace(official, stored);
      aliasOf[official] = alias;
      order_.push_back(official);
    }
  }

  std::string describe() const override { return inner_->describe() + " (" + map_.name() + " keys)"; }
  std::vector<std::string> names() const override { return order_; }

  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    auto it = toInner_.find(name);
    if (it == toInner_.end()) return std::nullopt;
    return inner_->shapeOf(it->second);
  }

  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    auto it = toInner_.find(name);
    if (it == toInner_.end()) throw io::IoError(describe(), "no weight for the official key '" + name + "'");
    return inner_->load(it->second, dtype, device);
  }

 private:
  std::unique_ptr<io::WeightSource> inner_;
  const KeyMap& map_;
  std::unordered_map<std::string, std::string> toInner_;
  std::vector<std::string> order_;
};

}  // namespace

KeyMap::KeyMap(std::string name, std::vector<Rule> rules) : name_(std::move(name)), rules_(std::move(rules)) {}

const KeyMap& KeyMap::diffusersDit() {
  static const KeyMap map("diffusers WanTransformer3DModel", ditRules());
  return map;
}

const KeyMap& KeyMap::diffusersVae() {
  static const KeyMap map("diffusers AutoencoderKLWan", vaeRules());
  return map;
}

const KeyMap& KeyMap::transformersUmt5() {
  static const KeyMap map("transformers UMT5EncoderModel", umt5Rules());
  return map;
}

std::optional<std::string> KeyMap::toOfficial(std::string_view foreign) const {
  auto hit = translate(rules_, foreign, /*fromForeign=*/true);
  if (!hit) return std::nullopt;
  return std::move(hit->renamed);
}

std::optional<std::string> KeyMap::toForeign(std::string_view official) const {
  // Alias rules are never chosen here: the first (primary) rule of an official name comes first.
  auto hit = translate(rules_, official, /*fromForeign=*/false);
  if (!hit) return std::nullopt;
  return std::move(hit->renamed);
}

bool KeyMap::isAlias(std::string_view foreign) const {
  auto hit = translate(rules_, foreign, /*fromForeign=*/true);
  return hit && rules_[hit->rule].alias;
}

bool KeyMap::looksForeign(const std::vector<std::string>& names) const {
  size_t foreignStyle = 0, officialStyle = 0;
  for (const auto& name : names) {
    if (auto hit = translate(rules_, name, true); hit && hit->renamed != name) ++foreignStyle;
    if (auto hit = translate(rules_, name, false); hit && hit->renamed != name) ++officialStyle;
  }
  return foreignStyle > officialStyle;
}

std::unique_ptr<io::WeightSource> renamedWeights(std::unique_ptr<io::WeightSource> inner, const KeyMap& map) {
  return std::make_unique<RenamedWeights>(std::move(inner), map);
}

}  // namespace ifedit::loaders
