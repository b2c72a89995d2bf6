#pragma once
// Weights as a model sees them: under the official Wan state_dict key names, whatever the file
// layout on disk (core/loaders/ maps Diffusers / ComfyUI / fp8 / LoRA onto this interface).
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/tensor_source.h"

namespace ifedit::io {

struct ParamSpec {
  std::string name;            // official key, e.g. "blocks.0.self_attn.q.weight"
  std::vector<int64_t> shape;  // expected shape from the model config
};

class WeightSource {
 public:
  virtual ~WeightSource() = default;
  // Where the weights come from, for error messages ("high_noise_model/ (3 shards)").
  virtual std::string describe() const = 0;
  // Every official key this source offers.
  virtual std::vector<std::string> names() const = 0;
  virtual std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const = 0;
  // Loads one weight converted to dtype on device.
  virtual at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const = 0;
};

// The identity mapping over one opened checkpoint; `stripPrefix` is removed from every key that
// has it (e.g. "model.diffusion_model.").
std::unique_ptr<WeightSource> weightsFrom(std::shared_ptr<const TensorSource> source,
                                          std::string stripPrefix = {});

// Throws IoError (file = source.describe()) listing missing, unexpected and misshapen keys, at most
// a few of each plus counts, when the source does not match `expected` exactly.
void verifyWeights(const WeightSource& source, const std::vector<ParamSpec>& expected,
                   const std::string& modelName);

}  // namespace ifedit::io
