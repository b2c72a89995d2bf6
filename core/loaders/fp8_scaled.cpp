#include "loaders/fp8_scaled.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>

#include "io/io_error.h"

namespace ifedit::loaders {
namespace {

bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool isMarker(std::string_view name) { return name == "scaled_fp8" || endsWith(name, ".scaled_fp8"); }

// Per-layer bookkeeping that sits next to `<layer>.weight`.
constexpr std::string_view kWeightScales[] = {".scale_weight", ".weight_scale"};
constexpr std::string_view kHidden[] = {".scale_weight", ".weight_scale", ".scale_input", ".input_scale",
                                        ".comfy_quant"};

std::optional<std::string> layerOfWeightScale(std::string_view name) {
  for (auto tail : kWeightScales)
    if (endsWith(name, tail)) return std::string(name.substr(0, name.size() - tail.size()));
  return std::nullopt;
}

bool isBookkeeping(std::string_view name) {
  if (isMarker(name)) return true;
  for (auto tail : kHidden)
    if (endsWith(name, tail)) return true;
  return false;
}

int64_t numelOf(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

class Fp8ScaledWeights final : public io::WeightSource {
 public:
  explicit Fp8ScaledWeights(std::unique_ptr<io::WeightSource> inner) : inner_(std::move(inner)) {
    const auto all = inner_->names();
    const std::set<std::string> present(all.begin(), all.end());
    for (const auto& name : all) {
      if (endsWith(name, ".comfy_quant")) checkFormat(name);
      auto layer = layerOfWeightScale(name);
      if (!layer) continue;
      const std::string weight = *layer + ".weight";
      if (!present.count(weight))
        throw io::IoError(inner_->describe(), "scale '" + name + "' has no weight '" + weight + "'");
      const auto scaleShape = inner_->shapeOf(name).value();
      const auto weightShape = inner_->shapeOf(weight).value();
      const int64_t n = numelOf(scaleShape);
      if (n != 1 && (weightShape.empty() || n != weightShape[0]))
        throw io::IoError(inner_->describe(), "scale '" + name + "' has " + std::to_string(n) +
                                                  " values; expected 1 or one per output row of '" + weight +
                                                  "'");
      checkFinite(name);
      scaleOf_[weight] = name;
    }
    for (const auto& name : all)
      if (!isBookkeeping(name)) names_.push_back(name);
  }

  std::string describe() const override { return inner_->describe() + " (fp8_scaled)"; }
  std::vector<std::string> names() const override { return names_; }

  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    if (isBookkeeping(name)) return std::nullopt;
    return inner_->shapeOf(name);
  }

  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    if (isBookkeeping(name)) throw io::IoError(describe(), "'" + name + "' is fp8 bookkeeping, not a weight");
    auto it = scaleOf_.find(name);
    if (it == scaleOf_.end()) return inner_->load(name, dtype, device);
    // Dequantise in float32 (an exact widening of the fp8 values), then round once to dtype.
    at::Tensor weight = inner_->load(name, c10::kFloat, device);
    at::Tensor scale = inner_->load(it->second, c10::kFloat, device);
    if (scale.numel() == 1) {
      scale = scale.reshape({});
    } else {
      std::vector<int64_t> rows(static_cast<size_t>(weight.dim()), 1);
      rows[0] = weight.size(0);
      scale = scale.reshape(rows);
    }
    return weight.mul(scale).to(dtype);
  }

 private:
  // A NaN or infinite scale would turn its whole layer into NaN, far from where the file is named.
  void checkFinite(const std::string& scaleKey) const {
    const at::Tensor values = inner_->load(scaleKey, c10::kFloat, c10::kCPU).contiguous();
    const float* v = values.data_ptr<float>();
    for (int64_t i = 0; i < values.numel(); ++i)
      if (!std::isfinite(v[i]))
        throw io::IoError(inner_->describe(), "scale '" + scaleKey + "' holds " + std::to_string(v[i]) +
                                                  "; expected finite numbers");
  }

  void checkFormat(const std::string& key) const {
    const at::Tensor bytes = inner_->load(key, c10::kByte, c10::kCPU).contiguous();
    const std::string text(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()),
                           static_cast<size_t>(bytes.numel()));
    std::string format;
    try {
      format = nlohmann::json::parse(text).at("format").get<std::string>();
    } catch (const std::exception& e) {
      throw io::IoError(inner_->describe(), "'" + key + "' is not a JSON object with a \"format\": " + e.what());
    }
    if (format != "float8_e4m3fn" && format != "float8_e5m2")
      throw io::IoError(inner_->describe(), "'" + key + "' uses quantisation format '" + format +
                                                "'; only float8_e4m3fn / float8_e5m2 with a per-tensor scale "
                                                "are supported (use an fp16/bf16 or fp8_scaled file)");
  }

  std::unique_ptr<io::WeightSource> inner_;
  std::unordered_map<std::string, std::string> scaleOf_;  // weight -> its scale key
  std::vector<std::string> names_;
};

}  // namespace

bool isFp8Scaled(const io::WeightSource& source) {
  for (const auto& name : source.names())
    if (isMarker(name) || layerOfWeightScale(name)) return true;
  return false;
}

std::unique_ptr<io::WeightSource> fp8ScaledWeights(std::unique_ptr<io::WeightSource> inner) {
  return std::make_unique<Fp8ScaledWeights>(std::move(inner));
}

}  // namespace ifedit::loaders
