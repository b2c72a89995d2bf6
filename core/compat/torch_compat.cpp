#include "compat/torch_compat.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/full.h>
#include <ATen/ops/linear.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/softmax.h>
#include <ATen/ops/where.h>
#include <c10/util/Exception.h>
#include <c10/util/Optional.h>

#include <cstdio>
#if IFEDIT_TORCH_AT_LEAST(2, 1)
#include <ATen/ops/scaled_dot_product_attention.h>
#endif
#if IFEDIT_HAS_SCALED_MM
#include <ATen/ops/_scaled_mm.h>
#endif

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace ifedit::compat {
namespace {

constexpr double kE4m3Max = 448.0;

#if !IFEDIT_HAS_FLOAT8
[[noreturn]] void noFloat8() {
  throw std::runtime_error("FP8 weights need libtorch >= 2.1 (float8_e4m3fn); this build uses libtorch " +
                           std::string(TORCH_VERSION));
}
#endif

#if IFEDIT_HAS_SCALED_MM
// Cleared for good after the first failed FP8 matmul (old GPU, unsupported shape) or by
// IFEDIT_FP8_MATMUL=0; the dequantising path is used from then on.
std::atomic<bool>& scaledMmUsable() {
  static std::atomic<bool> usable{[] {
    const char* env = std::getenv("IFEDIT_FP8_MATMUL");
    return !(env && std::strcmp(env, "0") == 0);
  }()};
  return usable;
}

// Whether the latest fp8Linear ran on the FP8 units (false after a dequantising call, e.g. on the CPU).
std::atomic<bool>& lastOnFp8Units() {
  static std::atomic<bool> on{false};
  return on;
}
#endif

}  // namespace

at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                     double scale, const at::Tensor& key_mask) {
  at::Tensor mask;
  if (key_mask.defined()) mask = key_mask.view({key_mask.size(0), 1, 1, key_mask.size(1)});
#if IFEDIT_TORCH_AT_LEAST(2, 1)
  // An undefined tensor is not "no mask" here: 2.x rejects it, so pass an empty optional.
  const c10::optional<at::Tensor> attnMask = mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt;
  return at::scaled_dot_product_attention(q, k, v, attnMask, 0.0, false, scale);
#else
  auto scores = at::mul(at::matmul(q, k.transpose(-2, -1)), scale);
  if (mask.defined()) {
    auto neg = at::full({}, -std::numeric_limits<float>::infinity(), scores.options());
    scores = at::where(mask, scores, neg);
  }
  return at::matmul(at::softmax(scores, -1), v);
#endif
}

bool hasFloat8() { return IFEDIT_HAS_FLOAT8 != 0; }

std::pair<at::Tensor, at::Tensor> quantizeFp8(const at::Tensor& w) {
#if IFEDIT_HAS_FLOAT8
  const auto wf = w.to(at::kFloat);
  // An all-zero tensor keeps scale 1 (no division by zero).
  const auto amax = wf.abs().max();
  const auto scale = at::where(amax > 0, amax / kE4m3Max, at::full({}, 1.0, amax.options()));
  const auto w8 = (wf / scale).clamp(-kE4m3Max, kE4m3Max).to(at::kFloat8_e4m3fn);
  return {w8, scale};
#else
  (void)w;
  noFloat8();
#endif
}

at::Tensor dequantizeFp8(const at::Tensor& w8, const at::Tensor& scale, c10::ScalarType dtype) {
#if IFEDIT_HAS_FLOAT8
  return (w8.to(at::kFloat) * scale).to(dtype);
#else
  (void)w8, (void)scale, (void)dtype;
  noFloat8();
#endif
}

at::Tensor fp8Linear(const at::Tensor& x, const at::Tensor& w8, const at::Tensor& scale,
                     const at::Tensor& bias, c10::ScalarType dtype) {
#if IFEDIT_HAS_SCALED_MM
  if (x.is_cuda() && scaledMmUsable().load() && (dtype == at::kBFloat16 || dtype == at::kHalf)) {
    try {
      const int64_t in = w8.size(1);
      auto rows = x.reshape({-1, in});
      const auto xf = rows.to(at::kFloat);
      const auto amax = xf.abs().max();
      const auto xScale = at::where(amax > 0, amax / kE4m3Max, at::full({}, 1.0, amax.options()));
      const auto x8 = (xf / xScale).clamp(-kE4m3Max, kE4m3Max).to(at::kFloat8_e4m3fn);
      const c10::optional<at::Tensor> b =
          bias.defined() ? c10::optional<at::Tensor>(bias.to(dtype)) : c10::nullopt;
      // _scaled_mm wants mat2 column-major: W^T of a row-major [out, in] weight is.
      auto out = at::_scaled_mm(x8, w8.t(), xScale, scale, b, c10::nullopt, dtype, false);
      auto sizes = x.sizes().vec();
      sizes.back() = w8.size(0);
      lastOnFp8Units().store(true);
      return out.view(sizes);
    } catch (const c10::OutOfMemoryError&) {
      throw;  // a full device is not "no FP8 units": the caller reports it
    } catch (const c10::Error& e) {
      // The GPU or this shape cannot take _scaled_mm (compute capability < 8.9, sizes not
      // multiples of 16): dequantise from now on, and say why once.
      if (scaledMmUsable().exchange(false))
        std::fprintf(stderr, "ifedit: FP8 matmul unavailable, dequantising instead: %s\n", e.what_without_backtrace());
    }
  }
  lastOnFp8Units().store(false);
#endif
  const c10::optional<at::Tensor> b =
      bias.defined() ? c10::optional<at::Tensor>(bias.to(dtype)) : c10::nullopt;
  return at::linear(x.to(dtype), dequantizeFp8(w8, scale, dtype), b);
}

bool fp8MatmulActive() {
#if IFEDIT_HAS_SCALED_MM
  return lastOnFp8Units().load();
#else
  return false;
#endif
}

}  // namespace ifedit::compat
