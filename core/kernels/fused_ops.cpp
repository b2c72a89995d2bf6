#include "kernels/fused_ops.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/layer_norm.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/stack.h>
#include <c10/util/Optional.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <stdexcept>

#if defined(IFEDIT_WITH_CUDA_KERNELS) && defined(IFEDIT_TORCH_CUDA)
#define IFEDIT_CAN_LAUNCH_KERNELS 1
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "kernels/fused_kernels.h"
#else
#define IFEDIT_CAN_LAUNCH_KERNELS 0
#endif

namespace ifedit::kernels {
namespace {

constexpr std::array<FusedOp, 4> kOps = {FusedOp::Rope, FusedOp::LayerNormModulate,
                                         FusedOp::GatedResidual, FusedOp::RmsNorm};

struct Switches {
  std::array<std::atomic<bool>, 4> on;
  Switches() {
    const char* env = std::getenv("IFEDIT_FUSED_OPS");
    const std::string list = env ? env : "all";
    for (size_t i = 0; i < kOps.size(); ++i) {
      bool enabled = list == "all";
      std::stringstream items(list);
      for (std::string item; std::getline(items, item, ',');)
        if (item == fusedOpName(kOps[i])) enabled = true;
      on[i].store(enabled);
    }
  }
};

std::atomic<int64_t> launches{0};

Switches& switches() {
  static Switches s;
  return s;
}

#if IFEDIT_CAN_LAUNCH_KERNELS
std::optional<cuda::ElemType> elemType(c10::ScalarType t) {
  switch (t) {
    case c10::kFloat: return cuda::ElemType::F32;
    case c10::kBFloat16: return cuda::ElemType::BF16;
    case c10::kHalf: return cuda::ElemType::F16;
    default: return std::nullopt;
  }
}

bool kernelFor(FusedOp op, const at::Tensor& x) {
  return fusedOpEnabled(op) && x.is_cuda() && x.is_contiguous() && elemType(x.scalar_type());
}

// Row stride of a float32 modulation/gate operand that broadcasts against x viewed as rows x dim:
// 0 for one row, stride(-2) for one row per token, nullopt when the kernel cannot read it.
std::optional<int64_t> modRowStride(const at::Tensor& m, const at::Tensor& x) {
  if (!m.is_cuda() || m.device() != x.device() || m.scalar_type() != c10::kFloat || m.dim() < 2 ||
      m.size(-1) != x.size(-1) || m.stride(-1) != 1)
    return std::nullopt;
  if (m.numel() == m.size(-1)) return int64_t{0};
  if (m.dim() != x.dim() || m.size(-2) != x.size(-2)) return std::nullopt;
  for (int64_t d = 0; d + 2 < m.dim(); ++d)
    if (m.size(d) != 1 || x.size(d) != 1) return std::nullopt;
  return m.stride(-2);
}

cuda::Stream currentStream(const at::Tensor& x) {
  return c10::cuda::getCurrentCUDAStream(x.device().index()).stream();
}

int64_t rowsOf(const at::Tensor& x) { return x.numel() / std::max<int64_t>(x.size(-1), 1); }

void check(const char* error, const char* what) {
  launches.fetch_add(1);
  if (error) throw std::runtime_error(std::string("CUDA kernel ") + what + ": " + error);
}
#endif

}  // namespace

std::vector<FusedOp> allFusedOps() { return {kOps.begin(), kOps.end()}; }

std::string fusedOpName(FusedOp op) {
  switch (op) {
    case FusedOp::Rope: return "rope";
    case FusedOp::LayerNormModulate: return "lnmod";
    case FusedOp::GatedResidual: return "residual";
    case FusedOp::RmsNorm: return "rmsnorm";
  }
  return "?";
}

int64_t fusedKernelLaunches() { return launches.load(); }

bool cudaKernelsAvailable() { return IFEDIT_CAN_LAUNCH_KERNELS != 0; }

void setFusedOpEnabled(FusedOp op, bool enabled) { switches().on[static_cast<size_t>(op)].store(enabled); }
bool fusedOpEnabled(FusedOp op) { return switches().on[static_cast<size_t>(op)].load(); }

namespace reference {

at::Tensor layerNormModulate(const at::Tensor& x, const at::Tensor& shift, const at::Tensor& scale,
                             double eps, c10::ScalarType outDtype) {
  const auto ln = at::layer_norm(x.to(at::kFloat), {x.size(-1)}, c10::nullopt, c10::nullopt, eps);
  const auto out = ln * (1 + scale) + shift;
  return out.to(outDtype);
}

at::Tensor gatedResidual(const at::Tensor& x, const at::Tensor& y, const at::Tensor& gate) {
  return x + y * gate;
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  const auto xf = x.to(at::kFloat);
  const auto normed = xf * at::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
  return normed.to(x.scalar_type()) * weight;
}

at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                c10::ScalarType outDtype) {
  const auto sizes = x.sizes().vec();
  std::vector<int64_t> pairs(sizes.begin(), sizes.end() - 1);
  pairs.push_back(sizes.back() / 2);
  pairs.push_back(2);
  const auto xp = x.to(at::kFloat).reshape(pairs);
  const auto re = xp.select(-1, 0);
  const auto im = xp.select(-1, 1);
  // [L, c] tables broadcast over the heads as [L, 1, c].
  const auto c = cos.dim() == 2 ? cos.unsqueeze(1) : cos;
  const auto s = sin.dim() == 2 ? sin.unsqueeze(1) : sin;
  return at::stack({re * c - im * s, re * s + im * c}, -1).reshape(sizes).to(outDtype);
}

}  // namespace reference

at::Tensor layerNormModulate(const at::Tensor& x, const at::Tensor& shift, const at::Tensor& scale,
                             double eps, c10::ScalarType outDtype) {
#if IFEDIT_CAN_LAUNCH_KERNELS
  if (kernelFor(FusedOp::LayerNormModulate, x) && elemType(outDtype)) {
    const auto shiftStride = modRowStride(shift, x), scaleStride = modRowStride(scale, x);
    if (shiftStride && scaleStride && *shiftStride == *scaleStride) {
      const c10::cuda::CUDAGuard guard(x.device());
      auto out = at::empty(x.sizes(), x.options().dtype(outDtype));
      check(cuda::launchLayerNormModulate(x.data_ptr(), *elemType(x.scalar_type()),
                                          shift.data_ptr<float>(), scale.data_ptr<float>(),
                                          *shiftStride, out.data_ptr(), *elemType(outDtype),
                                          rowsOf(x), x.size(-1), static_cast<float>(eps),
                                          currentStream(x)),
            "layerNormModulate");
      return out;
    }
  }
#endif
  return reference::layerNormModulate(x, shift, scale, eps, outDtype);
}

at::Tensor gatedResidual(const at::Tensor& x, const at::Tensor& y, const at::Tensor& gate) {
#if IFEDIT_CAN_LAUNCH_KERNELS
  if (kernelFor(FusedOp::GatedResidual, x) && x.scalar_type() == c10::kFloat && y.is_cuda() &&
      y.device() == x.device() && y.is_contiguous() && y.sizes() == x.sizes() &&
      elemType(y.scalar_type())) {
    if (const auto stride = modRowStride(gate, x)) {
      const c10::cuda::CUDAGuard guard(x.device());
      auto out = at::empty(x.sizes(), x.options());
      check(cuda::launchGatedResidual(x.data_ptr<float>(), y.data_ptr(), *elemType(y.scalar_type()),
                                      gate.data_ptr<float>(), *stride, out.data_ptr<float>(),
                                      rowsOf(x), x.size(-1), currentStream(x)),
            "gatedResidual");
      return out;
    }
  }
#endif
  return reference::gatedResidual(x, y, gate);
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
#if IFEDIT_CAN_LAUNCH_KERNELS
  if (kernelFor(FusedOp::RmsNorm, x) && weight.is_cuda() && weight.device() == x.device() &&
      weight.scalar_type() == x.scalar_type() && weight.dim() == 1 &&
      weight.size(0) == x.size(-1) && weight.is_contiguous()) {
    const c10::cuda::CUDAGuard guard(x.device());
    auto out = at::empty(x.sizes(), x.options());
    check(cuda::launchRmsNorm(x.data_ptr(), weight.data_ptr(), out.data_ptr(),
                              *elemType(x.scalar_type()), rowsOf(x), x.size(-1),
                              static_cast<float>(eps), currentStream(x)),
          "rmsNorm");
    return out;
  }
#endif
  return reference::rmsNorm(x, weight, eps);
}

at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                c10::ScalarType outDtype) {
#if IFEDIT_CAN_LAUNCH_KERNELS
  if (kernelFor(FusedOp::Rope, x) && elemType(outDtype) && x.dim() == 4 && x.size(-1) % 2 == 0) {
    const int64_t tokens = x.size(1), half = x.size(3) / 2;
    auto table = [&](const at::Tensor& t) {
      return t.is_cuda() && t.device() == x.device() && t.scalar_type() == c10::kFloat &&
             t.is_contiguous() && t.numel() == tokens * half && t.size(0) == tokens;
    };
    if (table(cos) && table(sin)) {
      const c10::cuda::CUDAGuard guard(x.device());
      auto out = at::empty(x.sizes(), x.options().dtype(outDtype));
      check(cuda::launchRope(x.data_ptr(), *elemType(x.scalar_type()), cos.data_ptr<float>(),
                             sin.data_ptr<float>(), out.data_ptr(), *elemType(outDtype), x.size(0),
                             tokens, x.size(2), x.size(3), currentStream(x)),
            "rope");
      return out;
    }
  }
#endif
  return reference::rope(x, cos, sin, outDtype);
}

}  // namespace ifedit::kernels
