#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "io/dtype.h"

namespace ifedit::io {

// What a checkpoint says about one tensor, before anything is read.
// "[64, 36, 1, 2, 2]": how shapes appear in every message of the project.
std::string shapeText(const std::vector<int64_t>& shape);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t byteSize = 0;  // bytes of the stored data (numel * dtypeSize)

  int64_t numel() const {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
  }
};

}  // namespace ifedit::io
