#include "runtime/offloaded_text_encoder.h"

#include <c10/core/InferenceMode.h>

#include <optional>
#include <stdexcept>

#include "api/cancel.h"

namespace ifedit::runtime {
namespace {

// Host tensors handed out under their names; copies to a CUDA device are asynchronous (pinned).
class HostWeights : public io::WeightSource {
 public:
  explicit HostWeights(const std::map<std::string, at::Tensor>& tensors) : tensors_(tensors) {}
  std::string describe() const override { return "text encoder (host memory)"; }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (const auto& [name, t] : tensors_) out.push_back(name);
    return out;
  }
  std::optional<std::vector<int64_t>> shapeOf(const std::string& name) const override {
    const auto it = tensors_.find(name);
    if (it == tensors_.end()) return std::nullopt;
    return it->second.sizes().vec();
  }
  at::Tensor load(const std::string& name, c10::ScalarType dtype, c10::Device device) const override {
    return tensors_.at(name).to(device, dtype, /*non_blocking=*/true);
  }

 private:
  const std::map<std::string, at::Tensor>& tensors_;
};

}  // namespace

OffloadedTextEncoder::OffloadedTextEncoder(const io::WeightSource& source, c10::ScalarType dtype,
                                           c10::Device device, c10::Device loadVia, PinnedPool* pool)
    : config_(t5::Umt5Config::fromWeights(source)), dtype_(dtype), device_(device) {
  c10::InferenceMode guard;
  const bool pin = device.is_cuda();
  for (const auto& name : source.names()) {
    const auto loaded = source.load(name, dtype, loadVia);
    if (pool) {
      host_[name] = pool->copy(loaded);
    } else {
      auto t = loaded.to(c10::kCPU);
      host_[name] = pin ? t.pin_memory() : t;
    }
  }
}

std::vector<at::Tensor> OffloadedTextEncoder::encode(const at::Tensor& ids, const at::Tensor& mask,
                                                     const CancelToken* cancel) const {
  c10::InferenceMode guard;
  throwIfCancelled(cancel);  // before the weights go up
  t5::Umt5Encoder encoder(config_);
  encoder.load(HostWeights(host_), dtype_, device_);
  return encoder.encode(ids.to(device_), mask.to(device_), cancel);
}

int64_t OffloadedTextEncoder::hostBytes() const {
  int64_t total = 0;
  for (const auto& [name, t] : host_) total += static_cast<int64_t>(t.nbytes());
  return total;
}

}  // namespace ifedit::runtime
