#include "runtime/random_weights.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <c10/core/InferenceMode.h>

#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

namespace ifedit::runtime {
namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

class RandomWeights : public io::WeightSource {
 public:
  RandomWeights(std::vector<io::ParamSpec> specs, uint64_t seed, std::string what)
      : seed_(seed), what_(std::move(what)) {
    for (auto& s : specs) {
      names_.push_back(s.name);
      shapes_[s.name] = std::move(s.shape);
    }
  }

  std::string describe() const override { return what_; }
  std::vector<std::string> names() const override { return names_; }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    const auto it = shapes_.find(name);
    if (it == shapes_.end()) return std::nullopt;
    return it->second;
  }

  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    const auto it = shapes_.find(name);
    if (it == shapes_.end()) throw std::out_of_range(what_ + ": no tensor " + name);
    c10::InferenceMode guard;
    const auto& shape = it->second;
    const auto f32 = at::TensorOptions().dtype(at::kFloat).device(device);
    int64_t numel = 1;
    for (auto d : shape) numel *= d;
    const bool norm = contains(name, "norm") || contains(name, "gamma");
    if (shape.size() <= 1 && norm && !contains(name, "bias")) return at::ones(shape, f32).to(dtype);
    double stddev = 0.02;
    if (shape.size() >= 2 && !norm) stddev = 1.0 / std::sqrt(static_cast<double>(numel / std::max<int64_t>(shape[0], 1)));
    at::Tensor values;
    if (device.is_cpu()) {
      auto gen = at::make_generator<at::CPUGeneratorImpl>(seed_ ^ std::hash<std::string>{}(name));
      values = at::randn(shape, gen, f32);
    } else {
      values = at::randn(shape, f32);
    }
    return (values * stddev).to(dtype);
  }

 private:
  uint64_t seed_;
  std::string what_;
  std::vector<std::string> names_;
  std::map<std::string, std::vector<int64_t>> shapes_;
};

}  // namespace

std::unique_ptr<io::WeightSource> randomWeights(std::vector<io::ParamSpec> specs, uint64_t seed, std::string what) {
  return std::make_unique<RandomWeights>(std::move(specs), seed, std::move(what));
}

}  // namespace ifedit::runtime
