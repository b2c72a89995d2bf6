#include "models/dit/wan_dit_config.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/io_error.h"
#include "io/weight_source.h"

namespace ifedit::dit {
namespace {

using nlohmann::json;

std::string shown(const json& value) {
  // dump() recurses: a value nested deeper than one level is described, not printed, so that a
  // hostile config.json cannot exhaust the stack with its error message.
  const bool shallow = !value.is_structured() || std::none_of(value.begin(), value.end(), [](const json& e) {
                         return e.is_structured();
                       });
  if (!shallow) return std::string("a nested ") + value.type_name() + " of " + std::to_string(value.size()) + " entries";
  std::string s = value.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

[[noreturn]] void badField(const std::string& file, const std::string& field,
                           const std::string& expected, const json& got) {
  throw io::IoError(file, "field '" + field + "' must be " + expected + ", got " + shown(got));
}

int64_t positiveInt(const json& j, const std::string& file, const std::string& field) {
  const json& v = j.at(field);
  if (!v.is_number_integer() || v.get<int64_t>() <= 0)
    badField(file, field, "a positive integer", v);
  return v.get<int64_t>();
}

bool boolean(const json& j, const std::string& file, const std::string& field) {
  const json& v = j.at(field);
  if (!v.is_boolean()) badField(file, field, "true or false", v);
  return v.get<bool>();
}

WanModelType modelTypeFrom(const json& v, const std::string& file) {
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    if (s == "t2v") return WanModelType::T2V;
    if (s == "i2v") return WanModelType::I2V;
    if (s == "ti2v") return WanModelType::TI2V;
  }
  badField(file, "model_type", "one of \"t2v\", \"i2v\", \"ti2v\"", v);
}

std::optional<std::vector<int64_t>> shapeOf(const io::WeightSource& w, const std::string& name) {
  return w.shapeOf(name);
}

// What the weights alone say; a field stays empty when its key is absent or odd, so that the
// caller falls back to a default and io::verifyWeights reports the real problem at load time.
struct Inferred {
  std::optional<std::array<int64_t, 3>> patchSize;
  std::optional<int64_t> inDim, dim, textDim, freqDim, ffnDim, outDim, numLayers;
  std::optional<bool> qkNorm, crossAttnNorm;
};

Inferred inferFrom(const io::WeightSource& w) {
  Inferred r;
  if (auto s = shapeOf(w, "patch_embedding.weight"); s && s->size() == 5) {
    r.dim = (*s)[0];
    r.inDim = (*s)[1];
    r.patchSize = std::array<int64_t, 3>{(*s)[2], (*s)[3], (*s)[4]};
  }
  if (auto s = shapeOf(w, "text_embedding.0.weight"); s && s->size() == 2) r.textDim = (*s)[1];
  if (auto s = shapeOf(w, "time_embedding.0.weight"); s && s->size() == 2) r.freqDim = (*s)[1];
  if (auto s = shapeOf(w, "blocks.0.ffn.0.weight"); s && s->size() == 2) r.ffnDim = (*s)[0];
  if (auto s = shapeOf(w, "head.head.weight"); s && s->size() == 2 && r.patchSize) {
    const int64_t vol = (*r.patchSize)[0] * (*r.patchSize)[1] * (*r.patchSize)[2];
    if (vol > 0 && (*s)[0] % vol == 0) r.outDim = (*s)[0] / vol;
  }
  int64_t maxBlock = -1;
  bool anyNormQ = false, anyNorm3 = false;
  for (const auto& name : w.names()) {
    if (name.rfind("blocks.", 0) != 0) continue;
    const auto dot = name.find('.', 7);
    const auto index = name.substr(7, dot == std::string::npos ? std::string::npos : dot - 7);
    if (index.empty() ||
        !std::all_of(index.begin(), index.end(),
                     [](unsigned char ch) { return ch >= '0' && ch <= '9'; }) ||
        index.size() > 6)
      continue;
    maxBlock = std::max<int64_t>(maxBlock, std::stoll(index));
    const auto rest = dot == std::string::npos ? std::string() : name.substr(dot + 1);
    if (rest == "self_attn.norm_q.weight") anyNormQ = true;
    if (rest == "norm3.weight") anyNorm3 = true;
  }
  if (maxBlock >= 0) {
    r.numLayers = maxBlock + 1;
    r.qkNorm = anyNormQ;
    r.crossAttnNorm = anyNorm3;
  }
  return r;
}

WanModelType typeFromChannels(int64_t inDim, int64_t outDim) {
  if (inDim != outDim) return WanModelType::I2V;
  return inDim == 48 ? WanModelType::TI2V : WanModelType::T2V;
}

}  // namespace

std::string_view modelTypeName(WanModelType type) {
  switch (type) {
    case WanModelType::T2V:
      return "t2v";
    case WanModelType::I2V:
      return "i2v";
    case WanModelType::TI2V:
      return "ti2v";
  }
  return "?";
}

std::string WanDitConfig::describe() const {
  std::ostringstream s;
  s << modelTypeName(modelType) << ", dim " << dim << ", " << numLayers << " layers, " << numHeads
    << " heads, ffn " << ffnDim << ", in " << inDim << ", out " << outDim << ", text " << textDim
    << "x" << textLen << ", patch " << patchSize[0] << "x" << patchSize[1] << "x" << patchSize[2];
  return s.str();
}

void WanDitConfig::validate(const std::string& where) const {
  auto fail = [&](const std::string& field, const std::string& problem) {
    throw io::IoError(where, "field '" + field + "' " + problem);
  };
  const std::pair<const char*, int64_t> positives[] = {
      {"text_len", textLen}, {"in_dim", inDim},       {"dim", dim},
      {"ffn_dim", ffnDim},   {"freq_dim", freqDim},   {"text_dim", textDim},
      {"out_dim", outDim},   {"num_heads", numHeads}, {"num_layers", numLayers}};
  // Upper bounds far above every released model keep the sizes derived from them (dim * dim,
  // patch volume * out_dim, one weight table per layer) from overflowing or exhausting memory.
  constexpr int64_t kMaxSize = int64_t{1} << 20, kMaxLayers = 1024, kMaxPatch = 64;
  for (const auto& [field, value] : positives) {
    if (value <= 0) fail(field, "must be a positive integer, got " + std::to_string(value));
    const int64_t most = std::string_view(field) == "num_layers" ? kMaxLayers : kMaxSize;
    if (value > most) fail(field, "must be at most " + std::to_string(most) + ", got " + std::to_string(value));
  }
  for (auto p : patchSize)
    if (p <= 0 || p > kMaxPatch)
      fail("patch_size", "must hold three positive integers of at most " + std::to_string(kMaxPatch));
  if (dim % numHeads != 0)
    fail("num_heads",
         "must divide dim " + std::to_string(dim) + ", got " + std::to_string(numHeads));
  // RoPE rotates pairs of channels in every head (WanModel asserts the same).
  if (headDim() % 2 != 0)
    fail("num_heads",
         "must leave an even head width dim/num_heads, got " + std::to_string(headDim()));
  if (freqDim % 2 != 0) fail("freq_dim", "must be even, got " + std::to_string(freqDim));
  if (!(eps > 0.0) || eps >= 1.0) fail("eps", "must lie in (0, 1), got " + std::to_string(eps));
  if (modelType == WanModelType::I2V && inDim <= outDim)
    fail("in_dim",
         "of an i2v model must exceed out_dim (x and the conditioning y are concatenated), got " +
             std::to_string(inDim) + " <= " + std::to_string(outDim));
}

WanDitConfig WanDitConfig::fromJson(const json& j, const std::string& file,
                                    const io::WeightSource* weights) {
  if (!j.is_object()) throw io::IoError(file, "expected a JSON object (a WanModel config.json)");
  if (j.contains("_class_name") && j.at("_class_name") != "WanModel")
    throw io::IoError(file, "'_class_name' is " + shown(j.at("_class_name")) +
                                ", expected \"WanModel\" (an official Wan DiT config.json)");
  const Inferred inferred = weights ? inferFrom(*weights) : Inferred{};

  WanDitConfig c;
  auto intField = [&](const char* field, int64_t& out, const std::optional<int64_t>& fallback) {
    if (j.contains(field))
      out = positiveInt(j, file, field);
    else if (fallback)
      out = *fallback;
  };
  auto boolField = [&](const char* field, bool& out, const std::optional<bool>& fallback) {
    if (j.contains(field))
      out = boolean(j, file, field);
    else if (fallback)
      out = *fallback;
  };

  if (j.contains("patch_size")) {
    const json& v = j.at("patch_size");
    if (!v.is_array() || v.size() != 3 || !std::all_of(v.begin(), v.end(), [](const json& e) {
          return e.is_number_integer() && e.get<int64_t>() > 0;
        }))
      badField(file, "patch_size", "three positive integers [t, h, w]", v);
    for (int i = 0; i < 3; ++i) c.patchSize[i] = v[i].get<int64_t>();
  } else if (inferred.patchSize) {
    c.patchSize = *inferred.patchSize;
  }
  intField("text_len", c.textLen, std::nullopt);
  intField("in_dim", c.inDim, inferred.inDim);
  intField("dim", c.dim, inferred.dim);
  intField("ffn_dim", c.ffnDim, inferred.ffnDim);
  intField("freq_dim", c.freqDim, inferred.freqDim);
  intField("text_dim", c.textDim, inferred.textDim);
  intField("out_dim", c.outDim, inferred.outDim);
  intField("num_heads", c.numHeads, std::nullopt);
  intField("num_layers", c.numLayers, inferred.numLayers);
  boolField("qk_norm", c.qkNorm, inferred.qkNorm);
  boolField("cross_attn_norm", c.crossAttnNorm, inferred.crossAttnNorm);
  if (j.contains("model_type"))
    c.modelType = modelTypeFrom(j.at("model_type"), file);
  else if (weights && inferred.inDim && inferred.outDim)
    c.modelType = typeFromChannels(c.inDim, c.outDim);
  if (j.contains("eps")) {
    const json& v = j.at("eps");
    if (!v.is_number() || !(v.get<double>() > 0.0)) badField(file, "eps", "a positive number", v);
    c.eps = v.get<double>();
  }
  if (j.contains("window_size")) {
    const json& v = j.at("window_size");
    if (!v.is_array() || v.size() != 2 || v[0] != -1 || v[1] != -1)
      badField(file, "window_size", "[-1, -1] (global attention; local windows are not supported)",
               v);
  }
  c.validate(file);
  return c;
}

WanDitConfig WanDitConfig::fromJsonFile(const std::string& path, const io::WeightSource* weights) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io::IoError(path, "cannot open the DiT config.json");
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw io::IoError(path, "is not valid JSON");
  return fromJson(j, path, weights);
}

WanDitConfig WanDitConfig::fromWeights(const io::WeightSource& weights,
                                       std::optional<int64_t> numHeads) {
  const std::string where = weights.describe();
  const Inferred r = inferFrom(weights);
  auto need = [&](const auto& value, const char* key) {
    if (!value)
      throw io::IoError(where, std::string("cannot infer the DiT config: no usable '") + key +
                                   "' (is this a Wan DiT checkpoint?)");
    return *value;
  };
  WanDitConfig c;
  c.patchSize = need(r.patchSize, "patch_embedding.weight");
  c.dim = need(r.dim, "patch_embedding.weight");
  c.inDim = need(r.inDim, "patch_embedding.weight");
  c.textDim = need(r.textDim, "text_embedding.0.weight");
  c.freqDim = need(r.freqDim, "time_embedding.0.weight");
  c.ffnDim = need(r.ffnDim, "blocks.0.ffn.0.weight");
  c.outDim = need(r.outDim, "head.head.weight");
  c.numLayers = need(r.numLayers, "blocks.0.*");
  c.qkNorm = *r.qkNorm;
  c.crossAttnNorm = *r.crossAttnNorm;
  c.modelType = typeFromChannels(c.inDim, c.outDim);
  if (numHeads) {
    c.numHeads = *numHeads;
  } else {
    if (c.dim % 128 != 0)
      throw io::IoError(where, "cannot infer the head count: dim " + std::to_string(c.dim) +
                                   " is not a multiple of 128; give num_heads explicitly");
    c.numHeads = c.dim / 128;
  }
  c.validate(where);
  return c;
}

}  // namespace ifedit::dit
