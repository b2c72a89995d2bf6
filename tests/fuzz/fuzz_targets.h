#pragma once
// The entry points each fuzzer drives, shared with the replay test (tests/fuzz_regressions), so a
// saved input goes through exactly the calls that made it fail. Each opens a file the way the
// app does and touches everything it parsed; bad input must end in a clean exception.
#include <ATen/ops/arange.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "io/safetensors.h"
#include "io/torch_zip.h"
#include "io/weight_source.h"
#include "loaders/layout.h"
#include "loaders/lora.h"
#include "models/dit/wan_dit_config.h"
#include "models/t5/sentencepiece_unigram.h"
#include "models/t5/tokenizer.h"

namespace ifedit::fuzz {

// Loads every tensor (at most 64) as stored and converted to float32.
inline void loadAll(const io::TensorSource& source) {
  size_t loaded = 0;
  for (const auto& t : source.tensors()) {
    if (++loaded > 64) break;
    source.load(t.name);
    source.load(t.name, c10::kFloat);
  }
}

// a. One .safetensors file, then the DiT config inferred from its shapes (a ComfyUI single file).
inline void openSafetensorsFile(const std::string& path) {
  c10::InferenceMode guard;
  std::shared_ptr<const io::TensorSource> source = io::openSafetensors(path);
  loadAll(*source);
  for (const auto& [key, value] : source->metadata()) (void)key, (void)value;
  dit::WanDitConfig::fromWeights(*io::weightsFrom(source));
}

// The one valid shard an index may name: "shard.safetensors" with "a" (F32 [2]) and "b" (U8 [3]).
inline void writeTestShard(const std::filesystem::path& dir) {
  std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                       R"("b":{"dtype":"U8","shape":[3],"data_offsets":[8,11]}})";
  while (header.size() % 8) header += ' ';
  std::string file(8, '\0');
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((uint64_t{header.size()} >> (8 * i)) & 0xff);
  file += header + std::string(11, '\x01');
  std::ofstream(dir / "shard.safetensors", std::ios::binary) << file;
}

// a2. A *.safetensors.index.json (beside writeTestShard's shard).
inline void openShardIndex(const std::string& path) {
  c10::InferenceMode guard;
  loadAll(*io::openShardedSafetensors(path));
}

// b. A torch.save archive.
inline void openTorchZipFile(const std::string& path) {
  c10::InferenceMode guard;
  loadAll(*io::openTorchZip(path));
}

// c. spiece.model: our protobuf reader, a fixed text encoded and decoded with whatever parsed, and
// the UMT5 tokenizer's own entry point. The text has spaces, accents, CJK, an emoji, HTML
// entities, an invalid byte and digits.
inline void openSentencePiece(const std::string& path) {
  static const std::string text =
      "  A photo of   a caf\xC3\xA9 &amp; \xE5\x9B\xBE\xE5\x83\x8F \xF0\x9F\x98\x80 <b>x</b> \xFF 12.5 end ";
  c10::InferenceMode guard;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const t5::SentencePieceUnigram sp(t5::parseSentencePieceModel(bytes, path), path);
  sp.decode(sp.encode(text));
  const t5::Umt5Tokenizer tokenizer(path, 16);
  tokenizer.decode(tokenizer.tokenize(text));
}

// d. An expert folder's config.json (official WanModel or diffusers WanTransformer3DModel form), as
// the model bundle reads it.
inline void openExpertConfig(const std::string& folder) {
  const auto json = loaders::expertConfig(folder);
  if (json.is_null()) return;
  const auto config = dit::WanDitConfig::fromJson(json, folder + "/config.json");
  config.describe();
  (void)config.headDim();
  (void)config.patchVolume();
}

// f. A ComfyUI single file (or any weights file) as the engine opens an expert: key prefix, fp8_scaled
// scales (dequantised), diffusers names; every weight loaded in float32 (at most 64), then the
// DiT config inferred from the shapes.
inline void openExpertFile(const std::string& path) {
  c10::InferenceMode guard;
  const auto expert = loaders::openExpert(path);
  size_t loaded = 0;
  for (const auto& name : expert->names()) {
    if (++loaded > 64) break;
    expert->load(name, c10::kFloat, c10::kCPU);
  }
  dit::WanDitConfig::fromWeights(*expert);
}

// The small expert a fuzzed LoRA is merged into ("base.safetensors" in `dir`): a Linear with a
// bias, a second Linear of another shape, and a bare parameter (blocks.N.modulation).
inline std::string writeLoraBase(const std::filesystem::path& dir) {
  c10::InferenceMode guard;
  const auto values = [](std::vector<int64_t> shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return at::arange(n, at::kFloat).div(static_cast<double>(n)).reshape(shape);
  };
  const auto path = (dir / "base.safetensors").string();
  io::writeSafetensors(path, {{"blocks.0.self_attn.q.weight", values({8, 8})},
                              {"blocks.0.self_attn.q.bias", values({8})},
                              {"blocks.0.ffn.0.weight", values({16, 8})},
                              {"blocks.0.modulation", values({1, 6, 8})}});
  return path;
}

// g. A LoRA file merged (strength 0.8) into writeLoraBase's expert; every weight loaded merged.
inline void mergeLoraFile(const std::string& path, const std::string& basePath) {
  c10::InferenceMode guard;
  const auto merged = loaders::withLora(loaders::openExpert(basePath), path, 0.8);
  for (const auto& name : merged->names()) merged->load(name, c10::kFloat, c10::kCPU);
}

}  // namespace ifedit::fuzz
