#include "io/raw_tensor.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <c10/util/BFloat16.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "compat/torch_compat.h"
#include "io/tensor_source.h"

namespace ifedit::io {

float decodeF8E4M3(uint8_t byte) {
  const bool negative = byte & 0x80;
  const int exponent = (byte >> 3) & 0x0f;
  const int mantissa = byte & 0x07;
  float value;
  if (exponent == 0x0f && mantissa == 0x07) {
    value = std::numeric_limits<float>::quiet_NaN();
  } else if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa) / 8.0f, -6);
  } else {
    value = std::ldexp(1.0f + static_cast<float>(mantissa) / 8.0f, exponent - 7);
  }
  return negative ? -value : value;
}

float decodeF8E5M2(uint8_t byte) {
  const bool negative = byte & 0x80;
  const int exponent = (byte >> 2) & 0x1f;
  const int mantissa = byte & 0x03;
  float value;
  if (exponent == 0x1f) {
    value = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa) / 4.0f, -14);
  } else {
    value = std::ldexp(1.0f + static_cast<float>(mantissa) / 4.0f, exponent - 15);
  }
  return negative ? -value : value;
}

namespace {

std::array<float, 256> makeTable(float (*decode)(uint8_t)) {
  std::array<float, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = decode(static_cast<uint8_t>(i));
  return t;
}

at::Tensor decodeF8(const uint8_t* bytes, DType dtype, const std::vector<int64_t>& shape,
                    const std::vector<int64_t>& strides) {
  static const auto e4m3 = makeTable(&decodeF8E4M3);
  static const auto e5m2 = makeTable(&decodeF8E5M2);
  const auto& table = dtype == DType::F8_E4M3 ? e4m3 : e5m2;
  auto out = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
  const int64_t n = out.numel();
  float* dst = out.data_ptr<float>();
  if (strides.empty()) {
    for (int64_t i = 0; i < n; ++i) dst[i] = table[bytes[i]];
    return out;
  }
  // Strided source: walk the logical index space in row-major order.
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d) offset += index[d] * strides[d];
    dst[i] = table[bytes[offset]];
    for (size_t d = shape.size(); d-- > 0;) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

}  // namespace

at::Tensor tensorFromBytes(const std::shared_ptr<MappedFile>& file, const uint8_t* bytes, DType dtype,
                           const std::vector<int64_t>& shape, const std::vector<int64_t>& strides,
                           std::optional<c10::ScalarType> want, c10::Device device) {
  auto stored = toScalarType(dtype);
  at::Tensor t;
  if (!stored) {
    t = decodeF8(bytes, dtype, shape, strides);
  } else {
    const auto elem = dtypeSize(dtype);
    const bool aligned = reinterpret_cast<uintptr_t>(bytes) % elem == 0;
    auto opts = at::TensorOptions().dtype(*stored);
    std::vector<int64_t> st = strides;
    if (st.empty()) {
      st.resize(shape.size());
      int64_t s = 1;
      for (size_t d = shape.size(); d-- > 0;) {
        st[d] = s;
        s *= shape[d];
      }
    }
    if (aligned) {
      auto keep = file;  // the tensor keeps the mapping alive
      t = at::from_blob(const_cast<uint8_t*>(bytes), shape, st, [keep](void*) {}, opts);
    } else {
      // Misaligned data (odd header length): copy the covered byte range into aligned memory.
      int64_t span = 1;
      for (size_t d = 0; d < shape.size(); ++d)
        if (shape[d] > 0) span += (shape[d] - 1) * st[d];
      bool empty = false;
      for (auto d : shape) empty = empty || d == 0;
      auto buffer = at::empty({empty ? 0 : span}, opts);
      if (!empty) std::memcpy(buffer.data_ptr(), bytes, static_cast<size_t>(span) * elem);
      t = buffer.as_strided(shape, st);
    }
  }
  const auto target = want.value_or(t.scalar_type());
  const bool sameType = target == t.scalar_type();
  if (device.is_cpu() && sameType) {
    if (!t.is_contiguous()) t = t.contiguous();
    return t;
  }
  return t.to(device, target, /*non_blocking=*/false, /*copy=*/false).contiguous();
}

}  // namespace ifedit::io
