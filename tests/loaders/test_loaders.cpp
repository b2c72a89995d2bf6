// Loaders: every checkpoint layout users have (DESIGN.md §2) is written here from the fixture
// weights (renamed keys, shards + index, ComfyUI prefixes, fp8_scaled, LoRA), loaded back through
// core/loaders, and compared with the fixture tensors under their official names.
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

#include <ATen/core/Tensor.h>
#include <ATen/ops/from_blob.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "io/io_error.h"
#include "io/safetensors.h"
#include "io/tensor_source.h"
#include "loaders/findings.h"
#include "loaders/fp8_scaled.h"
#include "loaders/key_maps.h"
#include "loaders/layout.h"
#include "loaders/lora.h"
#include "models/dit/wan_dit.h"
#include "models/t5/umt5.h"
#include "models/vae/wan_vae.h"
#include "tests/common/as_unprivileged.h"

using namespace ifedit;
namespace fs = std::filesystem;
using Named = std::vector<std::pair<std::string, at::Tensor>>;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;

Named readAll(const std::string& path) {
  auto source = io::openTensorFile(path);
  Named out;
  for (const auto& t : source->tensors()) out.emplace_back(t.name, source->load(t.name, c10::kFloat).clone());
  return out;
}

at::Tensor find(const Named& tensors, const std::string& name) {
  for (const auto& [n, t] : tensors)
    if (n == name) return t;
  throw std::runtime_error("fixture has no tensor " + name);
}

std::map<std::string, at::Tensor> readNative(const std::string& path) {
  auto source = io::openTensorFile(path);
  std::map<std::string, at::Tensor> out;
  for (const auto& t : source->tensors()) out[t.name] = source->load(t.name).clone();
  return out;
}

// The i2v inputs of a fixture set's dit_io.safetensors at the timestep `t`.
dit::WanDitInput i2vInput(const std::map<std::string, at::Tensor>& dio, const std::string& t) {
  dit::WanDitInput in;
  in.x = dio.at("i2v.x");
  in.y = dio.at("i2v.y");
  in.context = dio.at("i2v.context");
  in.timestep = dio.at(t);
  return in;
}

std::unique_ptr<io::WeightSource> fixtureWeights(const std::string& file) {
  return io::weightsFrom(std::shared_ptr<const io::TensorSource>(io::openTensorFile(kFixtures + "/" + file)));
}

// The parity tolerance of the project (float32 CPU): 1e-4 * max(1, max|ref|).
double tolerance(const at::Tensor& ref) { return 1e-4 * std::max(1.0, ref.abs().max().item<double>()); }

Named renamed(const Named& tensors, const loaders::KeyMap& map) {
  Named out;
  for (const auto& [name, t] : tensors) out.emplace_back(map.toForeign(name).value(), t);
  return out;
}

Named prefixed(const Named& tensors, const std::string& prefix, c10::ScalarType dtype) {
  Named out;
  for (const auto& [name, t] : tensors) out.emplace_back(prefix + name, t.to(dtype));
  return out;
}

// The values a loader must return for tensors stored in `dtype`.
Named roundedTo(const Named& tensors, c10::ScalarType dtype) {
  Named out;
  for (const auto& [name, t] : tensors) out.emplace_back(name, t.to(dtype).to(c10::kFloat));
  return out;
}

void writeText(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// Sharded safetensors + index as written by huggingface save_pretrained.
void writeShards(const fs::path& dir, const std::string& base, const Named& tensors, int shards) {
  fs::create_directories(dir);
  nlohmann::json index;
  index["metadata"]["total_size"] = 0;
  const size_t per = (tensors.size() + shards - 1) / shards;
  for (int s = 0; s < shards; ++s) {
    char name[128];
    std::snprintf(name, sizeof name, "%s-%05d-of-%05d.safetensors", base.c_str(), s + 1, shards);
    Named part(tensors.begin() + std::min(tensors.size(), s * per),
               tensors.begin() + std::min(tensors.size(), (s + 1) * per));
    io::writeSafetensors((dir / name).string(), part);
    for (const auto& [key, t] : part) index["weight_map"][key] = name;
  }
  writeText(dir / (base + ".safetensors.index.json"), index.dump(1));
}

// ---- raw safetensors (F8 data cannot be an at::Tensor on libtorch 1.13) ----
struct Raw {
  std::string name, dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

Raw rawOf(const std::string& name, const at::Tensor& tensor) {
  const at::Tensor t = tensor.contiguous();
  static const std::map<c10::ScalarType, std::string> names = {
      {c10::kFloat, "F32"}, {c10::kHalf, "F16"}, {c10::kBFloat16, "BF16"}, {c10::kByte, "U8"}};
  return {name, names.at(t.scalar_type()), t.sizes().vec(),
          std::string(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size())};
}

void writeRaw(const fs::path& file, const std::vector<Raw>& tensors) {
  fs::create_directories(file.parent_path());
  nlohmann::json header = nlohmann::json::object();
  uint64_t offset = 0;
  for (const auto& t : tensors) {
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  while (text.size() % 8) text.push_back(' ');
  std::ofstream out(file, std::ios::binary);
  const uint64_t len = text.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((len >> (8 * i)) & 0xff));
  out << text;
  for (const auto& t : tensors) out << t.bytes;
}

// ---- float8 e4m3fn (bias 7, 3 mantissa bits, max 448, no infinities, S.1111.111 = NaN) ----
uint8_t f32ToE4M3(float f) {
  if (std::isnan(f)) return 0x7f;
  const uint8_t sign = std::signbit(f) ? 0x80 : 0x00;
  float a = std::min(std::fabs(f), 448.0f);  // saturate, as ComfyUI clamps before the cast
  if (a < std::ldexp(1.0f, -6)) {
    // Subnormals m * 2^-9 (m = 0..7); m = 8 is the smallest normal 2^-6 = 0x08. The scaling by a
    // power of two is exact, so nearbyint rounds the true value half to even.
    const int m = static_cast<int>(std::nearbyint(std::ldexp(a, 9)));
    return static_cast<uint8_t>(sign | m);
  }
  int e2;
  std::frexp(a, &e2);  // a = fr * 2^e2, fr in [0.5, 1)
  int e = e2 - 1;      // a in [2^e, 2^(e+1))
  int m = static_cast<int>(std::nearbyint((std::ldexp(a, -e) - 1.0f) * 8.0f));
  if (m == 8) {
    m = 0;
    ++e;
  }
  return static_cast<uint8_t>(sign | ((e + 7) << 3) | m);
}

float e4m3ToF32(uint8_t b) {
  const int e = (b >> 3) & 0xf, m = b & 7;
  float v = (e == 0xf && m == 7) ? NAN : e == 0 ? std::ldexp(m / 8.0f, -6) : std::ldexp(1.0f + m / 8.0f, e - 7);
  return (b & 0x80) ? -v : v;
}

struct Quantised {
  std::string bytes;
  float scale;
  at::Tensor dequantised;  // e4m3(byte) * scale in float32: what the loader must return exactly
};

// ComfyUI fp8_scaled: one scale per tensor = absmax / 448, W_fp8 = e4m3(W / scale).
Quantised quantise(const at::Tensor& weight) {
  const at::Tensor w = weight.to(c10::kFloat).contiguous();
  const float* v = w.data_ptr<float>();
  float absmax = 0;
  for (int64_t i = 0; i < w.numel(); ++i) absmax = std::max(absmax, std::fabs(v[i]));
  Quantised q;
  q.scale = absmax > 0 ? absmax / 448.0f : 1.0f;
  q.dequantised = w.clone();
  float* d = q.dequantised.data_ptr<float>();
  for (int64_t i = 0; i < w.numel(); ++i) {
    const uint8_t b = f32ToE4M3(v[i] / q.scale);
    q.bytes.push_back(static_cast<char>(b));
    d[i] = e4m3ToF32(b) * q.scale;
  }
  return q;
}

at::Tensor scalar(float v, std::vector<int64_t> shape = {}) {
  return at::from_blob(&v, shape, at::TensorOptions().dtype(c10::kFloat)).clone();
}

at::Tensor random(std::vector<int64_t> shape, uint32_t seed, float scale) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist(0.0f, scale);
  int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return at::from_blob(v.data(), shape, at::TensorOptions().dtype(c10::kFloat)).clone();
}

bool isLinearWeight(const std::string& name, const at::Tensor& t) {
  return t.dim() == 2 && name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0;
}

// Writes an fp8_scaled file like ComfyUI's: chosen 2-D Linear weights as F8_E4M3 + scale_weight,
// everything else in its own dtype, a `scaled_fp8` marker; returns the exact expected values.
Named writeFp8Scaled(const fs::path& file, const Named& tensors, const std::string& prefix,
                     const std::string& markerName, int64_t markerSize,
                     const std::function<bool(const std::string&, const at::Tensor&)>& quantiseIt,
                     std::vector<int64_t> scaleShape, bool scaleInput, const std::string& spiece = {}) {
  std::vector<Raw> raw;
  Named expected;
  for (const auto& [name, t] : tensors) {
    if (!quantiseIt(name, t)) {
      raw.push_back(rawOf(prefix + name, t));
      expected.emplace_back(name, t);
      continue;
    }
    auto q = quantise(t);
    const std::string layer = name.substr(0, name.size() - 6);  // keeps the trailing '.'
    raw.push_back({prefix + name, "F8_E4M3", t.sizes().vec(), q.bytes});
    raw.push_back(rawOf(prefix + layer + "scale_weight", scalar(q.scale, scaleShape)));
    if (scaleInput) raw.push_back(rawOf(prefix + layer + "scale_input", scalar(1.0f, scaleShape)));
    expected.emplace_back(name, q.dequantised);
  }
  if (!spiece.empty()) raw.push_back({"spiece_model", "U8", {int64_t(spiece.size())}, spiece});
  // The marker goes last: a zero-size tensor sharing its offset with a non-empty one is reported
  // as an overlap by the io reader (reported to core/io).
  raw.push_back({markerName, "F8_E4M3", {markerSize}, std::string(markerSize, '\0')});
  writeRaw(file, raw);
  return expected;
}

std::string shapeText(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

// Every official key comes back with the reference shape and exactly the reference values.
void expectExact(const io::WeightSource& source, const Named& reference) {
  std::set<std::string> want, got;
  for (const auto& [name, t] : reference) want.insert(name);
  for (const auto& name : source.names()) got.insert(name);
  QCOMPARE(got.size(), want.size());
  QVERIFY2(got == want, ("key sets differ for " + source.describe()).c_str());
  for (const auto& [name, ref] : reference) {
    const auto shape = source.shapeOf(name);
    QVERIFY2(shape && *shape == ref.sizes().vec(), (name + " shape " + (shape ? shapeText(*shape) : "none")).c_str());
    const at::Tensor loaded = source.load(name, c10::kFloat, c10::kCPU);
    QVERIFY2(loaded.equal(ref), (name + " differs in " + source.describe()).c_str());
  }
}

double maxAbs(const at::Tensor& a, const at::Tensor& b) {
  return a.to(c10::kDouble).sub(b.to(c10::kDouble)).abs().max().item<double>();
}

template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

class TestLoaders : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  fs::path root_;
  Named dit_, ditBf16_, vae_, t5_;
  nlohmann::json ditConfig_;
  std::string spiece_;  // bytes of a real sentencepiece model (tests/data/t5), to embed

  fs::path dir(const std::string& name) const { return root_ / name; }

  void writeOfficial(const fs::path& d) {
    writeShards(d / "high_noise_model", "diffusion_pytorch_model", dit_, 3);
    writeText(d / "high_noise_model" / "config.json", ditConfig_.dump(1));
    fs::create_directories(d / "low_noise_model");
    io::writeSafetensors((d / "low_noise_model" / "diffusion_pytorch_model.safetensors").string(),
                         prefixed(ditBf16_, "", c10::kBFloat16));
    writeText(d / "low_noise_model" / "config.json", ditConfig_.dump(1));
    fs::copy_file(kFixtures + "/t5.pth", d / "models_t5_umt5-xxl-enc-bf16.pth");
    fs::copy_file(kFixtures + "/vae.pth", d / "Wan2.1_VAE.pth");
    writeText(d / "google" / "umt5-xxl" / "spiece.model", spiece_);
  }

  // The Diffusers transformer config.json of a model with official config `c`.
  static nlohmann::json diffusersTransformerConfig(const nlohmann::json& c) {
    return {{"_class_name", "WanTransformer3DModel"},
            {"_diffusers_version", "0.35.0"},
            {"added_kv_proj_dim", nullptr},
            {"attention_head_dim", c["dim"].get<int>() / c["num_heads"].get<int>()},
            {"cross_attn_norm", true},
            {"eps", c["eps"]},
            {"ffn_dim", c["ffn_dim"]},
            {"freq_dim", c["freq_dim"]},
            {"image_dim", nullptr},
            {"in_channels", c["in_dim"]},
            {"num_attention_heads", c["num_heads"]},
            {"num_layers", c["num_layers"]},
            {"out_channels", c["out_dim"]},
            {"patch_size", c["patch_size"]},
            {"pos_embed_seq_len", nullptr},
            {"qk_norm", "rms_norm_across_heads"},
            {"rope_max_seq_len", 1024},
            {"text_dim", c["text_dim"]}};
  }

  void writeDiffusers(const fs::path& d, double boundary) {
    writeText(d / "model_index.json",
              nlohmann::json{{"_class_name", "WanImageToVideoPipeline"},
                             {"boundary_ratio", boundary},
                             {"expand_timesteps", false},
                             {"image_encoder", {nullptr, nullptr}},
                             {"scheduler", {"diffusers", "UniPCMultistepScheduler"}},
                             {"text_encoder", {"transformers", "UMT5EncoderModel"}},
                             {"tokenizer", {"transformers", "T5TokenizerFast"}},
                             {"transformer", {"diffusers", "WanTransformer3DModel"}},
                             {"transformer_2", {"diffusers", "WanTransformer3DModel"}},
                             {"vae", {"diffusers", "AutoencoderKLWan"}}}
                  .dump(1));
    writeShards(d / "transformer", "diffusion_pytorch_model", renamed(dit_, loaders::KeyMap::diffusersDit()), 2);
    writeText(d / "transformer" / "config.json", diffusersTransformerConfig(ditConfig_).dump(1));
    fs::create_directories(d / "transformer_2");
    io::writeSafetensors((d / "transformer_2" / "diffusion_pytorch_model.safetensors").string(),
                         prefixed(renamed(ditBf16_, loaders::KeyMap::diffusersDit()), "", c10::kBFloat16));
    writeText(d / "transformer_2" / "config.json", diffusersTransformerConfig(ditConfig_).dump(1));
    // transformers saves the tied embedding under both names when asked to (safe_serialization
    // drops one of them otherwise): both must load as one official key.
    Named te = renamed(t5_, loaders::KeyMap::transformersUmt5());
    te.emplace_back("encoder.embed_tokens.weight", find(t5_, "token_embedding.weight"));
    writeShards(d / "text_encoder", "model", te, 2);
    writeText(d / "text_encoder" / "config.json", R"({"architectures": ["UMT5EncoderModel"]})");
    writeText(d / "tokenizer" / "spiece.model", spiece_);
    fs::create_directories(d / "vae");
    io::writeSafetensors((d / "vae" / "diffusion_pytorch_model.safetensors").string(),
                         renamed(vae_, loaders::KeyMap::diffusersVae()));
    writeText(d / "vae" / "config.json", R"({"_class_name": "AutoencoderKLWan"})");
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    root_ = tmp_.path().toStdString();
    dit_ = readAll(kFixtures + "/dit_i2v.safetensors");
    ditBf16_ = readAll(kFixtures + "/dit_i2v_bf16.safetensors");
    vae_ = readAll(kFixtures + "/vae.safetensors");
    t5_ = readAll(kFixtures + "/t5.safetensors");
    std::ifstream cfg(kFixtures + "/dit_i2v.config.json");
    ditConfig_ = nlohmann::json::parse(cfg);
    std::ifstream sp(std::string(IFEDIT_TEST_DATA_DIR) + "/t5/spiece.model", std::ios::binary);
    spiece_.assign(std::istreambuf_iterator<char>(sp), {});
    QVERIFY(!spiece_.empty());
    writeOfficial(dir("official"));
    writeDiffusers(dir("diffusers"), 0.9);
  }

  // Names checked one by one against diffusers' scripts/convert_wan_to_diffusers.py and the
  // transformers UMT5 module attributes (not derived from our tables).
  void keyMapsMatchPublishedNames() {
    const std::vector<std::pair<std::string, std::string>> dit = {
        {"patch_embedding.weight", "patch_embedding.weight"},
        {"text_embedding.0.weight", "condition_embedder.text_embedder.linear_1.weight"},
        {"text_embedding.2.bias", "condition_embedder.text_embedder.linear_2.bias"},
        {"time_embedding.0.weight", "condition_embedder.time_embedder.linear_1.weight"},
        {"time_embedding.2.bias", "condition_embedder.time_embedder.linear_2.bias"},
        {"time_projection.1.weight", "condition_embedder.time_proj.weight"},
        {"blocks.0.modulation", "blocks.0.scale_shift_table"},
        {"blocks.1.self_attn.q.weight", "blocks.1.attn1.to_q.weight"},
        {"blocks.0.self_attn.k.bias", "blocks.0.attn1.to_k.bias"},
        {"blocks.0.self_attn.v.weight", "blocks.0.attn1.to_v.weight"},
        {"blocks.0.self_attn.o.weight", "blocks.0.attn1.to_out.0.weight"},
        {"blocks.0.self_attn.norm_q.weight", "blocks.0.attn1.norm_q.weight"},
        {"blocks.0.self_attn.norm_k.weight", "blocks.0.attn1.norm_k.weight"},
        {"blocks.1.cross_attn.q.bias", "blocks.1.attn2.to_q.bias"},
        {"blocks.0.cross_attn.k.weight", "blocks.0.attn2.to_k.weight"},
        {"blocks.0.cross_attn.v.weight", "blocks.0.attn2.to_v.weight"},
        {"blocks.0.cross_attn.o.bias", "blocks.0.attn2.to_out.0.bias"},
        {"blocks.0.cross_attn.norm_q.weight", "blocks.0.attn2.norm_q.weight"},
        {"blocks.0.cross_attn.norm_k.weight", "blocks.0.attn2.norm_k.weight"},
        {"blocks.0.norm3.weight", "blocks.0.norm2.weight"},
        {"blocks.0.norm3.bias", "blocks.0.norm2.bias"},
        {"blocks.0.ffn.0.weight", "blocks.0.ffn.net.0.proj.weight"},
        {"blocks.0.ffn.2.bias", "blocks.0.ffn.net.2.bias"},
        {"blocks.39.ffn.2.weight", "blocks.39.ffn.net.2.weight"},
        {"head.head.weight", "proj_out.weight"},
        {"head.modulation", "scale_shift_table"},
        {"blocks.39.cross_attn.k_img.weight", "blocks.39.attn2.add_k_proj.weight"},
        {"blocks.3.cross_attn.norm_k_img.weight", "blocks.3.attn2.norm_added_k.weight"},
        {"img_emb.proj.1.weight", "condition_embedder.image_embedder.ff.net.0.proj.weight"},
    };
    const std::vector<std::pair<std::string, std::string>> vae = {
        {"encoder.conv1.weight", "encoder.conv_in.weight"},
        {"decoder.conv1.bias", "decoder.conv_in.bias"},
        {"conv1.weight", "quant_conv.weight"},
        {"conv2.bias", "post_quant_conv.bias"},
        {"encoder.downsamples.0.residual.0.gamma", "encoder.down_blocks.0.norm1.gamma"},
        {"encoder.downsamples.3.residual.2.weight", "encoder.down_blocks.3.conv1.weight"},
        {"encoder.downsamples.3.residual.3.gamma", "encoder.down_blocks.3.norm2.gamma"},
        {"encoder.downsamples.3.residual.6.bias", "encoder.down_blocks.3.conv2.bias"},
        {"encoder.downsamples.3.shortcut.weight", "encoder.down_blocks.3.conv_shortcut.weight"},
        {"encoder.downsamples.5.resample.1.weight", "encoder.down_blocks.5.resample.1.weight"},
        {"encoder.downsamples.5.time_conv.bias", "encoder.down_blocks.5.time_conv.bias"},
        {"encoder.middle.0.residual.0.gamma", "encoder.mid_block.resnets.0.norm1.gamma"},
        {"encoder.middle.2.residual.6.weight", "encoder.mid_block.resnets.1.conv2.weight"},
        {"encoder.middle.1.to_qkv.weight", "encoder.mid_block.attentions.0.to_qkv.weight"},
        {"decoder.middle.1.norm.gamma", "decoder.mid_block.attentions.0.norm.gamma"},
        {"decoder.middle.2.residual.3.gamma", "decoder.mid_block.resnets.1.norm2.gamma"},
        {"encoder.head.0.gamma", "encoder.norm_out.gamma"},
        {"decoder.head.2.weight", "decoder.conv_out.weight"},
        {"decoder.upsamples.0.residual.0.gamma", "decoder.up_blocks.0.resnets.0.norm1.gamma"},
        {"decoder.upsamples.2.residual.6.weight", "decoder.up_blocks.0.resnets.2.conv2.weight"},
        {"decoder.upsamples.3.resample.1.weight", "decoder.up_blocks.0.upsamplers.0.resample.1.weight"},
        {"decoder.upsamples.3.time_conv.weight", "decoder.up_blocks.0.upsamplers.0.time_conv.weight"},
        {"decoder.upsamples.4.shortcut.weight", "decoder.up_blocks.1.resnets.0.conv_shortcut.weight"},
        {"decoder.upsamples.6.residual.2.bias", "decoder.up_blocks.1.resnets.2.conv1.bias"},
        {"decoder.upsamples.7.time_conv.bias", "decoder.up_blocks.1.upsamplers.0.time_conv.bias"},
        {"decoder.upsamples.8.residual.3.gamma", "decoder.up_blocks.2.resnets.0.norm2.gamma"},
        {"decoder.upsamples.11.resample.1.bias", "decoder.up_blocks.2.upsamplers.0.resample.1.bias"},
        {"decoder.upsamples.14.residual.6.bias", "decoder.up_blocks.3.resnets.2.conv2.bias"},
    };
    const std::vector<std::pair<std::string, std::string>> t5 = {
        {"token_embedding.weight", "shared.weight"},
        {"blocks.0.norm1.weight", "encoder.block.0.layer.0.layer_norm.weight"},
        {"blocks.0.attn.q.weight", "encoder.block.0.layer.0.SelfAttention.q.weight"},
        {"blocks.23.attn.o.weight", "encoder.block.23.layer.0.SelfAttention.o.weight"},
        {"blocks.0.pos_embedding.embedding.weight",
         "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"},
        {"blocks.0.norm2.weight", "encoder.block.0.layer.1.layer_norm.weight"},
        {"blocks.0.ffn.gate.0.weight", "encoder.block.0.layer.1.DenseReluDense.wi_0.weight"},
        {"blocks.0.ffn.fc1.weight", "encoder.block.0.layer.1.DenseReluDense.wi_1.weight"},
        {"blocks.0.ffn.fc2.weight", "encoder.block.0.layer.1.DenseReluDense.wo.weight"},
        {"norm.weight", "encoder.final_layer_norm.weight"},
    };
    auto check = [](const loaders::KeyMap& map, const std::vector<std::pair<std::string, std::string>>& pairs) {
      for (const auto& [official, foreign] : pairs) {
        QCOMPARE(map.toForeign(official).value_or("<none>"), foreign);
        QCOMPARE(map.toOfficial(foreign).value_or("<none>"), official);
      }
    };
    check(loaders::KeyMap::diffusersDit(), dit);
    check(loaders::KeyMap::diffusersVae(), vae);
    check(loaders::KeyMap::transformersUmt5(), t5);
    QCOMPARE(loaders::KeyMap::transformersUmt5().toOfficial("encoder.embed_tokens.weight").value_or(""),
             std::string("token_embedding.weight"));
    QVERIFY(loaders::KeyMap::transformersUmt5().isAlias("encoder.embed_tokens.weight"));
    QVERIFY(!loaders::KeyMap::diffusersDit().toOfficial("blocks.0.attn3.to_q.weight"));
  }

  // Every fixture key has a distinct foreign spelling without official remnants, and maps back.
  void keyMapsCoverFixtureKeys() {
    struct Case {
      const Named* tensors;
      const loaders::KeyMap* map;
      std::vector<std::string> officialOnly;
    };
    const Case cases[] = {
        {&dit_, &loaders::KeyMap::diffusersDit(),
         {"self_attn", "cross_attn", "modulation", "norm3", ".ffn.0", ".ffn.2", "head.", "time_embedding"}},
        {&vae_, &loaders::KeyMap::diffusersVae(),
         {"downsamples", "upsamples", "middle", "residual", "head", ".shortcut."}},
        {&t5_, &loaders::KeyMap::transformersUmt5(), {"blocks.", "token_embedding", "attn.", "ffn", "pos_embedding"}},
    };
    for (const auto& c : cases) {
      std::set<std::string> foreignNames;
      for (const auto& [name, t] : *c.tensors) {
        const auto foreign = c.map->toForeign(name);
        QVERIFY2(foreign, ("no foreign name for " + name).c_str());
        QVERIFY2(foreignNames.insert(*foreign).second, ("two keys map to " + *foreign).c_str());
        for (const auto& part : c.officialOnly)
          QVERIFY2(!has(*foreign, part), (name + " -> " + *foreign + " keeps '" + part + "'").c_str());
        QCOMPARE(c.map->toOfficial(*foreign).value_or("<none>"), name);
      }
      std::vector<std::string> officialNames, foreignList(foreignNames.begin(), foreignNames.end());
      for (const auto& [name, t] : *c.tensors) officialNames.push_back(name);
      for (const auto& f : foreignList) QVERIFY2(f.rfind("conv1.", 0) != 0 && f.rfind("conv2.", 0) != 0, f.c_str());
      QVERIFY(c.map->looksForeign(foreignList));
      QVERIFY(!c.map->looksForeign(officialNames));
    }
  }

  void f8EncoderRoundsToNearestEven() {
    for (int b = 0; b < 256; ++b) {
      if ((b & 0x7f) == 0x7f) continue;  // NaN
      QCOMPARE(int(f32ToE4M3(e4m3ToF32(uint8_t(b)))), b);
    }
    QCOMPARE(e4m3ToF32(0x7e), 448.0f);
    QCOMPARE(int(f32ToE4M3(1000.0f)), 0x7e);   // saturates
    QCOMPARE(int(f32ToE4M3(-1e9f)), 0xfe);
    QCOMPARE(int(f32ToE4M3(1.0625f)), 0x38);   // tie between 1.0 (even) and 1.125 -> 1.0
    QCOMPARE(int(f32ToE4M3(1.1875f)), 0x3a);   // tie between 1.125 and 1.25 (even) -> 1.25
    QCOMPARE(int(f32ToE4M3(1.05f)), 0x38);
    QCOMPARE(int(f32ToE4M3(1.07f)), 0x39);
    QCOMPARE(int(f32ToE4M3(1.9375f)), 0x40);   // tie 1.875 / 2.0 (even, carries the exponent)
    QCOMPARE(int(f32ToE4M3(std::ldexp(3.0f, -10))), 0x02);  // subnormal tie 1.5*2^-9 -> 2*2^-9
    QCOMPARE(int(f32ToE4M3(std::ldexp(1.0f, -10))), 0x00);  // tie 0 / 2^-9 -> 0
    QCOMPARE(int(f32ToE4M3(std::ldexp(15.0f, -10))), 0x08); // 7.5*2^-9 -> 8*2^-9 = smallest normal
  }

  void officialLayout() {
    const auto set = loaders::detectModelSet(dir("official").string());
    qInfo().noquote() << QString::fromStdString(set.report());
    QCOMPARE(set.layout, std::string("official"));
    QVERIFY2(set.complete(), set.report().c_str());
    QCOMPARE(set.boundary, 0.9);
    QVERIFY(has(set.highNoise, "high_noise_model"));
    QVERIFY(has(set.tokenizer, "umt5-xxl"));
    expectExact(*loaders::openExpert(set.highNoise), dit_);
    expectExact(*loaders::openExpert(set.lowNoise), ditBf16_);
    expectExact(*loaders::openTextEncoder(set.textEncoder), t5_);
    expectExact(*loaders::openVae(set.vae), vae_);
    const auto config = loaders::expertConfig(set.highNoise);
    QCOMPARE(config, ditConfig_);
  }

  void diffusersLayout() {
    auto set = loaders::detectModelSet(dir("diffusers").string());
    qInfo().noquote() << QString::fromStdString(set.report());
    QCOMPARE(set.layout, std::string("diffusers"));
    QVERIFY2(set.complete(), set.report().c_str());
    QCOMPARE(set.boundary, 0.9);
    QVERIFY(has(set.highNoise, "transformer") && !has(set.highNoise, "transformer_2"));
    QVERIFY(has(set.lowNoise, "transformer_2"));
    auto high = loaders::openExpert(set.highNoise);
    QVERIFY(has(high->describe(), "diffusers WanTransformer3DModel"));
    expectExact(*high, dit_);
    expectExact(*loaders::openExpert(set.lowNoise), ditBf16_);
    expectExact(*loaders::openTextEncoder(set.textEncoder), t5_);  // alias embed_tokens hidden
    expectExact(*loaders::openVae(set.vae), vae_);
    // The diffusers config comes back in the official format with the fixture's values.
    const auto config = loaders::expertConfig(set.highNoise);
    for (const char* key : {"dim", "num_heads", "in_dim", "out_dim", "ffn_dim", "freq_dim", "text_dim", "num_layers",
                            "eps", "patch_size", "qk_norm", "cross_attn_norm", "model_type"})
      QVERIFY2(config.contains(key) && config[key] == ditConfig_[key], key);
    // boundary_ratio is read, not assumed.
    writeText(dir("diffusers") / "model_index.json", R"({"boundary_ratio": 0.875})");
    QCOMPARE(loaders::detectModelSet(dir("diffusers").string()).boundary, 0.875);
    writeText(dir("diffusers") / "model_index.json", R"({"boundary_ratio": 0.9})");
  }

  void comfyPrefixes() {
    for (const std::string prefix : {"model.diffusion_model.", "diffusion_model.", ""}) {
      const auto file = dir("prefix") / ("dit_" + std::to_string(prefix.size()) + ".safetensors");
      fs::create_directories(file.parent_path());
      io::writeSafetensors(file.string(), prefixed(dit_, prefix, c10::kFloat));
      expectExact(*loaders::openExpert(file.string()), dit_);
    }
    const auto vaeFile = dir("prefix") / "vae_prefixed.safetensors";
    io::writeSafetensors(vaeFile.string(), prefixed(vae_, "first_stage_model.", c10::kFloat));
    expectExact(*loaders::openVae(vaeFile.string()), vae_);
  }

  // ComfyUI folder tree: fp16 preferred over fp8_scaled, fp8 low-noise expert, bf16 VAE,
  // fp8_scaled text encoder with transformers keys, scale_input and an embedded tokenizer.
  void comfyLayoutAndFp8() {
    const fs::path d = dir("comfy");
    const fs::path models = d / "models" / "diffusion_models";
    fs::create_directories(models);
    io::writeSafetensors((models / "wan2.2_i2v_high_noise_14B_fp16.safetensors").string(),
                         prefixed(dit_, "model.diffusion_model.", c10::kHalf));
    auto linearButHead = [](const std::string& name, const at::Tensor& t) {
      return isLinearWeight(name, t) && name != "head.head.weight";
    };
    const Named highFp8 = writeFp8Scaled(models / "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors", dit_,
                                         "model.diffusion_model.", "scaled_fp8", 2, linearButHead, {}, false);
    const Named lowFp8 = writeFp8Scaled(models / "wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors", ditBf16_,
                                        "diffusion_model.", "diffusion_model.scaled_fp8", 2, linearButHead, {}, false);
    fs::create_directories(d / "models" / "vae");
    io::writeSafetensors((d / "models" / "vae" / "wan_2.1_vae.safetensors").string(),
                         prefixed(vae_, "", c10::kBFloat16));
    auto blockLinear = [](const std::string& name, const at::Tensor& t) {
      return isLinearWeight(name, t) && has(name, "encoder.block.");
    };
    const Named t5Fp8Foreign =
        writeFp8Scaled(d / "models" / "text_encoders" / "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
                       renamed(t5_, loaders::KeyMap::transformersUmt5()), "", "scaled_fp8", 0, blockLinear, {1},
                       true, spiece_);
    writeText(d / "models" / "loras" / "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors", "x");

    auto set = loaders::detectModelSet(d.string());
    qInfo().noquote() << QString::fromStdString(set.report());
    QCOMPARE(set.layout, std::string("comfyui"));
    QVERIFY2(set.complete(), set.report().c_str());
    QVERIFY(has(set.highNoise, "high_noise_14B_fp16"));
    QVERIFY(has(set.lowNoise, "low_noise_14B_fp8_scaled"));
    QVERIFY(has(set.tokenizerEmbeddedIn, "umt5_xxl_fp8_e4m3fn_scaled"));
    QVERIFY(set.tokenizer.empty());
    QCOMPARE(set.notes.size(), size_t(1));
    QVERIFY(has(set.notes[0], "fp16.safetensors chosen over wan2.2_i2v_high_noise_14B_fp8_scaled"));
    QCOMPARE(loaders::embeddedTokenizerModel(set.textEncoder), spiece_);
    QVERIFY(loaders::expertConfig(set.highNoise).is_null());

    expectExact(*loaders::openExpert(set.highNoise), roundedTo(dit_, c10::kHalf));
    expectExact(*loaders::openVae(set.vae), roundedTo(vae_, c10::kBFloat16));

    // fp8: exactly W_fp8 * scale, and within the e4m3 rounding bound of the original weights.
    auto checkFp8 = [](const io::WeightSource& source, const Named& expected, const Named& original,
                       const char* what) {
      expectExact(source, expected);
      double worst = 0, worstRel = 0;
      size_t quantised = 0;
      for (size_t i = 0; i < original.size(); ++i) {
        const at::Tensor deq = expected[i].second, w = original[i].second;
        if (deq.equal(w)) continue;
        ++quantised;
        const double absmax = w.abs().max().item<double>();
        const double scale = absmax / 448.0;
        // Half an e4m3 ulp: 2^-4 of the value for normals, 2^-10 * scale for subnormals.
        const auto err = deq.to(c10::kDouble).sub(w.to(c10::kDouble)).abs();
        const auto bound = w.to(c10::kDouble).abs().mul(1.0 / 16).add(scale / 1024 + 1e-7 * absmax);
        QVERIFY2(err.le(bound).all().item<bool>(), (original[i].first + " exceeds the e4m3 rounding bound").c_str());
        worst = std::max(worst, err.max().item<double>());
        worstRel = std::max(worstRel, err.max().item<double>() / absmax);
      }
      QVERIFY(quantised > 0);
      qInfo("%s: %zu fp8 weights, max |W_loaded - W| = %.3g, max relative to the tensor's absmax = %.3g "
            "(e4m3 half-ulp bound near absmax: 16/448 = 0.0357)",
            what, quantised, worst, worstRel);
      QVERIFY(worstRel <= 16.0 / 448 + 1e-6);
    };
    auto highFp8Source = loaders::openExpert((models / "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors").string());
    QVERIFY(has(highFp8Source->describe(), "fp8_scaled"));
    checkFp8(*highFp8Source, highFp8, dit_, "DiT high (fp8_scaled)");
    checkFp8(*loaders::openExpert(set.lowNoise), lowFp8, ditBf16_, "DiT low (fp8_scaled)");
    // The T5 file is in transformers naming: expected values renamed back to official keys.
    Named t5Expected, t5Original;
    for (size_t i = 0; i < t5_.size(); ++i) {
      t5Expected.emplace_back(t5_[i].first, t5Fp8Foreign[i].second);
      t5Original.push_back(t5_[i]);
    }
    auto te = loaders::openTextEncoder(set.textEncoder);
    checkFp8(*te, t5Expected, t5Original, "UMT5 (fp8_e4m3fn_scaled)");
    for (const auto& n : te->names()) QVERIFY2(!has(n, "scale") && !has(n, "spiece"), n.c_str());
  }

  void comfyFlatFolderAndMissingTokenizer() {
    const fs::path d = dir("comfyflat");
    fs::create_directories(d);
    io::writeSafetensors((d / "wan2.2_i2v_high_noise_14B_fp16.safetensors").string(),
                         prefixed(dit_, "", c10::kHalf));
    io::writeSafetensors((d / "wan2.2_i2v_low_noise_14B_fp16.safetensors").string(),
                         prefixed(ditBf16_, "diffusion_model.", c10::kHalf));
    io::writeSafetensors((d / "wan_2.1_vae.safetensors").string(), vae_);
    io::writeSafetensors((d / "umt5_xxl_fp16.safetensors").string(),
                         prefixed(renamed(t5_, loaders::KeyMap::transformersUmt5()), "", c10::kHalf));
    auto set = loaders::detectModelSet(d.string());
    QCOMPARE(set.layout, std::string("comfyui"));
    QCOMPARE(set.missing.size(), size_t(1));
    QVERIFY2(has(set.missing[0], "tokenizer") && has(set.missing[0], "spiece.model"), set.missing[0].c_str());
    writeText(d / "google" / "umt5-xxl" / "spiece.model", spiece_);
    set = loaders::detectModelSet(d.string());
    QVERIFY2(set.complete(), set.report().c_str());
    expectExact(*loaders::openExpert(set.lowNoise), roundedTo(ditBf16_, c10::kHalf));
    expectExact(*loaders::openTextEncoder(set.textEncoder), roundedTo(t5_, c10::kHalf));
    expectExact(*loaders::openVae(set.vae), vae_);
  }

  // Downloads that are not Wan2.2-I2V-A14B, or not whole, are named as such before anything loads.
  void wrongOrPartialDownloadsAreNamed() {
    // Wan2.2-T2V-A14B: the official file names, a text-to-video config.
    const fs::path t2v = dir("t2v");
    writeOfficial(t2v);
    auto t2vConfig = ditConfig_;
    t2vConfig["model_type"] = "t2v";
    t2vConfig["in_dim"] = 16;
    for (const char* expert : {"high_noise_model", "low_noise_model"})
      writeText(t2v / expert / "config.json", t2vConfig.dump(1));
    auto set = loaders::detectModelSet(t2v.string());
    QVERIFY(!set.complete());
    QCOMPARE(set.missing.size(), size_t(2));
    QVERIFY2(has(set.missing[0], "holds a model with model_type \"t2v\", in_dim 16") &&
                 has(set.missing[0], "not an image-to-video expert") && has(set.missing[0], "this is Wan2.2-T2V-A14B"),
             set.missing[0].c_str());
    QVERIFY(set.highNoise.empty() && set.lowNoise.empty());
    QCOMPARE(set.otherModel, std::string("Wan2.2-T2V-A14B"));

    // ... and in the Diffusers layout (WanPipeline: in_channels 16).
    const fs::path dt2v = dir("diffusers_t2v");
    writeDiffusers(dt2v, 0.875);
    auto diffusersT2v = diffusersTransformerConfig(ditConfig_);
    diffusersT2v["in_channels"] = 16;
    writeText(dt2v / "transformer_2" / "config.json", diffusersT2v.dump(1));
    set = loaders::detectModelSet(dt2v.string());
    QCOMPARE(set.missing.size(), size_t(1));
    QVERIFY2(has(set.missing[0], "(transformer_2)") && has(set.missing[0], "in_dim 16"), set.missing[0].c_str());
    QCOMPARE(set.otherModel, std::string("Wan2.2-T2V-A14B"));
    // Diffusers TI2V-5B (48 channels in and out) is named as such, not as T2V.
    auto diffusersTi2v = diffusersTransformerConfig(ditConfig_);
    diffusersTi2v["in_channels"] = 48;
    diffusersTi2v["out_channels"] = 48;
    writeText(dt2v / "transformer_2" / "config.json", diffusersTi2v.dump(1));
    set = loaders::detectModelSet(dt2v.string());
    QVERIFY2(has(set.missing.at(0), "this is Wan2.2-TI2V-5B") && !has(set.missing.at(0), "T2V-A14B"), set.report().c_str());
    QCOMPARE(set.otherModel, std::string("Wan2.2-TI2V-5B"));

    // Wan2.2-TI2V-5B (one model at the root, the Wan2.2 VAE) beside the same text encoder.
    const fs::path ti2v = dir("ti2v");
    fs::create_directories(ti2v);
    fs::copy_file(kFixtures + "/t5.pth", ti2v / "models_t5_umt5-xxl-enc-bf16.pth");
    writeText(ti2v / "Wan2.2_VAE.pth", "x");
    writeText(ti2v / "config.json", ditConfig_.dump(1));
    io::writeSafetensors((ti2v / "diffusion_pytorch_model.safetensors").string(), dit_);
    set = loaders::detectModelSet(ti2v.string());
    QVERIFY2(has(set.missing.at(0), "single-model checkpoint (Wan2.2-TI2V-5B or Wan2.1"), set.report().c_str());
    QCOMPARE(set.otherModel, std::string("Wan2.2-TI2V-5B or Wan2.1"));

    // ComfyUI files of the other Wan2.2 models are named, not ignored.
    const fs::path comfyOther = dir("comfy_other");
    fs::create_directories(comfyOther / "models" / "diffusion_models");
    io::writeSafetensors((comfyOther / "models" / "diffusion_models" / "wan2.2_t2v_high_noise_14B_fp16.safetensors").string(),
                         prefixed(dit_, "", c10::kHalf));
    set = loaders::detectModelSet(comfyOther.string());
    QCOMPARE(set.layout, std::string("comfyui"));
    QCOMPARE(set.otherModel, std::string("Wan2.2-T2V-A14B"));
    QVERIFY2(has(set.missing.at(0), "wan2.2_t2v_high_noise_14B_fp16.safetensors is Wan2.2-T2V-A14B (text-to-video), "
                                    "not Wan2.2-I2V-A14B"),
             set.report().c_str());
    io::writeSafetensors((comfyOther / "wan2.2_ti2v_5B_fp16.safetensors").string(), prefixed(dit_, "", c10::kHalf));
    writeText(comfyOther / "wan2.2_vae.safetensors", "x");
    set = loaders::detectModelSet(comfyOther.string());
    QVERIFY2(has(set.report(), "wan2.2_ti2v_5B_fp16.safetensors is Wan2.2-TI2V-5B") &&
                 has(set.report(), "wan2.2_vae.safetensors is the VAE of Wan2.2-TI2V-5B"),
             set.report().c_str());
    // Beside a complete I2V set (ComfyUI folders often hold several models) they are only noted.
    const fs::path mixed = dir("comfy_mixed");
    fs::create_directories(mixed / "models" / "diffusion_models");
    fs::create_directories(mixed / "models" / "vae");
    for (const char* name : {"wan2.2_i2v_high_noise_14B_fp16.safetensors", "wan2.2_i2v_low_noise_14B_fp16.safetensors",
                             "wan2.2_t2v_high_noise_14B_fp16.safetensors", "wan2.2_ti2v_5B_fp16.safetensors"})
      io::writeSafetensors((mixed / "models" / "diffusion_models" / name).string(), prefixed(dit_, "", c10::kHalf));
    io::writeSafetensors((mixed / "models" / "vae" / "wan_2.1_vae.safetensors").string(), vae_);
    io::writeSafetensors((mixed / "models" / "vae" / "wan2.2_vae.safetensors").string(), vae_);
    io::writeSafetensors((mixed / "umt5_xxl_fp16.safetensors").string(),
                         prefixed(renamed(t5_, loaders::KeyMap::transformersUmt5()), "", c10::kHalf));
    writeText(mixed / "google" / "umt5-xxl" / "spiece.model", spiece_);
    set = loaders::detectModelSet(mixed.string());
    QVERIFY2(set.complete(), set.report().c_str());
    QVERIFY(set.otherModel.empty());
    QVERIFY(has(set.highNoise, "wan2.2_i2v_high_noise") && has(set.vae, "wan_2.1_vae"));
    QVERIFY2(has(set.report(), "wan2.2_t2v_high_noise_14B_fp16.safetensors is Wan2.2-T2V-A14B (text-to-video): not used"),
             set.report().c_str());

    // A Hugging Face cache folder: the snapshot refs/main names is used.
    const fs::path hf = dir("hub") / "models--Wan-AI--Wan2.2-I2V-A14B";
    fs::create_directories(hf / "blobs");
    fs::create_directories(hf / "snapshots" / "0123older");
    writeOfficial(hf / "snapshots" / "4567abcd");
    writeText(hf / "refs" / "main", "4567abcd\n");
    set = loaders::detectModelSet(hf.string());
    QVERIFY2(set.complete(), set.report().c_str());
    QCOMPARE(set.layout, std::string("official"));
    QVERIFY(has(set.highNoise, "snapshots/4567abcd/high_noise_model"));
    QVERIFY(has(set.notes.at(0), "Hugging Face cache folder: using snapshots/4567abcd"));
    // ... chosen one level up (the hub folder the cache lives in, which Browse shows).
    set = loaders::detectModelSet((dir("hub")).string());
    QVERIFY2(set.complete(), set.report().c_str());
    QVERIFY(has(set.notes.at(0), "Hugging Face hub folder: using models--Wan-AI--Wan2.2-I2V-A14B"));
    // One part of a model chosen: the folder above is asked for.
    set = loaders::detectModelSet((hf / "snapshots" / "4567abcd" / "high_noise_model").string());
    QVERIFY2(has(set.missing.at(0), "high_noise_model/ is one part of a model: choose the folder above it"),
             set.report().c_str());
    fs::remove(hf / "refs" / "main");
    set = loaders::detectModelSet(hf.string());
    QVERIFY2(!set.complete() && has(set.missing.at(0), "choose the folder snapshots/<revision>/"), set.report().c_str());

    // A ComfyUI text encoder cut short: named as an incomplete file, not as a missing tokenizer.
    const fs::path cut = dir("comfy_cut");
    fs::create_directories(cut);
    io::writeSafetensors((cut / "wan2.2_i2v_high_noise_14B_fp16.safetensors").string(), prefixed(dit_, "", c10::kHalf));
    io::writeSafetensors((cut / "wan2.2_i2v_low_noise_14B_fp16.safetensors").string(), prefixed(dit_, "", c10::kHalf));
    io::writeSafetensors((cut / "wan_2.1_vae.safetensors").string(), vae_);
    const fs::path te = cut / "umt5_xxl_fp16.safetensors";
    writeRaw(te, {{"spiece_model", "U8", {int64_t(spiece_.size())}, spiece_}, rawOf("shared.weight", find(t5_, "token_embedding.weight"))});
    fs::resize_file(te, fs::file_size(te) / 2);
    set = loaders::detectModelSet(cut.string());
    QCOMPARE(set.missing.size(), size_t(1));
    QVERIFY2(has(set.missing[0], "text encoder: ") && has(set.missing[0], "umt5_xxl_fp16.safetensors") &&
                 has(set.missing[0], "incomplete download") && !has(set.missing[0], "spiece.model"),
             set.missing[0].c_str());
  }

  // Downloads cut short (a shard of an official expert, the VAE's torch zip, a ComfyUI file) are
  // named as such by the detection, before anything loads.
  void cutDownloadsAreNamedByDetection() {
    const fs::path d = dir("official_cut");
    writeOfficial(d);
    const fs::path shard = d / "high_noise_model" / "diffusion_pytorch_model-00002-of-00003.safetensors";
    fs::resize_file(shard, fs::file_size(shard) - 64);
    const fs::path vae = d / "Wan2.1_VAE.pth";
    fs::resize_file(vae, fs::file_size(vae) / 2);
    auto set = loaders::detectModelSet(d.string());
    qInfo().noquote() << QString::fromStdString(set.report());
    QCOMPARE(set.missing.size(), size_t(2));
    QVERIFY2(has(set.missing[0], "high-noise expert: ") && has(set.missing[0], "00002-of-00003.safetensors") &&
                 has(set.missing[0], "cut short (an incomplete download?)"),
             set.missing[0].c_str());
    QVERIFY2(has(set.missing[1], "VAE: ") && has(set.missing[1], "Wan2.1_VAE.pth") &&
                 has(set.missing[1], "cut short (an incomplete download?)"),
             set.missing[1].c_str());
    QVERIFY(set.highNoise.empty() && set.vae.empty());
    QVERIFY(!set.lowNoise.empty() && !set.textEncoder.empty());
    // A pipe named like a shard is refused, not waited on (detection runs on the UI thread).
    fs::remove(shard);
    QCOMPARE(mkfifo(shard.c_str(), 0600), 0);
    set = loaders::detectModelSet(d.string());
    QVERIFY2(has(set.missing.at(0), "00002-of-00003.safetensors"), set.report().c_str());

    const fs::path c = dir("comfy_cut_expert");
    fs::create_directories(c);
    io::writeSafetensors((c / "wan2.2_i2v_high_noise_14B_fp16.safetensors").string(), prefixed(dit_, "", c10::kHalf));
    const fs::path low = c / "wan2.2_i2v_low_noise_14B_fp16.safetensors";
    io::writeSafetensors(low.string(), prefixed(dit_, "", c10::kHalf));
    fs::resize_file(low, fs::file_size(low) * 2 / 3);
    io::writeSafetensors((c / "wan_2.1_vae.safetensors").string(), vae_);
    io::writeSafetensors((c / "umt5_xxl_fp16.safetensors").string(),
                         prefixed(renamed(t5_, loaders::KeyMap::transformersUmt5()), "", c10::kHalf));
    writeText(c / "google" / "umt5-xxl" / "spiece.model", spiece_);
    set = loaders::detectModelSet(c.string());
    QCOMPARE(set.missing.size(), size_t(1));
    QVERIFY2(has(set.missing[0], "low-noise expert: ") && has(set.missing[0], "cut short") &&
                 has(set.missing[0], "the file holds"),
             set.missing[0].c_str());
  }

  void loraMergesIntoExpert() {
    // Lightning style: diffusion_model. prefix, lora_down/lora_up/alpha, plus a bias diff.
    const int64_t rank = 4;
    const float alpha = 2.0f;
    const double strength = 0.75;
    std::map<std::string, at::Tensor> ref;
    for (const auto& [n, t] : dit_) ref[n] = t;
    Named lora;
    std::map<std::string, at::Tensor> expected;  // official weight -> expected merged value (double)
    uint32_t seed = 1;
    for (const auto& [name, w] : dit_) {
      if (!isLinearWeight(name, w) || !has(name, "blocks.")) continue;
      const std::string module = name.substr(0, name.size() - 7);
      const at::Tensor down = random({rank, w.size(1)}, seed++, 0.2f);
      const at::Tensor up = random({w.size(0), rank}, seed++, 0.2f);
      lora.emplace_back("diffusion_model." + module + ".lora_down.weight", down);
      lora.emplace_back("diffusion_model." + module + ".lora_up.weight", up);
      lora.emplace_back("diffusion_model." + module + ".alpha", scalar(alpha));
      expected[name] = w.to(c10::kDouble).add(up.to(c10::kDouble).mm(down.to(c10::kDouble)), strength * alpha / rank);
    }
    const at::Tensor diffB = random({ref["blocks.0.self_attn.q.bias"].size(0)}, 99, 0.1f);
    lora.emplace_back("diffusion_model.blocks.0.self_attn.q.diff_b", diffB);
    expected["blocks.0.self_attn.q.bias"] = ref["blocks.0.self_attn.q.bias"].to(c10::kDouble).add(diffB.to(c10::kDouble), strength);
    // lightx2v's distill LoRAs: modulation deltas as "<module>.diff_m" (LightX2V's loader adds
    // them to <module>.modulation), and Wan2.1's image branch, which a Wan2.2 expert does not have
    // (skipped, as LightX2V and ComfyUI skip them).
    for (const std::string module : {"blocks.1", "head"}) {
      const at::Tensor diffM = random(ref[module + ".modulation"].sizes().vec(), seed++, 0.05f);
      lora.emplace_back("diffusion_model." + module + ".diff_m", diffM);
      expected[module + ".modulation"] =
          ref[module + ".modulation"].to(c10::kDouble).add(diffM.to(c10::kDouble), strength);
    }
    lora.emplace_back("diffusion_model.blocks.0.cross_attn.k_img.lora_down.weight", random({rank, 64}, seed++, 0.2f));
    lora.emplace_back("diffusion_model.blocks.0.cross_attn.k_img.lora_up.weight", random({64, rank}, seed++, 0.2f));
    lora.emplace_back("diffusion_model.blocks.0.cross_attn.norm_k_img.diff", random({64}, seed++, 0.2f));
    lora.emplace_back("diffusion_model.img_emb.proj.1.diff_b", random({64}, seed++, 0.2f));
    const auto loraFile = dir("loras") / "lightning_high.safetensors";
    fs::create_directories(loraFile.parent_path());
    io::writeSafetensors(loraFile.string(), lora);

    loaders::LoraStats stats;
    auto merged = loaders::withLora(loaders::openExpert((dir("official") / "high_noise_model").string()),
                                    loraFile.string(), strength, &stats);
    QCOMPARE(stats.lowRankModules, size_t(20));
    QCOMPARE(stats.diffTensors, size_t(3));
    QCOMPARE(stats.skippedImageBranch, size_t(4));
    QCOMPARE(stats.minRank, rank);
    double worst = 0;
    for (const auto& [name, w] : dit_) {
      const at::Tensor loaded = merged->load(name, c10::kFloat, c10::kCPU);
      auto it = expected.find(name);
      if (it == expected.end()) {
        QVERIFY2(loaded.equal(w), (name + " changed though the LoRA does not touch it").c_str());
        continue;
      }
      const double err = maxAbs(loaded, it->second);
      QVERIFY2(err <= 1e-6, (name + " merged error " + std::to_string(err)).c_str());
      QVERIFY(maxAbs(loaded, w) > 1e-3);  // the LoRA really changed it
      worst = std::max(worst, err);
    }
    qInfo("LoRA (rank %lld, alpha %.1f, strength %.2f): max |W_loaded - (W + s*alpha/rank*up@down)| = %.3g",
          (long long)rank, alpha, strength, worst);
    // Loading merged weights must not alter the checkpoint's mapped pages for later loads.
    expectExact(*loaders::openExpert((dir("official") / "high_noise_model").string()), dit_);
    QVERIFY(merged->load("blocks.0.self_attn.q.weight", c10::kFloat, c10::kCPU)
                .equal(merged->load("blocks.0.self_attn.q.weight", c10::kFloat, c10::kCPU)));

    // Diffusers / PEFT style (transformer. prefix, lora_A/lora_B, no alpha = factor 1) merged into
    // the Diffusers-layout expert, and a kohya-named module.
    Named peft;
    const at::Tensor a = random({8, 64}, 7, 0.3f), b = random({64, 8}, 8, 0.3f);
    peft.emplace_back("transformer.blocks.1.attn2.to_v.lora_A.weight", a);
    peft.emplace_back("transformer.blocks.1.attn2.to_v.lora_B.weight", b);
    const at::Tensor kd = random({2, 64}, 9, 0.3f), ku = random({128, 2}, 10, 0.3f);
    peft.emplace_back("lora_unet_blocks_0_ffn_0.lora_down.weight", kd);
    peft.emplace_back("lora_unet_blocks_0_ffn_0.lora_up.weight", ku);
    peft.emplace_back("lora_unet_blocks_0_ffn_0.alpha", scalar(1.0f));
    const auto peftFile = dir("loras") / "peft.safetensors";
    io::writeSafetensors(peftFile.string(), peft);
    auto merged2 = loaders::withLora(loaders::openExpert((dir("diffusers") / "transformer").string()),
                                     peftFile.string(), 1.3);
    const at::Tensor v = merged2->load("blocks.1.cross_attn.v.weight", c10::kFloat, c10::kCPU);
    QVERIFY(maxAbs(v, ref["blocks.1.cross_attn.v.weight"].to(c10::kDouble).add(b.to(c10::kDouble).mm(a.to(c10::kDouble)), 1.3)) <= 1e-6);
    const at::Tensor f = merged2->load("blocks.0.ffn.0.weight", c10::kFloat, c10::kCPU);
    QVERIFY(maxAbs(f, ref["blocks.0.ffn.0.weight"].to(c10::kDouble).add(ku.to(c10::kDouble).mm(kd.to(c10::kDouble)), 1.3 * 0.5)) <= 1e-6);
    // bf16 target dtype: the merge happens in float32, then one rounding.
    const at::Tensor vb = merged2->load("blocks.1.cross_attn.v.weight", c10::kBFloat16, c10::kCPU);
    QVERIFY(vb.scalar_type() == c10::kBFloat16 && vb.to(c10::kFloat).equal(v.to(c10::kBFloat16).to(c10::kFloat)));
  }

  void loraErrorsNameTheProblem() {
    auto expert = [&] { return loaders::openExpert((dir("official") / "high_noise_model").string()); };
    auto write = [&](const std::string& file, const Named& tensors) {
      io::writeSafetensors((dir("loras") / file).string(), tensors);
      return (dir("loras") / file).string();
    };
    const auto unknown = write("unknown.safetensors", {{"diffusion_model.blocks.7.self_attn.q.lora_down.weight", random({4, 64}, 1, 1)},
                                                       {"diffusion_model.blocks.7.self_attn.q.lora_up.weight", random({64, 4}, 2, 1)}});
    auto msg = errorOf([&] { loaders::withLora(expert(), unknown, 1.0); });
    QVERIFY2(has(msg, "unknown.safetensors") && has(msg, "blocks.7.self_attn.q") && has(msg, "no weight in the expert"),
             msg.c_str());
    const auto unpaired = write("unpaired.safetensors", {{"blocks.0.self_attn.q.lora_up.weight", random({64, 4}, 2, 1)}});
    msg = errorOf([&] { loaders::withLora(expert(), unpaired, 1.0); });
    QVERIFY2(has(msg, "blocks.0.self_attn.q") && has(msg, "needs both up and down"), msg.c_str());
    const auto misshapen = write("misshapen.safetensors", {{"blocks.0.ffn.0.lora_down.weight", random({4, 64}, 1, 1)},
                                                           {"blocks.0.ffn.0.lora_up.weight", random({64, 4}, 2, 1)}});
    msg = errorOf([&] { loaders::withLora(expert(), misshapen, 1.0); });
    QVERIFY2(has(msg, "blocks.0.ffn.0") && has(msg, "[128, 64]"), msg.c_str());
    const auto strange = write("strange.safetensors", {{"blocks.0.ffn.0.hada_w1_a", random({4, 64}, 1, 1)}});
    msg = errorOf([&] { loaders::withLora(expert(), strange, 1.0); });
    QVERIFY2(has(msg, "unrecognised keys") && has(msg, "hada_w1_a"), msg.c_str());
    // An alpha that is not a number would turn every merged weight into NaN.
    const auto nanAlpha = write("nan_alpha.safetensors", {{"blocks.0.self_attn.q.lora_down.weight", random({4, 64}, 1, 1)},
                                                          {"blocks.0.self_attn.q.lora_up.weight", random({64, 4}, 2, 1)},
                                                          {"blocks.0.self_attn.q.alpha", scalar(std::nanf(""))}});
    msg = errorOf([&] { loaders::withLora(expert(), nanAlpha, 1.0); });
    QVERIFY2(has(msg, "blocks.0.self_attn.q.alpha") && has(msg, "finite"), msg.c_str());
    // One tensor under two spellings (with and without the prefix): refused, not one picked.
    const auto twice = write("twice.safetensors", {{"blocks.0.self_attn.q.lora_down.weight", random({4, 64}, 1, 1)},
                                                   {"diffusion_model.blocks.0.self_attn.q.lora_down.weight", random({4, 64}, 3, 1)},
                                                   {"blocks.0.self_attn.q.lora_up.weight", random({64, 4}, 2, 1)}});
    msg = errorOf([&] { loaders::withLora(expert(), twice, 1.0); });
    QVERIFY2(has(msg, "same tensor") && has(msg, "diffusion_model.blocks.0.self_attn.q.lora_down.weight"), msg.c_str());
    // A strength that is not a number (a hand-edited setting) is refused, naming the LoRA.
    msg = errorOf([&] { loaders::withLora(expert(), misshapen, std::numeric_limits<double>::quiet_NaN()); });
    QVERIFY2(has(msg, "misshapen.safetensors") && has(msg, "strength") && has(msg, "finite"), msg.c_str());
  }

  void incompleteFoldersReportWhatIsMissing() {
    // Official download interrupted: one shard of two, no low-noise expert, no T5, no tokenizer.
    const fs::path d = dir("official_partial");
    writeShards(d / "high_noise_model", "diffusion_pytorch_model", dit_, 2);
    writeText(d / "high_noise_model" / "config.json", ditConfig_.dump());
    fs::remove(d / "high_noise_model" / "diffusion_pytorch_model-00002-of-00002.safetensors");
    fs::copy_file(kFixtures + "/vae.pth", d / "Wan2.1_VAE.pth");
    auto set = loaders::detectModelSet(d.string());
    qInfo().noquote() << QString::fromStdString(set.report());
    QCOMPARE(set.layout, std::string("official"));
    QCOMPARE(set.missing.size(), size_t(4));
    const std::string all = set.report();
    QVERIFY(has(all, "diffusion_pytorch_model-00002-of-00002.safetensors"));
    QVERIFY(has(all, "low_noise_model"));
    QVERIFY(has(all, "models_t5_umt5-xxl-enc-bf16.pth"));
    QVERIFY(has(all, "google/umt5-xxl/spiece.model"));
    QVERIFY(!set.vae.empty());

    const fs::path e = dir("diffusers_partial");
    writeText(e / "model_index.json", R"({"_class_name": "WanImageToVideoPipeline", "boundary_ratio": 0.9})");
    fs::create_directories(e / "transformer");
    io::writeSafetensors((e / "transformer" / "diffusion_pytorch_model.safetensors").string(),
                         renamed(dit_, loaders::KeyMap::diffusersDit()));
    set = loaders::detectModelSet(e.string());
    QCOMPARE(set.layout, std::string("diffusers"));
    QCOMPARE(set.missing.size(), size_t(5));
    QVERIFY2(has(set.missing[0], "transformer") && has(set.missing[0], "config.json missing"), set.missing[0].c_str());
    for (const char* part : {"transformer_2", "text_encoder", "tokenizer", "vae"})
      QVERIFY2(has(set.report(), std::string(part) + "/"), part);

    fs::create_directories(dir("empty"));
    set = loaders::detectModelSet(dir("empty").string());
    QCOMPARE(set.layout, std::string("none"));
    QVERIFY(!set.complete() && has(set.missing[0], "model_index.json"));
    QVERIFY(has(errorOf([&] { loaders::detectModelSet((dir("nowhere")).string()); }), "does not exist"));
  }

  // Every line detection writes comes from the table of codes, with the argument count its
  // template takes (the editor translates by code, core/loaders/findings.h).
  void findingsAreCodesWithTemplates() {
    std::set<std::string> codes;
    for (const auto& c : loaders::findingCodes()) {
      QVERIFY2(codes.insert(c.code).second, c.code);
      for (int i = 1; i <= c.args; ++i)
        QVERIFY2(has(c.english, "%" + std::to_string(i)), c.code);
      QVERIFY2(!has(c.english, "%" + std::to_string(c.args + 1)), c.code);
    }
    const loaders::Finding f{"shards_missing", "high-noise expert", "transformer", {"/m/t", "2", "3", "a, b", "x"}};
    QCOMPARE(loaders::englishText(f),
             std::string("high-noise expert (transformer): /m/t/: 2 of 3 shards named in the index are missing (a, b) "
                         "(expected x)"));
    // An argument holding a placeholder is not substituted again.
    QCOMPARE(loaders::englishText({"file_not_found", "", "", {"%1%2.pth"}}), std::string("%1%2.pth not found"));
    QVERIFY(has(errorOf([] { loaders::englishText({"file_not_found", "", "", {}}); }), "takes 1 arguments"));
    QVERIFY(has(errorOf([] { loaders::englishText({"no_such_code", "", "", {}}); }), "unknown"));
    // Each detection keeps its lines and their codes in step.
    const fs::path official = dir("findings_official"), comfy = dir("findings_comfy");
    writeOfficial(official);
    fs::remove_all(official / "low_noise_model");
    auto t2vConfig = ditConfig_;
    t2vConfig["model_type"] = "t2v";
    writeText(official / "high_noise_model" / "config.json", t2vConfig.dump(1));
    fs::create_directories(comfy);
    for (const char* name : {"wan2.2_i2v_high_noise_14B_fp16.safetensors", "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors",
                             "wan2.2_ti2v_5B_fp16.safetensors"})
      io::writeSafetensors((comfy / name).string(), prefixed(dit_, "", c10::kHalf));
    for (const fs::path& folder : {official, comfy}) {
      const auto set = loaders::detectModelSet(folder.string());
      QVERIFY2(set.missing.size() >= 2, set.report().c_str());
      QCOMPARE(set.missing.size(), set.missingFindings.size());
      QCOMPARE(set.notes.size(), set.noteFindings.size());
      for (size_t i = 0; i < set.missing.size(); ++i) QCOMPARE(loaders::englishText(set.missingFindings[i]), set.missing[i]);
      for (size_t i = 0; i < set.notes.size(); ++i) QCOMPARE(loaders::englishText(set.noteFindings[i]), set.notes[i]);
    }
  }

  // A folder the user may not read is said to be unreadable, with the system's reason, not
  // reported as a missing part or an incomplete download.
  void unreadableFoldersAreNamedAsSuch() {
    // Outside the test's private temporary folder, which nobody could enter.
    char base[] = "/tmp/ifedit-perm-XXXXXX";
    QVERIFY(::mkdtemp(base) != nullptr);
    const fs::path b(base);
    QCOMPARE(::chmod(base, 0755), 0);
    writeOfficial(b / "set");
    fs::permissions(b / "set", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
    for (const fs::path& closed : {b / "set" / "high_noise_model", b / "set" / "google" / "umt5-xxl"})
      fs::permissions(closed, fs::perms::none);
    fs::create_directories(b / "closed" / "inside");
    fs::permissions(b / "closed", fs::perms::none);
    const std::string report = testfiles::asUnprivileged([&] {
      std::string out = loaders::detectModelSet((b / "set").string()).report();
      for (const fs::path& p : {b / "closed", b / "closed" / "inside"}) {
        try {
          loaders::detectModelSet(p.string());
          out += "\nno error for " + p.string();
        } catch (const loaders::FindingError& e) {
          out += "\n" + e.finding().code + ": " + e.what();
        }
      }
      return out;
    });
    fs::permissions(b / "closed", fs::perms::owner_all);
    for (const fs::path& closed : {b / "set" / "high_noise_model", b / "set" / "google" / "umt5-xxl"})
      fs::permissions(closed, fs::perms::owner_all);
    fs::remove_all(b);
    qInfo().noquote() << QString::fromStdString(report);
    QVERIFY2(has(report, "missing: high-noise expert: " + (b / "set" / "high_noise_model").string() +
                             "/: cannot be read: Permission denied"),
             report.c_str());
    QVERIFY2(has(report, "missing: tokenizer: " + (b / "set" / "google" / "umt5-xxl").string() +
                             "/: cannot be read: Permission denied"),
             report.c_str());
    QVERIFY2(!has(report, "config.json missing") && !has(report, "spiece.model not found") &&
                 has(report, "low-noise expert: " + (b / "set" / "low_noise_model").string()),
             report.c_str());
    QVERIFY2(has(report, "path_unreadable: " + (b / "closed").string() + ": cannot be read: Permission denied"),
             report.c_str());
    QVERIFY2(has(report, "path_unreadable: " + (b / "closed" / "inside").string() + ": cannot be read: Permission denied"),
             report.c_str());
  }

  // A closed folder on the way to a part (google/ above umt5-xxl/, a ComfyUI models/, a cache's
  // snapshots/) hides what is inside just the same: it is named, not what it hides.
  void closedFoldersOnTheWayAreNamed() {
    char base[] = "/tmp/ifedit-perm-XXXXXX";
    QVERIFY(::mkdtemp(base) != nullptr);
    const fs::path b(base);
    QCOMPARE(::chmod(base, 0755), 0);
    writeOfficial(b / "set");
    fs::create_directories(b / "comfy" / "models" / "diffusion_models");
    writeText(b / "comfy" / "models" / "diffusion_models" / "wan2.2_i2v_high_noise_14B_fp16.safetensors", "");
    const fs::path cache = b / "models--Wan-AI--Wan2.2-I2V-A14B";
    fs::create_directories(cache / "blobs");
    writeText(cache / "refs" / "main", "4567abcd\n");
    writeOfficial(cache / "snapshots" / "4567abcd");
    const fs::path closed[] = {b / "set" / "google", b / "comfy" / "models", cache / "snapshots"};
    for (const fs::path& p : closed) fs::permissions(p, fs::perms::none);
    const std::string report = testfiles::asUnprivileged([&] {
      std::string out;
      for (const fs::path& p : {b / "set", b / "comfy", cache}) out += loaders::detectModelSet(p.string()).report();
      return out;
    });
    for (const fs::path& p : closed) fs::permissions(p, fs::perms::owner_all);
    fs::remove_all(b);
    qInfo().noquote() << QString::fromStdString(report);
    QVERIFY2(has(report, "missing: tokenizer: " + (b / "set" / "google").string() + "/: cannot be read: Permission denied") &&
                 !has(report, "spiece.model not found"),
             report.c_str());
    QVERIFY2(has(report, "layout: comfyui (" + (b / "comfy").string()) &&
                 has(report, "missing: " + (b / "comfy" / "models").string() + "/: cannot be read: Permission denied"),
             report.c_str());
    QVERIFY2(has(report, "missing: " + (cache / "snapshots").string() + "/: cannot be read: Permission denied") &&
                 !has(report, "0 snapshots"),
             report.c_str());
  }

  void ambiguousOrCollidingFilesFail() {
    const fs::path d = dir("two_files");
    fs::create_directories(d);
    io::writeSafetensors((d / "a.safetensors").string(), dit_);
    io::writeSafetensors((d / "b.safetensors").string(), dit_);
    auto msg = errorOf([&] { loaders::openExpert(d.string()); });
    QVERIFY2(has(msg, "a.safetensors") && has(msg, "b.safetensors") && has(msg, "exactly one"), msg.c_str());
    // Both spellings of one weight in a file: refuse rather than pick one silently.
    Named both = renamed(dit_, loaders::KeyMap::diffusersDit());
    both.emplace_back("blocks.0.self_attn.q.weight", find(dit_, "blocks.0.self_attn.q.weight"));
    io::writeSafetensors((dir("prefix") / "both.safetensors").string(), both);
    msg = errorOf([&] { loaders::openExpert((dir("prefix") / "both.safetensors").string()); });
    QVERIFY2(has(msg, "blocks.0.attn1.to_q.weight") && has(msg, "both map"), msg.c_str());
    // An unknown comfy_quant format is refused with its name.
    writeRaw(dir("prefix") / "nvfp4.safetensors",
             {rawOf("blocks.0.ffn.0.weight", find(dit_, "blocks.0.ffn.0.weight")), rawOf("blocks.0.ffn.0.weight_scale", scalar(1.0f)),
              {"blocks.0.ffn.0.comfy_quant", "U8", {20}, R"({"format": "nvfp4"} )"}});
    msg = errorOf([&] { loaders::openExpert((dir("prefix") / "nvfp4.safetensors").string()); });
    QVERIFY2(has(msg, "nvfp4") && has(msg, "comfy_quant"), msg.c_str());
    // A scale that is not a finite number is refused at open, naming it (not a layer of NaN later).
    writeRaw(dir("prefix") / "nan_scale.safetensors",
             {rawOf("blocks.0.ffn.0.weight", find(dit_, "blocks.0.ffn.0.weight")),
              rawOf("blocks.0.ffn.0.scale_weight", scalar(std::numeric_limits<float>::infinity())),
              rawOf("scaled_fp8", scalar(0.0f))});
    msg = errorOf([&] { loaders::openExpert((dir("prefix") / "nan_scale.safetensors").string()); });
    QVERIFY2(has(msg, "blocks.0.ffn.0.scale_weight") && has(msg, "finite"), msg.c_str());
  }

  // The second fixture set (other width, 3 heads of 20, 3 layers, text_len 12): its expert
  // through the Diffusers layout (head count and width from that config) and as a ComfyUI
  // single file (head count given, the rest from the weights) computes the official output.
  void otherSizesThroughLayouts() {
    c10::InferenceMode guard;
    const std::string setB = IFEDIT_FIXTURES_B_DIR;
    const Named dit = readAll(setB + "/dit_i2v.safetensors");
    std::ifstream cfgFile(setB + "/dit_i2v.config.json");
    const auto cfg = nlohmann::json::parse(cfgFile);
    const auto dio = readNative(setB + "/dit_io.safetensors");
    const auto in = i2vInput(dio, "i2v.t999.t");
    const at::Tensor expected = dio.at("i2v.t999.out");
    auto runDit = [&](const io::WeightSource& w, dit::WanDitConfig config) {
      config.textLen = cfg.at("text_len").get<int64_t>();  // in neither layout (the pipeline's 512)
      dit::WanDit model(config);
      model.load(w, c10::kFloat, c10::kCPU);
      return model.forward(in);
    };

    const auto transformer = dir("diffusers_b") / "transformer";
    writeShards(transformer, "diffusion_pytorch_model", renamed(dit, loaders::KeyMap::diffusersDit()), 2);
    writeText(transformer / "config.json", diffusersTransformerConfig(cfg).dump(1));
    auto diffusers = loaders::openExpert(transformer.string());
    const auto config = dit::WanDitConfig::fromJson(loaders::expertConfig(transformer.string()), transformer.string(),
                                                    diffusers.get());
    QCOMPARE(config.numHeads, cfg.at("num_heads").get<int64_t>());
    QCOMPARE(config.dim, cfg.at("dim").get<int64_t>());
    QCOMPARE(config.numLayers, cfg.at("num_layers").get<int64_t>());
    QCOMPARE(config.textDim, cfg.at("text_dim").get<int64_t>());
    const at::Tensor viaDiffusers = runDit(*diffusers, config);
    QVERIFY2(maxAbs(viaDiffusers, expected) <= tolerance(expected), std::to_string(maxAbs(viaDiffusers, expected)).c_str());

    const auto single = dir("comfy_b") / "wan2.2_i2v_high_noise_14B_fp16.safetensors";
    fs::create_directories(single.parent_path());
    io::writeSafetensors(single.string(), prefixed(dit, "model.diffusion_model.", c10::kFloat));
    auto comfy = loaders::openExpert(single.string());
    const auto comfyConfig = dit::WanDitConfig::fromWeights(*comfy, cfg.at("num_heads").get<int64_t>());
    QCOMPARE(comfyConfig.ffnDim, cfg.at("ffn_dim").get<int64_t>());
    QCOMPARE(comfyConfig.freqDim, cfg.at("freq_dim").get<int64_t>());
    QVERIFY(runDit(*comfy, comfyConfig).equal(viaDiffusers));
  }

  // A model loaded through another layout computes exactly what it computes from the original
  // fixture file (same weights, same CPU arithmetic); fp8 within its measured quantisation error.
  void modelsGiveTheSameOutputThroughLayouts() {
    c10::InferenceMode guard;
    const auto dio = readNative(kFixtures + "/dit_io.safetensors");
    const auto in = i2vInput(dio, "i2v.t999.t");
    auto runDit = [&](const io::WeightSource& w, dit::WanDitConfig config) {
      dit::WanDit model(config);
      model.load(w, c10::kFloat, c10::kCPU);
      return model.forward(in);
    };
    auto original = fixtureWeights("dit_i2v.safetensors");
    const at::Tensor ref = runDit(*original, dit::WanDitConfig::fromJsonFile(kFixtures + "/dit_i2v.config.json", original.get()));
    const at::Tensor fixtureOut = dio.at("i2v.t999.out");
    QVERIFY(maxAbs(ref, fixtureOut) <= tolerance(fixtureOut));

    const std::string transformer = (dir("diffusers") / "transformer").string();
    auto diffusers = loaders::openExpert(transformer);
    auto config = dit::WanDitConfig::fromJson(loaders::expertConfig(transformer), transformer, diffusers.get());
    // Diffusers configs have no text_len (the pipeline pads to 512 = WanModel's default); the
    // fixture model uses 16.
    QCOMPARE(config.textLen, int64_t(512));
    config.textLen = 16;
    QVERIFY(runDit(*diffusers, config).equal(ref));

    // ComfyUI single file: no config.json; the shape comes from the weights (head count and
    // text_len are not in them: the real model's 128-wide heads and text_len 512 are the defaults).
    auto comfy = loaders::openExpert((dir("prefix") / "dit_22.safetensors").string());
    auto comfyConfig = dit::WanDitConfig::fromWeights(*comfy, 4);
    comfyConfig.textLen = 16;
    QVERIFY(runDit(*comfy, comfyConfig).equal(ref));

    auto fp8 = loaders::openExpert(
        (dir("comfy") / "models" / "diffusion_models" / "wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors").string());
    const at::Tensor fp8Out = runDit(*fp8, comfyConfig);
    const double fp8Err = maxAbs(fp8Out, ref), refMax = ref.abs().max().item<double>();
    qInfo("DiT forward with fp8_scaled weights: max |out - out_f32| = %.4g (max |out_f32| = %.4g, relative %.3g)",
          fp8Err, refMax, fp8Err / refMax);
    QVERIFY(fp8Err > 0 && fp8Err < 0.1 * refMax);

    // VAE through the Diffusers layout.
    const auto vio = readNative(kFixtures + "/vae_io.safetensors");
    auto runVae = [&](const io::WeightSource& w) {
      vae::WanVae model(vae::WanVaeConfig::fromWeights(w));
      model.load(w, c10::kFloat, c10::kCPU);
      return model.decode(vio.at("dec.latent"));
    };
    const at::Tensor video = runVae(*fixtureWeights("vae.safetensors"));
    QVERIFY(maxAbs(video, vio.at("dec.video")) <= tolerance(vio.at("dec.video")));
    QVERIFY(runVae(*loaders::openVae((dir("diffusers") / "vae").string())).equal(video));

    // UMT5 through the transformers layout (with the tied embedding alias) and fp8_scaled.
    const auto tio = readNative(kFixtures + "/t5_io.safetensors");
    auto runT5 = [&](const io::WeightSource& w) {
      t5::Umt5Encoder model(t5::Umt5Config::fromWeights(w));
      model.load(w, c10::kFloat, c10::kCPU);
      return model.forward(tio.at("ids"), tio.at("mask"));
    };
    const at::Tensor text = runT5(*fixtureWeights("t5.safetensors"));
    QVERIFY(maxAbs(text, tio.at("out")) <= tolerance(tio.at("out")));
    QVERIFY(runT5(*loaders::openTextEncoder((dir("diffusers") / "text_encoder").string())).equal(text));
    const at::Tensor textFp8 = runT5(*loaders::openTextEncoder(
        (dir("comfy") / "models" / "text_encoders" / "umt5_xxl_fp8_e4m3fn_scaled.safetensors").string()));
    const double t5Err = maxAbs(textFp8, text), t5Max = text.abs().max().item<double>();
    qInfo("UMT5 forward with fp8_scaled weights: max |out - out_f32| = %.4g (max |out_f32| = %.4g, relative %.3g)",
          t5Err, t5Max, t5Err / t5Max);
    QVERIFY(t5Err > 0 && t5Err < 0.1 * t5Max);
  }
};

QTEST_MAIN(TestLoaders)
#include "test_loaders.moc"
