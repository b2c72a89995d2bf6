#pragma once
// Turns stored bytes into a tensor: wraps the mapped pages when no conversion is needed (no copy),
// otherwise converts straight into the requested dtype and device.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <memory>
#include <optional>
#include <vector>

#include "io/dtype.h"
#include "io/mapped_file.h"

namespace ifedit::io {

// `bytes` points into `file`; `strides` empty = contiguous. F8 types are decoded in software when
// the torch build has no float8 types (libtorch < 2.1).
at::Tensor tensorFromBytes(const std::shared_ptr<MappedFile>& file, const uint8_t* bytes, DType dtype,
                           const std::vector<int64_t>& shape, const std::vector<int64_t>& strides,
                           std::optional<c10::ScalarType> want, c10::Device device);

// Exact float value of one float8 byte (e4m3fn: no infinities, 0x7f/0xff are NaN; e5m2: IEEE-like).
float decodeF8E4M3(uint8_t byte);
float decodeF8E5M2(uint8_t byte);

}  // namespace ifedit::io
