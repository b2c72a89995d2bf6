#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "io/dtype.h"

namespace ifedit::io {

// What a checkpoint says about one tensor, before anything is read.
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
