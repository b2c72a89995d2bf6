#include "loaders/lora.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "io/io_error.h"
#include "loaders/key_maps.h"

namespace ifedit::loaders {
namespace {

enum class Part { Down, Up, Alpha, Diff, DiffBias, DiffModulation };

struct Suffix {
  std::string_view text;
  Part part;
};
constexpr Suffix kSuffixes[] = {
    {".lora_down.weight", Part::Down}, {".lora_up.weight", Part::Up},   {".lora_A.weight", Part::Down},
    {".lora_B.weight", Part::Up},      {".lora.down.weight", Part::Down}, {".lora.up.weight", Part::Up},
    {".alpha", Part::Alpha},           {".diff_b", Part::DiffBias},     {".diff", Part::Diff},
    // lightx2v: "blocks.N.diff_m" is a delta of blocks.N.modulation (head.diff_m of head.modulation).
    {".diff_m", Part::DiffModulation},
};

// A module of Wan2.1's image (CLIP) branch, in official, Diffusers or kohya spelling.
bool isImageBranch(std::string_view module) {
  for (std::string_view part : {"k_img", "v_img", "img_emb", "add_k_proj", "add_v_proj", "norm_added_k", "image_embedder"})
    if (module.find(part) != std::string_view::npos) return true;
  return false;
}
constexpr std::string_view kPrefixes[] = {"model.diffusion_model.", "diffusion_model.", "transformer.",
                                          "base_model.model."};
constexpr std::string_view kKohyaPrefix = "lora_unet_";

bool startsWith(std::string_view s, std::string_view head) { return s.substr(0, head.size()) == head; }
bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

int64_t numelOf(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}


struct Pieces {
  std::string down, up, alpha, diff, diffBias;
  bool bare = false;  // the diff patches a bare parameter (blocks.N.modulation), not <module>.weight
};

// One change to one weight of the expert.
struct Contribution {
  bool lowRank = true;
  std::string up, down, diff;  // LoRA tensor names
  int64_t rank = 0;
  double factor = 1.0;  // strength * alpha / rank (low rank) or strength (diff)
};

class LoraWeights final : public io::WeightSource {
 public:
  LoraWeights(std::unique_ptr<io::WeightSource> expert, std::shared_ptr<const io::TensorSource> lora,
              double strength, LoraStats* stats)
      : expert_(std::move(expert)), lora_(std::move(lora)) {
    if (!std::isfinite(strength))
      throw io::IoError(lora_->path(), "LoRA strength " + std::to_string(strength) + " is not a finite number");
    const auto names = expert_->names();
    const std::set<std::string> have(names.begin(), names.end());
    const bool expertHasImageBranch =
        std::any_of(names.begin(), names.end(), [](const std::string& n) { return isImageBranch(n); });
    std::unordered_map<std::string, std::string> kohya;  // "blocks_0_self_attn_q" -> "blocks.0.self_attn.q"
    for (const auto& n : names) {
      std::string module = endsWith(n, ".weight") ? n.substr(0, n.size() - 7) : n;
      std::string flat = module;
      std::replace(flat.begin(), flat.end(), '.', '_');
      kohya.emplace(flat, module);
    }

    // The official module a LoRA module path refers to, or "" when the expert has none.
    auto resolve = [&](std::string module, bool kohyaStyle, const char* leaf) -> std::string {
      if (kohyaStyle) {
        auto it = kohya.find(module);
        if (it == kohya.end()) return {};
        module = it->second;
      }
      if (have.count(module + leaf)) return module;
      if (auto official = KeyMap::diffusersDit().toOfficial(module); official && have.count(*official + leaf))
        return *official;
      return {};
    };

    std::vector<std::string> unrecognised, unpaired, misshapen, duplicated;
    size_t skippedImageBranch = 0;
    std::set<std::string> unknownModules;
    std::map<std::string, Pieces> byModule;  // resolved module -> its LoRA tensors
    for (const auto& info : lora_->tensors()) {
      std::string_view key = info.name;
      bool kohyaStyle = false;
      for (auto p : kPrefixes)
        if (startsWith(key, p)) {
          key.remove_prefix(p.size());
          break;
        }
      if (startsWith(key, kKohyaPrefix)) {
        key.remove_prefix(kKohyaPrefix.size());
        kohyaStyle = true;
      }
      const Suffix* suffix = nullptr;
      for (const auto& s : kSuffixes)
        if (endsWith(key, s.text)) {
          suffix = &s;
          break;
        }
      if (!suffix) {
        unrecognised.push_back(info.name);
        continue;
      }
      const std::string module(key.substr(0, key.size() - suffix->text.size()));
      const bool bias = suffix->part == Part::DiffBias;
      std::string target;
      bool bare = false;
      if (suffix->part == Part::DiffModulation) {
        target = resolve(module + (kohyaStyle ? "_modulation" : ".modulation"), kohyaStyle, "");
        bare = !target.empty();
      } else {
        target = resolve(module, kohyaStyle, bias ? ".bias" : ".weight");
        // A .diff may also patch a bare parameter (blocks.N.modulation, head.modulation).
        bare = target.empty() && suffix->part == Part::Diff && !kohyaStyle && have.count(module);
        if (bare) target = module;
      }
      if (target.empty()) {
        if (!expertHasImageBranch && isImageBranch(module)) {
          ++skippedImageBranch;
          continue;
        }
        unknownModules.insert(module);
        continue;
      }
      Pieces& pieces = byModule[target];
      pieces.bare = pieces.bare || bare;
      std::string* slot = nullptr;
      switch (suffix->part) {
        case Part::Down: slot = &pieces.down; break;
        case Part::Up: slot = &pieces.up; break;
        case Part::Alpha: slot = &pieces.alpha; break;
        case Part::Diff:
        case Part::DiffModulation: slot = &pieces.diff; break;
        case Part::DiffBias: slot = &pieces.diffBias; break;
      }
      // Two spellings of one tensor (prefixes, kohya vs dotted names): refuse rather than pick one.
      if (!slot->empty()) duplicated.push_back(*slot + " and " + info.name);
      else *slot = info.name;
    }

    LoraStats local;
    local.path = lora_->path();
    local.skippedImageBranch = skippedImageBranch;
    for (const auto& [module, pieces] : byModule) {
      if (!pieces.diff.empty()) {
        const std::string weight = pieces.bare ? module : module + ".weight";
        if (lora_->find(pieces.diff)->shape != *expert_->shapeOf(weight))
          misshapen.push_back(pieces.diff + " " + io::shapeText(lora_->find(pieces.diff)->shape) + " (weight " +
                              io::shapeText(*expert_->shapeOf(weight)) + ")");
        else
          add(weight, Contribution{false, {}, {}, pieces.diff, 0, strength}), ++local.diffTensors;
      }
      if (!pieces.diffBias.empty()) {
        const std::string bias = module + ".bias";
        if (lora_->find(pieces.diffBias)->shape != *expert_->shapeOf(bias))
          misshapen.push_back(pieces.diffBias + " " + io::shapeText(lora_->find(pieces.diffBias)->shape) + " (bias " +
                              io::shapeText(*expert_->shapeOf(bias)) + ")");
        else
          add(bias, Contribution{false, {}, {}, pieces.diffBias, 0, strength}), ++local.diffTensors;
      }
      if (pieces.up.empty() != pieces.down.empty() || (!pieces.alpha.empty() && pieces.up.empty())) {
        unpaired.push_back(module + ": has " + (pieces.up.empty() ? "" : "up ") + (pieces.down.empty() ? "" : "down ") +
                           (pieces.alpha.empty() ? "" : "alpha ") + "but needs both up and down");
        continue;
      }
      if (pieces.up.empty()) continue;
      const std::string weight = module + ".weight";
      const auto w = *expert_->shapeOf(weight);
      const auto& down = lora_->find(pieces.down)->shape;
      const auto& up = lora_->find(pieces.up)->shape;
      const int64_t rank = down.empty() ? 0 : down[0];
      bool fits = rank > 0 && up.size() >= 2 && up[1] == rank && !w.empty() && up[0] == w[0] &&
                  numelOf(up) == up[0] * rank && numelOf(w) == w[0] * (numelOf(down) / rank);
      if (!fits) {
        misshapen.push_back(module + ": up " + io::shapeText(up) + " x down " + io::shapeText(down) + " does not make weight " +
                            io::shapeText(w));
        continue;
      }
      double alpha = static_cast<double>(rank);
      if (!pieces.alpha.empty()) {
        const auto a = lora_->load(pieces.alpha, c10::kDouble, c10::kCPU);
        if (a.numel() != 1) {
          misshapen.push_back(pieces.alpha + " " + io::shapeText(lora_->find(pieces.alpha)->shape) + " (expected a scalar)");
          continue;
        }
        alpha = a.reshape({}).item<double>();
        if (!std::isfinite(alpha)) {
          misshapen.push_back(pieces.alpha + " = " + std::to_string(alpha) + " (expected a finite number)");
          continue;
        }
      }
      add(weight, Contribution{true, pieces.up, pieces.down, {}, rank, strength * alpha / static_cast<double>(rank)});
      ++local.lowRankModules;
      local.minRank = local.minRank ? std::min(local.minRank, rank) : rank;
      local.maxRank = std::max(local.maxRank, rank);
    }

    const std::vector<std::string> unknown(unknownModules.begin(), unknownModules.end());
    if (!unknown.empty() || !unrecognised.empty() || !unpaired.empty() || !misshapen.empty() || !duplicated.empty()) {
      std::ostringstream msg;
      msg << "LoRA does not fit " << expert_->describe();
      list(msg, "modules with no weight in the expert", unknown);
      list(msg, "unrecognised keys (expected *.lora_down/lora_up/lora_A/lora_B.weight, *.alpha, *.diff, *.diff_b, *.diff_m)",
           unrecognised);
      list(msg, "incomplete modules", unpaired);
      list(msg, "misshapen", misshapen);
      list(msg, "keys naming the same tensor", duplicated);
      throw io::IoError(lora_->path(), msg.str());
    }
    if (local.lowRankModules + local.diffTensors == 0) throw io::IoError(lora_->path(), "holds no LoRA tensors");
    if (stats) *stats = local;
  }

  std::string describe() const override { return expert_->describe() + " + LoRA " + lora_->path(); }
  std::vector<std::string> names() const override { return expert_->names(); }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override { return expert_->shapeOf(name); }

  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    auto it = patches_.find(name);
    if (it == patches_.end()) return expert_->load(name, dtype, device);
    // Out-of-place adds: the loaded tensor may view the checkpoint's mapped pages.
    at::Tensor w = expert_->load(name, c10::kFloat, device);
    for (const auto& c : it->second) {
      if (c.lowRank) {
        const at::Tensor up = lora_->load(c.up, c10::kFloat, device).reshape({w.size(0), c.rank});
        const at::Tensor down = lora_->load(c.down, c10::kFloat, device).reshape({c.rank, -1});
        w = w.add(up.mm(down).reshape(w.sizes()), c.factor);
      } else {
        w = w.add(lora_->load(c.diff, c10::kFloat, device).reshape(w.sizes()), c.factor);
      }
    }
    return w.to(dtype);
  }

 private:
  void add(const std::string& weight, Contribution c) { patches_[weight].push_back(std::move(c)); }

  static void list(std::ostringstream& out, const char* what, const std::vector<std::string>& items) {
    if (items.empty()) return;
    constexpr size_t kShown = 6;
    out << "; " << items.size() << ' ' << what << ": ";
    for (size_t i = 0; i < std::min(items.size(), kShown); ++i) out << (i ? ", " : "") << items[i];
    if (items.size() > kShown) out << ", ...";
  }

  std::unique_ptr<io::WeightSource> expert_;
  std::shared_ptr<const io::TensorSource> lora_;
  std::unordered_map<std::string, std::vector<Contribution>> patches_;
};

}  // namespace

std::unique_ptr<io::WeightSource> withLora(std::unique_ptr<io::WeightSource> expert,
                                           std::shared_ptr<const io::TensorSource> lora, double strength,
                                           LoraStats* stats) {
  return std::make_unique<LoraWeights>(std::move(expert), std::move(lora), strength, stats);
}

std::unique_ptr<io::WeightSource> withLora(std::unique_ptr<io::WeightSource> expert, const std::string& loraPath,
                                           double strength, LoraStats* stats) {
  return withLora(std::move(expert), std::shared_ptr<const io::TensorSource>(io::openTensorFile(loraPath)), strength,
                  stats);
}

}  // namespace ifedit::loaders
