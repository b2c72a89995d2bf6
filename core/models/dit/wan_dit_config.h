#pragma once
// The shape of a Wan2.x diffusion transformer (WanModel in wan/modules/model.py): read from an
// official config.json, inferred from the weights, or both.
#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ifedit::io {
class WeightSource;
}

namespace ifedit::dit {

// s2v (speech-to-video) is an official type this product does not run.
enum class WanModelType { T2V, I2V, TI2V };

std::string_view modelTypeName(WanModelType type);  // "t2v", "i2v", "ti2v"

struct WanDitConfig {
  // Defaults are WanModel's constructor defaults; real config.json files rely on them for the
  // fields WanModel keeps out of its config (patch_size, text_dim, qk_norm, cross_attn_norm,
  // window_size).
  WanModelType modelType = WanModelType::T2V;
  std::array<int64_t, 3> patchSize{1, 2, 2};  // (t, h, w)
  int64_t textLen = 512;
  int64_t inDim = 16;
  int64_t dim = 2048;
  int64_t ffnDim = 8192;
  int64_t freqDim = 256;
  int64_t textDim = 4096;
  int64_t outDim = 16;
  int64_t numHeads = 16;
  int64_t numLayers = 32;
  bool qkNorm = true;
  bool crossAttnNorm = true;
  double eps = 1e-6;

  int64_t headDim() const { return dim / numHeads; }
  int64_t patchVolume() const { return patchSize[0] * patchSize[1] * patchSize[2]; }
  // "i2v, dim 5120, 40 layers, 40 heads, ffn 13824, in 36, out 16, text 4096x512"
  std::string describe() const;

  // Throws io::IoError(where, ...) naming the first field that makes no sense.
  void validate(const std::string& where) const;

  // Parses a config.json object. Fields the JSON leaves out are taken from `weights` when given
  // (text_dim, patch_size, num_layers, qk_norm, cross_attn_norm, ...), else from WanModel's
  // defaults. `file` names the source in errors. window_size must be absent or (-1, -1): local
  // attention is not implemented.
  static WanDitConfig fromJson(const nlohmann::json& json, const std::string& file,
                               const io::WeightSource* weights = nullptr);
  static WanDitConfig fromJsonFile(const std::string& path,
                                   const io::WeightSource* weights = nullptr);

  // Everything the weights determine: in_dim, dim, patch_size (patch_embedding), text_dim
  // (text_embedding.0), freq_dim (time_embedding.0), ffn_dim (blocks.0.ffn.0), num_layers
  // (highest blocks.N), out_dim (head.head), qk_norm and cross_attn_norm (presence of
  // norm_q / norm3). The weights cannot tell the head count: `numHeads` if given, else
  // dim / 128 (every released Wan DiT uses 128-wide heads). model_type: in_dim == out_dim
  // means t2v (ti2v when both are 48, the Wan2.2 VAE's channels), else i2v. text_len and eps
  // keep their defaults.
  static WanDitConfig fromWeights(const io::WeightSource& weights,
                                  std::optional<int64_t> numHeads = std::nullopt);
};

}  // namespace ifedit::dit
