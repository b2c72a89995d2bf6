#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "io/tensor_source.h"

namespace ifedit::io {

// Opens one .safetensors file (memory-mapped). Validates the whole header up front: length
// against file size, UTF-8 JSON, no duplicate names, known dtypes, offsets inside the data area,
// not overlapping, and shape x dtype size equal to the byte range.
std::unique_ptr<TensorSource> openSafetensors(const std::string& path);

// Opens a sharded checkpoint through its *.safetensors.index.json (weight_map name -> shard).
std::unique_ptr<TensorSource> openShardedSafetensors(const std::string& indexPath);

// Writes tensors (contiguous copies are made as needed) in file order, atomically
// (temporary file, then rename). Used by tests and converters.
void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace ifedit::io
