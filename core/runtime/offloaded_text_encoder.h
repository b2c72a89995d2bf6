#pragma once
// The text encoder kept in host memory (pinned where CUDA is present) and brought to the device
// for each encode, then freed again: the swap/lowvram modes' text encoder (11.4 GB in bf16 is
// needed once per prompt, not while the DiT runs).
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <map>
#include <string>
#include <vector>

#include "io/weight_source.h"
#include "models/t5/umt5.h"
#include "runtime/pinned_pool.h"

namespace ifedit::runtime {

class OffloadedTextEncoder {
 public:
  // Reads every weight of `source` in `dtype`, through `loadVia` (the CPU for files; the device
  // for random weights generated there), into host memory. `device` is where encode runs.
  // The host copies go into `pool` when given (exact-size pinned chunks), else torch's pinned
  // memory on CUDA.
  OffloadedTextEncoder(const io::WeightSource& source, c10::ScalarType dtype, c10::Device device,
                       c10::Device loadVia = c10::kCPU, PinnedPool* pool = nullptr);

  const t5::Umt5Config& config() const { return config_; }
  // Umt5Encoder::encode on `device`; the weights are on the device only during the call.
  std::vector<at::Tensor> encode(const at::Tensor& ids, const at::Tensor& mask, const CancelToken* cancel = nullptr) const;
  int64_t hostBytes() const;

 private:
  t5::Umt5Config config_;
  std::map<std::string, at::Tensor> host_;
  c10::ScalarType dtype_;
  c10::Device device_;
};

}  // namespace ifedit::runtime
