#pragma once
// A checkpoint opened for reading: lists its tensors without reading them, then loads one
// tensor at a time from the memory-mapped file straight into the requested dtype and device,
// so a loader never holds a second full copy of the checkpoint in host memory.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/io_error.h"
#include "io/tensor_info.h"

namespace ifedit::io {

class TensorSource {
 public:
  virtual ~TensorSource() = default;

  // The file (or index file) this source was opened from; used in error messages.
  virtual const std::string& path() const = 0;
  // A short name of the container format: "safetensors", "safetensors-sharded", "torch-zip".
  virtual std::string format() const = 0;
  // Every tensor, in file order.
  virtual const std::vector<TensorInfo>& tensors() const = 0;
  // Free-form metadata (safetensors __metadata__), empty when the format has none.
  virtual std::vector<std::pair<std::string, std::string>> metadata() const { return {}; }

  const TensorInfo* find(const std::string& name) const;
  bool contains(const std::string& name) const { return find(name) != nullptr; }

  // Reads one tensor. dtype: convert to this type (default: the stored type; F8 types are
  // widened to float32 on libtorch builds without float8). Throws IoError naming the file.
  virtual at::Tensor load(const std::string& name,
                          std::optional<c10::ScalarType> dtype = std::nullopt,
                          c10::Device device = c10::kCPU) const = 0;
};

// Opens a checkpoint file by its content: safetensors, a *.safetensors.index.json of shards, or a
// torch zip archive (.pth/.pt/.bin written by torch.save). Throws IoError on anything else.
std::unique_ptr<TensorSource> openTensorFile(const std::string& path);

// The torch scalar type for a stored dtype (nullopt for F8 on builds without float8 types).
std::optional<c10::ScalarType> toScalarType(DType t);

}  // namespace ifedit::io
