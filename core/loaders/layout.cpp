#include "loaders/layout.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "io/io_error.h"
#include "io/tensor_source.h"
#include "loaders/fp8_scaled.h"
#include "loaders/key_maps.h"

namespace ifedit::loaders {
namespace fs = std::filesystem;
namespace {

enum class Part { Expert, Vae, TextEncoder };

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}
bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

bool isDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}
bool isFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The entries of `dir` that `keep` accepts, sorted.
std::vector<fs::path> entriesIn(const fs::path& dir, bool (*keep)(const fs::path&)) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (keep(it->path())) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<fs::path> filesIn(const fs::path& dir) { return entriesIn(dir, isFile); }
std::vector<fs::path> dirsIn(const fs::path& dir) { return entriesIn(dir, isDir); }

nlohmann::json readJson(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw io::IoError(file.string(), "cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw io::IoError(file.string(), std::string("not valid JSON: ") + e.what());
  }
}

// The weights file of a component folder: its *.safetensors.index.json, else its only
// *.safetensors, else its only .pth / .pt / .bin. A file is returned as is.
std::string weightsFileOf(const fs::path& path) {
  if (!isDir(path)) return path.string();
  std::vector<fs::path> index, single, pickles;
  for (const auto& f : filesIn(path)) {
    const auto name = lower(f.filename().string());
    if (endsWith(name, ".safetensors.index.json")) index.push_back(f);
    else if (endsWith(name, ".safetensors")) single.push_back(f);
    else if (endsWith(name, ".pth") || endsWith(name, ".pt") || endsWith(name, ".bin")) pickles.push_back(f);
  }
  auto only = [&](const std::vector<fs::path>& found, const char* what) -> std::string {
    if (found.size() == 1) return found[0].string();
    std::string names;
    for (const auto& f : found) names += (names.empty() ? "" : ", ") + f.filename().string();
    throw io::IoError(path.string(), std::to_string(found.size()) + " " + what + " files (" + names +
                                         "); expected exactly one, or a *.safetensors.index.json naming the shards");
  };
  if (!index.empty()) return only(index, "*.safetensors.index.json");
  if (!single.empty()) return only(single, "*.safetensors");
  if (!pickles.empty()) return only(pickles, ".pth/.pt/.bin");
  throw io::IoError(path.string(),
                    "no weights here (expected a *.safetensors.index.json with its shards, one *.safetensors or one .pth)");
}

// Keys that are not weights: ComfyUI's fp8 marker and embedded tokenizer.
bool isSideKey(std::string_view name) {
  return name == "scaled_fp8" || endsWith(name, ".scaled_fp8") || name == "spiece_model" ||
         endsWith(name, ".spiece_model");
}

// The prefix every weight key carries (ComfyUI / combined checkpoints), or "".
std::string sharedPrefix(const io::TensorSource& source) {
  static const char* kCandidates[] = {"model.diffusion_model.", "diffusion_model.", "first_stage_model.",
                                      "text_encoders.umt5xxl.transformer.", "umt5xxl.transformer.", "model."};
  for (const char* candidate : kCandidates) {
    const std::string_view p(candidate);
    bool all = true, any = false;
    for (const auto& t : source.tensors()) {
      if (isSideKey(t.name) && t.name.rfind(p, 0) != 0) continue;
      any = true;
      if (t.name.rfind(p, 0) != 0) {
        all = false;
        break;
      }
    }
    if (all && any) return std::string(p);
  }
  return {};
}

class HiddenKeys final : public io::WeightSource {
 public:
  HiddenKeys(std::unique_ptr<io::WeightSource> inner, std::set<std::string> hidden)
      : inner_(std::move(inner)), hidden_(std::move(hidden)) {}
  std::string describe() const override { return inner_->describe(); }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (auto& n : inner_->names())
      if (!hidden_.count(n)) out.push_back(n);
    return out;
  }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    if (hidden_.count(name)) return std::nullopt;
    return inner_->shapeOf(name);
  }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    if (hidden_.count(name)) throw io::IoError(describe(), "'" + name + "' is not a weight");
    return inner_->load(name, dtype, device);
  }

 private:
  std::unique_ptr<io::WeightSource> inner_;
  std::set<std::string> hidden_;
};

const KeyMap& keyMapFor(Part part) {
  switch (part) {
    case Part::Expert: return KeyMap::diffusersDit();
    case Part::Vae: return KeyMap::diffusersVae();
    case Part::TextEncoder: return KeyMap::transformersUmt5();
  }
  return KeyMap::diffusersDit();
}

std::unique_ptr<io::WeightSource> openPart(const std::string& path, Part part) {
  std::shared_ptr<const io::TensorSource> source(io::openTensorFile(weightsFileOf(path)));
  const std::string prefix = sharedPrefix(*source);
  auto weights = io::weightsFrom(source, prefix);
  std::set<std::string> hidden;
  for (const auto& n : weights->names())
    if (n == "spiece_model" || endsWith(n, ".spiece_model")) hidden.insert(n);
  if (!hidden.empty()) weights = std::make_unique<HiddenKeys>(std::move(weights), std::move(hidden));
  if (isFp8Scaled(*weights)) weights = fp8ScaledWeights(std::move(weights));
  const KeyMap& map = keyMapFor(part);
  if (map.looksForeign(weights->names())) weights = renamedWeights(std::move(weights), map);
  return weights;
}

// ---- detection -------------------------------------------------------------------------------

void addMissing(ModelSet& set, Finding f, bool first = false) {
  set.missing.insert(first ? set.missing.begin() : set.missing.end(), englishText(f));
  set.missingFindings.insert(first ? set.missingFindings.begin() : set.missingFindings.end(), std::move(f));
}
void addNote(ModelSet& set, Finding f, bool first = false) {
  set.notes.insert(first ? set.notes.begin() : set.notes.end(), englishText(f));
  set.noteFindings.insert(first ? set.noteFindings.begin() : set.noteFindings.end(), std::move(f));
}

// The folder on the way from `root` to `root / sub` that the user may not enter, or `root / sub`
// itself when it may not be listed either; none when all are open or the way ends before. A closed
// google/ hides umt5-xxl/ just as a closed umt5-xxl/ hides its files.
std::optional<Finding> closedOnTheWay(const fs::path& root, const fs::path& sub) {
  fs::path at = root;
  for (auto it = sub.begin(); it != sub.end(); ++it) {
    at /= *it;
    if (!isDir(at)) return std::nullopt;
    const int need = std::next(it) == sub.end() ? R_OK | X_OK : X_OK;
    if (::access(at.c_str(), need) != 0) return Finding{"folder_unreadable", "", "", {at.string(), std::strerror(errno)}};
  }
  return std::nullopt;
}

// Checks a component folder: readable, weights present, and every shard an index names exists.
// Returns nothing when fine, else what is wrong (the caller names the part).
std::optional<Finding> checkWeightsFolder(const fs::path& dir, bool needConfig, const std::string& expected) {
  const std::string d = dir.string();
  if (!isDir(dir)) return Finding{"folder_not_found", "", "", {d, expected}};
  if (auto reason = unreadableReason(dir); !reason.empty()) return Finding{"folder_unreadable", "", "", {d, reason}};
  if (needConfig && !isFile(dir / "config.json")) return Finding{"config_missing", "", "", {d, expected}};
  std::string file;
  try {
    file = weightsFileOf(dir);
  } catch (const io::IoError& e) {
    return Finding{"folder_problem", "", "", {d, e.problem(), expected}};
  }
  if (!endsWith(lower(file), ".index.json")) return std::nullopt;
  const std::string indexName = fs::path(file).filename().string();
  nlohmann::json index;
  try {
    index = readJson(file);
  } catch (const io::IoError& e) {
    return Finding{"folder_problem", "", "", {d, indexName + ": " + e.problem(), expected}};
  }
  if (!index.contains("weight_map") || !index["weight_map"].is_object())
    return Finding{"index_without_weight_map", "", "", {d, indexName, expected}};
  std::set<std::string> shards;
  for (const auto& [name, shard] : index["weight_map"].items())
    if (shard.is_string()) shards.insert(shard.get<std::string>());
  std::vector<std::string> absent;
  for (const auto& s : shards)
    if (!isFile(dir / s)) absent.push_back(s);
  if (absent.empty()) return std::nullopt;
  std::string list;
  for (size_t i = 0; i < absent.size() && i < 4; ++i) list += (i ? ", " : "") + absent[i];
  if (absent.size() > 4) list += ", ...";
  return Finding{"shards_missing", "", "",
                 {d, std::to_string(absent.size()), std::to_string(shards.size()), list, expected}};
}

// `part` is the part's role (api::ModelPart::role); `folder` the Diffusers folder named beside it.
void requireFolder(ModelSet& set, std::string& slot, const fs::path& dir, const std::string& part,
                   const std::string& folder, const std::string& expected, bool needConfig) {
  auto problem = checkWeightsFolder(dir, needConfig, expected);
  if (!problem) {
    slot = dir.string();
    return;
  }
  problem->part = part;
  problem->partFolder = folder;
  addMissing(set, std::move(*problem));
}

// Wan2.2-T2V-A14B ships the same file names as I2V-A14B (wan/configs/wan_t2v_A14B.py): only the
// expert's config tells them apart, and loading 57 GB to fail at the first step helps nobody.
void requireImageToVideo(ModelSet& set, std::string& slot, const std::string& part, const std::string& folder) {
  if (slot.empty()) return;
  nlohmann::json config;
  try {
    config = expertConfig(slot);
  } catch (const io::IoError& e) {
    addMissing(set, {"unreadable", part, folder, {e.what()}});
    slot.clear();
    return;
  }
  if (!config.is_object()) return;
  const auto type = config.contains("model_type") && config["model_type"].is_string()
                        ? config["model_type"].get<std::string>() : std::string();
  const bool wrongType = !type.empty() && type != "i2v";
  // 0 when the config does not say (the diffusers mapping fills it from in_channels).
  const int64_t inDim = config.contains("in_dim") && config["in_dim"].is_number_integer() ? config["in_dim"].get<int64_t>() : 0;
  const bool wrongChannels = inDim != 0 && inDim != 36;
  if (!wrongType && !wrongChannels) return;
  // The config's own keys and values: the same in every language.
  std::string facts = type.empty() ? std::string() : "model_type \"" + type + "\"";
  if (inDim != 0) facts += (facts.empty() ? "" : ", ") + std::string("in_dim ") + std::to_string(inDim);
  const bool ti2v = type == "ti2v" || inDim == 48, t2v = type == "t2v" || inDim == 16;
  if (set.otherModel.empty() && (ti2v || t2v)) set.otherModel = ti2v ? "Wan2.2-TI2V-5B" : "Wan2.2-T2V-A14B";
  addMissing(set, {ti2v ? "not_i2v_ti2v" : t2v ? "not_i2v_t2v" : "not_i2v", part, folder, {slot, facts}});
  slot.clear();
}

void requireFile(ModelSet& set, std::string& slot, const fs::path& file, const std::string& part) {
  if (isFile(file)) {
    slot = file.string();
    return;
  }
  addMissing(set, {"file_not_found", part, "", {file.string()}});
}

void requireTokenizer(ModelSet& set, const fs::path& root, const fs::path& sub, const std::string& folder) {
  const fs::path dir = root / sub;
  if (isFile(dir / "spiece.model")) {
    set.tokenizer = dir.string();
    return;
  }
  auto closed = closedOnTheWay(root, sub);
  Finding f = closed ? std::move(*closed) : Finding{"tokenizer_not_found", "", "", {(dir / "spiece.model").string()}};
  f.part = "tokenizer";
  f.partFolder = folder;
  addMissing(set, std::move(f));
}

void detectOfficial(const fs::path& root, ModelSet& set) {
  set.layout = "official";
  const std::string expert = "config.json + diffusion_pytorch_model*.safetensors (+ .safetensors.index.json)";
  requireFolder(set, set.highNoise, root / "high_noise_model", "high-noise expert", "", expert, true);
  requireFolder(set, set.lowNoise, root / "low_noise_model", "low-noise expert", "", expert, true);
  if (!isDir(root / "high_noise_model") && !isDir(root / "low_noise_model")) {
    // Wan2.2-TI2V-5B and Wan2.1 keep one model at the root (wan/configs/wan_ti2v_5B.py).
    bool singleModel = isFile(root / "Wan2.2_VAE.pth");
    for (const auto& f : filesIn(root))
      if (lower(f.filename().string()).rfind("diffusion_pytorch_model", 0) == 0) singleModel = true;
    if (singleModel) set.otherModel = "Wan2.2-TI2V-5B or Wan2.1";
    if (singleModel) addMissing(set, {"single_model_checkpoint", "", "", {}}, true);
  }
  requireImageToVideo(set, set.highNoise, "high-noise expert", "");
  requireImageToVideo(set, set.lowNoise, "low-noise expert", "");
  requireFile(set, set.textEncoder, root / "models_t5_umt5-xxl-enc-bf16.pth", "text encoder");
  requireTokenizer(set, root, fs::path("google") / "umt5-xxl", "");
  requireFile(set, set.vae, root / "Wan2.1_VAE.pth", "VAE");
  set.boundary = 0.9;  // wan/configs/wan_i2v_A14B.py: boundary = 0.900
}

void detectDiffusers(const fs::path& root, ModelSet& set) {
  set.layout = "diffusers";
  const auto index = readJson(root / "model_index.json");
  if (index.contains("boundary_ratio") && index["boundary_ratio"].is_number()) {
    set.boundary = index["boundary_ratio"].get<double>();
  } else {
    addNote(set, {"no_boundary_ratio", "", "", {}});
  }
  const std::string model = "config.json + diffusion_pytorch_model*.safetensors";
  requireFolder(set, set.highNoise, root / "transformer", "high-noise expert", "transformer", model, true);
  requireFolder(set, set.lowNoise, root / "transformer_2", "low-noise expert", "transformer_2", model, true);
  requireImageToVideo(set, set.highNoise, "high-noise expert", "transformer");
  requireImageToVideo(set, set.lowNoise, "low-noise expert", "transformer_2");
  requireFolder(set, set.textEncoder, root / "text_encoder", "text encoder", "text_encoder",
                "model*.safetensors (transformers UMT5EncoderModel)", false);
  requireTokenizer(set, root, "tokenizer", "");
  requireFolder(set, set.vae, root / "vae", "VAE", "vae", "diffusion_pytorch_model.safetensors", false);
}

// Precision preference when a folder holds several variants of one part.
int precisionRank(const std::string& name) {
  if (contains(name, "fp16")) return 0;
  if (contains(name, "bf16")) return 1;
  if (contains(name, "fp32")) return 2;
  if (contains(name, "fp8") && contains(name, "scaled")) return 3;
  if (contains(name, "fp8")) return 4;
  return 5;
}

struct Candidates {
  std::vector<fs::path> high, low, vae, t5;
  std::vector<fs::path> otherWan;  // Wan2.2 T2V-A14B / TI2V-5B files: named, never used
};

// The other Wan2.2 model a ComfyUI file belongs to ("" when none), and the file in words.
std::string otherWanModel(const std::string& lowerName) {
  if (!contains(lowerName, "wan2.2") && !contains(lowerName, "wan2_2")) return {};
  if (contains(lowerName, "ti2v") || contains(lowerName, "wan2.2_vae")) return "Wan2.2-TI2V-5B";
  if (contains(lowerName, "t2v")) return "Wan2.2-T2V-A14B";
  return {};
}
// The finding code of such a file ("other_wan_t2v", ...; "_unused" appended when only noted).
std::string otherWanCode(const std::string& lowerName) {
  if (contains(lowerName, "wan2.2_vae")) return "other_wan_vae";
  return otherWanModel(lowerName) == "Wan2.2-T2V-A14B" ? "other_wan_t2v" : "other_wan_ti2v";
}

void classify(const fs::path& file, Candidates& c) {
  const auto name = lower(file.filename().string());
  const bool safetensors = endsWith(name, ".safetensors");
  if (!safetensors && !endsWith(name, ".pth")) return;
  if (contains(name, "lora") || contains(name, "lightning") || contains(name, "lightx2v")) return;
  if (safetensors && contains(name, "i2v") && !contains(name, "ti2v") && (contains(name, "14b") || contains(name, "a14b"))) {
    if (contains(name, "high_noise") || contains(name, "-high") || contains(name, "_high")) c.high.push_back(file);
    else if (contains(name, "low_noise") || contains(name, "-low") || contains(name, "_low")) c.low.push_back(file);
    return;
  }
  if (!otherWanModel(name).empty()) {
    c.otherWan.push_back(file);
    return;
  }
  if (contains(name, "wan_2.1_vae") || contains(name, "wan2.1_vae") || contains(name, "wan2_1_vae") ||
      contains(name, "wan2.1-vae") || contains(name, "wan2.1_vae")) {
    c.vae.push_back(file);
    return;
  }
  if (contains(name, "umt5") && contains(name, "xxl")) c.t5.push_back(file);
}

void scan(const fs::path& dir, Candidates& c, int depth) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (isFile(it->path())) classify(it->path(), c);
    else if (depth > 0 && isDir(it->path())) scan(it->path(), c, depth - 1);
  }
}

std::string pick(std::vector<fs::path> found, const std::string& label, ModelSet& set) {
  if (found.empty()) return {};
  std::stable_sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return precisionRank(lower(a.filename().string())) < precisionRank(lower(b.filename().string()));
  });
  if (found.size() > 1) {
    std::string others;
    for (size_t i = 1; i < found.size(); ++i) others += (i > 1 ? ", " : "") + found[i].filename().string();
    addNote(set, {"chosen_over", label, "", {found[0].filename().string(), others}});
  }
  return found[0].string();
}

// Whether a ComfyUI text encoder file embeds its tokenizer; `unreadable` gets why the file could not
// be read (a half-downloaded file must be named as such, not reported as a missing tokenizer).
bool hasEmbeddedTokenizer(const std::string& file, std::string& unreadable) {
  if (!endsWith(lower(file), ".safetensors")) return false;
  try {
    auto source = io::openTensorFile(file);
    for (const auto& t : source->tensors())
      if (t.name == "spiece_model" || endsWith(t.name, ".spiece_model")) return true;
  } catch (const io::IoError& e) {
    unreadable = e.what();
  }
  return false;
}

bool detectComfy(const fs::path& root, ModelSet& set) {
  Candidates c;
  for (const auto& f : filesIn(root)) classify(f, c);
  std::vector<Finding> unreadable;  // subfolders whose files would look absent, each named once
  for (const char* sub : {"models/diffusion_models", "diffusion_models", "models/unet", "unet", "models/vae", "vae",
                          "models/text_encoders", "text_encoders", "models/clip", "clip"}) {
    if (auto closed = closedOnTheWay(root, sub)) {
      const bool named = std::any_of(unreadable.begin(), unreadable.end(),
                                     [&](const Finding& f) { return f.args == closed->args; });
      if (!named) unreadable.push_back(std::move(*closed));
    } else if (isDir(root / sub)) {
      scan(root / sub, c, 2);
    }
  }
  if (c.high.empty() && c.low.empty() && c.vae.empty() && c.t5.empty() && c.otherWan.empty() && unreadable.empty())
    return false;
  set.layout = "comfyui";
  for (auto& f : unreadable) addMissing(set, std::move(f));
  // ComfyUI folders often hold several Wan models: others beside the I2V experts are only noted.
  const bool i2vFound = !c.high.empty() || !c.low.empty();
  if (!c.otherWan.empty() && !i2vFound)
    set.otherModel = otherWanModel(lower(c.otherWan.front().filename().string()));
  for (const auto& f : c.otherWan) {
    const std::string code = otherWanCode(lower(f.filename().string()));
    if (i2vFound) addNote(set, {code + "_unused", "", "", {f.filename().string()}});
    else addMissing(set, {code, "", "", {f.filename().string()}});
  }
  set.highNoise = pick(c.high, "high-noise expert", set);
  set.lowNoise = pick(c.low, "low-noise expert", set);
  set.vae = pick(c.vae, "VAE", set);
  set.textEncoder = pick(c.t5, "text encoder", set);
  const std::string where = root.string();
  if (set.highNoise.empty())
    addMissing(set, {"comfy_file_not_found", "high-noise expert", "",
                     {"wan2.2_i2v_high_noise_14B_{fp16,bf16,fp8_scaled}.safetensors", where}});
  if (set.lowNoise.empty())
    addMissing(set, {"comfy_file_not_found", "low-noise expert", "",
                     {"wan2.2_i2v_low_noise_14B_{fp16,bf16,fp8_scaled}.safetensors", where}});
  if (set.vae.empty()) addMissing(set, {"comfy_file_not_found", "VAE", "", {"wan_2.1_vae.safetensors", where}});
  if (set.textEncoder.empty())
    addMissing(set, {"comfy_file_not_found", "text encoder", "", {"umt5_xxl_{fp16,bf16,fp8_e4m3fn_scaled}.safetensors", where}});
  // ComfyUI files may embed the tokenizer; otherwise it must come from the official download.
  std::string cutShort;
  if (!set.textEncoder.empty() && hasEmbeddedTokenizer(set.textEncoder, cutShort)) {
    set.tokenizerEmbeddedIn = set.textEncoder;
  } else if (!cutShort.empty()) {
    addMissing(set, {"incomplete_download", "text encoder", "", {cutShort}});
    set.textEncoder.clear();
  } else {
    for (const auto& dir : {root / "google" / "umt5-xxl", root / "tokenizer", root / "umt5-xxl",
                            root / "models" / "text_encoders" / "umt5-xxl",
                            root / "models" / "text_encoders" / "google" / "umt5-xxl"})
      if (isFile(dir / "spiece.model")) {
        set.tokenizer = dir.string();
        break;
      }
    if (set.tokenizer.empty())
      addMissing(set, {"comfy_tokenizer_not_found", "tokenizer", "", {(root / "google" / "umt5-xxl").string()}});
  }
  set.boundary = 0.9;
  return true;
}

// Official Wan model_type from a diffusers transformer's channels (WanModel: i2v takes 36 = 16
// noise + 4 mask + 16 image latent; ti2v runs the Wan2.2 VAE's 48 channels).
std::string modelTypeFor(int64_t in, int64_t out) {
  if (in == out && in == 48) return "ti2v";
  if (in == out) return "t2v";
  return "i2v";
}

// Each part found is opened (headers, the zip directory, the pickle; no tensor data is read), so a
// download cut short or damaged is named here, not after minutes of loading the parts before it.
void requireReadable(ModelSet& set) {
  const std::pair<std::string*, const char*> parts[] = {{&set.highNoise, "high-noise expert"},
                                                        {&set.lowNoise, "low-noise expert"},
                                                        {&set.textEncoder, "text encoder"},
                                                        {&set.vae, "VAE"}};
  for (const auto& [slot, label] : parts) {
    if (slot->empty()) continue;
    try {
      (void)io::openTensorFile(weightsFileOf(*slot));
    } catch (const std::exception& e) {  // IoError, or what a hostile file makes the parsers throw
      addMissing(set, {"unreadable", label, "", {e.what()}});
      slot->clear();
    }
  }
}

}  // namespace

// Without this a closed folder's files look absent: a folder the user may not read would be
// reported as an incomplete download.
std::string unreadableReason(const std::string& dir) {
  if (!isDir(dir) || ::access(dir.c_str(), R_OK | X_OK) == 0) return {};
  return std::strerror(errno);
}

std::string ModelSet::report() const {
  std::ostringstream s;
  s << "layout: " << layout << " (" << root << ")\n";
  auto line = [&s](const char* what, const std::string& v) {
    s << what << ": " << (v.empty() ? "-" : v) << '\n';
  };
  line("high-noise expert", highNoise);
  line("low-noise expert", lowNoise);
  line("text encoder", textEncoder);
  line("tokenizer", tokenizerEmbeddedIn.empty() ? tokenizer : "embedded in " + tokenizerEmbeddedIn);
  line("VAE", vae);
  s << "boundary: " << boundary << '\n';
  for (const auto& n : notes) s << "note: " << n << '\n';
  for (const auto& m : missing) s << "missing: " << m << '\n';
  return s.str();
}

ModelSet detectModelSet(const std::string& path) {
  const fs::path root(path);
  std::error_code ec;
  const bool exists = fs::exists(root, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw FindingError(path, {"path_unreadable", "", "", {ec.message()}});  // a folder above it is closed
  if (!exists) throw FindingError(path, {"path_not_found", "", "", {}});
  if (auto reason = unreadableReason(root); !reason.empty())
    throw FindingError(path, {"path_unreadable", "", "", {reason}});
  // A Hugging Face cache folder (models--Wan-AI--.../, as `hf download` leaves it): the files are
  // under snapshots/<the revision refs/main names>/.
  if (isDir(root / "snapshots") && isDir(root / "blobs")) {
    if (auto closed = closedOnTheWay(root, "snapshots")) {
      ModelSet set;
      set.root = path;
      set.layout = "none";
      addMissing(set, std::move(*closed));
      return set;
    }
    std::string revision;
    if (std::ifstream ref(root / "refs" / "main"); ref) std::getline(ref, revision);
    while (!revision.empty() && std::isspace(static_cast<unsigned char>(revision.back()))) revision.pop_back();
    std::vector<fs::path> snapshots;
    for (fs::directory_iterator it(root / "snapshots", ec), end; !ec && it != end; it.increment(ec))
      if (isDir(it->path())) snapshots.push_back(it->path());
    fs::path chosen;
    if (!revision.empty() && isDir(root / "snapshots" / revision)) chosen = root / "snapshots" / revision;
    else if (snapshots.size() == 1) chosen = snapshots[0];
    if (!chosen.empty()) {
      ModelSet set = detectModelSet(chosen.string());
      addNote(set, {"hf_cache_snapshot", "", "", {chosen.filename().string()}}, true);
      return set;
    }
    ModelSet set;
    set.root = path;
    set.layout = "none";
    addMissing(set, {"hf_cache_ambiguous", "", "", {std::to_string(snapshots.size())}});
    return set;
  }
  ModelSet set;
  set.root = path;
  if (isFile(root)) {
    Candidates c;
    classify(root, c);
    set.layout = "comfyui";
    set.highNoise = c.high.empty() ? "" : path;
    set.lowNoise = c.low.empty() ? "" : path;
    set.vae = c.vae.empty() ? "" : path;
    set.textEncoder = c.t5.empty() ? "" : path;
    if (set.highNoise.empty() && set.lowNoise.empty() && set.vae.empty() && set.textEncoder.empty())
      set.layout = "none";
    addMissing(set, {"single_file", "", "", {}});
    return set;
  }
  if (isFile(root / "model_index.json")) {
    detectDiffusers(root, set);
  } else if (isDir(root / "high_noise_model") || isDir(root / "low_noise_model") ||
             isFile(root / "models_t5_umt5-xxl-enc-bf16.pth") || isFile(root / "Wan2.1_VAE.pth")) {
    detectOfficial(root, set);
  } else if (!detectComfy(root, set)) {
    // Folders people pick by mistake: the Hugging Face hub folder above the model's cache folder,
    // or one part of a model.
    std::vector<fs::path> cached;
    fs::path official;  // the official repo's cache folder wins over a Diffusers copy beside it
    for (const auto& entry : dirsIn(root)) {
      const std::string name = lower(entry.filename().string());
      if (name.rfind("models--wan-ai--wan2.2-i2v-a14b", 0) != 0) continue;
      cached.push_back(entry);
      if (name == "models--wan-ai--wan2.2-i2v-a14b") official = entry;
    }
    if (!official.empty() || cached.size() == 1) {
      const fs::path chosen = official.empty() ? cached[0] : official;
      ModelSet inner = detectModelSet(chosen.string());
      addNote(inner, {"hf_hub_folder", "", "", {chosen.filename().string()}}, true);
      return inner;
    }
    const std::string name = root.filename().empty() ? root.parent_path().filename().string() : root.filename().string();
    for (const char* part : {"high_noise_model", "low_noise_model", "transformer", "transformer_2", "text_encoder",
                             "vae", "tokenizer", "umt5-xxl", "diffusion_models", "text_encoders"})
      if (name == part) {
        set.layout = "none";
        addMissing(set, {"one_part_folder", "", "", {name}});
        return set;
      }
    set.layout = "none";
    addMissing(set, {"no_model_here", "", "", {}});
  }
  requireReadable(set);
  return set;
}

std::unique_ptr<io::WeightSource> openExpert(const std::string& path) { return openPart(path, Part::Expert); }
std::unique_ptr<io::WeightSource> openVae(const std::string& path) { return openPart(path, Part::Vae); }
std::unique_ptr<io::WeightSource> openTextEncoder(const std::string& path) {
  return openPart(path, Part::TextEncoder);
}

nlohmann::json expertConfig(const std::string& path) {
  fs::path config;
  if (isDir(path)) {
    config = fs::path(path) / "config.json";
  } else {
    const auto name = lower(fs::path(path).filename().string());
    if (endsWith(name, ".index.json") || name.rfind("diffusion_pytorch_model", 0) == 0)
      config = fs::path(path).parent_path() / "config.json";
  }
  if (config.empty() || !isFile(config)) return nullptr;
  auto json = readJson(config);
  // Anything that is not a diffusers config goes to WanDitConfig::fromJson, which names what is wrong.
  const bool diffusers = (json.contains("_class_name") && json["_class_name"] == "WanTransformer3DModel") ||
                         json.contains("num_attention_heads");
  if (!diffusers) return json;
  try {
    // Integers only: get<int64_t>() of a float outside the int64 range is undefined behaviour.
    auto integer = [&](const char* key) {
      const auto& v = json.at(key);
      if (!v.is_number_integer())
        throw std::invalid_argument(std::string("'") + key + "' must be an integer, got " + v.type_name());
      return v.get<int64_t>();
    };
    nlohmann::json out;
    const int64_t heads = integer("num_attention_heads");
    const int64_t headDim = integer("attention_head_dim");
    const int64_t in = integer("in_channels");
    const int64_t outCh = json.contains("out_channels") && !json["out_channels"].is_null() ? integer("out_channels") : in;
    if (heads <= 0 || headDim <= 0 || heads > std::numeric_limits<int64_t>::max() / headDim)
      throw std::invalid_argument("'num_attention_heads' x 'attention_head_dim' must be a positive 64-bit integer, got " +
                                  std::to_string(heads) + " x " + std::to_string(headDim));
    out["_class_name"] = "WanModel";
    out["model_type"] = modelTypeFor(in, outCh);
    out["dim"] = heads * headDim;
    out["num_heads"] = heads;
    out["in_dim"] = in;
    out["out_dim"] = outCh;
    for (const char* same : {"ffn_dim", "freq_dim", "text_dim", "num_layers", "eps", "patch_size", "cross_attn_norm"})
      if (json.contains(same) && !json[same].is_null()) out[same] = json[same];
    // diffusers names the norm ("rms_norm_across_heads" = WanModel's qk RMSNorm over the whole dim).
    if (json.contains("qk_norm")) out["qk_norm"] = !json["qk_norm"].is_null() && json["qk_norm"] != false;
    return out;
  } catch (const std::exception& e) {
    throw io::IoError(config.string(), std::string("not a WanTransformer3DModel config: ") + e.what());
  }
}

std::string embeddedTokenizerModel(const std::string& textEncoderFile) {
  auto source = io::openTensorFile(weightsFileOf(textEncoderFile));
  for (const auto& t : source->tensors()) {
    if (t.name != "spiece_model" && !endsWith(t.name, ".spiece_model")) continue;
    const at::Tensor bytes = source->load(t.name, c10::kByte, c10::kCPU).contiguous();
    return std::string(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()), static_cast<size_t>(bytes.numel()));
  }
  return {};
}

}  // namespace ifedit::loaders
